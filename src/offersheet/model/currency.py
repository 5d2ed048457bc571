"""Money in the person's home currency: each offer's amounts times the rate the person stated, before anything
else runs. offersheet never looks a rate up; a rate it needs and was not given is an input error naming it."""

from __future__ import annotations

from dataclasses import replace

from offersheet.model.errors import InputError, Problem
from offersheet.model.inputs import Offer, Profile
from offersheet.spec.inputs import BY_KEY, OFFER_FIELDS

MONEY_KEYS = tuple(f.key for f in OFFER_FIELDS if f.kind == "money")  # what an exchange rate multiplies


def _no_rate(offer: Offer, profile: Profile) -> Problem:
    code = offer.currency or ""
    label = BY_KEY[f"fx_{code.lower()}"].label
    return Problem("currency", code, f"a rate for {code} on Profile ('{label}', fx_{code.lower()}): how much "
                                     f"{profile.home_currency} one {code} buys, as you looked it up", offer.label)


def missing_rate(offer: Offer, profile: Profile) -> Problem | None:
    """The problem when the offer is in a currency the profile gives no rate for."""
    return _no_rate(offer, profile) if profile.rate(offer.currency) is None else None


def in_home_currency(offer: Offer, profile: Profile) -> Offer:
    """The offer with every money amount in the home currency (itself when it already is)."""
    if offer.currency is None or offer.currency == profile.home_currency:
        return offer
    rate = profile.rate(offer.currency)
    if rate is None:
        raise InputError(_no_rate(offer, profile))
    return replace(offer, currency=profile.home_currency,
                   **{k: v * rate for k in MONEY_KEYS if (v := getattr(offer, k)) is not None})
