"""Where things sit in the workbook: sheet names, row keys of computed sheets, styles. One place."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from offersheet.spec.outputs import NUMBER_FORMATS, REPORT, outputs
from offersheet.workbook.schema import FIRST_OFFER_COLUMN, MAX_OFFERS

SHEETS = ("Start", "Offers", "Profile", "Companies", "Roles", "Comparison", "Lock-in", "Asks", "Report",
          "xlwings.conf")

COMPANY_COLUMNS = ("company", "aliases", "employer_kind", "criterion", "grade", "raw_value", "scale",
                   "value_0_100", "source", "edition", "as_of", "months_old", "url", "note")

# Report rows: (key, label), from the output spec. Comparison cells fall back to these when the add-in is missing.
REPORT_ROWS: tuple[tuple[str, str], ...] = tuple((o.key, o.label) for o in outputs(REPORT))
REPORT_ROW = {key: i + 2 for i, (key, _) in enumerate(REPORT_ROWS)}

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
COMPUTED_FILL = PatternFill("solid", fgColor="E7EEF7")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MONEY = NUMBER_FORMATS["money"]
PERCENT = "0%"


def offer_column(index: int) -> int:
    return FIRST_OFFER_COLUMN + index


def offer_letter(index: int) -> str:
    return get_column_letter(offer_column(index))


def offer_header(index: int) -> str:
    return f"Offer {index + 1}"


OFFER_INDICES = tuple(range(MAX_OFFERS))
