"""Recalculation and export macros for a live workbook, through xlwings (classic add-in, Lite or Server).

The logic lives once in ``offersheet.workbook.plan`` (what a recalculation writes) and in
``offersheet.workbook.reader`` (what it reads); this module is the thin xlwings back-end, the twin of the
openpyxl back-end that ``offersheet evaluate`` uses. Ways to run it:

- classic add-in: ``main()`` (RunPython / the ribbon's "Run main", through a ``<workbook>.py`` beside the
  workbook that imports it; ``offersheet new --macro-enabled`` writes that file), or ``recalculate`` /
  ``export`` from VBA with ``RunPython "import offersheet.macros as m; m.export()"``;
- xlwings Lite and Server: the ``@xlwings.script`` functions ``offersheet_recalculate`` and
  ``offersheet_export``, importable from ``offersheet.udfs``.
"""

from __future__ import annotations

import datetime as dt
from functools import singledispatch
from pathlib import Path
from typing import Any

import xlwings as xw

from offersheet.model.errors import InputError, OffersheetError
from offersheet.model.evaluate import Evaluation
from offersheet.model.evaluate import evaluate as evaluate_model
from offersheet.workbook.buttons import EXPORT_VBA, RECALCULATE, script_button
from offersheet.workbook.cells import ValuesGrid
from offersheet.workbook.plan import (
    Chart,
    Clear,
    Enter,
    Format,
    Layout,
    Operation,
    Put,
    UnknownOperation,
    chart_name,
    plan_results,
)
from offersheet.workbook.reader import WorkbookInputs, read_sheets

__all__ = ["apply_to_book", "export", "main", "offersheet_export", "offersheet_recalculate", "read_book", "recalculate"]

MAX_READ_ROWS = 5_000
MAX_READ_COLUMNS = 60
FORMULA_PREFIXES = ("=", "+", "-", "@")


def read_book(book: Any) -> WorkbookInputs:
    """The inputs of a live workbook (its sheets' current values), read like a file."""
    names = {s.name: s for s in book.sheets}

    def lookup(name: str) -> ValuesGrid | None:
        sheet = names.get(name)
        if sheet is None:
            return None
        last = sheet.used_range.last_cell
        rows, cols = min(last.row, MAX_READ_ROWS), min(last.column, MAX_READ_COLUMNS)
        values = sheet.range((1, 1), (rows, cols)).options(ndim=2, err_to_str=True).value
        return ValuesGrid(name, values or [])

    return read_sheets(lookup)


def _cell(value: Any) -> Any:
    """A value as typed into Excel: text that Excel would parse as a formula keeps a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def apply_to_book(book: Any, ops: list[Operation]) -> None:
    """The xlwings back-end of a recalculation plan: values, number formats, column widths, chart sources."""
    for op in ops:
        apply_op(op, book)


@singledispatch
def apply_op(op: object, book: Any) -> None:
    """Carry out one operation of the plan on a live workbook: one function per operation type."""
    raise UnknownOperation(op, "the xlwings back-end")


@apply_op.register
def _clear(op: Clear, book: Any) -> None:
    sheet = book.sheets[op.sheet]
    if op.area is None:
        sheet.used_range.clear_contents()
    else:
        r1, c1, r2, c2 = op.area
        sheet.range((r1, c1), (r2, c2)).clear_contents()


@apply_op.register
def _put(op: Put, book: Any) -> None:
    rng = book.sheets[op.sheet].range((op.row, op.col), (op.last_row, op.last_col))
    width = op.last_col - op.col + 1
    rng.value = [[_cell(v) for v in row] + [""] * (width - len(row)) for row in op.values]
    if op.number_format:
        rng.number_format = op.number_format


@apply_op.register
def _format(op: Format, book: Any) -> None:
    book.sheets[op.sheet].range((op.row, op.col), (op.last_row, op.last_col)).number_format = op.number_format


@apply_op.register
def _layout(op: Layout, book: Any) -> None:
    sheet = book.sheets[op.sheet]
    for col, w in op.widths.items():
        try:
            sheet.range((1, col)).column_width = w
        except (NotImplementedError, AttributeError):  # some runtimes cannot size columns: cosmetic
            break


POINTS_PER_CM = 72 / 2.54


@apply_op.register
def _chart(spec: Chart, book: Any) -> None:
    """Point the sheet's chart at the block just written, adding it when the sheet has none of that name: the
    lock-in schedule as lines, the scores as columns (their block: series names, employers and values)."""
    sheet, data = book.sheets[spec.sheet], book.sheets[spec.data_sheet]
    name = chart_name(spec)
    chart = next((c for c in sheet.charts if c.name == name), None)
    if chart is None:
        width, height = (round(cm * POINTS_PER_CM) for cm in spec.size)
        chart = sheet.charts.add(
            width=width,
            height=height,
            name=name,
            anchor=sheet.range(spec.anchor),
            chart_type="line" if spec.kind == "line" else "column_clustered",
        )
    if spec.kind == "line":
        chart.set_source_data(data.range((spec.first_row, spec.first_col + 1), (spec.last_row, spec.last_col)))
        if hasattr(chart, "set_x_axis_values"):
            chart.set_x_axis_values(data.range((spec.first_row + 1, spec.first_col), (spec.last_row, spec.first_col)))
    else:  # the names' column, the hidden spacer (a chart skips it) and the values; the employers above them
        chart.set_source_data(
            data.range((spec.first_row, spec.names_col), (spec.last_row, spec.last_col)), plot_by="rows"
        )


@apply_op.register
def _enter(op: Enter, book: Any) -> None:
    """Enter the live block's formulas again, in one write: in xlwings Lite and Server this is what binds the
    functions (Office.js binds a custom function when its formula is entered in Excel; formulas that arrived in
    the file show their fallback until then), and the classic add-in re-reads them against the functions Import
    Functions wrote. Only the unlocked cells: Excel refuses a script's write to a locked cell of a protected sheet,
    and neither Office.js through xlwings nor xlwings itself can lift the protection; the locked cells a person
    reads show the live block (``workbook.comparison``). ``offersheet evaluate`` enters the others."""
    live = [c for c in op.cells if not c.locked]
    if not live:
        return
    r1, c1 = min(c.row for c in live), min(c.col for c in live)
    r2, c2 = max(c.row for c in live), max(c.col for c in live)
    grid: list[list[str]] = [[""] * (c2 - c1 + 1) for _ in range(r2 - r1 + 1)]
    for c in live:
        grid[c.row - r1][c.col - c1] = typed(c.formula)
    if sum(1 for row in grid for f in row if f) != len(live):
        raise ValueError("the live block has gaps: entering it whole would clear cells")
    book.sheets[op.sheet].range((r1, c1), (r2, c2)).formula2 = grid


def typed(formula: str) -> str:
    """A formula as a person types it, which is what Excel's COM ``Formula2`` and Office.js ``formulas`` take: the
    file format's ``_xlfn.`` prefix of newer functions (TEXTJOIN) left out."""
    return formula.replace("_xlfn.", "")


def recalculate(book: Any = None) -> Evaluation:
    """Re-evaluate the workbook and write Report, Lock-in, Asks, the status and the charts' data; enter
    Comparison's live functions again."""
    return _recalculate(book or xw.Book.caller())[1]


def _recalculate(book: Any) -> tuple[WorkbookInputs, Evaluation]:
    inputs = read_book(book)
    ev = evaluate_model(inputs.offers, inputs.companies, inputs.profile, inputs.reference)
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    apply_to_book(
        book, plan_results(ev, list(inputs.columns), inputs.profile.liquid_savings, stamp, inputs.fingerprint)
    )
    return inputs, ev


def export(book: Any = None, formats: tuple[str, ...] = ("csv", "md", "html", "png")) -> list[Path]:
    """Recalculate, then write the comparison next to the workbook (``<name>-comparison.*``)."""
    from offersheet.exports import export_evaluated

    book = book or xw.Book.caller()
    folder = Path(book.fullname).parent
    if not Path(book.fullname).is_absolute() or not folder.is_dir():
        raise NotSavedHere(
            f"{book.name} has no folder on this computer (unsaved, or opened in xlwings Lite/"
            "Server): save it first, or use `offersheet export` on the saved file"
        )
    inputs, ev = _recalculate(book)
    return export_evaluated(book.name, inputs, ev, folder, Path(book.fullname).stem, formats)


class NotSavedHere(OffersheetError):
    """The workbook has no folder on this computer to write files beside (unsaved, or in Lite/Server)."""


def explained(book: Any, action: Any) -> Any:
    """Run a macro's action; a problem with the workbook (an input error naming sheet, cell, key and what is
    expected; a file that cannot be written) is shown to the person in a message box, not as a traceback."""
    try:
        return action()
    except OffersheetError as exc:
        book.app.alert(alert_text(exc), title="offersheet: nothing was changed", mode="critical")
        return None


def alert_text(exc: Exception) -> str:
    """The message box's text: every input problem on a line of its own (a dozen at most)."""
    if isinstance(exc, InputError):
        lines = [str(p) for p in exc.problems[:12]]
        more = len(exc.problems) - len(lines)
        return "Please fix these inputs and run it again:\n" + "\n".join(lines) + (f"\n(+{more} more)" if more else "")
    return str(exc)


def main() -> None:
    """The xlwings "Run main" / RunPython entry point (the .xlsm's buttons run it through ``SampleCall``):
    export when the Export button called, otherwise recalculate the calling workbook."""
    book = xw.Book.caller()
    if calling_shape(book) == EXPORT_VBA.name:
        explained(book, lambda: export(book))
    else:
        explained(book, lambda: recalculate(book))


def calling_shape(book: Any) -> str | None:
    """The name of the shape whose macro is running (Excel's ``Application.Caller`` is that name when a macro
    was started from a shape), or None: started from Alt+F8, the ribbon, or where the property is not
    available (xlwings Lite/Server, macOS without it)."""
    try:
        caller = book.app.api.Caller
        caller = caller() if callable(caller) else caller
    except Exception:  # any failure to ask means "not from a shape"
        return None
    return caller if isinstance(caller, str) else None


@xw.script(name="Recalculate offers", button=script_button(RECALCULATE))
def offersheet_recalculate(book: xw.Book) -> None:
    """Re-evaluate every offer and rewrite Report, Lock-in, Asks and the status; enter Comparison's live
    functions again, which binds them (xlwings Lite/Server)."""
    explained(book, lambda: recalculate(book))


@xw.script(name="Export comparison")
def offersheet_export(book: xw.Book) -> None:
    """Write the comparison beside the workbook (needs a workbook saved on this computer)."""
    explained(book, lambda: export(book))
