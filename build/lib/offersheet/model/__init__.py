"""offersheet's pure domain model: typed inputs in, explained results out. No file or sheet I/O here."""

from offersheet.model.errors import InputError, OffersheetError, Problem
from offersheet.model.inputs import (
    Company,
    CriterionRating,
    Offer,
    Profile,
)
from offersheet.model.reference import Criterion, EmployerKind, Reference, RoleCategory, Stance

__all__ = [
    "Company",
    "Criterion",
    "CriterionRating",
    "EmployerKind",
    "InputError",
    "Offer",
    "OffersheetError",
    "Problem",
    "Profile",
    "Reference",
    "RoleCategory",
    "Stance",
]
