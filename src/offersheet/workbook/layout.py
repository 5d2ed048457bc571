"""Where things sit in the workbook: sheet names, row keys of computed sheets, styles. One place."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from offersheet.workbook.schema import FIRST_OFFER_COLUMN, MAX_OFFERS

SHEETS = ("Start", "Offers", "Profile", "Companies", "Roles", "Comparison", "Lock-in", "Asks", "Report",
          "xlwings.conf")

COMPANY_COLUMNS = ("company", "aliases", "employer_kind", "criterion", "grade", "raw_value", "scale",
                   "value_0_100", "source", "edition", "as_of", "months_old", "url", "note")

# Report rows: (key, label). Comparison cells fall back to these when the add-in is missing.
REPORT_ROWS: tuple[tuple[str, str], ...] = (
    ("employer", "Employer"),
    ("role_title", "Role title"),
    ("verdict", "Verdict"),
    ("score", "Verdict score"),
    ("stability", "What would change it"),
    ("verdict_balanced", "Verdict, balanced stance"),
    ("verdict_strict", "Verdict, strict stance"),
    ("verdict_relative", "Verdict, relative stance"),
    ("company_score", "Company score (0-100)"),
    ("company_basis", "Company score basis"),
    ("acceleration_risk", "Acceleration risk (0-100)"),
    ("risk_reduction", "Risk reduction (0-100)"),
    ("net_impact", "Net impact (-100..100)"),
    ("lock_in", "Lock-in (0-100)"),
    ("ready_to_quit", "Ready to quit"),
    ("personal_fit", "Personal fit (0-100)"),
    ("total_comp_year1", "Pay, year 1"),
    ("total_comp_annualised", "Pay per year (average)"),
    ("total_comp_horizon", "Pay over the horizon"),
    ("total_comp_horizon_bear", "Pay over the horizon, bear path"),
    ("total_comp_horizon_bull", "Pay over the horizon, bull path"),
    ("lock_in_bear", "Lock-in, bear path (0-100)"),
    ("lock_in_bull", "Lock-in, bull path (0-100)"),
    ("scenario_growth", "Equity growth a year: bear | base | bull"),
    ("best_alternative", "Best alternative"),
    ("pay_gap", "Pay gap to it (per year)"),
    ("impact_gap", "Net impact gap to it"),
    ("lockin_gap", "Lock-in gap to it"),
    ("red_flags", "Red flags"),
    ("drivers", "Top drivers"),
    ("safeguards", "Safeguards"),
    ("warnings", "Warnings"),
)
REPORT_ROW = {key: i + 2 for i, (key, _) in enumerate(REPORT_ROWS)}

INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
COMPUTED_FILL = PatternFill("solid", fgColor="E7EEF7")
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MONEY = "#,##0"
PERCENT = "0%"


def offer_column(index: int) -> int:
    return FIRST_OFFER_COLUMN + index


def offer_letter(index: int) -> str:
    return get_column_letter(offer_column(index))


def offer_header(index: int) -> str:
    return f"Offer {index + 1}"


OFFER_INDICES = tuple(range(MAX_OFFERS))
