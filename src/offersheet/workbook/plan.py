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

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from offersheet.model.asks import ADVICE
from offersheet.model.evaluate import Evaluation, OfferResult
from offersheet.model.vocab import VERDICTS
from offersheet.spec.outputs import (
    BY_KEY,
    CHART,
    MONEY,
    REPORT,
    SCORE,
    WORSE_WHEN_HIGHER,
    lines,
    number_format,
    outputs,
    rounded,
    shown,
)
from offersheet.workbook import comparison
from offersheet.workbook.comparison import ResultCell
from offersheet.workbook.layout import (
    DETAILS_ROW,
    NAMED_ROWS,
    OFFER_INDICES,
    PAGE_UNITS,
    REPORT_ROW,
    REPORT_ROWS,
    SUMMARY_ROW,
    SUMMARY_ROWS,
    offer_column,
    offer_header,
)
from offersheet.workbook.measure import LINE_POINTS, TITLE_POINTS, row_height, text_height, text_points, width_for

ASKS_TEXT_WIDTH, ASKS_LABEL_WIDTH = 100, 26

Style = str  # "wrap", "header", "title", "bold", "bold_wrap" or "verdict<n>" (n: the verdict's index in VERDICTS)
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
    """A sheet's column widths, row heights, frozen panes, hidden columns, page breaks and print area."""

    sheet: str
    widths: Mapping[int, float] = MappingProxyType({})  # column number -> width
    heights: Mapping[int, float] = MappingProxyType({})  # row number -> height
    freeze: tuple[int, int] | None = None  # first unfrozen (row, column)
    hidden: tuple[int, ...] = ()  # columns kept for scripts, hidden from the person (the keys)
    breaks: tuple[int, ...] = ()  # rows that start a printed page (a section never begins at a page's foot)
    print_area: str = ""  # what prints ("A1:F46") when it is less than the sheet holds


class Line(NamedTuple):
    """How one series of a line chart is drawn: its colour (RGB hex), dash and width in points."""

    colour: str
    dash: Literal["solid", "dash", "sysDot"] = "solid"
    points: float = 1.75


class Chart(NamedTuple):
    """A chart over a block of one sheet. Line: the x column (numbers: the months), then one series per column
    named by its header (the package writer draws it as a scatter with lines: its x axis is a value axis). Bar:
    one series per given row, named by its cell in ``names_col``; categories (the employers, as text) in
    ``first_row``; values in ``first_col``..``last_col``."""

    sheet: str  # where the chart sits
    kind: Literal["line", "bar"]
    title: str
    data_sheet: str
    first_row: int  # the header row (line) or the category row (bar)
    first_col: int  # the category column (line) or the first value column (bar)
    last_row: int
    last_col: int
    series_rows: tuple[int, ...] = ()  # bar: the rows that are series
    anchor: tuple[int, int] = (2, 2)  # top-left cell (row, column)
    offset: float = 0.0  # cm right of the anchor cell's left edge
    x_title: str = ""
    y_title: str = ""
    lines: tuple[Line, ...] = ()  # line: each series' colour and dash (automatic when not given)
    names_col: int = 0  # bar: the column holding each series' name
    size: tuple[float, float] = (24.0, 10.0)  # width and height, cm
    value_format: str = "#,##0"  # the value axis' number format
    x_range: tuple[int, int] = (0, 0)  # line: the x axis from, to (the months shown)
    x_step: int = 0  # line: an x label (and gridline) every this many (0: the application's choice)


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


def chart_name(spec: Chart) -> str:
    """The name a chart goes by on its sheet, whichever back-end drew it: the next run finds it by name."""
    return "offersheet lock-in" if spec.kind == "line" else f"offersheet {spec.title.lower()}"


class UnknownOperation(TypeError):
    """A back-end was handed something that is not one of the plan's operations (a bug, never the person's)."""

    def __init__(self, op: object, backend: str) -> None:
        super().__init__(
            f"{backend} has no way to carry out {op!r}: not one of the plan's operations "
            f"({', '.join(t.__name__ for t in (Clear, Put, Format, Layout, Chart, Enter))})"
        )


def report_values(r: OfferResult) -> dict[str, Any]:
    """Every Report row's value for one offer, as the output spec rounds it; lists one item a line."""
    return {o.key: lines(v) if isinstance(v := o.value(r), list) else v for o in outputs(REPORT)}


def against(r: OfferResult) -> str:
    """What the offer's pay and impact are compared with: the best other offer here, or the profile's pay."""
    alt = r.alternative
    if alt.best_alternative and alt.pay_gap is not None and alt.impact_gap is not None:
        return (
            f"{alt.best_alternative}, the best other offer in this workbook: this one "
            f"{_gap_words(alt.pay_gap, MONEY, r.currency, ' a year', 'pays')} and "
            f"{_gap_words(alt.impact_gap, SCORE, None, ' points', 'scores')} on net impact; adding or changing "
            "other offers can change which one it is"
        )
    return "the pay you could get elsewhere (Profile), if given: no other offer in this workbook"


def _gap_words(gap: float, kind: str, currency: str | None, unit: str, verb: str) -> str:
    """The gap's sign in words, at the precision it is shown: "pays $1,000 a year more", "scores 2.5 points
    lower", "pays the same"."""
    if rounded(kind, gap) == 0:
        return f"{verb} the same"
    higher, lower = ("more", "less") if verb == "pays" else ("higher", "lower")
    return f"{verb} {shown(kind, abs(gap), currency)}{unit} {higher if gap > 0 else lower}"


def summary_values(r: OfferResult) -> dict[str, str]:
    """The reading block of one offer: the option (employer, role), its verdict and score, why, what to watch,
    what would change it, what to ask."""

    def listed(items: Any, none: str) -> str:
        return "\n".join(items) or none

    return {
        "summary_employer": r.offer.employer,
        "summary_role": r.offer.role_title or r.offer.role_category.replace("_", " "),
        "summary_verdict": r.verdict + (" (borderline)" if r.borderline else ""),
        "summary_score": f"{r.judgement.score:+.1f} (thresholds: see Profile's model settings)",
        "summary_why": listed((f"{d.points:+.1f} {d.name}: {d.detail}" for d in r.judgement.drivers[:3]), ""),
        "summary_against": against(r),
        "summary_flags": listed((f.message for f in r.lockin.red_flags), "none"),
        "summary_safeguards": listed(r.safeguards, "none needed"),
        "summary_flip": r.stability,
        "summary_asks": listed(r.letters.asks, "nothing to ask"),
    }


REPORT_LABEL_WIDTH = (16.0, 26.0)  # the label column: as wide as its longest word needs, within these
OFFER_WIDTH = (26.0, 44.0)  # a Report offer column: the page shared among the offers, within these
UNUSED_WIDTH = 2.0  # a Report offer column with no offer: kept (Comparison refers to it), narrow


def report_widths(columns: list[int]) -> dict[int, float]:
    """Report's column widths: the labels, then the offers sharing a page (the template: all six)."""
    # A label with a hyphen is measured whole: LibreOffice and Excel break a line after a hyphen, which would
    # split a range ("Company score (0-" / "100)"); other labels wrap between words.
    texts = [text for _, text in (*SUMMARY_ROWS, *REPORT_ROWS)]
    label = width_for(
        [w for text in texts for w in ([text] if "-" in text else text.split())],
        bold=True,
        least=REPORT_LABEL_WIDTH[0],
        most=REPORT_LABEL_WIDTH[1],
    )
    shown = columns or list(OFFER_INDICES)
    each = min(max((PAGE_UNITS - label) / len(shown), OFFER_WIDTH[0]), OFFER_WIDTH[1])
    return {1: 12, 2: label, 3: 1, **{offer_column(i): each if i in shown else UNUSED_WIDTH for i in OFFER_INDICES}}


def report_plan(ev: Evaluation | None, columns: list[int]) -> list[Operation]:
    """The whole Report sheet: header, the reading block (the options named, each verdict in its colour, then why
    and what next), the detailed rows (key, label, a value per offer column) with number formats by kind, and
    the score charts; with no evaluation (the template) the value cells are empty and there is nothing to chart.
    Printed, the details and the charts each start a page."""
    by_column = {i: report_values(r) for r, i in zip(ev.offers, columns, strict=True)} if ev else {}
    summary = {i: summary_values(r) for r, i in zip(ev.offers, columns, strict=True)} if ev else {}
    first = min(REPORT_ROW.values())
    keys = sorted(REPORT_ROW, key=REPORT_ROW.__getitem__)
    values = tuple(tuple(by_column.get(i, {}).get(k) for i in OFFER_INDICES) for k in keys)
    block = tuple(tuple(summary.get(i, {}).get(k) for i in OFFER_INDICES) for k, _ in SUMMARY_ROWS)
    shown = set(columns) if ev else set(OFFER_INDICES)
    header = ("Key", "Result", "", *(offer_header(i) if i in shown else "" for i in OFFER_INDICES))
    ops: list[Operation] = [
        Clear("Report"),
        Put("Report", 1, 1, (header,), style="header"),
        # the keys unstyled: a hidden column's wrapped text still makes LibreOffice's rows taller
        Put("Report", min(SUMMARY_ROW.values()), 1, tuple((key,) for key, _ in SUMMARY_ROWS)),
        Put("Report", min(SUMMARY_ROW.values()), 2, tuple((label,) for _, label in SUMMARY_ROWS), style="bold_wrap"),
        Put("Report", min(SUMMARY_ROW.values()), offer_column(0), block, style="wrap"),
        Put("Report", SUMMARY_ROW["summary_employer"], offer_column(0), block[:2], style="bold_wrap"),
        Put("Report", DETAILS_ROW, 2, (("Details",),), style="title"),
        Put("Report", first, 1, tuple((key,) for key, _ in REPORT_ROWS)),
        Put("Report", first, 2, tuple((label,) for _, label in REPORT_ROWS), style="wrap"),
        Put("Report", first, offer_column(0), values, style="wrap"),
    ]
    for r, i in zip(ev.offers if ev else (), columns, strict=True):  # the verdict in its colour
        ops.append(
            Put(
                "Report",
                SUMMARY_ROW["summary_verdict"],
                offer_column(i),
                ((summary[i]["summary_verdict"],),),
                style=f"verdict{VERDICTS.index(r.verdict)}",
            )
        )
    for o in outputs(REPORT):
        if (fmt := number_format(o.kind, ev.currency if ev else None)) is not None:
            row = REPORT_ROW[o.key]
            ops.append(Format("Report", row, offer_column(0), row, offer_column(OFFER_INDICES[-1]), fmt))
    widths = report_widths(columns if ev else [])
    heights = {}
    rows = [
        *((SUMMARY_ROW[k], v) for (k, _), v in zip(SUMMARY_ROWS, block, strict=True)),
        *((REPORT_ROW[k], v) for k, v in zip(keys, values, strict=True)),
    ]
    labels = {
        **{SUMMARY_ROW[k]: label for k, label in SUMMARY_ROWS},
        **{REPORT_ROW[k]: label for k, label in REPORT_ROWS},
    }
    for row, row_values in rows:
        cells = {2: labels[row], **{offer_column(i): v for i, v in zip(OFFER_INDICES, row_values, strict=True)}}
        bold = [2] + ([offer_column(i) for i in OFFER_INDICES] if row <= SUMMARY_ROW["summary_verdict"] else [])
        if (height := row_height(cells, widths, bold)) > LINE_POINTS + 2:
            heights[row] = height
    heights[DETAILS_ROW] = TITLE_POINTS
    charts_row = max(REPORT_ROW.values()) + 2
    ops += [*chart_block(ev, columns, widths, charts_row)] if ev and columns else []
    # The keys (A) are for scripts and the spacer (C) keeps labels apart from values: both hidden, so that a
    # chart over labels and values skips the spacer, as charts skip what is hidden.
    ops.append(
        Layout(
            "Report",
            widths=widths,
            heights=heights,
            freeze=(NAMED_ROWS + 1, offer_column(0)),
            hidden=REPORT_HIDDEN,
            breaks=(DETAILS_ROW, charts_row) if ev and columns else (DETAILS_ROW,),
        )
    )
    return ops


EMU_CM = 360_000
CM_PER_UNIT = 7 * 2.54 / 96  # a unit of column width in Excel (7 pixels at 96 dpi): where the next chart goes
CHART_HEIGHT = 7.5  # cm
CHART_GAP = 0.5  # cm between the charts side by side
DEFAULT_WIDTH = 8.43  # a column with no width of its own
REPORT_HIDDEN = (1, 3)  # the keys (for scripts) and the spacer between labels and values
CHART_TITLE_POINTS = 13  # the charts' titles (drawings.py writes them at this size)


def chart_block(ev: Evaluation, columns: list[int], widths: dict[int, float], row: int) -> list[Operation]:
    """The scores charted on Report, after its details: for each chart a small table of what it draws (the
    employers, then a labelled row per output) and under them the two bar charts, side by side, sized to the
    number of offers: what is better when higher, and what is worse when higher (no chart mixes the two). Each
    chart reads one block (names, employers and values), as a spreadsheet's own chart dialog would."""
    present = {i: r for r, i in zip(ev.offers, columns, strict=True)}
    span = range(min(columns), max(columns) + 1)
    first, last = offer_column(span[0]), offer_column(span[-1])
    names = tuple(present[i].offer.employer if i in present else "" for i in span)
    ops: list[Operation] = [Put("Report", row, 2, (("Scores, as charted below",),), style="title")]
    charts = []
    top = row + 1
    for title, keys in (("Better when higher", BETTER_KEYS), ("Worse when higher", WORSE_KEYS)):
        ops += [
            Put("Report", top, first, (names,), style="bold_wrap"),
            Put("Report", top + 1, 1, tuple((k, chart_label(k)) for k in keys)),
            Put(
                "Report",
                top + 1,
                first,
                tuple(tuple(BY_KEY[k].value(present[i]) if i in present else None for i in span) for k in keys),
            ),
        ]
        ops += [
            Format("Report", top + 1 + n, first, top + 1 + n, last, fmt)
            for n, k in enumerate(keys)
            if (fmt := number_format(BY_KEY[k].kind)) is not None
        ]
        charts.append((title, keys, top))
        top += len(keys) + 1
    heights = {
        row: TITLE_POINTS,
        **{
            header: max(text_height(n, widths[offer_column(i)], bold=True) for n, i in zip(names, span, strict=True))
            for _, _, header in charts
        },
    }
    ops.append(Layout("Report", heights=heights))
    left = 0.0  # cm from the left edge of column B
    for title, keys, header in charts:
        size = (bar_chart_width(title, keys, len(columns)), CHART_HEIGHT)
        col, offset = place(widths, REPORT_HIDDEN, 2, left)
        ops.append(
            Chart(
                "Report",
                "bar",
                title,
                "Report",
                first_row=header,
                first_col=first,
                last_row=header + len(keys),
                last_col=last,
                names_col=2,
                anchor=(top + 1, col),
                offset=offset,
                series_rows=tuple(range(header + 1, header + 1 + len(keys))),
                y_title=SCALE_TITLES[title],
                size=size,
                value_format="0",
            )
        )
        left += size[0] + CHART_GAP
    return ops


BETTER_TITLE_SCALE = "0-100; net impact -100..100"
SCALE_TITLES = {"Better when higher": BETTER_TITLE_SCALE, "Worse when higher": "0-100"}


def chart_label(key: str) -> str:
    """A charted output's name in a legend: its label without the scale the axis gives."""
    return BY_KEY[key].label.split(" (")[0]


def bar_chart_width(title: str, keys: tuple[str, ...], n_offers: int) -> float:
    """Width (cm) of a bar chart: room for each offer's bars and for the legend's names on one line, and never
    narrower than its title on one line."""
    legend = sum(text_points(chart_label(k), size=10) / 72 * 2.54 + 1.2 for k in keys)
    bars = 2.5 + n_offers * (0.55 * len(keys) + 0.8)
    title_cm = text_points(title, bold=True, size=CHART_TITLE_POINTS) / 72 * 2.54 + 2
    return round(max(bars, legend + 1.5, title_cm, 9.0), 1)


def place(widths: Mapping[int, float], hidden: Iterable[int], col: int, cm: float) -> tuple[int, float]:
    """Where a point ``cm`` right of the left edge of ``col`` falls: its column, and how far into it (cm)."""
    skip = set(hidden)
    while True:
        here = 0.0 if col in skip else widths.get(col, DEFAULT_WIDTH) * CM_PER_UNIT
        if cm < here:
            return col, round(cm, 2)
        cm -= here
        col += 1


def has_equity(r: OfferResult) -> bool:
    """Whether valuation paths can differ for this offer (no equity: every path is the base path)."""
    return r.offer.equity_kind != "none" and (r.offer.equity_grant_value > 0 or r.offer.annual_refresher_value > 0)


# Lock-in chart: each offer in its own colour, its bull path dashed and its bear path dotted in the same
# colour; savings a thick dark red line, apart from every offer's colour and from the axis.
OFFER_COLOURS = ("2F5597", "ED7D31", "548235", "7030A0", "BF9000", "00B0F0")
SAVINGS_LINE = Line("C00000", "solid", 2.5)
LOCKIN_WIDTHS = (11.0, 16.0)  # a schedule column: its largest amount on one line, within these


def month_step(months: int) -> int:
    """How often the lock-in chart labels a month: every half year up to five years, then every year."""
    return 6 if months <= 61 else 12


def lockin_plan(ev: Evaluation, columns: list[int], savings: float) -> list[Operation]:
    """Month by month: each offer's forfeiture on the base path, then on the bull and bear paths, and savings,
    in the home currency; the chart under the table, on a page of its own, as wide as the page."""
    series = [
        (f"{offer_header(i)}: {r.offer.employer}", r.lockin.schedule, Line(OFFER_COLOURS[i]))
        for r, i in zip(ev.offers, columns, strict=True)
    ]
    paths: tuple[tuple[str, Literal["dash", "sysDot"]], ...] = (("bull", "dash"), ("bear", "sysDot"))
    for path, dash in paths:
        series += [
            (
                f"{offer_header(i)}: {r.offer.employer} ({path})",
                r.scenarios[path].lockin.schedule,
                Line(OFFER_COLOURS[i], dash, 1.5),
            )
            for r, i in zip(ev.offers, columns, strict=True)
            if path in r.scenarios and has_equity(r)
        ]
    headers = ("Month", *(h for h, _, _ in series), "Your savings (runway)")
    months = len(ev.offers[0].lockin.schedule) if ev.offers else 0
    rows = tuple((m, *(round(sched[m].forfeit) for _, sched, _ in series), round(savings)) for m in range(months))
    width = len(headers)
    money = number_format(MONEY, ev.currency) or "#,##0"
    biggest = max((v for r in rows for v in r[1:]), default=0)
    column = width_for([f"{biggest:,}0"], least=LOCKIN_WIDTHS[0], most=LOCKIN_WIDTHS[1])
    widths = {1: 7.0, **{c: column for c in range(2, width + 1)}}
    ops: list[Operation] = [Clear("Lock-in"), Put("Lock-in", 1, 1, (headers,), style="header")]
    chart_row = months + 3
    if rows:
        ops.append(Put("Lock-in", 2, 1, tuple((r[0],) for r in rows)))
        ops.append(Put("Lock-in", 2, 2, tuple(r[1:] for r in rows), number_format=money))
        page = max(sum(widths.values()) * CM_PER_UNIT, 24.0)
        ops.append(
            Chart(
                "Lock-in",
                "line",
                LOCKIN_CHART_TITLE,
                "Lock-in",
                1,
                1,
                months + 1,
                width,
                anchor=(chart_row + 1, 1),
                x_title="Month",
                y_title=f"Forfeit if you leave ({ev.currency})",
                lines=(*(line for _, _, line in series), SAVINGS_LINE),
                size=(min(page, 30.0), 15.0),
                value_format=money,
                x_range=(0, months - 1),
                x_step=month_step(months),
            )
        )
    header = max(text_height(h, column, bold=True) for h in headers)
    ops.append(
        Layout("Lock-in", widths=widths, heights={1: header}, freeze=(2, 2), breaks=(chart_row,) if rows else ())
    )
    return ops


def asks_plan(ev: Evaluation, columns: list[int]) -> list[Operation]:
    """How to use the asks, then per offer its asks and three letters; each offer starts a printed page, and
    every label names the offer, so that every page says whose letters it shows."""
    ops: list[Operation] = [
        Clear("Asks"),
        Put("Asks", 1, 1, (("How to use these",),), style="bold"),
        Put("Asks", 1, 2, ((ADVICE,),), style="wrap"),
    ]
    heights: dict[int, float] = {1: text_height(ADVICE, ASKS_TEXT_WIDTH)}
    breaks = []
    row = 3
    for r, i in zip(ev.offers, columns, strict=True):
        name = f"{offer_header(i)}: {r.offer.employer}"
        if row > 3:
            breaks.append(row)
        ops.append(Put("Asks", row, 1, ((f"{name} ({r.offer.role_title or 'role'})",),), style="title"))
        heights[row] = TITLE_POINTS
        row += 1
        asks = (
            "\n".join(f"- {e.ask}\n    if granted: {e.effect}" for e in r.ask_effects)
            if r.ask_effects
            else "\n".join(f"- {a}" for a in r.letters.asks)
        )
        blocks = (
            ("Asks, each with what it would do if granted", asks),
            ("Email with the asks", r.letters.ask_email),
            ("Decline with reasons", r.letters.decline),
            ("Acceptance note", r.letters.acceptance),
        )
        ops.append(Put("Asks", row, 1, tuple((f"{title}\n{name}",) for title, _ in blocks), style="bold_wrap"))
        ops.append(Put("Asks", row, 2, tuple((text,) for _, text in blocks), style="wrap"))
        for n, (title, text) in enumerate(blocks):
            label = text_height(f"{title}\n{name}", ASKS_LABEL_WIDTH, bold=True)
            heights[row + n] = max(text_height(text, ASKS_TEXT_WIDTH), label) + LINE_POINTS  # a blank line under each
        row += len(blocks) + 1
    ops.append(Layout("Asks", widths={1: ASKS_LABEL_WIDTH, 2: ASKS_TEXT_WIDTH}, heights=heights, breaks=tuple(breaks)))
    return ops


def status_plan(
    evaluated_at: str, model_version: str, n_offers: int, fingerprint: float | None = None
) -> list[Operation]:
    """Start's status: when, which model, and the inputs' fingerprint at that evaluation (``freshness``)."""
    stamp = f"{evaluated_at} ({n_offers} offers)"
    done: list[Operation] = [Put("Start", STATUS_ROW + 1, 2, ((stamp,), (model_version,)))]
    if fingerprint is not None:
        done.append(Put("Start", FINGERPRINT_ROW, 2, ((fingerprint,),)))
    return done


def plan_results(
    ev: Evaluation, columns: list[int], savings: float, evaluated_at: str, fingerprint: float | None = None
) -> list[Operation]:
    """Every write a recalculation makes, in order: last, Comparison's formulas entered again and its print
    area set to the offers evaluated."""
    return [
        *report_plan(ev, columns),
        *lockin_plan(ev, columns, savings),
        *asks_plan(ev, columns),
        *status_plan(evaluated_at, ev.model_version, len(ev.offers), fingerprint),
        Enter(comparison.SHEET, comparison.result_cells()),
        Layout(comparison.SHEET, print_area=comparison.print_area(columns)),
    ]
