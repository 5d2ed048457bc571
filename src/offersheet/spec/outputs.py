"""Every result offersheet shows, declared once: key, label, kind, rounding, where it appears, how to get it.

The Report sheet's rows, ``--json``'s scores (and ``schemas/evaluate.schema.json``), the per-workbook comparison
and summary exports, ``evaluate_many``'s columns, the worksheet functions' headers and the score chart all
iterate ``OUTPUTS``. A getter takes one offer's result (``model.evaluate.OfferResult``) and returns the plain
value, or None where it does not apply; ``value`` rounds it once, the same way for every consumer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from offersheet.spec.vocab import CURRENCY_SYMBOLS, VERDICTS

# Kinds: how a value is rounded, formatted and bounded.
TEXT, VERDICT, MONEY, SCORE, SIGNED, LIST, COUNT = "text", "verdict", "money", "score", "signed", "list", "count"
# A share of sampled cases, in whole percent: 200 samples cannot support a tenth (41.5 % beside "42 %" in words).
SHARE = "share"
# The kinds of the sheets' other figures: shares and rates typed as percentages, exchange rates, whole numbers.
PERCENT, RATE, WHOLE = "percent", "rate", "int"
DIGITS = {MONEY: 0, SCORE: 1, SIGNED: 1, SHARE: 0}
# One number format per kind, on every sheet and in every export (Python's spelling of it: ``shown``).
NUMBER_FORMATS = {
    MONEY: "#,##0",
    SCORE: "0.0",
    SIGNED: "+0.0;-0.0;0.0",
    PERCENT: "0.0%",
    RATE: "0.0000",
    WHOLE: "0",
    COUNT: "0",
    SHARE: "0",
}


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
    if kind == SHARE:
        return f"{rounded(SHARE, value)}"
    return f"{value:g}" if isinstance(value, float) else str(value)


def lines(items: Sequence[str]) -> str:
    """A list as a cell shows it: one item a line, "none" when empty (an empty row reads as forgotten)."""
    return "\n".join(items) or "none"


SCHEMA = {  # JSON schema of each kind's values
    TEXT: {"type": "string"},
    VERDICT: {"type": "string"},
    LIST: {"type": "array", "items": {"type": "string"}},
    COUNT: {"type": "integer", "minimum": 0},
    MONEY: {"type": "number"},
    SHARE: {"type": "integer", "minimum": 0, "maximum": 100},
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


@dataclass(frozen=True)
class Output:
    """One output column: its key, label, kind, where it is shown, and how it is read.

    A figure of the engine is read by ``column`` from the engine's results for all offers at once
    (``model.evaluate.Results``: what ``evaluate_many`` reads); one offer's value is that column at the offer's
    row. Words written per offer (drivers, safeguards, warnings) are read by ``get`` from one offer's result
    (``model.explain.OfferResult``) and are not part of a dataset."""

    key: str
    label: str
    kind: str
    where: frozenset[str]
    get: Callable[[Any], Any]
    column: Callable[[Any], Sequence[Any]] | None = None

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
    """The paths evaluated, each named; None without paths (an evaluation with the base path alone has only it)."""
    s = r.scenarios
    shown = [k for k in ("bear", "base", "bull") if k in s]
    if not shown:
        return None
    # Each figure after its path's name, so the text never starts with a sign (a spreadsheet would take
    # "-40% | ..." for a formula).
    return " | ".join(f"{k} {s[k].described}" for k in shown) + (
        " (zero case: equity worthless)" if "zero" in s else ""
    )


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
    """An output written per offer, read from one offer's result."""
    return Output(key, label, kind, frozenset(where), get)


def _c(key: str, label: str, kind: str, column: Callable[[Any], Sequence[Any]], *where: str) -> Output:
    """An output of the engine: read as a column of its results, one offer's value at the offer's row."""
    return Output(key, label, kind, frozenset(where), lambda r: _item(column(r.results)[r.row]), column)


def _item(x: Any) -> Any:
    """A plain Python value from a numpy scalar (a bool, int, float or str stays as it is)."""
    return x.item() if hasattr(x, "item") else x


def _names(categories: Any) -> list[str]:
    return [VERDICTS[c] for c in categories.tolist()]


def _stance(key: str) -> Callable[[Any], Sequence[Any]]:
    return lambda res: _names(res.verdicts[key].category) if key in res.verdicts else [None] * len(res.base)


ALL = (REPORT, SUMMARY, DATASET)
OUTPUTS: tuple[Output, ...] = (
    _c("employer", "Employer", TEXT, lambda res: res.table.column("employer"), *ALL),
    _c("role_title", "Role title", TEXT, lambda res: res.table.column("role_title"), *ALL),
    _c("verdict", "Verdict", VERDICT, lambda res: _names(res.chosen.category), *ALL, FUNCTION),
    _c("score", "Verdict score", SIGNED, lambda res: res.chosen.score, *ALL, FUNCTION),
    _c("stability", "What would change it", TEXT, lambda res: res.stability, *ALL),
    _c("confidence", "Same verdict in plausible cases (%)", SHARE, lambda res: res.confidence, *ALL, SCORES),
    _c("confidence_note", "How sure", TEXT, lambda res: res.confidence_words, REPORT),
    _c("verdict_balanced", "Verdict, balanced stance", VERDICT, _stance("balanced"), *ALL),
    _c("verdict_strict", "Verdict, strict stance", VERDICT, _stance("strict"), *ALL),
    _c("verdict_relative", "Verdict, relative stance", VERDICT, _stance("relative"), *ALL),
    _c(
        "company_score",
        "Company score (0-100)",
        SCORE,
        lambda res: res.factors.company_score,
        *ALL,
        SCORES,
        FUNCTION,
        CHART,
    ),
    _o(
        "company_basis",
        "Company score basis",
        TEXT,
        lambda r: r.company.basis + (f": {r.company.note}" if r.company.note else ""),
        REPORT,
    ),
    _c(
        "acceleration_risk",
        "Acceleration risk (0-100)",
        SCORE,
        lambda res: res.factors.acceleration,
        *ALL,
        SCORES,
        FUNCTION,
        CHART,
    ),
    _c(
        "risk_reduction",
        "Risk reduction (0-100)",
        SCORE,
        lambda res: res.chosen.risk_reduction,
        *ALL,
        SCORES,
        FUNCTION,
        CHART,
    ),
    _c(
        "net_impact", "Net impact (-100..100)", SIGNED, lambda res: res.chosen.net_impact, *ALL, SCORES, FUNCTION, CHART
    ),
    _c("lock_in", "Lock-in (0-100)", SCORE, lambda res: res.chosen.lockin, *ALL, SCORES, FUNCTION, CHART),
    _o("ready_to_quit", "Ready to quit", TEXT, _ready, REPORT),
    _c("personal_fit", "Personal fit (0-100)", SCORE, lambda res: res.factors.fit, *ALL, SCORES, FUNCTION, CHART),
    _o("currency", "Amounts in", TEXT, lambda r: r.currency, REPORT, SUMMARY),
    _o("offer_currency", "Offer's own currency", TEXT, _own_currency, REPORT, SUMMARY),
    _c("total_comp_year1", "Pay, year 1", MONEY, lambda res: res.money.year1[res.base], *ALL, SCORES, FUNCTION),
    _o("total_comp_annualised", "Pay per year (average)", MONEY, lambda r: r.compensation.annualised, REPORT),
    _c(
        "total_comp_horizon",
        "Pay over the horizon",
        MONEY,
        lambda res: res.money.horizon_total[res.base],
        *ALL,
        SCORES,
        FUNCTION,
    ),
    _o(
        "total_comp_horizon_bear",
        "Pay over the horizon, bear path",
        MONEY,
        _scenario("bear", lambda s: s.compensation.horizon_total),
        REPORT,
        SUMMARY,
    ),
    _o(
        "total_comp_horizon_bull",
        "Pay over the horizon, bull path",
        MONEY,
        _scenario("bull", lambda s: s.compensation.horizon_total),
        REPORT,
        SUMMARY,
    ),
    _o(
        "lock_in_bear",
        "Lock-in, bear path (0-100)",
        SCORE,
        _scenario("bear", lambda s: s.lockin.score),
        REPORT,
        SUMMARY,
    ),
    _o(
        "lock_in_bull",
        "Lock-in, bull path (0-100)",
        SCORE,
        _scenario("bull", lambda s: s.lockin.score),
        REPORT,
        SUMMARY,
    ),
    _o("scenario_growth", "Equity growth a year, by path", TEXT, _growth, REPORT),
    _o("best_alternative", "Best alternative", TEXT, _alternative, REPORT),
    _o("pay_gap", "Pay gap to it (per year)", MONEY, lambda r: r.alternative.pay_gap, REPORT),
    _o("impact_gap", "Net impact gap to it", SIGNED, lambda r: r.alternative.impact_gap, REPORT),
    _o("lockin_gap", "Lock-in gap to it", SIGNED, lambda r: r.alternative.lockin_gap, REPORT),
    _o("red_flags", "Red flags", LIST, lambda r: [f.message for f in r.lockin.red_flags], REPORT, SUMMARY),
    _c("red_flag_count", "Red flags (count)", COUNT, lambda res: [len(f) for f in res.table.flags], DATASET),
    _o("drivers", "Top drivers", LIST, _drivers, REPORT, SUMMARY),
    _o("safeguards", "Safeguards", LIST, lambda r: list(r.safeguards), REPORT),
    _o("ask_effects", "Each ask if granted", LIST, lambda r: [e.said for e in r.ask_effects], REPORT),
    _o("warnings", "Warnings", LIST, lambda r: list(r.warnings), REPORT, SUMMARY),
)
BY_KEY = {o.key: o for o in OUTPUTS}
# Chart outputs where a higher value is worse for the person: charted apart from the rest, so no chart mixes
# bars that are good tall with bars that are bad tall.
WORSE_WHEN_HIGHER = frozenset({"acceleration_risk", "lock_in"})


def check_columns(declared: tuple[Output, ...]) -> None:
    """A dataset is read from the engine's columns: an output shown there without one is an error."""
    unread = [o.key for o in declared if DATASET in o.where and o.column is None]
    if unread:
        raise TypeError(f"spec.outputs: {', '.join(unread)} shown in the dataset without a column of the engine")


check_columns(OUTPUTS)


def outputs(where: str) -> tuple[Output, ...]:
    """The outputs that appear in one place, in their declared order."""
    return tuple(o for o in OUTPUTS if where in o.where)
