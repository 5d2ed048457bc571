"""The computed sheets: Start's how-to and status, Report, Lock-in (with chart), Asks, and the score chart.

Everything here writes only to computed sheets; input sheets are never touched.
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from offersheet.workbook import freshness
from offersheet.workbook.measure import TITLE_POINTS, text_height
from offersheet.workbook.plan import (
    FINGERPRINT_ROW,
    MESSAGE_ROW,
    STATUS_ROW,
    Clear,
    Enter,
    Format,
    Layout,
    Operation,
    Put,
    UnknownOperation,
)
from offersheet.workbook.plan import Chart as ChartOp
from offersheet.workbook.styles import BOLD, GREY, HEADER_FILL, HEADER_FONT, TITLE_FONT, TOP, VERDICT_FILLS, WRAP

FRESHNESS_STORED, FRESHNESS_LIVE = f"Start!$B${FINGERPRINT_ROW}", f"Start!$B${FINGERPRINT_ROW + 1}"
FRESHNESS_MESSAGE = f"Start!$B${MESSAGE_ROW}"

START_WIDTH = 110
HOW_TO = (
    "1. Offers: one column per offer (up to six). Yellow cells are inputs; pick from the lists where offered.",
    "2. Profile: your savings, spending and the six personal-fit traits (1-5). Model settings below them are "
    "the defaults, visible and editable.",
    "3. Companies: the public ratings behind each company score, with source and edition. Edit or add rows.",
    "4. With the xlwings add-in, Comparison updates live and the Recalculate offers script (or Run main) "
    "refreshes the report. Without it, run: offersheet evaluate THIS_FILE.xlsx",
    "5. Read Report for verdicts and their drivers, Lock-in for what leaving would cost month by month (base, "
    "bull and bear valuation paths), and Asks for what to ask for and draft letters.",
    "The model's reasoning follows two public articles: the 80,000 Hours career review on working at a frontier "
    'AI company, and "Potential employees have a unique lever to influence the behaviors of AI labs". '
    "See docs/model.md.",
)


def write_start_text(ws: Worksheet) -> None:
    ws["A1"] = "offersheet: compare job offers at frontier AI companies"
    ws["A1"].font = TITLE_FONT
    ws.row_dimensions[1].height = TITLE_POINTS
    for n, line in enumerate(HOW_TO, 3):
        ws.cell(n, 1, line).alignment = WRAP
        ws.row_dimensions[n].height = text_height(line, START_WIDTH)
    ws.cell(STATUS_ROW, 1, "Status").font = BOLD
    ws.cell(STATUS_ROW + 1, 1, "Last evaluated")
    ws.cell(STATUS_ROW + 1, 2, "never")
    ws.cell(STATUS_ROW + 2, 1, "Model version")
    ws.cell(FINGERPRINT_ROW, 1, "Inputs fingerprint at that evaluation")
    ws.cell(FINGERPRINT_ROW + 1, 1, "Inputs fingerprint now")
    ws.cell(FINGERPRINT_ROW + 1, 2, f"={freshness.formula()}")
    ws.cell(MESSAGE_ROW, 1, "Results").font = BOLD
    ws.cell(MESSAGE_ROW, 2, freshness.status_formula(FRESHNESS_STORED, FRESHNESS_LIVE)).font = BOLD
    for r in (FINGERPRINT_ROW, FINGERPRINT_ROW + 1):
        ws.cell(r, 1).font = GREY
        ws.cell(r, 2).font = GREY
    for r in range(STATUS_ROW + 1, MESSAGE_ROW + 1):  # the fingerprints (numbers) in line with the other values
        ws.cell(r, 2).alignment = TOP
    ws.column_dimensions["A"].width = START_WIDTH
    ws.column_dimensions["B"].width = 30


STYLES: dict[str, dict[str, Any]] = {
    "wrap": {"alignment": WRAP},
    "header": {"font": HEADER_FONT, "fill": HEADER_FILL, "alignment": WRAP},
    "title": {"font": TITLE_FONT},
    "bold": {"font": BOLD, "alignment": TOP},  # a label beside tall text sits at its top
    "bold_wrap": {"font": BOLD, "alignment": WRAP},
    **{f"verdict{n}": {"font": BOLD, "fill": fill, "alignment": WRAP} for n, fill in enumerate(VERDICT_FILLS)},
}


def apply_to_workbook(wb: Workbook, ops: list[Operation]) -> None:
    """The openpyxl back-end of a recalculation plan (see ``plan``)."""
    for op in ops:
        apply_op(op, wb)


@singledispatch
def apply_op(op: object, wb: Workbook) -> None:
    """Carry out one operation of the plan on an openpyxl workbook: one function per operation type."""
    raise UnknownOperation(op, "the openpyxl back-end")


@apply_op.register
def _clear(op: Clear, wb: Workbook) -> None:
    ws = wb[op.sheet]
    if op.area is None:
        ws.delete_rows(1, ws.max_row)
        ws._charts = []
        return
    r1, c1, r2, c2 = op.area
    for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2):
        for cell in row:
            cell.value = None


@apply_op.register
def _put(op: Put, wb: Workbook) -> None:
    ws = wb[op.sheet]
    style = STYLES.get(op.style or "", {})
    for dr, values in enumerate(op.values):
        for dc, value in enumerate(values):
            cell = ws.cell(op.row + dr, op.col + dc)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, even when it starts with "="
            for attr, v in style.items():
                setattr(cell, attr, v)
            if op.number_format:
                cell.number_format = op.number_format


@apply_op.register
def _format(op: Format, wb: Workbook) -> None:
    for row in wb[op.sheet].iter_rows(min_row=op.row, max_row=op.last_row, min_col=op.col, max_col=op.last_col):
        for cell in row:
            cell.number_format = op.number_format


@apply_op.register
def _layout(op: Layout, wb: Workbook) -> None:
    from openpyxl.worksheet.pagebreak import Break

    ws = wb[op.sheet]
    for col, width in op.widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for col in op.hidden:
        ws.column_dimensions[get_column_letter(col)].hidden = True
    for row, height in op.heights.items():
        ws.row_dimensions[row].height = height
    if op.freeze:
        ws.freeze_panes = ws.cell(*op.freeze).coordinate
    for row in op.breaks:
        ws.row_breaks.append(Break(id=row - 1))
    if op.print_area:
        ws.print_area = op.print_area


@apply_op.register
def _enter(op: Enter, wb: Workbook) -> None:
    ws = wb[op.sheet]
    for c in op.cells:
        cell = ws.cell(c.row, c.col)
        if cell.data_type != "f":  # holds no formula: a value typed over it, or nothing
            cell.value = c.formula


@apply_op.register
def _chart(spec: ChartOp, wb: Workbook) -> None:
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor
    from openpyxl.drawing.xdr import XDRPositiveSize2D
    from openpyxl.utils.units import cm_to_EMU

    ws, data = wb[spec.sheet], wb[spec.data_sheet]
    ws._charts = [c for c in ws._charts if _title(c) != spec.title]
    chart: LineChart | BarChart
    if spec.kind == "line":
        chart = LineChart()
        chart.add_data(
            Reference(
                data, min_col=spec.first_col + 1, max_col=spec.last_col, min_row=spec.first_row, max_row=spec.last_row
            ),
            titles_from_data=True,
        )
        chart.set_categories(Reference(data, min_col=spec.first_col, min_row=spec.first_row + 1, max_row=spec.last_row))
        for series, line in zip(chart.series, spec.lines, strict=False):
            series.graphicalProperties = GraphicalProperties()
            series.graphicalProperties.line.solidFill = line.colour
            series.graphicalProperties.line.width = round(line.points * 12_700)
            series.graphicalProperties.line.dashStyle = line.dash
    else:
        chart = BarChart()
        chart.type = "col"
        for row in spec.series_rows:
            chart.add_data(
                Reference(data, min_col=spec.first_col, max_col=spec.last_col, min_row=row, max_row=row),
                from_rows=True,
                titles_from_data=False,
            )
        categories = Reference(
            data, min_col=spec.first_col, max_col=spec.last_col, min_row=spec.first_row, max_row=spec.first_row
        )
        for s, row in zip(chart.series, spec.series_rows, strict=True):
            s.tx = SeriesLabel(strRef=StrRef(f"{Reference(data, min_col=spec.names_col, min_row=row)}"))
            s.cat = AxDataSource(strRef=StrRef(f"{categories}"))  # the employers, as text
        chart.x_axis.tickLblPos = "low"  # employer names below the plot, never on the zero line under a bar
    chart.legend.position = "b"
    chart.width, chart.height = spec.size
    chart.title = spec.title
    chart.y_axis.title, chart.x_axis.title = spec.y_title or None, spec.x_title or None
    chart.y_axis.number_format = spec.value_format
    row, col = spec.anchor
    ext = XDRPositiveSize2D(cm_to_EMU(spec.size[0]), cm_to_EMU(spec.size[1]))
    chart.anchor = OneCellAnchor(_from=AnchorMarker(col=col - 1, colOff=cm_to_EMU(spec.offset), row=row - 1), ext=ext)
    ws.add_chart(chart)


def _title(chart: Any) -> str | None:
    try:
        return "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    except AttributeError:
        return None
