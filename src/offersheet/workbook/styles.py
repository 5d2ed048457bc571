"""The workbook's cell styles as openpyxl objects (the template and the openpyxl back-end use them).

Every font names Calibri, the workbook's font: a font without a name is drawn in the application's own default
(LibreOffice's is a serif), wider than the widths and heights measured for Calibri (``measure``)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill

from offersheet.workbook.layout import VERDICT_COLOURS

FONT = "Calibri"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
COMPUTED_FILL = PatternFill("solid", fgColor="E7EEF7")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
TITLE_FONT = Font(name=FONT, bold=True, size=14)
BOLD = Font(name=FONT, bold=True)
GREY = Font(name=FONT, color="808080")  # bookkeeping a person need not read
VERDICT_FILLS = tuple(PatternFill("solid", fgColor=c) for c in VERDICT_COLOURS)
# Left-aligned, numbers too: a row of the workbook mixes figures and text, and a right-aligned figure reads as
# the start of the text in the next column.
WRAP = Alignment(horizontal="left", wrap_text=True, vertical="top")
TOP = Alignment(horizontal="left", vertical="top")
