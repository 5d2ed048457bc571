"""The explanation layer: each offer's result in words, read from the engine's result columns.

Nothing here computes a pay, lock-in, impact or verdict figure: every number comes from ``model.engine``
through ``model.evaluate.Results``; this module picks each offer's row, names the drivers and gates, and
writes the safeguards, warnings and letters.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from offersheet.model.acceleration import Impact
from offersheet.model.alternatives import AlternativeGap, ideas_to_explore
from offersheet.model.asks import ASK_BELOW, CONFLICT_SAFEGUARD, Letters, compose_letters
from offersheet.model.company import CompanyScore, find_company, months_old, similar_names
from offersheet.model.compensation import Compensation, CompYear, Scenario
from offersheet.model.engine import DRIVERS, quit_blockers
from offersheet.model.fit import TRAIT_LABELS, Fit
from offersheet.model.inputs import Company, Offer
from offersheet.model.lockin import SEVERE_FLAGS, Lockin, LockinMonth
from offersheet.model.verdict import Driver, Judgement
from offersheet.model.vocab import VERDICTS
from offersheet.spec.pay import PAY

if TYPE_CHECKING:
    from offersheet.model.evaluate import Results

RATING_MAX_AGE_MONTHS = 12  # a verdict resting on a rating edition older than this says so


@dataclass(frozen=True)
class ScenarioResult:
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
class AskEffect:
    """One ask and what it would do to the verdict if granted (``model.granted``: the engine's verdict and score
    for the offer with that ask granted)."""

    ask: str
    verdict: str  # if granted
    score: float  # if granted
    current: str  # the offer's verdict as it stands
    current_score: float
    moot: bool = False  # granting it changes nothing the verdict rests on (a question; a practice not in the score)

    @property
    def changes(self) -> bool:
        return self.verdict != self.current

    @property
    def effect(self) -> str:
        """ "Take with safeguards (score +4.2 to +14.0)", "no change to the verdict (score +4.2 to +6.0)", "no
        change to the verdict or its score", or for an ask it does not rest on "no change to the verdict: it does
        not rest on this"."""
        if self.moot:
            return "no change to the verdict: it does not rest on this"
        if not self.changes and f"{self.score:+.1f}" == f"{self.current_score:+.1f}":
            return "no change to the verdict or its score"
        what = self.verdict if self.changes else "no change to the verdict"
        return f"{what} (score {self.current_score:+.1f} to {self.score:+.1f})"

    @property
    def said(self) -> str:
        """ "<ask>: if granted, <effect>"; a question "<question> (the verdict does not rest on the answer)"."""
        if self.moot and self.ask.endswith("?"):
            return f"{self.ask} (the verdict does not rest on the answer)"
        return f"{self.ask.rstrip('.')}: if granted, {self.effect}"


@dataclass(frozen=True)
class OfferResult:
    """Everything the model says about one offer. ``results`` and ``row``: the engine's columns it was read from
    (``spec.outputs`` reads the figures there)."""

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
    ask_effects: tuple[AskEffect, ...] = ()  # each ask (letters.asks, same order) with its effect if granted
    results: Results | None = field(default=None, compare=False, repr=False)
    row: int = field(default=0, compare=False, repr=False)

    @property
    def verdict(self) -> str:
        return self.judgement.category

    @property
    def own_currency(self) -> str:
        """The currency the offer itself is in (its amounts here are in ``currency``, at ``rate``)."""
        return self.offer.currency or self.currency

    @property
    def borderline(self) -> bool:
        """The verdict flips within a small change (stability.BORDERLINE of some input's range)."""
        return self.stability.startswith("borderline")


@dataclass(frozen=True)
class Evaluation:
    """The results for every offer, with the stance and currency they were judged in."""

    offers: tuple[OfferResult, ...]
    stance: str
    model_version: str = "1.1"
    currency: str = "USD"  # the home currency of every amount
    rates_as_of: str = ""  # when the person looked the exchange rates up (Profile)

    def by_label(self, label: str) -> OfferResult:
        for o in self.offers:
            if o.offer.label == label:
                return o
        raise KeyError(label)


def _compensation(res: Results, row: int) -> Compensation:
    m = res.money
    years = tuple(
        CompYear(
            y + 1,
            {c.key: float(m.parts[c.key][row, y]) for c in PAY},
            float(m.total[row, y]),
            float(m.present[row, y]),
            float(m.comparable[row, y]),
        )
        for y in range(m.total.shape[1])
    )
    return Compensation(years, float(m.year1[row]), float(m.annualised[row]), float(m.horizon_total[row]))


class _Quit(NamedTuple):
    short_runway: np.ndarray[Any, Any]
    heavy_peak: np.ndarray[Any, Any]


def _lockin(res: Results, i: int, path: str, blockers: _Quit, alternative: float | None) -> Lockin:
    row = int(res.table.path_rows[path][i])
    m, p, flags = res.money, res.reference.parameters, res.table.flags[i]
    runway = res.profile.runway_months
    peak = float(m.peak_years[row])
    reasons = []
    if blockers.short_runway[row]:
        reasons.append(f"runway is {runway:.1f} months of essential spending, under {p.min_runway_months:g}")
    if blockers.heavy_peak[row]:
        reasons.append(f"leaving could forfeit up to {peak:.1f} years of essential spending")
    reasons += [f.message for f in flags if f.code in SEVERE_FLAGS]
    forfeit = m.forfeit[row].tolist()
    vs = [f / alternative for f in forfeit] if alternative else [None] * len(forfeit)
    schedule = tuple(
        map(
            LockinMonth,
            range(len(forfeit)),
            m.unvested_equity[row].tolist(),
            m.repayable_signing[row].tolist(),
            m.unpaid_bonus[row].tolist(),
            forfeit,
            m.years_of_spending[row].tolist(),
            vs,
        )
    )
    financial, score = res.lockin[path]
    return Lockin(
        schedule,
        flags,
        runway,
        peak,
        float(m.average_years[row]),
        float(financial[i]),
        float(score[i]),
        not reasons,
        tuple(reasons),
    )


def _detail(name: str, res: Results, i: int, impact: Impact, lockin: float) -> str:
    f = res.factors
    if name == "Net impact":
        return f"risk reduction vs acceleration ratio {impact.net_impact:+.0f}"
    if name == "Risk reduction":
        return f"{impact.risk_reduction:.0f}/100 ({impact.basis})"
    if name == "Acceleration risk":
        return f"{impact.harm:.0f}/100 after trust in the company ({impact.basis})"
    if name == "Personal fit":
        return f"{f.fit[i]:.0f}/100"
    if name == "Career capital":
        return f"{f.career_capital[i]:.0f}/100 at this career stage"
    if name == "Lock-in":
        stuck = float(res.chosen.stuck_cost[i])
        if stuck == 0:
            return f"{lockin:.0f}/100, not counted: staying in this role does no harm, so more equity is more pay"
        if res.factors.frontier[i]:
            return f"{lockin:.0f}/100: being unable to leave a role at an AI developer is the cost"
        return f"{lockin:.0f}/100, counted at {stuck:.0%}: as far as the role adds to AI progress"
    if name == "Pay vs best alternative":
        return f"{f.pay_gap_ratio[i]:+.0%}"
    return f"{f.donated_ratio[i]:.0%} of the alternative's pay"


FIT_GATE = (
    "your ability to leave or your resistance to incentives is rated low: the review treats these as "
    "conditions for working at a frontier company, which pay does not make up for"
)


def _judgement(res: Results, i: int) -> Judgement:
    v = res.chosen
    impact = Impact(
        float(res.factors.acceleration[i]),
        float(v.risk_reduction[i]),
        float(v.harm[i]),
        float(v.net_impact[i]),
        float(v.trust[i]),
        res.table.basis[i],
    )
    lockin = float(v.lockin[i])
    drivers = [
        Driver(name, float(v.points[name][i]), _detail(name, res, i, impact, lockin))
        for name in DRIVERS
        if v.shown[name][i]
    ]
    drivers.sort(key=lambda d: -abs(d.points))
    gates = [
        words
        for flag, words in (
            (v.acceleration_gate, "acceleration risk is high and outweighs risk reduction"),
            (v.strict_gate, "the strict stance avoids roles whose main effect is capabilities"),
            (v.negative_cap, "net impact is negative"),
            (v.lockin_cap, "lock-in must come down before accepting"),
            (v.fit_cap, FIT_GATE),
        )
        if flag[i]
    ]
    return Judgement(float(v.score[i]), VERDICTS[v.category[i]], tuple(drivers), tuple(gates), lockin, impact)


def _safeguards(res: Results, i: int, lockin: Lockin, scenarios: Mapping[str, ScenarioResult]) -> tuple[str, ...]:
    frontier, company = bool(res.factors.frontier[i]), res.table.companies[i]
    p, fit = res.reference.parameters, res.fit
    out = []
    if frontier:
        out.append("Keep close ties with people outside the company who work on reducing AI risk")
        out.append(
            "Write down now what would make you leave, and check every few months whether "
            "your role has drifted toward capabilities work"
        )
    if not lockin.ready_to_quit:
        out.append("Be ready to quit: " + "; ".join(lockin.not_ready_reasons))
    if lockin.red_flags:
        out.append("Get the lock-in terms changed in writing before signing")
    bull = scenarios.get("bull")
    if bull and bull.lockin.score >= p.negotiate_lockin > lockin.score:
        worst = max(bull.lockin.schedule, key=lambda r: r.years_of_spending)
        out.append(
            f"In the bull case (equity {bull.described} a year), leaving at month {worst.month} would "
            f"forfeit {worst.years_of_spending:.1f} years of your essential spending: agree exit terms "
            "(vesting acceleration, tender access) while the numbers are small"
        )
    if fit.weakest and frontier:
        out.append("Plan for your weakest fit traits: " + ", ".join(TRAIT_LABELS[t] for t in fit.weakest))
    if frontier and company.score < ASK_BELOW:  # graded below a C
        out.append("Look for credible, costly signals of the company's safety commitments: it is not well rated")
    if res.table.role.conflict[i]:
        out.append(CONFLICT_SAFEGUARD)
    if not frontier:
        out.append(
            "Treat the role as a step: build the skills you came for, and check every year whether a role "
            "with more direct impact on AI risk now suits you"
        )
    return tuple(out)


def _warnings(
    res: Results, i: int, companies: Mapping[str, Company], today: str, comp: Compensation
) -> tuple[tuple[str, ...], str]:
    """(the offer's warnings, the mark for a company not found)."""
    offer, company = res.table.offer(i), res.table.companies[i]
    frontier = bool(res.factors.frontier[i])
    known = find_company(offer.employer, companies) is not None
    guesses = [] if known else similar_names(offer.employer, companies)
    did_you_mean = (
        f"no company named {offer.employer!r} on the Companies sheet: did you mean "
        f"{' or '.join(repr(g) for g in guesses)}?"
        if guesses
        else ""
    )
    not_found = (
        ""
        if known
        else (
            f"company not found: assumed score {company.score:.0f}"
            + (f" — did you mean {' or '.join(guesses)}?" if guesses else "")
        )
    )
    no_pay = (
        "no pay entered (salary, bonus, equity and benefits are all zero): the verdict compares it as "
        "unpaid; fill in the offer's pay"
        if comp.horizon_total == 0
        else ""
    )
    age = months_old(company.as_of, today)
    stale = (
        (
            f"the company score rests on ratings from {company.edition} ({company.as_of}), {age} months "
            f"old: look for a newer edition and update the Companies sheet"
        )
        if age is not None and age > RATING_MAX_AGE_MONTHS
        else ""
    )
    # The company note is a warning when the score is a guess that matters: an unknown employer, or an unrated
    # one whose rating enters the verdict (a frontier employer); not for an overall grade used as published.
    guessed = company.basis == "assumed" and (not known or frontier)
    gaps = company.basis == "criteria" and company.missing
    note = company.note if guessed or gaps else ""
    return tuple(w for w in (did_you_mean, note, stale, no_pay) if w), not_found


def _letters(res: Results, i: int, lockin: Lockin, judgement: Judgement, companies: Mapping[str, Company]) -> Letters:
    t, v = res.table, res.chosen
    offer, company = t.offers[i], t.companies[i]
    frontier = bool(res.factors.frontier[i])
    best = int(res.best[i])
    heavy = bool(v.heavy_lockin[i])  # the score's part of the rule: severe flags ask for themselves
    asks = tuple(a.text for a in res.asks[i]) if res.asks else ()
    chosen = best if best >= 0 and res.alone[best] > res.alone[i] else None
    lockin_decided = bool(v.lockin_cap[i]) or any(f.code in SEVERE_FLAGS for f in lockin.red_flags)
    safer = chosen is not None and (
        (not res.factors.frontier[chosen] and frontier)
        or (t.companies[chosen].score > company.score and t.companies[chosen].basis != "assumed")
    )
    return compose_letters(
        offer.employer,
        offer.role_title,
        asks,
        company,
        res.reference.criteria,
        t.offers[chosen].employer if chosen is not None else None,
        flags=lockin.red_flags,
        employer_kind=offer.employer_kind,
        developer=frontier,
        lockin_decided=lockin_decided,
        heavy_lockin=heavy,
        chosen_is_safer=bool(safer),
        verdict=judgement.category,
        peers=companies,
        accelerates=judgement.net_impact < 0,
    )


def _offer(res: Results, i: int, companies: Mapping[str, Company], today: str, blockers: _Quit) -> OfferResult:
    t, ref, profile = res.table, res.reference, res.profile
    offer = t.offers[i]
    alternative = float(res.alternative_pay[i])
    alt = None if math.isnan(alternative) or alternative == 0 else alternative
    scenarios = {
        s.name: ScenarioResult(
            s, _compensation(res, int(t.path_rows[s.name][i])), _lockin(res, i, s.name, blockers, None)
        )
        for s in t.paths[i]
    }
    comp = scenarios["base"].compensation
    lockin = _lockin(res, i, "base", blockers, alt)
    judgement = _judgement(res, i)
    best = int(res.best[i])
    annual = res.money.annualised[res.base]
    gap = (
        AlternativeGap(
            t.offers[best].label,
            float(res.gap(annual)[i]),
            float(res.gap(res.chosen.net_impact)[i]),
            float(res.gap(res.chosen.lockin)[i]),
            (),
        )
        if best >= 0
        else AlternativeGap(None, None, None, None, ideas_to_explore(ref.employer_kinds, companies))
    )
    warnings, not_found = _warnings(res, i, companies, today, comp)
    return OfferResult(
        offer=offer,
        compensation=comp,
        lockin=lockin,
        impact=judgement.impact,
        company=t.companies[i],
        fit=res.fit,
        alternative=gap,
        judgement=judgement,
        stability=res.stability[i],
        safeguards=_safeguards(res, i, lockin, scenarios),
        letters=_letters(res, i, lockin, judgement, companies),
        by_stance={k: VERDICTS[v.category[i]] for k, v in res.verdicts.items()},
        warnings=warnings,
        scenarios=scenarios,
        currency=profile.home_currency,
        rate=profile.rate(offer.currency) or 1.0,
        company_not_found=not_found,
        ask_effects=_ask_effects(res, i, judgement),
        results=res,
        row=i,
    )


def _ask_effects(res: Results, i: int, judgement: Judgement) -> tuple[AskEffect, ...]:
    if not res.granted:
        return ()
    return tuple(
        AskEffect(g.ask, VERDICTS[g.category], g.score, judgement.category, judgement.score, g.moot)
        for g in res.granted[i]
    )


def explain(res: Results, companies: Mapping[str, Company], today: str, model_version: str) -> Evaluation:
    """Every offer's result, read from ``res``."""
    rows = len(res.money.peak_years)
    blockers = _Quit(
        *quit_blockers(np.full(rows, res.profile.runway_months), res.money.peak_years, res.reference.parameters)
    )
    offers = tuple(_offer(res, i, companies, today, blockers) for i in range(len(res.table)))
    return Evaluation(offers, res.profile.stance, model_version, res.profile.home_currency, res.profile.fx_date)
