"""Every result offersheet shows, declared once: key, label, kind, rounding, where it appears, how to get it.

The Report sheet's rows, ``--json``'s scores (and ``schemas/evaluate.schema.json``), the per-workbook comparison
and summary exports, ``evaluate_many``'s columns, the worksheet functions' headers and the score chart all
iterate ``OUTPUTS``. A getter takes one offer's result (``model.evaluate.OfferResult``) and returns the plain
value, or None where it does not apply; ``value`` rounds it once, the same way for every consumer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from offersheet.spec.vocab import CURRENCY_SYMBOLS

# Kinds: how a value is rounded, formatted and bounded.
TEXT, VERDICT, MONEY, SCORE, SIGNED, LIST, COUNT = "text", "verdict", "money", "score", "signed", "list", "count"
# The kinds of the sheets' other figures: shares and rates typed as percentages, exchange rates, whole numbers.
PERCENT, RATE, WHOLE = "percent", "rate", "int"
DIGITS = {MONEY: 0, SCORE: 1, SIGNED: 1}
# One number format per kind, on every sheet and in every export (Python's spelling of it: ``shown``).
NUMBER_FORMATS = {MONEY: "#,##0", SCORE: "0.0", SIGNED: "+0.0;-0.0;0.0", PERCENT: "0.0%", RATE: "0.0000",
                  WHOLE: "0", COUNT: "0"}


def number_format(kind: str, currency: str | None = None) -> str | None:
    """A kind's number format; money with the currency's symbol when the currency is known."""
    symbol = CURRENCY_SYMBOLS.get(currency or "")
    if kind == MONEY and symbol:
        return f'"{symbol}"#,##0;-"{symbol}"#,##0'
    return NUMBER_FORMATS.get(kind)


def shown(kind: str, value: Any, currency: str | None = None) -> str:
    """A value as its number format shows it (for text exports): money with the currency's symbol and
    thousands separators, scores to a tenth, signed values with their sign; nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if kind == MONEY:
        symbol = CURRENCY_SYMBOLS.get(currency or "", "")
        return f"{'-' if value < 0 else ''}{symbol}{abs(value):,.0f}"
    if kind == SCORE:
        return f"{value:.1f}"
    if kind == SIGNED:
        return f"{value:+.1f}" if round(value, 1) else "0.0"
    if kind == PERCENT:
        return f"{value:.1%}"
    return f"{value:g}" if isinstance(value, float) else str(value)


SCHEMA = {  # JSON schema of each kind's values
    TEXT: {"type": "string"}, VERDICT: {"type": "string"}, LIST: {"type": "array", "items": {"type": "string"}},
    COUNT: {"type": "integer", "minimum": 0}, MONEY: {"type": "number"},
    SCORE: {"type": "number", "minimum": 0, "maximum": 100},
    SIGNED: {"type": "number", "minimum": -200, "maximum": 200},
}

# Where an output appears.
REPORT = "report"  # a row of the Report sheet (and of each workbook's comparison export)
SCORES = "scores"  # --json's "scores" object
SUMMARY = "summary"  # a column of the batch summary (summary.csv / summary.xlsx)
DATASET = "dataset"  # a column of evaluate_many's results (unrounded there: a dataset is for analysis)
FUNCTION = "function"  # a column of OFFERSHEET_SCORES (the worksheet function)
CHART = "chart"  # a series of the score chart


class Output(NamedTuple):
    """One output column: its key, label, kind, how it is read from a result, and where it is shown."""

    key: str
    label: str
    kind: str
    get: Callable[[Any], Any]
    where: frozenset[str]

    def value(self, result: Any) -> Any:
        """The value as every consumer shows it: rounded once, by kind; lists stay lists."""
        return rounded(self.kind, self.get(result))


def rounded(kind: str, raw: Any) -> Any:
    """A value of this kind rounded for showing (money to whole units, scores to a tenth); others as they are."""
    if raw is None or kind not in DIGITS:
        return raw
    return round(float(raw), DIGITS[kind]) if DIGITS[kind] else round(float(raw))


def _scenario(path: str, get: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda r: get(r.scenarios[path]) if path in r.scenarios else None


def _growth(r: Any) -> str | None:
    s = r.scenarios
    if not s:
        return None
    # Each figure after its path's name, so the text never starts with a sign (a spreadsheet would take
    # "-40% | ..." for a formula).
    return (" | ".join(f"{k} {s[k].described}" for k in ("bear", "base", "bull"))
            + (" (zero case: equity worthless)" if "zero" in s else ""))


def _own_currency(r: Any) -> str:
    own = r.own_currency
    return own if own == r.currency else f"{own} (1 {own} = {r.rate:g} {r.currency})"


def _ready(r: Any) -> str:
    return "yes" if r.lockin.ready_to_quit else "no: " + "; ".join(r.lockin.not_ready_reasons)


def _alternative(r: Any) -> str:
    alt = r.alternative
    return alt.best_alternative or ("; ".join(alt.ideas) if alt.ideas else "")


def _drivers(r: Any) -> list[str]:
    return [f"{d.name} {d.points:+.1f} ({d.detail})" for d in r.judgement.drivers[:4]]


def _o(key: str, label: str, kind: str, get: Callable[[Any], Any], *where: str) -> Output:
    return Output(key, label, kind, get, frozenset(where))


ALL = (REPORT, SUMMARY, DATASET)
OUTPUTS: tuple[Output, ...] = (
    _o("employer", "Employer", TEXT, lambda r: r.offer.employer, *ALL),
    _o("role_title", "Role title", TEXT, lambda r: r.offer.role_title, *ALL),
    _o("verdict", "Verdict", VERDICT, lambda r: r.verdict, *ALL, FUNCTION),
    _o("score", "Verdict score", SIGNED, lambda r: r.judgement.score, *ALL, FUNCTION),
    _o("stability", "What would change it", TEXT, lambda r: r.stability, *ALL),
    _o("verdict_balanced", "Verdict, balanced stance", VERDICT, lambda r: r.by_stance.get("balanced"), *ALL),
    _o("verdict_strict", "Verdict, strict stance", VERDICT, lambda r: r.by_stance.get("strict"), *ALL),
    _o("verdict_relative", "Verdict, relative stance", VERDICT, lambda r: r.by_stance.get("relative"), *ALL),
    _o("company_score", "Company score (0-100)", SCORE, lambda r: r.company.score, *ALL, SCORES, FUNCTION, CHART),
    _o("company_basis", "Company score basis", TEXT,
       lambda r: r.company.basis + (f": {r.company.note}" if r.company.note else ""), REPORT),
    _o("acceleration_risk", "Acceleration risk (0-100)", SCORE, lambda r: r.impact.acceleration, *ALL, SCORES,
       FUNCTION, CHART),
    _o("risk_reduction", "Risk reduction (0-100)", SCORE, lambda r: r.impact.risk_reduction, *ALL, SCORES, FUNCTION,
       CHART),
    _o("net_impact", "Net impact (-100..100)", SIGNED, lambda r: r.impact.net_impact, *ALL, SCORES, FUNCTION, CHART),
    _o("lock_in", "Lock-in (0-100)", SCORE, lambda r: r.lockin.score, *ALL, SCORES, FUNCTION, CHART),
    _o("ready_to_quit", "Ready to quit", TEXT, _ready, REPORT),
    _o("personal_fit", "Personal fit (0-100)", SCORE, lambda r: r.fit.score, *ALL, SCORES, FUNCTION, CHART),
    _o("currency", "Amounts in", TEXT, lambda r: r.currency, REPORT, SUMMARY),
    _o("offer_currency", "Offer's own currency", TEXT, _own_currency, REPORT, SUMMARY),
    _o("total_comp_year1", "Pay, year 1", MONEY, lambda r: r.compensation.year1, *ALL, SCORES, FUNCTION),
    _o("total_comp_annualised", "Pay per year (average)", MONEY, lambda r: r.compensation.annualised, REPORT),
    _o("total_comp_horizon", "Pay over the horizon", MONEY, lambda r: r.compensation.horizon_total, *ALL, SCORES,
       FUNCTION),
    _o("total_comp_horizon_bear", "Pay over the horizon, bear path", MONEY,
       _scenario("bear", lambda s: s.compensation.horizon_total), REPORT, SUMMARY),
    _o("total_comp_horizon_bull", "Pay over the horizon, bull path", MONEY,
       _scenario("bull", lambda s: s.compensation.horizon_total), REPORT, SUMMARY),
    _o("lock_in_bear", "Lock-in, bear path (0-100)", SCORE, _scenario("bear", lambda s: s.lockin.score), REPORT,
       SUMMARY),
    _o("lock_in_bull", "Lock-in, bull path (0-100)", SCORE, _scenario("bull", lambda s: s.lockin.score), REPORT,
       SUMMARY),
    _o("scenario_growth", "Equity growth a year, by path", TEXT, _growth, REPORT),
    _o("best_alternative", "Best alternative", TEXT, _alternative, REPORT),
    _o("pay_gap", "Pay gap to it (per year)", MONEY, lambda r: r.alternative.pay_gap, REPORT),
    _o("impact_gap", "Net impact gap to it", SIGNED, lambda r: r.alternative.impact_gap, REPORT),
    _o("lockin_gap", "Lock-in gap to it", SIGNED, lambda r: r.alternative.lockin_gap, REPORT),
    _o("red_flags", "Red flags", LIST, lambda r: [f.message for f in r.lockin.red_flags], REPORT, SUMMARY),
    _o("red_flag_count", "Red flags (count)", COUNT, lambda r: len(r.lockin.red_flags), DATASET),
    _o("drivers", "Top drivers", LIST, _drivers, REPORT, SUMMARY),
    _o("safeguards", "Safeguards", LIST, lambda r: list(r.safeguards), REPORT),
    _o("warnings", "Warnings", LIST, lambda r: list(r.warnings), REPORT, SUMMARY),
)
BY_KEY = {o.key: o for o in OUTPUTS}
# Chart outputs where a higher value is worse for the person: charted apart from the rest, so no chart mixes
# bars that are good tall with bars that are bad tall.
WORSE_WHEN_HIGHER = frozenset({"acceleration_risk", "lock_in"})


def outputs(where: str) -> tuple[Output, ...]:
    """The outputs that appear in one place, in their declared order."""
    return tuple(o for o in OUTPUTS if where in o.where)
