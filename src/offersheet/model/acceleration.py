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
are the alternatives the career review recommends, not pushes on the frontier. The arithmetic is the
engine's (``model.engine.impact``); ``Impact`` is one offer's row of it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Impact:
    """How much the role speeds up AI capabilities and how much it reduces risk, before and after trust."""

    acceleration: float  # 0-100 before company trust
    risk_reduction: float  # 0-100
    harm: float  # acceleration after trust in the company; negative when it boosts a trusted company
    net_impact: float  # -100..100
    trust: float  # 0-1
    basis: str
