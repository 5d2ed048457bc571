"""Reference data the model reads: role categories, employer kinds, criteria, stances and parameters.

Built from plain rows and mappings (the package's CSV and TOML files, or a workbook's own tables), so
that every level that changes a verdict is data a user can see and edit, never a constant in code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from offersheet.model.errors import InputError, Problem
from offersheet.model.vocab import EMPLOYER_KINDS, ROLE_CATEGORIES, WORK_SHARING
from offersheet.spec.parse import parse_value
from offersheet.spec.settings import ORDERED, SETTINGS, order_message, out_of_order


@dataclass(frozen=True)
class RoleCategory:
    """A kind of role (Roles sheet): its acceleration and risk-reduction levels and why."""

    key: str
    label: str
    acceleration: float
    risk_reduction: float
    company_dependence: float
    lab_reliance: float  # how much its risk reduction relies on the lab acting on it (0-1)
    reason: str
    # At an AI developer the work shapes the rules or the story that govern the developer itself (policy,
    # communications): a conflict of interest the offer's safeguards and asks name.
    conflict_of_interest: bool = False


@dataclass(frozen=True)
class EmployerKind:
    """A kind of employer (Roles sheet): whether it is a frontier lab, and how it scales the role's levels."""

    key: str
    label: str
    frontier: bool
    acceleration_factor: float
    risk_reduction_factor: float
    career_capital: float
    reason: str


@dataclass(frozen=True)
class WorkSharing:
    """How openly the work is shared (Roles sheet), and how that scales the role's levels."""

    key: str
    label: str
    acceleration_factor: float
    risk_reduction_factor: float
    reason: str


@dataclass(frozen=True)
class Criterion:
    """One criterion of a company's responsibility score, with the ask and the praise letters use for it."""

    key: str
    label: str
    weight: float
    ask: str
    praise: str


@dataclass(frozen=True)
class Stance:
    """A way of weighing acceleration against risk reduction (Profile's stance)."""

    key: str
    label: str
    trust_discount: float
    strict_capabilities: bool
    impact_mode: str  # "difference" or "ratio"
    untrusted_safety_value: float  # share of a safety role's risk reduction counted at an untrusted frontier lab


@dataclass(frozen=True)
class Parameters:
    """Every named number of the model. Defaults live in data/parameters.toml; docs/model.md explains each."""

    horizon_years: int
    discount_rate: float
    liquidity_haircut: Mapping[str, float]
    equity_growth: Mapping[str, Mapping[str, float]]  # equity kind -> {bear, base, bull}: % a year
    forfeit_scale_years: float
    runway_full_months: float
    min_runway_months: float
    max_ready_forfeit_years: float
    red_flag_points: Mapping[str, float]
    trust_floor: float
    trust_full: float
    trust_offset_max: float
    negligible_acceleration: float
    unrated_frontier_score: float
    unrated_other_score: float
    fit_neutral: float
    fit_condition_max: float
    career_stage_weight: Mapping[str, float]
    weight_impact: float
    weight_fit: float
    weight_career: float
    weight_lockin: float
    weight_comp: float
    weight_donation: float
    strong: float
    safeguards: float
    negotiate: float
    prefer_alternative: float
    avoid_acceleration: float
    negotiate_lockin: float

    def with_overrides(self, overrides: Mapping[str, float]) -> Parameters:
        """A copy with some parameters replaced: scalars by name, haircuts as ``haircut_<equity kind>``. Each
        value goes through the one value parser with its bounds (``spec.settings``), and thresholds must stay
        in order; an ``InputError`` names every bad one."""
        problems = []
        haircuts = dict(self.liquidity_haircut)
        scalars: dict[str, float] = {}
        for key, raw in overrides.items():
            f = SETTINGS.get(key)
            kind = key.removeprefix("haircut_")
            if f is None or (key != kind and kind not in haircuts) or (key == kind and key not in SCALAR_PARAMETERS):
                problems.append(Problem(key, raw, "a known parameter name"))
                continue
            try:
                value = parse_value(f, raw)
            except ValueError as exc:
                problems.append(Problem(key, raw, str(exc)))
                continue
            if key != kind:
                haircuts[kind] = float(value)
            else:
                scalars[key] = value
        out = replace(self, liquidity_haircut=haircuts, **scalars)  # type: ignore[arg-type]
        values = {k: float(getattr(out, k)) for chain, _ in ORDERED for k in chain}
        for lower, higher in out_of_order(values):
            problems.append(Problem(higher, values[higher], order_message(lower, higher, values)))
        if problems:
            raise InputError(problems)
        return out


SCALAR_PARAMETERS = tuple(name for name, f in Parameters.__dataclass_fields__.items() if f.type in ("int", "float"))


@dataclass(frozen=True)
class Reference:
    """All reference data, indexed by key."""

    roles: Mapping[str, RoleCategory]
    employer_kinds: Mapping[str, EmployerKind]
    work_sharing: Mapping[str, WorkSharing]
    criteria: Mapping[str, Criterion]
    stances: Mapping[str, Stance]
    parameters: Parameters

    @classmethod
    def from_rows(
        cls,
        roles: Iterable[Mapping[str, Any]],
        employer_kinds: Iterable[Mapping[str, Any]],
        work_sharing: Iterable[Mapping[str, Any]],
        criteria: Iterable[Mapping[str, Any]],
        parameters: Mapping[str, Any],
    ) -> Reference:
        role_map = {
            r["role_category"]: RoleCategory(
                r["role_category"],
                r["label"],
                float(r["acceleration"]),
                float(r["risk_reduction"]),
                float(r["company_dependence"]),
                float(r["lab_reliance"]),
                r["reason"],
                _yes(r.get("conflict_of_interest", "0")),
            )
            for r in roles
        }
        kind_map = {
            r["employer_kind"]: EmployerKind(
                r["employer_kind"],
                r["label"],
                _yes(r["frontier"]),
                float(r["acceleration_factor"]),
                float(r["risk_reduction_factor"]),
                float(r["career_capital"]),
                r["reason"],
            )
            for r in employer_kinds
        }
        sharing_map = {
            r["work_sharing"]: WorkSharing(
                r["work_sharing"],
                r["label"],
                float(r["acceleration_factor"]),
                float(r["risk_reduction_factor"]),
                r["reason"],
            )
            for r in work_sharing
        }
        crit_map = {
            r["criterion"]: Criterion(r["criterion"], r["label"], float(r["weight"]), r["ask"], r["praise"])
            for r in criteria
        }
        problems = [
            Problem(name, sorted(got), "levels for exactly " + ", ".join(want), "reference data")
            for name, got, want in (
                ("role_category", role_map, ROLE_CATEGORIES),
                ("employer_kind", kind_map, EMPLOYER_KINDS),
                ("work_sharing", sharing_map, WORK_SHARING),
            )
            if set(got) != set(want)
        ]
        if problems:
            raise InputError(problems)
        return cls(role_map, kind_map, sharing_map, crit_map, _stances(parameters), _parameters(parameters))

    def with_parameters(self, overrides: Mapping[str, float]) -> Reference:
        return replace(self, parameters=self.parameters.with_overrides(overrides))


def _yes(value: Any) -> bool:
    """A yes/no column of the reference tables: 1 (or TRUE) for yes."""
    return str(value).strip() in ("1", "1.0", "True", "true", "TRUE")


def _stances(raw: Mapping[str, Any]) -> dict[str, Stance]:
    return {
        key: Stance(
            key,
            s["label"],
            float(s["trust_discount"]),
            bool(s["strict_capabilities"]),
            s["impact_mode"],
            float(s["untrusted_safety_value"]),
        )
        for key, s in raw["stances"].items()
    }


def _parameters(raw: Mapping[str, Any]) -> Parameters:
    comp, lock, impact, fit, verdict = (
        raw["compensation"],
        raw["lockin"],
        raw["impact"],
        raw["fit"],
        raw["verdict"],
    )
    return Parameters(
        horizon_years=int(comp["horizon_years"]),
        discount_rate=float(comp["discount_rate"]),
        liquidity_haircut={k: float(v) for k, v in comp["liquidity_haircut"].items()},
        equity_growth={
            k: {path: float(v[path]) for path in ("bear", "base", "bull")} for k, v in comp["equity_growth"].items()
        },
        forfeit_scale_years=float(lock["forfeit_scale_years"]),
        runway_full_months=float(lock["runway_full_months"]),
        min_runway_months=float(lock["min_runway_months"]),
        max_ready_forfeit_years=float(lock["max_ready_forfeit_years"]),
        red_flag_points={k: float(v) for k, v in lock["red_flag_points"].items()},
        trust_floor=float(impact["trust_floor"]),
        trust_full=float(impact["trust_full"]),
        trust_offset_max=float(impact["trust_offset_max"]),
        negligible_acceleration=float(impact["negligible_acceleration"]),
        unrated_frontier_score=float(impact["unrated_frontier_score"]),
        unrated_other_score=float(impact["unrated_other_score"]),
        fit_neutral=float(fit["neutral"]),
        fit_condition_max=float(fit["condition_max"]),
        career_stage_weight={k: float(v) for k, v in fit["career_stage_weight"].items()},
        **{k: float(v) for k, v in verdict.items()},
    )


# What each parameter is called where a person reads it (the Profile sheet's model settings).
PARAMETER_LABELS: dict[str, str] = {
    "horizon_years": "Years compared",
    "discount_rate": "Yearly discount rate",
    "haircut_public_rsu": "Haircut: public RSUs",
    "haircut_private_tender": "Haircut: private stock (tenders)",
    "haircut_options": "Haircut: stock options",
    "haircut_ppu": "Haircut: profit-participation units",
    "haircut_none": "Haircut: no equity",
    "forfeit_scale_years": "Forfeiture that scores 50 (years of spending)",
    "runway_full_months": "Runway that halves lock-in (months)",
    "min_runway_months": "Least runway to be ready to quit",
    "max_ready_forfeit_years": "Most forfeiture to be ready to quit (years)",
    "trust_floor": "Company score where trust starts",
    "trust_full": "Company score of full trust",
    "trust_offset_max": "Share of harm full trust offsets",
    "negligible_acceleration": "Negligible acceleration",
    "unrated_frontier_score": "Assumed score: unrated frontier employer",
    "unrated_other_score": "Assumed score: unrated other employer",
    "fit_neutral": "Neutral fit score",
    "fit_condition_max": "Fit condition: lowest acceptable rating",
    "weight_impact": "Weight: net impact",
    "weight_fit": "Weight: personal fit",
    "weight_career": "Weight: career capital",
    "weight_lockin": "Weight: lock-in",
    "weight_comp": "Most points from pay",
    "weight_donation": "Most points from donations",
    "strong": "Threshold: Strong candidate",
    "safeguards": "Threshold: Take with safeguards",
    "negotiate": "Threshold: Negotiate first",
    "prefer_alternative": "Threshold: Prefer an alternative",
    "avoid_acceleration": "Acceleration that makes it Avoid",
    "negotiate_lockin": "Lock-in that caps at Negotiate first",
}

# What each parameter means and why it has its default: shown beside it on the Profile sheet and in
# docs/model.md. The values themselves live in data/parameters.toml.
PARAMETER_DOCS: dict[str, str] = {
    "horizon_years": "Years compared. Four matches the usual vesting period, so the whole first grant counts.",
    "discount_rate": "Yearly discount applied from year 2. Zero by default: pay is compared as promised; "
    "set your own rate if later money is worth less to you.",
    "haircut_public_rsu": "Share of public RSU value you may not realise. Zero: sellable on the market.",
    "haircut_private_tender": "Private stock sold only in company tender offers, at times and caps the company "
    "sets: a 30% haircut.",
    "haircut_options": "Options carry exercise cost, tax and illiquidity on top of private-stock risk: 45%.",
    "haircut_ppu": "Profit-participation units: capped growth, holding periods, tender-only sales and, as "
    "reported in 2024, units that could be cancelled: 50%.",
    "haircut_none": "No equity.",
    "forfeit_scale_years": "Average forfeiture, in years of essential spending, that scores 50 before runway "
    "and red flags. One year of spending is where leaving starts to hurt.",
    "runway_full_months": "Runway that halves the financial part of lock-in. Two years of savings make "
    "forfeiting far easier to bear.",
    "min_runway_months": "Runway below which you are not ready to quit: six months to find another role.",
    "max_ready_forfeit_years": "Peak forfeiture (years of spending) above which quitting is hard in practice.",
    "trust_floor": "Company score where trust starts to count: a D on the FLI index (GPA 1). Rated labs run from "
    "about 25 to 67, so the floor sits at the bottom of the real range and every step up it matters.",
    "trust_full": "Company score where trust is full: an A. No company is rated near it, so trust stays partial.",
    "trust_offset_max": "Share of a fully company-dependent role's acceleration harm that full trust offsets: all "
    "of it, and never more: trust never turns acceleration into a benefit, so more acceleration is "
    "never better.",
    "negligible_acceleration": "Acceleration harm below which a role at a non-frontier employer counts as none: "
    "the review names such employers as alternatives that do not push the frontier.",
    "unrated_frontier_score": "Company score assumed for a frontier employer with no ratings: low, because "
    "the rated frontier labs all score low. Flagged as an assumption.",
    "unrated_other_score": "Company score assumed for an unrated non-frontier employer. Matters little: such "
    "roles rarely depend on the company's direction.",
    "fit_neutral": "Fit score (0-100) that neither helps nor hurts: a little above the midpoint, since the "
    "review asks for more than average vigilance inside a frontier company.",
    "weight_impact": "Points per point of net impact: impact dominates the verdict.",
    "weight_fit": "Points per point of fit above or below neutral, at frontier employers only.",
    "fit_condition_max": "Ability to leave or resistance to incentives and social pressure rated at or below this "
    "(1-5) caps a frontier offer at Negotiate first: the career review treats them as "
    "conditions for working at a frontier company, not trade-offs pay can buy off.",
    "weight_career": "Points per point of career capital above 50, times the career-stage weight.",
    "weight_lockin": "Points lost per point of lock-in.",
    "weight_comp": "Most points pay can add or remove (pay relative to the best alternative). Bounded so that "
    "pay alone cannot lift a harmful role.",
    "weight_donation": "Most points the donated part of a pay gap can add.",
    "strong": "Score at or above which the verdict is Strong candidate.",
    "safeguards": "Score at or above which the verdict is Take with safeguards.",
    "negotiate": "Score at or above which the verdict is Negotiate first.",
    "prefer_alternative": "Score at or above which the verdict is Prefer an alternative (Keep looking for a lone "
    "offer, with no other offer or fallback pay); below it, Avoid.",
    "avoid_acceleration": "Acceleration harm at or above which a role with negative net impact is Avoid, "
    "whatever the pay.",
    "negotiate_lockin": "Lock-in at or above which the verdict is at best Negotiate first.",
}
