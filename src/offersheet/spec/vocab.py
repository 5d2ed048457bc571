"""The fixed vocabularies (the product's contracts: workbook codes, verdict names); levels live in the data."""

from __future__ import annotations

ROLE_CATEGORIES = (
    "alignment_safety",
    "security",
    "governance_policy",
    "evaluations",
    "capabilities_research",
    "scaling_infrastructure",
    "product_applied",
    "go_to_market",
    "communications",
    "operations",
    "other",
)
EMPLOYER_KINDS = (
    "frontier_lab",
    "big_tech_ai",
    "ai_product",
    "government_institute",
    "think_tank",
    "nonprofit_research",
    "academia",
    "outside_ai",
)
WORK_SHARING = ("public", "limited", "internal")
# ISO 4217 codes an offer may be in, with the symbol number formats show (a code and a space where the symbol
# is shared or unknown to most readers).
CURRENCY_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "CHF": "CHF ",
    "CAD": "CA$",
    "AUD": "A$",
    "JPY": "¥",
    "SGD": "S$",
    "CNY": "CN¥",
    "INR": "₹",
}
CURRENCIES = tuple(CURRENCY_SYMBOLS)
EQUITY_KINDS = ("public_rsu", "private_tender", "options", "ppu", "none")
VESTING_FREQUENCIES = ("monthly", "quarterly", "annual")
VESTING_SHAPES = ("even", "front_loaded", "back_loaded", "custom")
NON_DISPARAGEMENT = ("none", "mutual", "one_sided")
CAREER_STAGES = ("early", "mid", "senior")
STANCES = ("balanced", "strict", "relative")
FIT_TRAITS = (
    "fit_risk_understanding",
    "fit_vigilance",
    "fit_security_practice",
    "fit_ability_to_leave",
    "fit_social_skills",
    "fit_incentive_resistance",
)
# The verdicts, best first. "Prefer an alternative" and "Keep looking" are the same band of the score: the first
# where the person has an alternative (another offer in the evaluation, or a fallback pay on Profile), the second
# for a lone offer, where there is nothing yet to prefer (model.engine decides which, by row).
VERDICTS = (
    "Strong candidate",
    "Take with safeguards",
    "Negotiate first",
    "Prefer an alternative",
    "Keep looking",
    "Avoid",
)
