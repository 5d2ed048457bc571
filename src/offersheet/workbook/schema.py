"""The workbook's view of the input spec (``offersheet.spec.inputs``): labels from the Roles sheet, defined names.

Every input is declared once, in the spec; this module adds only what needs the reference tables or the
workbook's naming rules.
"""

from __future__ import annotations

from offersheet.model.reference import Reference
from offersheet.spec.inputs import (
    BY_KEY,
    EQUITY_LABELS,
    FIELDS,
    FREQ_LABELS,
    MAX_OFFERS,
    ND_LABELS,
    OFFER_FIELDS,
    OFFERS,
    PROFILE,
    PROFILE_FIELDS,
    SHAPE_LABELS,
    STAGE_LABELS,
    STANCE_LABELS,
    Field,
)

FIRST_OFFER_COLUMN = 4  # D
FIRST_ROW = 2

# What to type into a number cell of the workbook, by kind. Its data validation is a decimal (or whole-number)
# one, and in Excel and LibreOffice such a validation accepts numbers only: text such as 310k or $310k is refused
# as it is typed (text already in a cell, pasted or written by a script, is read by the parser as
# ``spec.parse.CONVENTIONS`` says). Digits only for money: "310,000" is 310 thousand in an English locale and
# 310 in a German one. The cells' input and error messages and docs/fields.md say it in these words.
CELL_ENTRY = {
    "money": "Type the amount in digits only, without a currency sign, separators or k: 310000",
    "percent": "Type the percentage with its % sign: 15%",
    "int": "Type a whole number",
}

__all__ = [
    "BY_KEY",
    "CELL_ENTRY",
    "EQUITY_LABELS",
    "FIELDS",
    "FIRST_OFFER_COLUMN",
    "FIRST_ROW",
    "FREQ_LABELS",
    "MAX_OFFERS",
    "ND_LABELS",
    "OFFERS",
    "OFFER_FIELDS",
    "PROFILE",
    "PROFILE_FIELDS",
    "SHAPE_LABELS",
    "STAGE_LABELS",
    "STANCE_LABELS",
    "Field",
    "cell_range",
    "choice_labels",
    "defined_name",
    "field_labels",
]


def choice_labels(f: Field) -> dict[str, str]:
    return dict(f.choices)


def field_labels(f: Field, ref: Reference) -> dict[str, str]:
    """Code -> label for a choice field, from the schema or from the reference table it names."""
    if f.choice_source:
        return {k: v.label for k, v in getattr(ref, f.choice_source).items()}
    return choice_labels(f)


def cell_range(f: Field) -> str:
    """The values a number cell's validation accepts, in words."""
    if f.kind == "percent":
        return f"from {f.lo:.0%} to {f.hi:.0%}"
    if f.hi == float("inf") or f.hi >= 1e12:
        return f"{f.lo:g} or more"
    return f"from {f.lo:g} to {f.hi:g}"


def defined_name(f: Field, offer_index: int | None = None) -> str:
    """The workbook defined name of an input cell: ``liquid_savings`` or ``offer2_base_salary``."""
    return f.key if offer_index is None else f"offer{offer_index + 1}_{f.key}"
