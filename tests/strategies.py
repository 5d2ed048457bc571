"""Hypothesis strategies for valid model inputs."""

from __future__ import annotations

from hypothesis import strategies as st

from offersheet.model import Offer, Profile
from offersheet.model.vocab import (
    CAREER_STAGES,
    EMPLOYER_KINDS,
    EQUITY_KINDS,
    NON_DISPARAGEMENT,
    ROLE_CATEGORIES,
    STANCES,
    VESTING_FREQUENCIES,
    WORK_SHARING,
)

money = st.floats(min_value=0, max_value=5_000_000, allow_nan=False)
EMPLOYERS = ("Anthropic", "OpenAI", "Google DeepMind", "Meta", "xAI", "METR", "Acme AI", "Microsoft")


@st.composite
def offers(draw, label: str = "Offer 1") -> Offer:
    years = draw(st.integers(1, 6))
    shape = draw(st.sampled_from(("even", "front_loaded", "back_loaded", "custom")))
    pcts: tuple[float, ...] = ()
    if shape == "custom":
        raw = draw(st.lists(st.integers(0, 10), min_size=years, max_size=years).filter(lambda xs: sum(xs) > 0))
        pcts = tuple(100 * x / sum(raw) for x in raw)
    return Offer(
        employer=draw(st.sampled_from(EMPLOYERS)),
        role_category=draw(st.sampled_from(ROLE_CATEGORIES)),
        employer_kind=draw(st.sampled_from(EMPLOYER_KINDS)),
        label=label,
        work_sharing=draw(st.sampled_from(WORK_SHARING)),
        safety_share_pct=draw(st.one_of(st.none(), st.floats(0, 100))),
        base_salary=draw(money),
        target_bonus_pct=draw(st.floats(0, 100)),
        signing_bonus=draw(money),
        equity_grant_value=draw(money),
        equity_kind=draw(st.sampled_from(EQUITY_KINDS)),
        option_strike_total=draw(money),
        vesting_years=years,
        cliff_months=draw(st.integers(0, years * 12)),
        vesting_frequency=draw(st.sampled_from(VESTING_FREQUENCIES)),
        vesting_shape=shape,
        vesting_custom_pcts=pcts,
        annual_refresher_value=draw(money),
        benefits_value=draw(st.floats(0, 100_000)),
        vested_equity_clawback=draw(st.booleans()),
        non_disparagement_condition=draw(st.sampled_from(NON_DISPARAGEMENT)),
        tender_conditions=draw(st.booleans()),
        # scenarios and money that is not salary: every property runs under random paths too
        **draw(growth_paths()),
        annual_raise_pct=draw(st.floats(0, 15)),
        promotion_month=draw(st.one_of(st.none(), st.integers(0, 60))),
        promotion_raise_pct=draw(st.floats(0, 40)),
        retirement_match_pct=draw(st.floats(0, 10)),
        retirement_match_cap=draw(st.one_of(st.none(), st.floats(0, 50_000))),
        effective_tax_rate_pct=draw(st.floats(0, 60)),
        cost_of_living_index=draw(st.floats(50, 200)),
    )


@st.composite
def growth_paths(draw) -> dict:
    """Bear <= base <= bull; any may be left to the equity kind's default (whose base is 0% for every kind)."""
    rate = st.floats(-50, 100)
    base = draw(st.one_of(st.none(), rate, st.lists(rate, min_size=2, max_size=4).map(tuple)))  # tuple: by year
    rates = (0.0,) if base is None else base if isinstance(base, tuple) else (base,)
    out = {"equity_growth_base_pct": base,
           "equity_growth_bear_pct": draw(st.one_of(st.none(), st.floats(-100, min(rates)))),
           "equity_growth_bull_pct": draw(st.one_of(st.none(), st.floats(max(rates), 300)))}
    return {k: v for k, v in out.items() if v is not None}


@st.composite
def profiles(draw) -> Profile:
    trait = st.integers(1, 5)
    return Profile(
        liquid_savings=draw(st.floats(0, 2_000_000)),
        monthly_essential_spending=draw(st.floats(500, 30_000)),
        fit_risk_understanding=draw(trait), fit_vigilance=draw(trait), fit_security_practice=draw(trait),
        fit_ability_to_leave=draw(trait), fit_social_skills=draw(trait), fit_incentive_resistance=draw(trait),
        career_stage=draw(st.sampled_from(CAREER_STAGES)),
        stance=draw(st.sampled_from(STANCES)),
        donation_pct=draw(st.floats(0, 100)),
        fallback_annual_pay=draw(st.one_of(st.none(), st.floats(10_000, 1_000_000))),
    )
