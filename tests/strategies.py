"""Hypothesis strategies for valid model inputs, derived from the spec's declarations."""

from __future__ import annotations

import math

from hypothesis import strategies as st

from offersheet.model import Offer, Profile
from offersheet.spec.inputs import OFFER_FIELDS, PROFILE_FIELDS, Field
from offersheet.spec.parse import Percent
from offersheet.spec.vocab import VESTING_SHAPES

money = st.floats(min_value=0, max_value=5_000_000, allow_nan=False)
EMPLOYERS = ("Anthropic", "OpenAI", "Google DeepMind", "Meta", "xAI", "METR", "Acme AI", "Microsoft")
# Where the spec's bounds are far wider than any offer (money up to a trillion), draw from a realistic span.
REALISTIC_HI = {"money": 5_000_000.0, "int": 120}


def field_values(f: Field) -> st.SearchStrategy:
    """Any valid model value for one input, from its declaration in the spec."""
    hi = min(f.hi, REALISTIC_HI.get(f.kind, math.inf))
    if f.kind == "percent":  # fractions, marked as read (a bare number above 1 would be refused)
        values = st.floats(f.lo, hi, allow_nan=False).map(Percent)
    elif f.kind in ("money", "number"):
        values = st.floats(f.lo, hi, allow_nan=False)
    elif f.kind == "int":
        values = st.integers(int(f.lo), int(hi))
    elif f.kind == "choice":
        values = st.sampled_from(f.codes)
    elif f.kind == "bool":
        values = st.booleans()
    elif f.key == "employer":
        values = st.sampled_from(EMPLOYERS)
    else:
        values = st.text(max_size=40)
    return st.one_of(st.none(), values) if f.model_default is None and not f.required else values


# Inputs whose valid values depend on others: drawn together below.
_LINKED = {
    "vesting_years",
    "cliff_months",
    "vesting_shape",
    "vesting_custom_pcts",
    "equity_growth_bear_pct",
    "equity_growth_base_pct",
    "equity_growth_bull_pct",
}


@st.composite
def offers(draw, label: str = "Offer 1") -> Offer:
    kw = {f.key: draw(field_values(f)) for f in OFFER_FIELDS if f.key not in _LINKED}
    years = draw(st.integers(1, 6))
    shape = draw(st.sampled_from(VESTING_SHAPES))
    pcts: tuple[float, ...] = ()
    if shape == "custom":
        raw = draw(st.lists(st.integers(0, 10), min_size=years, max_size=years).filter(lambda xs: sum(xs) > 0))
        pcts = tuple(100 * x / sum(raw) for x in raw)
    if kw["equity_kind"] == "none":  # no equity: no grant and no refreshers (the spec's rule)
        kw["equity_grant_value"] = kw["annual_refresher_value"] = 0.0
    kw.update(
        vesting_years=years,
        cliff_months=draw(st.integers(0, years * 12)),
        vesting_shape=shape,
        vesting_custom_pcts=pcts,
        **draw(growth_paths()),
    )
    return Offer(label=label, **kw)


@st.composite
def growth_paths(draw) -> dict:
    """Bear <= base <= bull; any may be left to the equity kind's default (whose base is 0% for every kind)."""
    rate = st.floats(-0.5, 1.0).map(Percent)  # fractions: -50% to 100% a year
    base = draw(st.one_of(st.none(), rate, st.lists(rate, min_size=2, max_size=4).map(tuple)))  # tuple: by year
    rates = (0.0,) if base is None else base if isinstance(base, tuple) else (base,)
    out = {
        "equity_growth_base_pct": base,
        "equity_growth_bear_pct": draw(st.one_of(st.none(), st.floats(-1.0, min(rates)).map(Percent))),
        "equity_growth_bull_pct": draw(st.one_of(st.none(), st.floats(max(rates), 3.0).map(Percent))),
    }
    return {k: v for k, v in out.items() if v is not None}


@st.composite
def profiles(draw) -> Profile:
    kw = {f.key: draw(field_values(f)) for f in PROFILE_FIELDS}
    kw["monthly_essential_spending"] = draw(st.floats(500, 30_000))  # a living, not the spec's lower bound of 1
    for f in PROFILE_FIELDS:  # a rate for every currency an offer may be in (tests of a missing rate are apart)
        if f.key.startswith("fx_") and f.kind == "number":
            kw[f.key] = draw(st.floats(0.005, 200))
    return Profile(**kw)
