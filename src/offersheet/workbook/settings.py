"""The reference blocks of the Roles sheet and the model settings shown on Profile (no openpyxl here)."""

from __future__ import annotations

from collections.abc import Sequence

from offersheet.model.reference import SCALAR_PARAMETERS, Reference

__all__ = [
    "COLUMN_LABELS",
    "ROLE_BLOCKS",
    "ROLE_COLUMNS",
    "column_keys",
    "column_label",
    "role_columns",
    "setting_default",
    "setting_defaults",
    "setting_keys",
]

ROLE_BLOCKS = (
    (
        "Role categories",
        "roles",
        (
            "role_category",
            "label",
            "acceleration",
            "risk_reduction",
            "company_dependence",
            "lab_reliance",
            "conflict_of_interest",
            "reason",
        ),
        "roles.csv",
    ),
    (
        "Employer kinds",
        "employer_kinds",
        (
            "employer_kind",
            "label",
            "frontier",
            "acceleration_factor",
            "risk_reduction_factor",
            "career_capital",
            "reason",
        ),
        "employer_kinds.csv",
    ),
    (
        "Work sharing",
        "work_sharing",
        ("work_sharing", "label", "acceleration_factor", "risk_reduction_factor", "reason"),
        "work_sharing.csv",
    ),
    ("Criteria", "criteria", ("criterion", "label", "weight", "ask", "praise"), "criteria.csv"),
)

# The header a person reads over each column of the Companies table and of the Roles tables, by the column's key.
# The reader takes either (a workbook written before the headers were words has the keys).
COLUMN_LABELS = {
    "company": "Company",
    "aliases": "Also known as",
    "employer_kind": "Employer kind",
    "criterion": "Criterion",
    "grade": "Grade",
    "raw_value": "Raw value",
    "scale": "Scale",
    "value_0_100": "Value (0-100)",
    "source": "Source",
    "edition": "Edition",
    "as_of": "As of",
    "months_old": "Months old",
    "url": "Link",
    "note": "Note",
    "role_category": "Role category",
    "label": "Shown in the lists as",
    "acceleration": "Acceleration (0-100)",
    "risk_reduction": "Risk reduction (0-100)",
    "company_dependence": "Company dependence",
    "lab_reliance": "Lab reliance",
    "conflict_of_interest": "Conflict of interest at a developer (1: yes)",
    "reason": "Why",
    "frontier": "Frontier (1: yes)",
    "acceleration_factor": "Acceleration factor",
    "risk_reduction_factor": "Risk reduction factor",
    "career_capital": "Career capital (0-100)",
    "work_sharing": "Work sharing",
    "weight": "Weight",
    "ask": "Ask",
    "praise": "Praise",
}
ROLE_TEXT_COLUMNS = ("reason", "ask", "praise")  # the Roles tables' sentences: wrapped, in the wide columns
ROLE_TEXT_FIRST = 8  # H: where each table's sentences start, so every table has its numbers and texts aligned
ROLE_COLUMNS = ROLE_TEXT_FIRST + max(sum(c in ROLE_TEXT_COLUMNS for c in b[2]) for b in ROLE_BLOCKS) - 1


def column_label(key: str) -> str:
    return COLUMN_LABELS.get(key, key)


def column_keys(header: Sequence[object]) -> list[str]:
    """Each header cell read as the key of its column: its label or the key itself; other text as written."""
    by_label = {label.casefold(): key for key, label in COLUMN_LABELS.items()}
    out = []
    for h in header:
        text = str(h).strip() if h is not None else ""
        out.append(by_label.get(text.casefold(), text))
    return out


def role_columns(columns: Sequence[str]) -> dict[str, int]:
    """Where each column of a Roles table sits (1-based): the code, the label and the levels from A, the
    sentences from ``ROLE_TEXT_FIRST``."""
    plain = [c for c in columns if c not in ROLE_TEXT_COLUMNS]
    text = [c for c in columns if c in ROLE_TEXT_COLUMNS]
    return {**{c: n for n, c in enumerate(plain, 1)}, **{c: n for n, c in enumerate(text, ROLE_TEXT_FIRST)}}


def setting_keys(ref: Reference) -> list[str]:
    return [*SCALAR_PARAMETERS, *(f"haircut_{k}" for k in ref.parameters.liquidity_haircut)]


def setting_default(ref: Reference, key: str) -> float:
    if key.startswith("haircut_"):
        return ref.parameters.liquidity_haircut[key.removeprefix("haircut_")]
    return float(getattr(ref.parameters, key))


def setting_defaults(ref: Reference) -> dict[str, float]:
    """Every model setting shown on Profile, with its default."""
    return {k: setting_default(ref, k) for k in setting_keys(ref)}
