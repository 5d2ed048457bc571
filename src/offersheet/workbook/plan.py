"""What a recalculation writes, as data: the one recalculation logic behind every back-end.

``plan_results`` turns an evaluation into a list of operations on the computed sheets (Report, Lock-in,
Asks, Start's status, the charts) and the formulas Comparison's computed cells must hold. Three thin back-ends
carry them out, each handling every operation type once and refusing one it does not know
(:class:`UnknownOperation`): the package-level writer ``workbook.package.write_package`` on a person's file
(``offersheet evaluate``), ``workbook.sheets.apply_to_workbook`` on an openpyxl workbook (the template's Report,
built by ``offersheet new``) and ``offersheet.macros`` on a live xlwings ``Book`` (Excel, xlwings Lite, xlwings
Server). Input cells are never touched.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from offersheet.model.asks import ADVICE
from offersheet.model.evaluate import Evaluation, OfferResult
from offersheet.model.vocab import VERDICTS
from offersheet.spec.outputs import CHART, REPORT, WORSE_WHEN_HIGHER, number_format, outputs
from offersheet.workbook import comparison
from offersheet.workbook.comparison import ResultCell
from offersheet.workbook.layout import (
    DETAILS_ROW,
    LINE_POINTS,
    MONEY,
    OFFER_INDICES,
    REPORT_ROW,
    REPORT_ROWS,
    SUMMARY_ROW,
    SUMMARY_ROWS,
    TITLE_POINTS,
    offer_column,
    offer_header,
    row_height,
    text_height,
)
from offersheet.workbook.schema import MAX_OFFERS

ASKS_TEXT_WIDTH = 110

Style = str  # "wrap", "header", "title", "bold", or "verdict<n>" (n: the verdict's index in VERDICTS)
Rows = tuple[tuple[Any, ...], ...]
STATUS_ROW = 12  # Start: "Status" title; last-evaluated and model version below it
FINGERPRINT_ROW = STATUS_ROW + 3  # Start: the inputs' fingerprint at the last evaluation (workbook.freshness)
MESSAGE_ROW = FINGERPRINT_ROW + 2  # Start: whether the results match the inputs (a formula, in column B)
LOCKIN_CHART_TITLE = "What leaving would forfeit, month by month, against your savings"
SCORE_KEYS = tuple(o.key for o in outputs(CHART))
BETTER_KEYS = tuple(k for k in SCORE_KEYS if k not in WORSE_WHEN_HIGHER)
WORSE_KEYS = tuple(k for k in SCORE_KEYS if k in WORSE_WHEN_HIGHER)


class Clear(NamedTuple):
    """Clear the contents of a whole computed sheet (and its charts), or of one rectangle."""

    sheet: str
    area: tuple[int, int, int, int] | None = None  # first row, first column, last row, last column


class Put(NamedTuple):
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


class Format(NamedTuple):
    """Give a rectangle of already written cells a number format."""

    sheet: str
    row: int
    col: int
    last_row: int
    last_col: int
    number_format: str


class Layout(NamedTuple):
    """A sheet's column widths, row heights, frozen panes and hidden columns."""

    sheet: str
    widths: Mapping[int, float] = MappingProxyType({})  # column number -> width
    heights: Mapping[int, float] = MappingProxyType({})  # row number -> height
    freeze: tuple[int, int] | None = None  # first unfrozen (row, column)
    hidden: tuple[int, ...] = ()  # columns kept for scripts, hidden from the person (the keys)


class Chart(NamedTuple):
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


class Enter(NamedTuple):
    """Formulas that cells of a sheet offersheet does not own must hold: Comparison's computed cells
    (``workbook.comparison``). Each back-end enters what its application lets it: the package writer
    (``offersheet evaluate``) enters a cell's formula where the cell holds none (a value was typed over it) and
    its row still has its key, and makes every one compute again when the workbook opens; the xlwings back-end
    enters the unlocked ones, the live block (entering a function's formula is what binds it to the add-in in
    Office.js, and Excel refuses a write to a locked cell of a protected sheet); the openpyxl back-end enters
    any that holds none."""

    sheet: str
    cells: tuple[ResultCell, ...]


Operation = Clear | Put | Format | Layout | Chart | Enter


class UnknownOperation(TypeError):
    """A back-end was handed something that is not one of the plan's operations (a bug, never the person's)."""

    def __init__(self, op: object, backend: str) -> None:
        super().__init__(f"{backend} has no way to carry out {op!r}: not one of the plan's operations "
                         f"({', '.join(t.__name__ for t in (Clear, Put, Format, Layout, Chart, Enter))})")


def report_values(r: OfferResult) -> dict[str, Any]:
    """Every Report row's value for one offer, as the output spec rounds it; lists one item a line."""
    return {o.key: "\n".join(v) if isinstance(v := o.value(r), list) else v for o in outputs(REPORT)}


def against(r: OfferResult) -> str:
    """What the offer's pay and impact are compared with: the best other offer here, or the profile's pay."""
    alt = r.alternative
    if alt.best_alternative:
        return (f"{alt.best_alternative}, the best other offer in this workbook: the pay gap "
                f"({alt.pay_gap:+,.0f} {r.currency} a year) and the impact gap ({alt.impact_gap:+.1f}) are against it; "
                "adding or changing other offers can change which one it is")
    return "the pay you could get elsewhere (Profile), if given: no other offer in this workbook"


def summary_values(r: OfferResult) -> dict[str, str]:
    """The reading block of one offer: verdict, score, why, what to watch, what would change it, what to ask."""
    def lines(items: Any, none: str) -> str:
        return "\n".join(items) or none

    return {
        "summary_verdict": r.verdict + (" (borderline)" if r.borderline else ""),
        "summary_score": f"{r.judgement.score:+.1f} (thresholds: see Profile's model settings)",
        "summary_why": lines((f"{d.points:+.1f} {d.name}: {d.detail}" for d in r.judgement.drivers[:3]), ""),
        "summary_against": against(r),
        "summary_flags": lines((f.message for f in r.lockin.red_flags), "none"),
        "summary_safeguards": lines(r.safeguards, "none needed"),
        "summary_flip": r.stability,
        "summary_asks": lines(r.letters.asks, "nothing to ask"),
    }


def report_plan(ev: Evaluation | None, columns: list[int]) -> list[Operation]:
    """The whole Report sheet: header, the reading block (a verdict in its colour, then why and what next), the
    detailed rows (key, label, a value per offer column) with number formats by kind; with no evaluation (the
    template) the value cells are empty."""
    by_column = {i: report_values(r) for r, i in zip(ev.offers, columns, strict=True)} if ev else {}
    summary = {i: summary_values(r) for r, i in zip(ev.offers, columns, strict=True)} if ev else {}
    first = min(REPORT_ROW.values())
    keys = sorted(REPORT_ROW, key=REPORT_ROW.__getitem__)
    values = tuple(tuple(by_column.get(i, {}).get(k) for i in OFFER_INDICES) for k in keys)
    block = tuple(tuple(summary.get(i, {}).get(k) for i in OFFER_INDICES) for k, _ in SUMMARY_ROWS)
    header = ("Key", "Result", "", *(offer_header(i) for i in OFFER_INDICES))
    ops: list[Operation] = [
        Clear("Report"),
        Put("Report", 1, 1, (header,), style="header"),
        Put("Report", min(SUMMARY_ROW.values()), 1, SUMMARY_ROWS, style="bold"),
        Put("Report", min(SUMMARY_ROW.values()), offer_column(0), block, style="wrap"),
        Put("Report", DETAILS_ROW, 2, (("Details",),), style="title"),
        Put("Report", first, 1, tuple((key, label) for key, label in REPORT_ROWS), style="wrap"),  # at the top
        Put("Report", first, offer_column(0), values, style="wrap"),
    ]
    for r, i in zip(ev.offers if ev else (), columns, strict=True):  # the verdict in its colour
        ops.append(Put("Report", SUMMARY_ROW["summary_verdict"], offer_column(i), ((summary[i]["summary_verdict"],),),
                       style=f"verdict{VERDICTS.index(r.verdict)}"))
    for o in outputs(REPORT):
        if (fmt := number_format(o.kind, ev.currency if ev else None)) is not None:
            row = REPORT_ROW[o.key]
            ops.append(Format("Report", row, offer_column(0), row, offer_column(OFFER_INDICES[-1]), fmt))
    widths = {1: 22, 2: 30, 3: 2, **{offer_column(i): 34 for i in OFFER_INDICES}}
    heights = {}
    rows = [*((SUMMARY_ROW[k], v) for (k, _), v in zip(SUMMARY_ROWS, block, strict=True)),
            *((REPORT_ROW[k], v) for k, v in zip(keys, values, strict=True))]
    labels = {**{SUMMARY_ROW[k]: label for k, label in SUMMARY_ROWS},
              **{REPORT_ROW[k]: label for k, label in REPORT_ROWS}}
    for row, row_values in rows:
        height = row_height({2: labels[row], **{offer_column(i): v for i, v in zip(OFFER_INDICES, row_values,
                                                                                     strict=True)}}, widths)
        if height > LINE_POINTS + 2:
            heights[row] = height
    heights[DETAILS_ROW] = TITLE_POINTS
    ops.append(Layout("Report", widths=widths, heights=heights, freeze=(2, offer_column(0)), hidden=(1,)))
    ops += score_charts(max(columns) + 1 if columns else MAX_OFFERS)
    return ops


def score_charts(n_offers: int) -> list[Chart]:
    """Two bar charts on Comparison: what is better when higher, and what is worse when higher."""
    return [Chart("Comparison", "bar", title, "Report", first_row=REPORT_ROW["employer"], first_col=offer_column(0),
                  last_row=max(REPORT_ROW[k] for k in keys), last_col=offer_column(0) + n_offers - 1,
                  series_rows=tuple(REPORT_ROW[k] for k in keys), anchor=anchor)
            for title, keys, anchor in (
                ("Better when higher: company, risk reduction, net impact (-100..100), fit", BETTER_KEYS, (2, 11)),
                ("Worse when higher: acceleration risk and lock-in (0-100)", WORSE_KEYS, (22, 11)))]


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
    ops: list[Operation] = [Clear("Asks"), Put("Asks", 1, 1, (("How to use these",),), style="bold"),
                            Put("Asks", 1, 2, ((ADVICE,),), style="wrap")]
    heights: dict[int, float] = {1: text_height(ADVICE, ASKS_TEXT_WIDTH)}
    row = 3
    for r, i in zip(ev.offers, columns, strict=True):
        ops.append(Put("Asks", row, 1, ((f"{offer_header(i)}: {r.offer.employer} ({r.offer.role_title or 'role'})",),),
                       style="title"))
        heights[row] = TITLE_POINTS
        row += 1
        blocks = (("Asks", "\n".join(f"- {a}" for a in r.letters.asks)), ("Email with the asks", r.letters.ask_email),
                  ("Decline with reasons", r.letters.decline), ("Acceptance note", r.letters.acceptance))
        ops.append(Put("Asks", row, 1, tuple((title,) for title, _ in blocks), style="bold"))
        ops.append(Put("Asks", row, 2, tuple((text,) for _, text in blocks), style="wrap"))
        for n, (_, text) in enumerate(blocks):
            heights[row + n] = text_height(text, ASKS_TEXT_WIDTH) + LINE_POINTS  # a blank line under each
        row += len(blocks) + 1
    ops.append(Layout("Asks", widths={1: 26, 2: ASKS_TEXT_WIDTH}, heights=heights))
    return ops


def status_plan(evaluated_at: str, model_version: str, n_offers: int, fingerprint: float | None = None
                ) -> list[Operation]:
    """Start's status: when, which model, and the inputs' fingerprint at that evaluation (``freshness``)."""
    stamp = f"{evaluated_at} ({n_offers} offers)"
    done: list[Operation] = [Put("Start", STATUS_ROW + 1, 2, ((stamp,), (model_version,)))]
    if fingerprint is not None:
        done.append(Put("Start", FINGERPRINT_ROW, 2, ((fingerprint,),)))
    return done


def plan_results(ev: Evaluation, columns: list[int], savings: float, evaluated_at: str,
                 fingerprint: float | None = None) -> list[Operation]:
    """Every write a recalculation makes, in order: last, Comparison's formulas entered again."""
    return [*report_plan(ev, columns), *lockin_plan(ev, columns, savings), *asks_plan(ev, columns),
            *status_plan(evaluated_at, ev.model_version, len(ev.offers), fingerprint),
            Enter(comparison.SHEET, comparison.result_cells())]
