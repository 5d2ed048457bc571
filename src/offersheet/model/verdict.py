"""The verdict's shape: a score from signed contributions, five ordered categories, and the gates.

The score adds: the role's net impact, personal fit (at frontier employers), career capital (weighted
by career stage), minus lock-in, plus bounded terms for pay relative to the best alternative and for
the donated part of a pay gap. Thresholds map the score to a category; then gates apply, none of which
comp can lift: high acceleration with negative net impact is Avoid; under the strict stance a role
whose main effect is capabilities at a builder of AI is Avoid; negative net impact caps the verdict at
Prefer an alternative; heavy lock-in or a severe red flag caps it at Negotiate first. The rules are computed
by ``model.engine``; ``Judgement`` is one offer's verdict read from it, ``model.stability`` says what would
change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from offersheet.model.acceleration import Impact


@dataclass(frozen=True)
class Driver:
    """One part of the verdict's score: its name, its points and what they come from."""

    name: str
    points: float
    detail: str


@dataclass(frozen=True)
class Judgement:
    """The verdict: its score, category, drivers (largest first) and the gates that capped it."""

    score: float
    category: str
    drivers: tuple[Driver, ...]  # largest magnitude first
    gates: tuple[str, ...]
    lockin: float
    impact: Impact

    @property
    def net_impact(self) -> float:
        return self.impact.net_impact
