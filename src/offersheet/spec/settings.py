"""The model settings a person may change on Profile, declared once: kind, unit and bounds of each.

The defaults are data (``data/parameters.toml``); what each does is ``model.reference.PARAMETER_DOCS``. Here is
what a value may be: the template's data validation and number format, the reader (through the one value
parser, ``spec.parse``) and ``Parameters.with_overrides`` in Python all read ``SETTINGS``. Rates and shares
are percentages (fractions: 0.05 is 5 %), so a discount rate typed as 5 is refused, not read as 500 %.
"""

from __future__ import annotations

import itertools

from offersheet.spec.inputs import PROFILE, Field
from offersheet.spec.vocab import EQUITY_KINDS


def _s(key: str, kind: str, unit: str, lo: float, hi: float) -> Field:
    return Field(key, key, PROFILE, kind, unit, lo=lo, hi=hi)


_SCORE = "score 0-100"
_PER_POINT = "points per point"
SETTINGS: dict[str, Field] = {
    f.key: f
    for f in (
        _s("horizon_years", "int", "years", 1, 10),
        _s("discount_rate", "percent", "a year", 0, 0.5),
        _s("forfeit_scale_years", "number", "years of spending", 0.1, 20),
        _s("runway_full_months", "number", "months", 1, 240),
        _s("min_runway_months", "number", "months", 0, 120),
        _s("max_ready_forfeit_years", "number", "years of spending", 0.1, 50),
        _s("trust_floor", "number", _SCORE, 0, 100),
        _s("trust_full", "number", _SCORE, 0, 100),
        _s("trust_offset_max", "percent", "share", 0, 1),
        _s("negligible_acceleration", "number", _SCORE, 0, 100),
        _s("unrated_frontier_score", "number", _SCORE, 0, 100),
        _s("unrated_other_score", "number", _SCORE, 0, 100),
        _s("fit_neutral", "number", _SCORE, 0, 100),
        _s("fit_condition_max", "number", "trait 1-5 (0: off)", 0, 5),
        _s("weight_impact", "number", _PER_POINT, 0, 10),
        _s("weight_fit", "number", _PER_POINT, 0, 10),
        _s("weight_career", "number", _PER_POINT, 0, 10),
        _s("weight_lockin", "number", _PER_POINT, 0, 10),
        _s("weight_comp", "number", "points", 0, 100),
        _s("weight_donation", "number", "points", 0, 100),
        _s("strong", "number", "verdict points", -100, 100),
        _s("safeguards", "number", "verdict points", -100, 100),
        _s("negotiate", "number", "verdict points", -100, 100),
        _s("prefer_alternative", "number", "verdict points", -100, 100),
        _s("avoid_acceleration", "number", _SCORE, 0, 100),
        _s("negotiate_lockin", "number", _SCORE, 0, 100),
        *(_s(f"haircut_{kind}", "percent", "share not realised", 0, 1) for kind in EQUITY_KINDS),
    )
}

# Settings that must rise along each chain (each a threshold above the one before): the verdict thresholds may
# meet (a category then never occurs); trust must rise strictly, as it is a ratio over the span.
ORDERED: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("prefer_alternative", "negotiate", "safeguards", "strong"), False),
    (("trust_floor", "trust_full"), True),
)
ORDER_WORDS = {
    "strong": "Strong candidate",
    "safeguards": "Take with safeguards",
    "negotiate": "Negotiate first",
    "prefer_alternative": "Prefer an alternative",
    "trust_floor": "the trust floor",
    "trust_full": "full trust",
}


def out_of_order(values: dict[str, float]) -> list[tuple[str, str]]:
    """Pairs (lower, higher) of settings the wrong way round: the higher below the lower (or equal, where the
    chain is strict)."""
    bad = []
    for chain, strict in ORDERED:
        for lower, higher in itertools.pairwise(chain):
            if values[higher] < values[lower] or (strict and values[higher] == values[lower]):
                bad.append((lower, higher))
    return bad


def order_message(lower: str, higher: str, values: dict[str, float]) -> str:
    """What to fix, in the sheet's words."""
    return (
        f"at least {ORDER_WORDS[lower]}'s threshold ({lower} = {values[lower]:g}): {higher} "
        f"({ORDER_WORDS[higher]}) must not be below it"
    )
