"""Whether the results are fresh: a fingerprint of the input cells, computed the same way by Python (when
offersheet evaluates) and by a native formula (live, in any spreadsheet), so Start and Comparison can say
"inputs changed since the last evaluation" without an add-in. It also says "results edited by hand" when a
value was typed over any computed cell of Comparison (``workbook.comparison``: the cell no longer holds its
formula); ``offersheet evaluate`` enters those formulas again.

The fingerprint sums, over the input areas, each number times its cell's weight (row + column / 100), and for
each text its length, the code of its first character and of its last, times the weight. It notices any
change of a number, of a text's length or of its first or last character; a text changed only in the middle
(same length) is missed, and so is a TRUE/FALSE typed into an input cell in Excel (which counts it as text
where LibreOffice counts it as 1). SUMPRODUCT treats text as zero in both; LEN counts UTF-16 units as Python
does here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from offersheet.workbook import comparison
from offersheet.workbook.cells import CellError, Grid, Unresolved
from offersheet.workbook.layout import COMPANY_COLUMNS, column_letter
from offersheet.workbook.schema import OFFER_FIELDS
from offersheet.workbook.settings import ROLE_COLUMNS

_MONTHS_OLD = COMPANY_COLUMNS.index("months_old") + 1  # a formula of TODAY(): changes daily, not an input
# (sheet, first row, first column, last row, last column): every cell a person types a verdict's input into.
AREAS: tuple[tuple[str, int, int, int, int], ...] = (
    ("Offers", 2, 4, 1 + len(OFFER_FIELDS), 9),
    ("Profile", 2, 3, 200, 3),
    ("Companies", 2, 1, 2000, _MONTHS_OLD - 1),
    ("Companies", 2, _MONTHS_OLD + 1, 2000, len(COMPANY_COLUMNS)),
    ("Roles", 1, 1, 200, ROLE_COLUMNS),
)
TOLERANCE = "1E-6+1E-12*ABS({stored})"  # the two engines add in different orders
CHANGED = "Inputs changed since the last evaluation: run Recalculate or `offersheet evaluate`"
FRESH = "Results match the inputs"
EDITED = "Results edited by hand: undo the edit, or run `offersheet evaluate` (it enters their formulas again)"
NEVER = "not evaluated yet"
_EPOCH = dt.datetime(1899, 12, 30)


def _weight(r: int, c: int) -> float:
    return r + c / 100


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def cell_part(value: Any, r: int, c: int) -> float:
    """One cell's share of the fingerprint, as the formula computes it."""
    if value is None or isinstance(value, (CellError, Unresolved)):
        return 0.0
    w = _weight(r, c)
    if isinstance(value, bool):
        return float(value) * w  # LibreOffice: TRUE is 1
    if isinstance(value, (int, float)):
        return float(value) * w
    if isinstance(value, dt.datetime):
        return (value - _EPOCH).total_seconds() / 86400 * w
    if isinstance(value, dt.date):
        return float((value - _EPOCH.date()).days) * w
    s = str(value)
    return (_utf16_len(s) + ord((s + " ")[0]) + ord((" " + s)[-1])) * w


def fingerprint(sheet: Any) -> float | None:
    """The fingerprint of the input areas; ``sheet(name)`` gives a Grid (or None for a missing sheet)."""
    total = 0.0
    for name, r1, c1, r2, c2 in AREAS:
        grid: Grid | None = sheet(name)
        if grid is None:
            continue
        for r in range(r1, min(r2, grid.max_row) + 1):
            for c in range(c1, min(c2, grid.max_column) + 1):
                total += cell_part(grid.value(r, c), r, c)
    return total


def formula() -> str:
    """The same fingerprint as a native formula (without the leading '=')."""
    parts = []
    for name, r1, c1, r2, c2 in AREAS:
        rng = f"'{name}'!${column_letter(c1)}${r1}:${column_letter(c2)}${r2}"
        w = f"(ROW({rng})+COLUMN({rng})/100)"
        parts.append(f"SUMPRODUCT({rng},{w})")
        first, last = f'_xlfn.UNICODE({rng}&" ")', f'_xlfn.UNICODE(RIGHT(" "&{rng},1))'  # UNICODE: Excel 2013+
        parts.append(f"SUMPRODUCT(ISTEXT({rng})*(LEN({rng})+{first}+{last}),{w})")
    return "+".join(parts)


def edited_formula() -> str:
    """True when a computed cell of Comparison no longer holds its formula (a value typed over it): the cells
    of ``comparison.areas`` counted by ``SUMPRODUCT(--ISFORMULA(area))``, one area at a time, against how many
    there are."""
    terms, count = [], 0
    for r1, c1, r2, c2 in comparison.areas():
        area = f"Comparison!${column_letter(c1)}${r1}:${column_letter(c2)}${r2}"
        terms.append(f"SUMPRODUCT(--_xlfn.ISFORMULA({area}))")
        count += (r2 - r1 + 1) * (c2 - c1 + 1)
    return f"({'+'.join(terms)})<{count}"


def status_formula(stored: str, live: str) -> str:
    """The message on Start and Comparison: never evaluated, results edited by hand, inputs changed, or fresh."""
    return (
        f'=IF({stored}="","{NEVER}",IF({edited_formula()},"{EDITED}",'
        f'IFERROR(IF(ABS({live}-{stored})>{TOLERANCE.format(stored=stored)},"{CHANGED}","{FRESH}"),'
        f'"{CHANGED}")))'
    )
