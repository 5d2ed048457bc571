"""What a recalculation writes, as data: the one recalculation logic behind every back-end.

``plan_results`` turns an evaluation into a list of operations on the computed sheets (Report, Lock-in,
Asks, Start's status, the charts). Two thin back-ends carry them out: ``apply_to_workbook`` on an openpyxl
workbook (``offersheet evaluate``) and ``offersheet.macros`` on a live xlwings ``Book`` (Excel, xlwings Lite,
xlwings Server). Input sheets are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from offersheet.model.evaluate import Evaluation, OfferResult
from offersheet.workbook.layout import MONEY, OFFER_INDICES, REPORT_ROW, offer_column, offer_header
from offersheet.workbook.schema import MAX_OFFERS

Style = Literal["wrap", "header", "title", "bold"]
Rows = tuple[tuple[Any, ...], ...]
STATUS_ROW = 12  # Start: "Status" title; last-evaluated and model version below it
LOCKIN_CHART_TITLE = "What leaving would forfeit, month by month, against your savings"
SCORE_KEYS = ("company_score", "acceleration_risk", "risk_reduction", "net_impact", "lock_in", "personal_fit")


@dataclass(frozen=True)
class Clear:
    """Clear the contents of a whole computed sheet (and its charts), or of one rectangle."""

    sheet: str
    area: tuple[int, int, int, int] | None = None  # first row, first column, last row, last column


@dataclass(frozen=True)
class Put:
    """Write a rectangle of values with its top-left cell at (row, col); text always stays text."""

    sheet: str
    row: int
    col: int
    values: Rows
    style: Style | None = None
    number_format: str | None = None

    @property
    def last_row(self) -> int:
        return self.row + len(self.values) - 1

    @property
    def last_col(self) -> int:
        return self.col + max(len(r) for r in self.values) - 1


@dataclass(frozen=True)
class Format:
    """Give a rectangle of already written cells a number format."""

    sheet: str
    row: int
    col: int
    last_row: int
    last_col: int
    number_format: str


@dataclass(frozen=True)
class Layout:
    sheet: str
    widths: dict[int, float] = field(default_factory=dict)  # column number -> width
    heights: dict[int, float] = field(default_factory=dict)  # row number -> height
    freeze: tuple[int, int] | None = None  # first unfrozen (row, column)


@dataclass(frozen=True)
class Chart:
    """A chart over a block of one sheet: series in columns (line) or in the given rows (bar)."""

    sheet: str  # where the chart sits
    kind: Literal["line", "bar"]
    title: str
    data_sheet: str
    first_row: int  # the header row (line) or the category row (bar)
    first_col: int  # the category column (line) or the series-name column (bar)
    last_row: int
    last_col: int
    series_rows: tuple[int, ...] = ()  # bar: the rows that are series
    anchor: tuple[int, int] = (2, 2)  # top-left cell (row, column)
    x_title: str = ""
    y_title: str = ""
    dashed: tuple[int, ...] = ()  # 0-based series drawn dashed (the bull and bear paths)


Operation = Clear | Put | Format | Layout | Chart


def report_values(r: OfferResult) -> dict[str, Any]:
    """Every Report row's value for one offer: plain numbers and text, rounded at this edge."""
    j, alt = r.judgement, r.alternative
    return {
        "employer": r.offer.employer, "role_title": r.offer.role_title, "verdict": r.verdict,
        "score": round(j.score, 1), "stability": r.stability,
        **{f"verdict_{k}": v for k, v in r.by_stance.items()},
        "company_score": round(r.company.score, 1),
        "company_basis": r.company.basis + (f": {r.company.note}" if r.company.note else ""),
        "acceleration_risk": round(r.impact.acceleration, 1), "risk_reduction": round(r.impact.risk_reduction, 1),
        "net_impact": round(r.impact.net_impact, 1), "lock_in": round(r.lockin.score, 1),
        "ready_to_quit": "yes" if r.lockin.ready_to_quit else "no: " + "; ".join(r.lockin.not_ready_reasons),
        "personal_fit": round(r.fit.score, 1),
        "total_comp_year1": round(r.compensation.year1), "total_comp_annualised": round(r.compensation.annualised),
        "total_comp_horizon": round(r.compensation.horizon_total),
        **_scenario_values(r),
        "best_alternative": alt.best_alternative or ("; ".join(alt.ideas) if alt.ideas else ""),
        "pay_gap": None if alt.pay_gap is None else round(alt.pay_gap),
        "impact_gap": None if alt.impact_gap is None else round(alt.impact_gap, 1),
        "lockin_gap": None if alt.lockin_gap is None else round(alt.lockin_gap, 1),
        "red_flags": "\n".join(f.message for f in r.lockin.red_flags),
        "drivers": "\n".join(f"{d.name} {d.points:+.1f} ({d.detail})" for d in j.drivers[:4]),
        "safeguards": "\n".join(r.safeguards),
        "warnings": "\n".join(r.warnings),
    }


def _scenario_values(r: OfferResult) -> dict[str, Any]:
    s = r.scenarios
    if not s:
        return {}
    return {
        "total_comp_horizon_bear": round(s["bear"].compensation.horizon_total),
        "total_comp_horizon_bull": round(s["bull"].compensation.horizon_total),
        "lock_in_bear": round(s["bear"].lockin.score, 1), "lock_in_bull": round(s["bull"].lockin.score, 1),
        "scenario_growth": " | ".join(s[k].described for k in ("bear", "base", "bull"))
                           + (" (zero case: equity worthless)" if "zero" in s else ""),
    }


def report_plan(ev: Evaluation, columns: list[int]) -> list[Operation]:
    by_column = {i: report_values(r) for r, i in zip(ev.offers, columns, strict=True)}
    first = min(REPORT_ROW.values())
    keys = sorted(REPORT_ROW, key=REPORT_ROW.__getitem__)
    values = tuple(tuple(by_column.get(i, {}).get(k) for i in OFFER_INDICES) for k in keys)
    ops: list[Operation] = [Put("Report", first, offer_column(0), values, style="wrap")]
    for key in ("total_comp_year1", "total_comp_annualised", "total_comp_horizon", "total_comp_horizon_bear",
                "total_comp_horizon_bull", "pay_gap"):
        row = REPORT_ROW[key]
        ops.append(Format("Report", row, offer_column(0), row, offer_column(OFFER_INDICES[-1]), MONEY))
    ops.append(score_chart(max(columns) + 1 if columns else MAX_OFFERS))
    return ops


def score_chart(n_offers: int) -> Chart:
    return Chart("Comparison", "bar", "Scores by offer (0-100; net impact -100..100)", "Report",
                 first_row=REPORT_ROW["employer"], first_col=offer_column(0),
                 last_row=max(REPORT_ROW[k] for k in SCORE_KEYS), last_col=offer_column(0) + n_offers - 1,
                 series_rows=tuple(REPORT_ROW[k] for k in SCORE_KEYS), anchor=(2, 11))


def has_equity(r: OfferResult) -> bool:
    """Whether valuation paths can differ for this offer (no equity: every path is the base path)."""
    return r.offer.equity_kind != "none" and (r.offer.equity_grant_value > 0 or r.offer.annual_refresher_value > 0)


def lockin_plan(ev: Evaluation, columns: list[int], savings: float) -> list[Operation]:
    """Month by month: each offer's forfeiture on the base path, then on the bull and bear paths, and savings."""
    series = [(f"{offer_header(i)}: {r.offer.employer}", r.lockin.schedule)
              for r, i in zip(ev.offers, columns, strict=True)]
    for path in ("bull", "bear"):
        series += [(f"{offer_header(i)}: {r.offer.employer} ({path})", r.scenarios[path].lockin.schedule)
                   for r, i in zip(ev.offers, columns, strict=True) if path in r.scenarios and has_equity(r)]
    headers = ("Month", *(h for h, _ in series), "Your savings (runway)")
    months = len(ev.offers[0].lockin.schedule) if ev.offers else 0
    rows = tuple((m, *(round(sched[m].forfeit) for _, sched in series), round(savings)) for m in range(months))
    width = len(headers)
    ops: list[Operation] = [Clear("Lock-in"), Put("Lock-in", 1, 1, (headers,), style="header")]
    if rows:
        ops.append(Put("Lock-in", 2, 1, tuple((r[0],) for r in rows)))
        ops.append(Put("Lock-in", 2, 2, tuple(r[1:] for r in rows), number_format=MONEY))
        ops.append(Chart("Lock-in", "line", LOCKIN_CHART_TITLE, "Lock-in", 1, 1, months + 1, width,
                         anchor=(2, width + 2), x_title="Month", y_title="Forfeit if you leave",
                         dashed=tuple(n for n, (h, _) in enumerate(series) if h.endswith(("(bull)", "(bear)")))))
    ops.append(Layout("Lock-in", widths={1: 8, **{c: 24 for c in range(2, width + 1)}}, heights={1: 32},
                      freeze=(2, 2)))
    return ops


def asks_plan(ev: Evaluation, columns: list[int]) -> list[Operation]:
    ops: list[Operation] = [Clear("Asks")]
    heights: dict[int, float] = {}
    row = 1
    for r, i in zip(ev.offers, columns, strict=True):
        ops.append(Put("Asks", row, 1, ((f"{offer_header(i)}: {r.offer.employer} ({r.offer.role_title or 'role'})",),),
                       style="title"))
        row += 1
        blocks = (("Asks", "\n".join(f"- {a}" for a in r.letters.asks)), ("Email with the asks", r.letters.ask_email),
                  ("Decline with reasons", r.letters.decline), ("Acceptance note", r.letters.acceptance))
        ops.append(Put("Asks", row, 1, tuple((title,) for title, _ in blocks), style="bold"))
        ops.append(Put("Asks", row, 2, tuple((text,) for _, text in blocks), style="wrap"))
        for n, (_, text) in enumerate(blocks):
            heights[row + n] = 15 * (text.count("\n") + 2)
        row += len(blocks) + 1
    ops.append(Layout("Asks", widths={1: 26, 2: 110}, heights=heights))
    return ops


def status_plan(evaluated_at: str, model_version: str, n_offers: int) -> list[Operation]:
    return [Put("Start", STATUS_ROW + 1, 2, ((f"{evaluated_at} ({n_offers} offers)",), (model_version,)))]


def plan_results(ev: Evaluation, columns: list[int], savings: float, evaluated_at: str) -> list[Operation]:
    """Every write a recalculation makes, in order."""
    return [*report_plan(ev, columns), *lockin_plan(ev, columns, savings), *asks_plan(ev, columns),
            *status_plan(evaluated_at, ev.model_version, len(ev.offers))]
