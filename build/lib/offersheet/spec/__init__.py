"""The spec: every input, pay component and output declared once, read by every engine.

A pure layer (no model, no I/O): ``inputs`` (fields, units, bounds, defaults, choices), ``pay`` (pay components
tagged by how they pay), ``outputs`` (the results every report, export and function shows).
"""
