"""Every model setting at its bounds (and at 0): a result, or a refusal naming the setting — never an exception
from the arithmetic (a zero scale or an empty range is refused where settings are read)."""

from __future__ import annotations

import math

import pytest

import offersheet
from offersheet.model import InputError, Offer, Profile
from offersheet.spec.settings import SETTINGS

OFFERS = [
    Offer(
        "OpenAI",
        "capabilities_research",
        "frontier_lab",
        base_salary=300_000,
        equity_grant_value=800_000,
        equity_kind="ppu",
        vested_equity_clawback=True,
    ),
    Offer(
        "Anthropic",
        "alignment_safety",
        "frontier_lab",
        label="Offer 2",
        base_salary=250_000,
        equity_grant_value=400_000,
        equity_kind="private_tender",
        equity_growth_base_pct=(0.5, 0.1),
    ),
    Offer("UK AISI", "evaluations", "government_institute", label="Offer 3", base_salary=90_000),
]


@pytest.mark.parametrize("key", sorted(SETTINGS))
def test_each_setting_at_its_bounds_gives_a_result_or_names_itself(key):
    f = SETTINGS[key]
    for value in sorted({f.lo, f.hi, 0.0}):
        profile = Profile(liquid_savings=20_000, fallback_annual_pay=100_000, parameter_overrides=((key, value),))
        try:
            ev = offersheet.evaluate(OFFERS, profile=profile)
        except InputError as exc:
            assert any(p.field == key or key in p.expected for p in exc.problems), (key, value, str(exc))
            continue
        for r in ev.offers:
            assert r.verdict and all(
                math.isfinite(x)
                for x in (r.judgement.score, r.lockin.score, r.compensation.horizon_total, r.impact.net_impact)
            )
            assert r.stability
