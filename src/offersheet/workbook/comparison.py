"""Comparison's computed cells, declared once: which rows are results, where each cell is and what it holds.

From this one declaration the template writes the sheet (``template.write_comparison``), the freshness check
counts the cells that must still hold their formulas (``freshness.edited_formula``), ``offersheet evaluate``
enters a formula again where a value was typed over it (the package writer), and the add-in's Recalculate
enters the live block again (``macros``). Nothing here imports openpyxl: the evaluate path reads it too.

Two kinds of rows, each one source:

- **Native rows** (pay as offered, vesting, what stays unvested): native formulas, live in every spreadsheet app.
- **Function rows** (the verdict and every model result): offersheet's worksheet functions with their
  fallback, ``IFERROR(<function>, <the Report cell of the last evaluate>)`` — live with the add-in, the values
  of the last evaluate without it (the title row says so, with the freshness message beside it). No block
  mixes a live value with a copied one.

A function row's formulas sit in the **live block**, hidden columns right of the sheet, and the offer columns
a person reads show them (``=AA31``). The split is what lets the results be locked: Office.js binds a custom
function only when its formula is entered in Excel, so xlwings Lite/Server's Recalculate enters the live
formulas again, and neither Office.js through xlwings nor Excel lets a script write a locked cell of a
protected sheet (xlwings' Office.js actions have no way to lift a sheet's protection: xlwings/xlwings#1845).
So the live block is unlocked and hidden, and the cells a person reads are locked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from typing import NamedTuple

from offersheet.spec.pay import PAY, PayComponent
from offersheet.workbook import formulas as fx
from offersheet.workbook.layout import (
    OFFER_INDICES,
    REPORT_ROW,
    REPORT_ROWS,
    SUMMARY_ROW,
    column_letter,
    offer_column,
    offer_header,
    offer_letter,
)
from offersheet.workbook.schema import OFFER_FIELDS

SHEET = "Comparison"
KEY_COLUMN = 2  # B: each row's key (hidden), which evaluate checks before it enters a formula in that row
MESSAGE_COLUMN = 4  # D of the title row: the freshness message
LIVE_FIRST_COLUMN = 27  # AA: the live block, one column per offer, hidden
NOT_EVALUATED = "not evaluated yet"
TITLE = "Results: live with the add-in; without it, as of the last evaluate"

Maker = Callable[[int, dict[str, str]], str]  # (offer index, the offer's cells so far by key) -> formula


def _vested(i: int, c: dict[str, str], n: int) -> str:
    return fx.vested_share(i, n)


def _unvested(i: int, c: dict[str, str], n: int) -> str:
    return fx.unvested_at(i, c["realisable_grant"], c[f"vested_share_{n}"])


def _component(i: int, c: dict[str, str], pay: PayComponent) -> str:
    return fx.component_year1(pay, i, c["realisable_grant"], c["vested_share_1"])


def _year1_total(i: int, c: dict[str, str]) -> str:
    first, last = c[f"year1_{PAY[0].key}"], c[f"year1_{PAY[-1].key}"]
    return fx.guard(i, f"SUM({first}:{last})")


def _horizon(i: int, c: dict[str, str]) -> str:
    shares = [c[f"vested_share_{n}"] for n in range(1, fx.MAX_VESTING_YEARS + 1)]
    return fx.horizon_pay(i, c["realisable_grant"], c["realisable_refresher"], shares)


def comparison_rows() -> list[tuple[str, str, Maker]]:
    """The native rows of Comparison: (label, key, formula maker taking the offer index and its cells so far)."""
    rows: list[tuple[str, str, Maker]] = [
        ("Employer", "employer", lambda i, c: fx.guard(i, fx.name("employer", i))),
        ("Role title", "role_title", lambda i, c: fx.guard(i, f'""&{fx.name("role_title", i)}')),
        ("Exchange rate to your home currency (amounts below are in it)", "rate", lambda i, c: fx.guard(i, fx.rate(i))),
        ("Realisable equity grant", "realisable_grant", lambda i, c: fx.realisable_grant(i)),
        (
            "Realisable refresher grant (per year, from year 2)",
            "realisable_refresher",
            lambda i, c: fx.realisable_refresher(i),
        ),
    ]
    rows += [
        (f"Share vested by end of year {n}", f"vested_share_{n}", partial(_vested, n=n))
        for n in range(1, fx.MAX_VESTING_YEARS + 1)
    ]
    rows += [(f"Year 1: {pay.label}", f"year1_{pay.key}", partial(_component, pay=pay)) for pay in PAY]
    rows += [
        ("Pay, year 1 (as offered: nominal, before tax)", "year1_pay", _year1_total),
        ("Pay over the horizon as offered (nominal; no raises, promotion or growth)", "horizon_pay", _horizon),
    ]
    rows += [
        (f"Unvested grant at month {12 * n}", f"unvested_month_{12 * n}", partial(_unvested, n=n)) for n in range(1, 5)
    ]
    return rows


class FunctionRow(NamedTuple):
    """A Comparison row computed by one of offersheet's worksheet functions, falling back to Report."""

    label: str
    key: str  # the row's key (column B)
    function: str  # the worksheet function that computes it (``offersheet.udfs``)
    output: str | None = None  # OFFERSHEET_RESULT's argument: the Report row's key
    report: str | None = None  # the Report row it falls back to (default: ``key``)
    joined: bool = False  # an array function: its items joined, one a line, into the one cell


def _result(key: str) -> FunctionRow:
    return FunctionRow(dict(REPORT_ROWS)[key], key, "OFFERSHEET_RESULT", output=key)


FUNCTION_ROWS: tuple[FunctionRow, ...] = (
    FunctionRow("Verdict", "verdict", "OFFERSHEET_VERDICT"),
    FunctionRow("Company score", "company_score", "OFFERSHEET_COMPANY_SCORE"),
    FunctionRow("Acceleration risk", "acceleration_risk", "OFFERSHEET_ACCELERATION_RISK"),
    FunctionRow("Pay over the horizon (model)", "total_comp_horizon", "OFFERSHEET_TOTAL_COMP"),
    *(
        _result(k)
        for k in (
            "total_comp_horizon_bear",
            "total_comp_horizon_bull",
            "lock_in",
            "lock_in_bear",
            "lock_in_bull",
            "scenario_growth",
            "net_impact",
            "personal_fit",
        )
    ),
    FunctionRow(dict(REPORT_ROWS)["stability"], "stability", "OFFERSHEET_STABILITY"),
    _result("verdict_strict"),
    _result("verdict_relative"),
    # an array function in one cell: a template cell calls no spilling function (openpyxl writes no
    # dynamic-array mark, so Excel 365 would show one item)
    FunctionRow(
        "Asks (one a line; letters on the Asks sheet)", "asks", "OFFERSHEET_ASKS", report="summary_asks", joined=True
    ),
)

FIRST_NATIVE_ROW = 2
TITLE_ROW = FIRST_NATIVE_ROW + len(comparison_rows())  # the function rows' title, the freshness message beside it
FIRST_FUNCTION_ROW = TITLE_ROW + 1
ROW = {f.key: FIRST_FUNCTION_ROW + n for n, f in enumerate(FUNCTION_ROWS)}


LAST_ROW = max(ROW.values())


def print_area(columns: Iterable[int]) -> str:
    """What Comparison prints: the labels and the offers' columns up to the last offer filled in (all six in a
    workbook with none: the template), never the empty slots after it nor the hidden live block far right
    (Excel would print the empty columns before it, and shrink the page to fit them)."""
    last = max(columns, default=OFFER_INDICES[-1])
    return f"A1:{offer_letter(last)}{LAST_ROW}"


def live_column(i: int) -> int:
    return LIVE_FIRST_COLUMN + i


def live_header(i: int) -> str:
    """Row 1 of a live column. Evaluate reads the first one as this layout's mark: a Comparison without it
    (made by another version) is left as it is."""
    return f"{offer_header(i)}: live functions (Recalculate enters them again)"


def function_call(fn: str, i: int, output: str | None = None) -> str:
    last_offer_row = 1 + len(OFFER_FIELDS)
    first, last = offer_letter(0), offer_letter(OFFER_INDICES[-1])
    which = f',"{output}"' if output else ""
    return (
        f"{fn}(Offers!$A$2:$A${last_offer_row},Offers!${first}$2:${last}${last_offer_row},"
        f"profile_table,companies_table,{i + 1}{which})"
    )


def live_formula(row: FunctionRow, i: int) -> str:
    """A live cell: the function, or without the add-in the last evaluated value (never a bare 0)."""
    call = function_call(row.function, i, row.output)
    if row.joined:
        call = f"_xlfn.TEXTJOIN(CHAR(10),TRUE,{call})"  # Excel 2019 and later, LibreOffice 5.2 and later
    report_row = REPORT_ROW.get(row.report or row.key) or SUMMARY_ROW[row.report or row.key]
    last = f"Report!{offer_letter(i)}{report_row}"
    return f'=IF({fx.name("employer", i)}="","",IFERROR({call},IF({last}="","{NOT_EVALUATED}",{last})))'


class ResultCell(NamedTuple):
    """One computed cell of Comparison."""

    row: int
    col: int
    key: str  # its row's key in column B
    formula: str  # with the leading "="
    locked: bool  # what a person reads is locked; the live block is not (Recalculate enters it again)


@lru_cache(maxsize=1)
def result_cells() -> tuple[ResultCell, ...]:
    """Every computed cell of Comparison, row by row: the native rows, the function rows as shown, the live block."""
    cells: list[ResultCell] = []
    made: dict[int, dict[str, str]] = {i: {} for i in OFFER_INDICES}
    for r, (_label, key, make) in enumerate(comparison_rows(), FIRST_NATIVE_ROW):
        for i in OFFER_INDICES:
            made[i][key] = f"{offer_letter(i)}{r}"
            cells.append(ResultCell(r, offer_column(i), key, make(i, made[i]), True))
    for row in FUNCTION_ROWS:
        r = ROW[row.key]
        cells += [
            ResultCell(r, offer_column(i), row.key, f"={column_letter(live_column(i))}{r}", True) for i in OFFER_INDICES
        ]
        cells += [ResultCell(r, live_column(i), row.key, live_formula(row, i), False) for i in OFFER_INDICES]
    return tuple(cells)


def live_cells() -> tuple[ResultCell, ...]:
    return tuple(c for c in result_cells() if not c.locked)


def row_labels() -> list[tuple[int, str, str]]:
    """(row, label, key) of every computed row."""
    native = [(r, label, key) for r, (label, key, _) in enumerate(comparison_rows(), FIRST_NATIVE_ROW)]
    return native + [(ROW[f.key], f.label, f.key) for f in FUNCTION_ROWS]


def areas() -> tuple[tuple[int, int, int, int], ...]:
    """The computed cells as rectangles (first row, first column, last row, last column), every cell of each
    one computed: native rows, the function rows as shown, the live block."""
    groups = (
        [c for c in result_cells() if c.row < TITLE_ROW],
        [c for c in result_cells() if c.row > TITLE_ROW and c.locked],
        list(live_cells()),
    )
    out = []
    for group in groups:
        box = (
            min(c.row for c in group),
            min(c.col for c in group),
            max(c.row for c in group),
            max(c.col for c in group),
        )
        if (box[2] - box[0] + 1) * (box[3] - box[1] + 1) != len(group):  # a rectangle with gaps would miscount
            raise ValueError(f"Comparison's computed cells {box} are not a full rectangle")
        out.append(box)
    return tuple(out)
