"""Role acceleration risk and risk reduction, and the net impact they add up to.

The role category gives base levels (how much the work speeds up progress toward transformative AI,
and how much it reduces catastrophic risk). The employer kind scales both (building frontier models
vs evaluating or governing them), and so does how openly the work is shared. When the person states
what share of the actual project is safety work, that share replaces the category's label.

The company's responsibility changes the value of both sides. Trust in a well-rated company offsets part of
the acceleration harm of a company-dependent role (product, go-to-market, communications), at most
``trust_offset_max`` of it at full trust, so more acceleration is never better. At a frontier employer, a
safety role's risk reduction counts in full only at a trusted lab; at an untrusted one only the stance's
``untrusted_safety_value`` of it (none under the strict view: safety work counts only where the lab's safety
work is credible), as far as the role relies on the lab acting on it (``lab_reliance``: securing model
weights helps whatever the lab's direction; alignment research and evaluations help as far as the lab uses
them). At a non-frontier employer, harm below ``negligible_acceleration`` counts as none: those
are the alternatives the career review recommends, not pushes on the frontier.
"""

from __future__ import annotations

from typing import NamedTuple

from offersheet.model.inputs import Offer
from offersheet.model.reference import Parameters, Reference, Stance


class Impact(NamedTuple):
    """How much the role speeds up AI capabilities and how much it reduces risk, before and after trust."""

    acceleration: float  # 0-100 before company trust
    risk_reduction: float  # 0-100
    harm: float  # acceleration after trust in the company; negative when it boosts a trusted company
    net_impact: float  # -100..100
    trust: float  # 0-1
    basis: str


def _clamp(x: float, lo: float = 0.0, hi: float = 100.0) -> float:
    return max(lo, min(hi, x))


def base_levels(offer: Offer, ref: Reference) -> tuple[float, float, float, float, str]:
    """(acceleration, risk reduction, company dependence, lab reliance, basis) before company trust."""
    kind = ref.employer_kinds[offer.employer_kind]
    sharing = ref.work_sharing[offer.work_sharing]
    if offer.safety_share_pct is not None:
        share = offer.safety_share_pct
        safe, capab = ref.roles["alignment_safety"], ref.roles["capabilities_research"]
        acc = share * safe.acceleration + (1 - share) * capab.acceleration
        rr = share * safe.risk_reduction + (1 - share) * capab.risk_reduction
        dep = share * safe.company_dependence + (1 - share) * capab.company_dependence
        rely = share * safe.lab_reliance + (1 - share) * capab.lab_reliance
        basis = f"{offer.safety_share_pct * 100:g}% of the project is safety work (overrides the role label)"
    else:
        role = ref.roles[offer.role_category]
        acc, rr, dep, basis = role.acceleration, role.risk_reduction, role.company_dependence, role.label
        rely = role.lab_reliance
    acc = _clamp(acc * kind.acceleration_factor * sharing.acceleration_factor)
    rr = _clamp(rr * kind.risk_reduction_factor * sharing.risk_reduction_factor)
    return acc, rr, dep, rely, basis


def trust_in(company_score: float, params: Parameters) -> float:
    span = params.trust_full - params.trust_floor
    return _clamp((company_score - params.trust_floor) / span, 0.0, 1.0) if span > 0 else 0.0


def impact_from_levels(
    acc: float, rr: float, dep: float, basis: str, company_score: float, params: Parameters, stance: Stance,
    frontier: bool = True, reliance: float = 1.0,
) -> Impact:
    trust = trust_in(company_score, params)
    harm = acc * (1 - params.trust_offset_max * dep * trust * stance.trust_discount)
    if not frontier and harm < params.negligible_acceleration:
        harm = 0.0
    credible = 1 - reliance * (1 - stance.untrusted_safety_value) * (1 - trust) if frontier else 1.0
    rr_eff = rr * credible
    if stance.impact_mode == "ratio":
        # The balance of the two (-1..1), scaled by the larger: a role with little of either nets little.
        net = (rr_eff - harm) / (rr_eff + harm) * max(rr_eff, harm) if rr_eff + harm > 0 else 0.0
    else:
        net = rr_eff - harm
    return Impact(acc, rr_eff, harm, net, trust, basis)
