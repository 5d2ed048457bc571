"""Every input, declared once: key, label, sheet, kind, unit, bounds, default, help and choices.

The model's validation (``Offer``, ``Profile``), the one value parser (``spec.parse``), the template, the
reader, the validation lists, the CSV pre-fill, ``docs/fields.md`` and the test strategies all read
``FIELDS``. Bounds and defaults are in the model's unit, which is also the sheet's: money in the offer's
currency, percentages as fractions (0.15 is 15 %). Adding an input is one line here plus, for the model to
use it, a field on ``Offer`` or ``Profile`` (a test fails until the two agree).
"""

from __future__ import annotations

import math
from dataclasses import KW_ONLY, dataclass, replace

from offersheet.spec.pay import check_complete
from offersheet.spec.vocab import (
    CAREER_STAGES,
    CURRENCIES,
    EMPLOYER_KINDS,
    EQUITY_KINDS,
    NON_DISPARAGEMENT,
    ROLE_CATEGORIES,
    STANCES,
    VESTING_FREQUENCIES,
    VESTING_SHAPES,
    WORK_SHARING,
)

MAX_MONEY = 1e12  # a money input above a trillion is a typing slip (or an attack), not an offer

OFFERS, PROFILE = "Offers", "Profile"
MAX_OFFERS = 6


@dataclass(frozen=True)
class Field:
    """One input: its key, label, sheet, kind, unit, default, bounds and help, declared once (the spec)."""

    key: str
    label: str
    sheet: str
    kind: str  # money | percent | int | number | choice | bool | text | pct_list | growth
    unit: str = ""
    default: object = None
    help: str = ""
    _: KW_ONLY  # the rest by name
    choices: tuple[tuple[str, str], ...] = ()  # (code, label); or a Roles-sheet list, see ``choice_source``
    choice_source: str = ""  # "roles" | "employer_kinds" | "work_sharing": labels come from the Roles sheet
    required: bool = False
    lo: float = 0.0  # bounds in the model's unit (a fraction for percentages)
    hi: float = float("inf")
    vocab: tuple[str, ...] = ()  # the allowed codes of a choice whose labels come from the Roles sheet

    @property
    def codes(self) -> tuple[str, ...]:
        """The values a choice may take in the model."""
        return self.vocab or tuple(code for code, _ in self.choices)

    @property
    def model_default(self) -> object:
        """The default as the model holds it (what a blank cell means)."""
        if self.kind == "pct_list":
            return ()
        return self.default


EQUITY_LABELS = dict(
    zip(
        EQUITY_KINDS,
        ("Public RSUs", "Private stock with tender offers", "Stock options", "Profit-participation units", "No equity"),
        strict=True,
    )
)
FREQ_LABELS = dict(zip(VESTING_FREQUENCIES, ("Monthly", "Quarterly", "Annual"), strict=True))
SHAPE_LABELS = dict(zip(VESTING_SHAPES, ("Even", "Front-loaded", "Back-loaded", "Custom (list per year)"), strict=True))
ND_LABELS = dict(zip(NON_DISPARAGEMENT, ("None", "Mutual", "One-sided"), strict=True))
STAGE_LABELS = dict(zip(CAREER_STAGES, ("Early career", "Mid career", "Senior"), strict=True))
STANCE_LABELS = dict(
    zip(
        STANCES,
        ("Balanced (career review)", "Strict: no capabilities roles", "Relative: capabilities vs safety"),
        strict=True,
    )
)


def _choices(labels: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(labels.items())


F = Field
FIELDS: tuple[Field, ...] = (
    # --- Offers: one column per offer -------------------------------------------------------------
    F(
        "employer",
        "Employer",
        OFFERS,
        "text",
        required=True,
        help="Company or organisation name; matched to the Companies sheet by name or alias",
    ),
    F("role_title", "Role title", OFFERS, "text", default="", help="As written in the offer"),
    F(
        "role_category",
        "Role category",
        OFFERS,
        "choice",
        choice_source="roles",
        required=True,
        vocab=ROLE_CATEGORIES,
        help="What the work mainly is; levels on the Roles sheet",
    ),
    F(
        "employer_kind",
        "Employer kind",
        OFFERS,
        "choice",
        choice_source="employer_kinds",
        required=True,
        vocab=EMPLOYER_KINDS,
        help=(
            "What kind of organisation it is; the kinds, and how each scales the role's levels, are on the Roles sheet"
        ),
    ),
    F(
        "work_sharing",
        "How openly the work is shared",
        OFFERS,
        "choice",
        choice_source="work_sharing",
        default="limited",
        vocab=WORK_SHARING,
        help="Published openly, shared with selected partners, or kept internal",
    ),
    F(
        "safety_share_pct",
        "Share of the project that is safety work",
        OFFERS,
        "percent",
        "%",
        None,
        "Optional. When given, overrides the role category: the work, not the label",
        hi=1.0,
    ),
    F(
        "currency",
        "Currency of this offer",
        OFFERS,
        "choice",
        "ISO code",
        None,
        "The currency the offer's amounts are in. Blank: your home currency (Profile)",
        choices=tuple((c, c) for c in CURRENCIES),
    ),
    F("base_salary", "Base salary", OFFERS, "money", "per year", 0.0, "Gross yearly base pay"),
    F("target_bonus_pct", "Target bonus", OFFERS, "percent", "% of base", 0.0, "Yearly target bonus", hi=2.0),
    F("signing_bonus", "Signing bonus", OFFERS, "money", "once", 0.0, "Paid at the start"),
    F(
        "signing_clawback_months",
        "Signing bonus repayable for",
        OFFERS,
        "int",
        "months",
        12,
        "Leaving before this means repaying the signing bonus in full",
        hi=60,
    ),
    F(
        "equity_grant_value",
        "Equity grant value",
        OFFERS,
        "money",
        "total",
        0.0,
        "Value of the whole initial grant today, as the offer states it",
    ),
    F(
        "equity_kind",
        "Equity kind",
        OFFERS,
        "choice",
        choices=_choices(EQUITY_LABELS),
        default="none",
        help="Sets the liquidity haircut (Profile sheet, model settings)",
    ),
    F(
        "option_strike_total",
        "Options: total exercise cost",
        OFFERS,
        "money",
        "total",
        0.0,
        "For options only: what exercising the whole grant would cost",
    ),
    F("vesting_years", "Vesting period", OFFERS, "int", "years", 4, "", lo=1, hi=10),
    F("cliff_months", "Cliff", OFFERS, "int", "months", 12, "Nothing vests before the cliff", hi=120),
    F(
        "vesting_frequency",
        "Vesting frequency",
        OFFERS,
        "choice",
        choices=_choices(FREQ_LABELS),
        default="monthly",
        help="After the cliff",
    ),
    F(
        "vesting_shape",
        "Vesting shape",
        OFFERS,
        "choice",
        choices=_choices(SHAPE_LABELS),
        default="even",
        help="Even, front-loaded (e.g. 40/30/20/10), back-loaded (10/20/30/40), or custom",
    ),
    F(
        "vesting_custom_pcts",
        "Custom vesting per year",
        OFFERS,
        "pct_list",
        "% per year",
        "",
        "Only for custom shape: e.g. 5, 15, 40, 40 (must sum to 100)",
    ),
    F(
        "annual_refresher_value",
        "Expected yearly refresher grant",
        OFFERS,
        "money",
        "per year",
        0.0,
        "From year 2, each vesting evenly over the vesting period",
    ),
    F(
        "benefits_value",
        "Benefits",
        OFFERS,
        "money",
        "per year",
        0.0,
        "Health and other benefits, in money (the retirement match has its own rows)",
    ),
    F(
        "vested_equity_clawback",
        "Vested equity can be clawed back",
        OFFERS,
        "bool",
        "yes/no",
        False,
        "Can the company cancel or buy back vested equity (for example if you leave or compete)?",
    ),
    F(
        "non_disparagement_condition",
        "Equity tied to non-disparagement",
        OFFERS,
        "choice",
        choices=_choices(ND_LABELS),
        default="none",
        help="Is keeping equity conditional on a non-disparagement agreement, and is it one-sided?",
    ),
    F(
        "tender_conditions",
        "Conditions on selling in tenders",
        OFFERS,
        "bool",
        "yes/no",
        False,
        "Can the company exclude you (or former employees) from tender offers, or cap your sales?",
    ),
    F(
        "equity_growth_bear_pct",
        "Equity value growth, bear path",
        OFFERS,
        "growth",
        "% a year",
        None,
        "Blank: the equity kind's default (docs/model.md). A down round is negative. One % for every year, "
        "or one per year: -40%, -20%, 0%",
        lo=-1.0,
        hi=10.0,
    ),
    F(
        "equity_growth_base_pct",
        "Equity value growth, base path",
        OFFERS,
        "growth",
        "% a year",
        None,
        "Blank: 0%, the offer's stated value holds. The verdict uses this path. One % for every year, or one per year",
        lo=-1.0,
        hi=10.0,
    ),
    F(
        "equity_growth_bull_pct",
        "Equity value growth, bull path",
        OFFERS,
        "growth",
        "% a year",
        None,
        "Blank: the equity kind's default. Private AI valuations have moved by multiples. One % for every "
        "year, or one per year: 60%, 30%, 10%",
        lo=-1.0,
        hi=10.0,
    ),
    F(
        "annual_raise_pct",
        "Expected yearly raise",
        OFFERS,
        "percent",
        "% of base",
        0.0,
        "From year 2, compounding",
        lo=-0.5,
        hi=1.0,
    ),
    F(
        "promotion_month",
        "Promotion expected at month",
        OFFERS,
        "int",
        "month",
        None,
        "Blank: none. Refreshers granted after it scale with the promotion step",
        hi=120,
    ),
    F(
        "promotion_raise_pct",
        "Promotion pay step",
        OFFERS,
        "percent",
        "% of base",
        0.0,
        "Raise to base (and refreshers) at the promotion",
        hi=5.0,
    ),
    F(
        "retirement_match_pct",
        "Retirement match",
        OFFERS,
        "percent",
        "% of base",
        0.0,
        "Employer pension or 401(k) match, as a share of base",
        hi=1.0,
    ),
    F("retirement_match_cap", "Retirement match cap", OFFERS, "money", "per year", None, "Blank: no cap"),
    F(
        "effective_tax_rate_pct",
        "Your effective tax rate here",
        OFFERS,
        "percent",
        "% of pay",
        0.0,
        "Yours to supply (it depends on your situation, not the offer); 0 compares pay before tax",
        hi=0.95,
    ),
    F(
        "cost_of_living_index",
        "Cost of living here",
        OFFERS,
        "number",
        "index",
        100.0,
        "100 = where you live now; e.g. 125 if this city costs 25% more. Pay is divided by it",
        lo=10,
        hi=1000,
    ),
    # --- Profile: the person -----------------------------------------------------------------------
    F(
        "home_currency",
        "Home currency",
        PROFILE,
        "choice",
        "ISO code",
        "USD",
        "Every comparable amount (pay, forfeiture, gaps) is shown in it; your savings and spending are in it",
        choices=tuple((c, c) for c in CURRENCIES),
    ),
    *(
        F(
            f"fx_{c.lower()}",
            f"1 {c} in your home currency",
            PROFILE,
            "number",
            "home currency",
            None,
            f"Exchange rate you looked up: how much of your home currency one {c} buys. Needed only for an offer "
            f"in {c}; offersheet never fetches rates",
            lo=1e-9,
            hi=1e6,
        )
        for c in CURRENCIES
    ),
    F(
        "fx_date",
        "Exchange rates as of",
        PROFILE,
        "text",
        "date",
        "",
        "When you looked the rates up: they move, and the comparison is only as fresh as they are",
    ),
    F("liquid_savings", "Liquid savings", PROFILE, "money", "", 0.0, "Money you could live on if you quit"),
    F(
        "monthly_essential_spending",
        "Essential spending",
        PROFILE,
        "money",
        "per month",
        3000.0,
        "What you need each month",
        required=True,
        lo=1,
    ),
    F(
        "fallback_annual_pay",
        "Pay you could get elsewhere",
        PROFILE,
        "money",
        "per year",
        None,
        "Optional: used when no alternative offer is in the workbook",
    ),
    F(
        "donation_pct",
        "Share of extra pay you would donate",
        PROFILE,
        "percent",
        "%",
        0.0,
        "Turns part of a pay gap into impact",
        hi=1.0,
    ),
    F(
        "career_stage",
        "Career stage",
        PROFILE,
        "choice",
        choices=_choices(STAGE_LABELS),
        default="mid",
        help="Early career weighs career capital more",
    ),
    F(
        "stance",
        "Stance",
        PROFILE,
        "choice",
        choices=_choices(STANCE_LABELS),
        default="balanced",
        help="Which view of joining frontier companies the verdict uses (all are shown)",
    ),
    F(
        "fit_risk_understanding",
        "Understanding of AI risk",
        PROFILE,
        "int",
        "1-5",
        3,
        "1 weak, 5 excellent",
        lo=1,
        hi=5,
    ),
    F(
        "fit_vigilance",
        "Vigilance and independent thinking",
        PROFILE,
        "int",
        "1-5",
        3,
        "Inclined to question the impact of your own work",
        lo=1,
        hi=5,
    ),
    F(
        "fit_security_practice",
        "Security practice",
        PROFILE,
        "int",
        "1-5",
        3,
        "Can follow tight security practices",
        lo=1,
        hi=5,
    ),
    F(
        "fit_ability_to_leave",
        "Ability to leave",
        PROFILE,
        "int",
        "1-5",
        3,
        "Financially and psychologically ready to quit if that becomes right",
        lo=1,
        hi=5,
    ),
    F(
        "fit_social_skills",
        "Social skills",
        PROFILE,
        "int",
        "1-5",
        3,
        "Matters where impact depends on persuading others",
        lo=1,
        hi=5,
    ),
    F(
        "fit_incentive_resistance",
        "Resistance to incentives and social pressure",
        PROFILE,
        "int",
        "1-5",
        3,
        "Sticks to principles; changes views for good arguments",
        lo=1,
        hi=5,
    ),
)

FIELDS = tuple(replace(f, hi=MAX_MONEY) if f.kind == "money" and f.hi == math.inf else f for f in FIELDS)
BY_KEY = {f.key: f for f in FIELDS}
OFFER_FIELDS = tuple(f for f in FIELDS if f.sheet == OFFERS)
PROFILE_FIELDS = tuple(f for f in FIELDS if f.sheet == PROFILE)
check_complete(tuple(f.key for f in OFFER_FIELDS if f.kind == "money"), tuple(f.key for f in OFFER_FIELDS))
