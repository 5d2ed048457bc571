"""The reference blocks of the Roles sheet and the model settings shown on Profile (no openpyxl here)."""

from __future__ import annotations

from offersheet.model.reference import SCALAR_PARAMETERS, Reference

__all__ = ["ROLE_BLOCKS", "setting_default", "setting_defaults", "setting_keys"]

ROLE_BLOCKS = (
    ("Role categories", "roles", ("role_category", "label", "acceleration", "risk_reduction",
                                  "company_dependence", "lab_reliance", "reason"), "roles.csv"),
    ("Employer kinds", "employer_kinds", ("employer_kind", "label", "frontier", "acceleration_factor",
                                          "risk_reduction_factor", "career_capital", "reason"),
     "employer_kinds.csv"),
    ("Work sharing", "work_sharing", ("work_sharing", "label", "acceleration_factor", "risk_reduction_factor",
                                      "reason"), "work_sharing.csv"),
    ("Criteria", "criteria", ("criterion", "label", "weight", "ask", "praise"), "criteria.csv"),
)


def setting_keys(ref: Reference) -> list[str]:
    return [*SCALAR_PARAMETERS, *(f"haircut_{k}" for k in ref.parameters.liquidity_haircut)]


def setting_default(ref: Reference, key: str) -> float:
    if key.startswith("haircut_"):
        return ref.parameters.liquidity_haircut[key.removeprefix("haircut_")]
    return float(getattr(ref.parameters, key))


def setting_defaults(ref: Reference) -> dict[str, float]:
    """Every model setting shown on Profile, with its default."""
    return {k: setting_default(ref, k) for k in setting_keys(ref)}
