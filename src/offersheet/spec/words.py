"""Values named the way a person would name them in a message (pure: the model's errors and the parser use it)."""

from __future__ import annotations

import datetime as dt

MAX_SHOWN = 120


def describe(value: object) -> str:
    """A value as a person would name it in a message: blank, a date, TRUE, "text", 12.5, never a Python repr."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "blank"
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        shown = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
        return f"a date ({shown})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, dt.time):
        return f"a time of day ({value.isoformat()})"
    if isinstance(value, dt.timedelta):
        return "a duration"
    if isinstance(value, float):
        return "blank" if value != value else f"{value:.15g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple | list):
        return "(" + ", ".join(describe(v) for v in value) + ")"
    text = str(value)
    if isinstance(value, str) and not text.startswith("#"):  # a spreadsheet error such as #DIV/0! is shown bare
        if len(text) > MAX_SHOWN:  # a 10 kB cell should not flood the message
            return f'"{text[: MAX_SHOWN - 20]}..." ({len(text):,} characters)'
        return f'"{text}"'
    return text
