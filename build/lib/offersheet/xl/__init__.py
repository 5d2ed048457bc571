"""The Excel layer: worksheet-function logic on plain grids (``core``); xlwings wrappers live in ``offersheet.udfs``."""
