"""Evaluate offers: the one entry point that ties the model's modules together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, NamedTuple

from offersheet.model.acceleration import Impact, base_levels
from offersheet.model.alternatives import AlternativeGap, ideas_to_explore
from offersheet.model.asks import ASK_BELOW, Letters, company_asks, compose_letters, compute_asks
from offersheet.model.company import CompanyScore, compute_company_score, find_company, months_old, similar_names
from offersheet.model.compensation import Compensation, Scenario, compute_compensation, equity_plan, scenarios_for
from offersheet.model.currency import in_home_currency
from offersheet.model.errors import InputError, Problem
from offersheet.model.fit import TRAIT_LABELS, Fit, compute_fit, fit_condition_unmet
from offersheet.model.inputs import Company, Offer, Profile
from offersheet.model.lockin import SEVERE_FLAGS, Lockin, compute_lockin
from offersheet.model.reference import Reference
from offersheet.model.verdict import (
    Factors,
    Judgement,
    heavy_lockin,
    judge,
    pay_ratios,
    score_of,
    stability,
    verdict_category,
)

MODEL_VERSION = "1.1"
RATING_MAX_AGE_MONTHS = 12  # a verdict resting on a rating edition older than this says so


class ScenarioResult(NamedTuple):
    """Pay and lock-in on one valuation path (the verdict itself uses the base path)."""

    path: Scenario
    compensation: Compensation
    lockin: Lockin

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def growth_pct(self) -> float:
        """The first year's rate."""
        return self.path.growth_pct

    @property
    def growth_by_year(self) -> tuple[float, ...]:
        return self.path.rates

    @property
    def described(self) -> str:
        """e.g. "+60%" or "+60%/+30%/+10%/+10%"."""
        return self.path.describe()


@dataclass(frozen=True)
class OfferResult:
    """Everything the model says about one offer."""

    offer: Offer
    compensation: Compensation
    lockin: Lockin
    impact: Impact
    company: CompanyScore
    fit: Fit
    alternative: AlternativeGap
    judgement: Judgement
    stability: str
    safeguards: tuple[str, ...]
    letters: Letters
    by_stance: Mapping[str, str]
    warnings: tuple[str, ...]
    scenarios: Mapping[str, ScenarioResult] = field(default_factory=dict)  # bear, base, bull (zero: private)
    currency: str = "USD"  # the home currency every amount above is in
    rate: float = 1.0  # home currency per unit of the offer's own currency (offer.currency)
    company_not_found: str = ""  # the employer matched no company: what was assumed, and the likely names

    @property
    def verdict(self) -> str:
        return self.judgement.category

    @property
    def own_currency(self) -> str:
        """The currency the offer itself is in (its amounts here are in ``currency``, at ``rate``)."""
        return self.offer.currency or self.currency

    @property
    def borderline(self) -> bool:
        """The verdict flips within a small change (verdict.BORDERLINE of some input's range)."""
        return self.stability.startswith("borderline")


@dataclass(frozen=True)
class Evaluation:
    """The results for every offer, with the stance and currency they were judged in."""

    offers: tuple[OfferResult, ...]
    stance: str
    model_version: str = MODEL_VERSION
    currency: str = "USD"  # the home currency of every amount
    rates_as_of: str = ""  # when the person looked the exchange rates up (Profile)

    def by_label(self, label: str) -> OfferResult:
        for o in self.offers:
            if o.offer.label == label:
                return o
        raise KeyError(label)


def company_map(companies: Mapping[str, Company] | Iterable[Company]) -> dict[str, Company]:
    if isinstance(companies, Mapping):
        return dict(companies)
    return {c.name: c for c in companies}


class _Alone(NamedTuple):
    """Stage 1: one offer on its own — pay and lock-in on every valuation path, the company, the verdict's
    factors (no alternative yet), and the score it reaches alone, by which offers are compared in stage 2."""

    offer: Offer
    comp: Compensation
    lockin: Lockin
    company: CompanyScore
    factors: Factors
    score: float
    impact: Impact
    scenarios: Mapping[str, ScenarioResult]


def role_factors(offer: Offer, company: CompanyScore, fit: float, profile: Profile, ref: Reference,
                 lockin: Lockin | None = None) -> Factors:
    """The verdict's factors from the role, the employer, the person and (when given) the offer's lock-in;
    pay relative to an alternative is added in stage 2. The columnar engine uses it without lock-in, for the
    drivers that do not depend on money."""
    kind = ref.employer_kinds[offer.employer_kind]
    acc, rr, dep, rely, basis = base_levels(offer, ref)
    condition = kind.frontier and fit_condition_unmet(profile, ref.parameters)
    has_asks = bool(company_asks(company, offer.employer_kind, ref.criteria, kind.frontier)) or condition or (
        lockin is not None and bool(lockin.red_flags))
    held: dict[str, Any] = {} if lockin is None else {
        "average_forfeit_years": lockin.average_years_of_spending, "runway_months": lockin.runway_months,
        "flag_points": sum(f.points for f in lockin.red_flags),
        "severe_flag": any(f.code in SEVERE_FLAGS for f in lockin.red_flags)}
    return Factors(
        acceleration=acc, risk_reduction=rr, company_dependence=dep, basis=basis, lab_reliance=rely,
        company_score=company.score, builds_ai=kind.acceleration_factor > 0, frontier=kind.frontier,
        fit=fit, career_capital=kind.career_capital,
        stage_weight=ref.parameters.career_stage_weight.get(profile.career_stage, 0.0), **held,
        fit_condition=condition, has_asks=has_asks,
    )


def _alone(offer: Offer, companies: dict[str, Company], profile: Profile, ref: Reference, fit: Fit,
           with_scenarios: bool = True) -> _Alone:
    """Everything about one offer on its own; its money is computed in the home currency, the offer kept as given."""
    given, offer = offer, in_home_currency(offer, profile)
    p = ref.parameters
    kind = ref.employer_kinds[offer.employer_kind]
    plan = equity_plan(offer, p)
    paths = scenarios_for(offer, p)  # bear, base, bull (and zero): the order results are shown in
    scenarios = {path.name: ScenarioResult(path, compute_compensation(offer, p, plan, path),
                                           compute_lockin(offer, plan, profile, p, None, path))
                 for path in paths if with_scenarios or path.name == "base"}
    base = scenarios["base"]
    company = compute_company_score(find_company(offer.employer, companies), offer.employer,
                                    kind.frontier, ref.criteria, p)
    factors = role_factors(offer, company, fit.score, profile, ref, base.lockin)
    score, impact = score_of(factors, p, ref.stances[profile.stance])
    return _Alone(given, base.compensation, base.lockin, company, factors, score, impact, scenarios)


def _safeguards(prep: _Alone, fit: Fit, ref: Reference) -> tuple[str, ...]:
    out = []
    if prep.factors.frontier:
        out.append("Keep close ties with people outside the company who work on reducing AI risk")
        out.append("Write down now what would make you leave, and check every few months whether "
                   "your role has drifted toward capabilities work")
    if not prep.lockin.ready_to_quit:
        out.append("Be ready to quit: " + "; ".join(prep.lockin.not_ready_reasons))
    if prep.lockin.red_flags:
        out.append("Get the lock-in terms changed in writing before signing")
    bull = prep.scenarios.get("bull")
    if bull and bull.lockin.score >= ref.parameters.negotiate_lockin > prep.lockin.score:
        worst = max(bull.lockin.schedule, key=lambda r: r.years_of_spending)
        out.append(f"In the bull case (equity {bull.described} a year), leaving at month {worst.month} would "
                   f"forfeit {worst.years_of_spending:.1f} years of your essential spending: agree exit terms "
                   "(vesting acceleration, tender access) while the numbers are small")
    if fit.weakest and prep.factors.frontier:
        out.append("Plan for your weakest fit traits: " + ", ".join(TRAIT_LABELS[t] for t in fit.weakest))
    if prep.factors.frontier and prep.company.score < ASK_BELOW:  # graded below a C
        out.append("Look for credible, costly signals of the company's safety commitments: it is not well rated")
    if not prep.factors.frontier:
        out.append("Treat the role as a step: build the skills you came for, and check every year whether a role "
                   "with more direct impact on AI risk now suits you")
    return tuple(out)


def evaluate(
    offers: Iterable[Offer],
    companies: Mapping[str, Company] | Iterable[Company],
    profile: Profile,
    reference: Reference,
    with_stability: bool = True,
    with_scenarios: bool = True,
    today: str | None = None,
) -> Evaluation:
    """Evaluate every offer against the others; see docs/model.md for what each step does. ``today``
    (YYYY-MM-DD, default the system date) is what the age of the company ratings is measured against."""
    offers = tuple(offers)
    if not offers:
        raise InputError(Problem("offers", [], "at least one offer"))
    labels = [o.label for o in offers]
    if len(set(labels)) != len(labels):
        raise InputError(Problem("label", labels, "a different label for every offer"))
    ref = reference.with_parameters(dict(profile.parameter_overrides)) if profile.parameter_overrides else reference
    by_name = company_map(companies)
    fit = compute_fit(profile)
    alone = [_alone(o, by_name, profile, ref, fit, with_scenarios) for o in offers]
    today = today or date.today().isoformat()
    results = [_against_the_others(i, alone, by_name, profile, ref, fit, with_stability, today)
               for i in range(len(alone))]
    return Evaluation(tuple(results), profile.stance, currency=profile.home_currency, rates_as_of=profile.fx_date)


def _against_the_others(
    i: int, alone: list[_Alone], companies: dict[str, Company], profile: Profile, ref: Reference,
    fit: Fit, with_stability: bool, today: str,
) -> OfferResult:
    """Stage 2: one offer judged against the best of the others (by the score each reaches alone), or
    against the profile's fallback pay when it is the only offer."""
    prep = alone[i]
    p, stance = ref.parameters, ref.stances[profile.stance]
    others = [q for j, q in enumerate(alone) if j != i]
    best = max(others, key=lambda q: q.score) if others else None
    alt_pay = best.comp.annualised if best else profile.fallback_annual_pay
    factors, lockin = prep.factors, prep.lockin
    if alt_pay:
        pay_gap_ratio, donated_ratio = pay_ratios(prep.comp.annualised, alt_pay, profile.donation_pct)
        factors = replace(factors, pay_gap_ratio=pay_gap_ratio, donated_ratio=donated_ratio)
        lockin = lockin._replace(schedule=tuple(r._replace(vs_alternative_pay=r.forfeit / alt_pay)
                                                 for r in lockin.schedule))
    judgement = judge(factors, p, stance)
    alt = AlternativeGap(
        best.offer.label if best else None,
        prep.comp.annualised - best.comp.annualised if best else None,
        judgement.net_impact - best.impact.net_impact if best else None,
        lockin.score - best.lockin.score if best else None,
        () if best else ideas_to_explore(ref.employer_kinds, companies),
    )
    kind = ref.employer_kinds[prep.offer.employer_kind]
    heavy = heavy_lockin(judgement.lockin, False, p)  # the score's part of the rule: severe flags ask for themselves
    asks = compute_asks(prep.company, lockin.red_flags, ref.criteria, prep.offer.employer_kind, kind.frontier,
                        heavy, factors.fit_condition)
    chosen = best if best and best.score > prep.score else None
    lockin_decided = any("lock-in" in g for g in judgement.gates) or any(
        f.code in SEVERE_FLAGS for f in lockin.red_flags)
    letters = compose_letters(
        prep.offer.employer, prep.offer.role_title, asks, prep.company, ref.criteria,
        chosen.offer.employer if chosen else None, flags=lockin.red_flags, employer_kind=prep.offer.employer_kind,
        developer=kind.frontier, lockin_decided=lockin_decided, heavy_lockin=heavy,
        chosen_is_safer=bool(chosen and ((not chosen.factors.frontier and kind.frontier) or (
            chosen.company.score > prep.company.score and chosen.company.basis != "assumed"))))
    known = find_company(prep.offer.employer, companies) is not None
    guesses = [] if known else similar_names(prep.offer.employer, companies)
    did_you_mean = f"no company named {prep.offer.employer!r} on the Companies sheet: did you mean " \
                   f"{' or '.join(repr(g) for g in guesses)}?" if guesses else ""
    not_found = "" if known else (f"company not found: assumed score {prep.company.score:.0f}"
                                  + (f" — did you mean {' or '.join(guesses)}?" if guesses else ""))
    no_pay = "no pay entered (salary, bonus, equity and benefits are all zero): the verdict compares it as " \
             "unpaid; fill in the offer's pay" if prep.comp.horizon_total == 0 else ""
    age = months_old(prep.company.as_of, today)
    stale = (f"the company score rests on ratings from {prep.company.edition} ({prep.company.as_of}), {age} months "
             f"old: look for a newer edition and update the Companies sheet") \
        if age is not None and age > RATING_MAX_AGE_MONTHS else ""
    # The company note is a warning when the score is a guess that matters: an unknown employer, or an unrated
    # one whose rating enters the verdict (a frontier employer); not for an overall grade used as published.
    guessed = prep.company.basis == "assumed" and (not known or kind.frontier)
    gaps = prep.company.basis == "criteria" and prep.company.missing
    note = prep.company.note if guessed or gaps else ""
    warnings = tuple(w for w in (did_you_mean, note, stale, no_pay) if w)
    return OfferResult(
        offer=prep.offer, compensation=prep.comp, lockin=lockin, impact=judgement.impact, company=prep.company,
        fit=fit, alternative=alt, judgement=judgement,
        stability=stability(factors, p, stance) if with_stability else "",
        safeguards=_safeguards(prep, fit, ref), letters=letters,
        by_stance={k: judgement.category if s is stance else verdict_category(factors, p, s)
                   for k, s in ref.stances.items()},
        warnings=warnings, scenarios=prep.scenarios, currency=profile.home_currency,
        rate=profile.rate(prep.offer.currency) or 1.0, company_not_found=not_found,
    )
