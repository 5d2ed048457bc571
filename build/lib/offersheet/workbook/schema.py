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

__all__ = ["BY_KEY", "EQUITY_LABELS", "FIELDS", "FIRST_OFFER_COLUMN", "FIRST_ROW", "FREQ_LABELS", "MAX_OFFERS",
           "ND_LABELS", "OFFERS", "OFFER_FIELDS", "PROFILE", "PROFILE_FIELDS", "SHAPE_LABELS", "STAGE_LABELS",
           "STANCE_LABELS", "Field", "choice_labels", "defined_name", "field_labels"]


def choice_labels(f: Field) -> dict[str, str]:
    return dict(f.choices)


def field_labels(f: Field, ref: Reference) -> dict[str, str]:
    """Code -> label for a choice field, from the schema or from the reference table it names."""
    if f.choice_source:
        return {k: v.label for k, v in getattr(ref, f.choice_source).items()}
    return choice_labels(f)


def defined_name(f: Field, offer_index: int | None = None) -> str:
    """The workbook defined name of an input cell: ``liquid_savings`` or ``offer2_base_salary``."""
    return f.key if offer_index is None else f"offer{offer_index + 1}_{f.key}"
