"""Where things sit in the workbook: sheet names, row keys of computed sheets, styles. One place."""

from __future__ import annotations

from offersheet.spec.outputs import NUMBER_FORMATS, REPORT, outputs
from offersheet.workbook.schema import FIRST_OFFER_COLUMN, MAX_OFFERS

SHEETS = ("Start", "Offers", "Profile", "Companies", "Roles", "Comparison", "Lock-in", "Asks", "Report",
          "xlwings.conf")

COMPANY_COLUMNS = ("company", "aliases", "employer_kind", "criterion", "grade", "raw_value", "scale",
                   "value_0_100", "source", "edition", "as_of", "months_old", "url", "note")

# Report: first a block a person reads (one column per offer), then a row per report output (key, label), from the
# output spec; Comparison cells fall back to those rows when the add-in is missing.
SUMMARY_ROWS: tuple[tuple[str, str], ...] = (
    ("summary_verdict", "Verdict"), ("summary_score", "Score"), ("summary_why", "Why: the three largest drivers"),
    ("summary_against", "Judged against"), ("summary_flags", "Red flags"), ("summary_safeguards", "Safeguards"),
    ("summary_flip", "What would change it"),
    ("summary_asks", "Asks (letters on the Asks sheet)"),
)
SUMMARY_ROW = {key: i + 2 for i, (key, _) in enumerate(SUMMARY_ROWS)}
DETAILS_ROW = 2 + len(SUMMARY_ROWS) + 1  # the title over the detailed rows
REPORT_ROWS: tuple[tuple[str, str], ...] = tuple((o.key, o.label) for o in outputs(REPORT))
REPORT_ROW = {key: DETAILS_ROW + 1 + i for i, (key, _) in enumerate(REPORT_ROWS)}

MONEY = NUMBER_FORMATS["money"]
# The colour of each verdict (model.vocab.VERDICTS order: Strong candidate ... Avoid), on Report and Comparison.
VERDICT_COLOURS = ("C6EFCE", "E2EFDA", "FFEB9C", "F8CBAD", "FFC7CE")
PERCENT = "0%"


def offer_column(index: int) -> int:
    return FIRST_OFFER_COLUMN + index


def column_letter(n: int) -> str:
    """A column's letters (1 -> A, 27 -> AA)."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def offer_letter(index: int) -> str:
    return column_letter(offer_column(index))


def offer_header(index: int) -> str:
    return f"Offer {index + 1}"


OFFER_INDICES = tuple(range(MAX_OFFERS))


LINE_POINTS = 15.0  # one line of 11-point Calibri, the template's font
TITLE_POINTS = 18.0  # one line of the 14-point titles


def text_height(text: object, width: float) -> float:
    """Row height (points) that shows ``text`` wrapped in a column ``width`` characters wide: every paragraph
    takes as many lines as its length needs. LibreOffice and its PDF export do not grow rows by themselves."""
    if not isinstance(text, str) or not text:
        return LINE_POINTS
    per_line = max(width * 1.05 - 2, 1.0)  # characters of average text per line of the column
    lines = sum(max(1, -(-len(part) // int(per_line))) for part in text.split("\n"))
    return LINE_POINTS * lines + 2


def row_height(values: dict[int, object], widths: dict[int, float]) -> float:
    """The height a row needs for its tallest wrapped cell (column -> value; column -> width)."""
    return max((text_height(v, widths.get(c, 10.0)) for c, v in values.items()), default=LINE_POINTS)
