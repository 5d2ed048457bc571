"""Where things sit in the workbook: sheet names, row keys of computed sheets, styles. One place."""

from __future__ import annotations

from offersheet.spec.outputs import REPORT, outputs
from offersheet.spec.vocab import VERDICTS
from offersheet.workbook.schema import FIRST_OFFER_COLUMN, MAX_OFFERS

# In the order they print: the decision first (how to use it, the comparison, the report and what leaving would
# cost), then the inputs and the reference tables, the letters last.
SHEETS = ("Start", "Comparison", "Report", "Lock-in", "Offers", "Profile", "Companies", "Roles", "Asks", "xlwings.conf")

COMPANY_COLUMNS = (
    "company",
    "aliases",
    "employer_kind",
    "criterion",
    "grade",
    "raw_value",
    "scale",
    "value_0_100",
    "source",
    "edition",
    "as_of",
    "months_old",
    "url",
    "note",
)

# Report: first a block a person reads (one column per offer), then a row per report output (key, label), from the
# output spec; Comparison cells fall back to those rows when the add-in is missing.
# The block opens with the options it judges, so every verdict stands under the employer and role it is about
# (and, printed, so does every page: the rows down to ``NAMED_ROWS`` repeat at the top of each).
SUMMARY_ROWS: tuple[tuple[str, str], ...] = (
    ("summary_employer", "Employer"),
    ("summary_role", "Role"),
    ("summary_verdict", "Verdict"),
    ("summary_score", "Score"),
    ("summary_why", "Why: the three largest drivers"),
    ("summary_against", "Judged against"),
    ("summary_flags", "Red flags"),
    ("summary_safeguards", "Safeguards"),
    ("summary_flip", "What would change it"),
    ("summary_asks", "Asks (letters on the Asks sheet)"),
)
SUMMARY_ROW = {key: i + 2 for i, (key, _) in enumerate(SUMMARY_ROWS)}
NAMED_ROWS = SUMMARY_ROW["summary_role"]  # Report's header, employer and role rows
DETAILS_ROW = 2 + len(SUMMARY_ROWS) + 1  # the title over the detailed rows
REPORT_ROWS: tuple[tuple[str, str], ...] = tuple((o.key, o.label) for o in outputs(REPORT))
REPORT_ROW = {key: DETAILS_ROW + 1 + i for i, (key, _) in enumerate(REPORT_ROWS)}

# The colour of each verdict on Report and Comparison, by name; in ``VERDICTS`` order (spec.vocab, the one list
# of verdicts). Keep looking shares Prefer an alternative's band and its colour's family, a shade lighter.
VERDICT_COLOUR = {
    "Strong candidate": "C6EFCE",
    "Take with safeguards": "E2EFDA",
    "Negotiate first": "FFEB9C",
    "Prefer an alternative": "F8CBAD",
    "Keep looking": "FCE4D6",
    "Avoid": "FFC7CE",
}
assert set(VERDICT_COLOUR) == set(VERDICTS), "a colour for every verdict of spec.vocab.VERDICTS"
VERDICT_COLOURS = tuple(VERDICT_COLOUR[v] for v in VERDICTS)

# Printing: landscape, as wide as the paper (as many pages down as it takes), narrow side margins (inches), the
# sheet's name and the page number at the foot of every page.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.6, "header": 0.3, "footer": 0.3}
FOOTER_LEFT, FOOTER_RIGHT = "&A", "Page &P of &N"
FOOTER = f"&L{FOOTER_LEFT}&R{FOOTER_RIGHT}"
# What a landscape page holds at full size (Letter is the narrower paper and A4 the shorter, both with these
# margins): columns as wide as this many units fit across; rows as tall as this many points fit down.
PAGE_UNITS = 128.0
PAGE_POINTS = 480.0


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
