"""Money in the person's home currency: each offer's amounts times the rate the person stated (the engine
multiplies them, ``model.engine.in_home_currency``). offersheet never looks a rate up; a rate it needs and was
not given is an input error naming it."""

from __future__ import annotations

from offersheet.model.errors import Problem
from offersheet.model.inputs import Offer, Profile
from offersheet.spec.inputs import BY_KEY


def _no_rate(offer: Offer, profile: Profile) -> Problem:
    code = offer.currency or ""
    label = BY_KEY[f"fx_{code.lower()}"].label
    return Problem(
        "currency",
        code,
        f"a rate for {code} on Profile ('{label}', fx_{code.lower()}): how much "
        f"{profile.home_currency} one {code} buys, as you looked it up",
        offer.label,
    )


def missing_rate(offer: Offer, profile: Profile) -> Problem | None:
    """The problem when the offer is in a currency the profile gives no rate for."""
    return _no_rate(offer, profile) if profile.rate(offer.currency) is None else None
