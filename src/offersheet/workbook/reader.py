"""Read a workbook file into typed model inputs, or one InputError listing every problem found.

Rows are found by the key in column A, wherever they are; offer columns by their header in row 1. Each
problem names sheet, cell, key, the bad value and what is expected. The values themselves are parsed by
``grid`` (shared with the worksheet functions). Missing reference sheets fall back to the bundled
defaults with a warning.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from offersheet.defaults import default_companies, default_reference, raw_parameters, read_rows
from offersheet.model import Company, InputError, Offer, Problem, Profile
from offersheet.model.currency import missing_rate
from offersheet.model.reference import Reference
from offersheet.workbook.cells import CellError, Grid, SheetLookup, Unresolved, WorksheetGrid
from offersheet.workbook.freshness import fingerprint
from offersheet.workbook.grid import companies_from_rows, offer_from_pairs, offer_is_empty, profile_from_pairs
from offersheet.workbook.layout import column_letter
from offersheet.workbook.safety import WorkbookFileError, check_archive
from offersheet.workbook.schema import OFFER_FIELDS, OFFERS, PROFILE, PROFILE_FIELDS
from offersheet.workbook.settings import ROLE_BLOCKS, column_keys, setting_defaults
from offersheet.workbook.xmlcells import Malformed, XlsxCells

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

MAX_SCAN_ROWS = 500
MAX_COMPANY_ROWS = 5_000
MAX_COMPANY_COLUMNS = 30
MAX_SCAN_COLUMNS = 60
DERIVED_COLUMNS = frozenset({"months_old"})  # formulas for the reader's eyes only; the model does not use them


@dataclass(frozen=True, kw_only=True)
class WorkbookInputs:
    """What a workbook's input sheets say: offers, profile, companies, reference and the reader's warnings."""

    offers: tuple[Offer, ...]
    columns: tuple[int, ...]  # 0-based offer index (Offer 1 is 0) of each offer read
    profile: Profile
    companies: dict[str, Company]
    reference: Reference
    warnings: tuple[str, ...]
    fingerprint: float | None = None  # of the input cells as read (workbook.freshness)


class _Reader:
    def __init__(self, sheets: SheetLookup) -> None:
        self.sheets = sheets
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self._grids: dict[str, Grid | None] = {}

    def sheet(self, name: str) -> Grid | None:
        """A sheet's cells, parsed once per read (the inputs and the freshness fingerprint share them)."""
        if name not in self._grids:
            self._grids[name] = self.sheets(name)
        return self._grids[name]

    def key_rows(self, ws: Grid) -> dict[str, int]:
        rows: dict[str, int] = {}
        for r in range(1, min(ws.max_row, MAX_SCAN_ROWS) + 1):
            value = ws.value(r, 1)
            if isinstance(value, str) and value.strip():
                rows.setdefault(value.strip(), r)
        return rows

    def raw(self, ws: Grid, row: int, col: int, key: str, where: str) -> Any:
        """The cell's value; formulas give their saved result; errors become problems (and None)."""
        value = ws.value(row, col)
        if isinstance(value, Unresolved):
            self.problems.append(
                Problem(
                    key,
                    value.formula,
                    "a value, not a formula without a saved result "
                    "(type the value, or open and save the file in a spreadsheet app)",
                    where,
                )
            )
            return None
        if isinstance(value, CellError):
            self.problems.append(Problem(key, str(value), "a value, not a spreadsheet error", where))
            return None
        return value

    def pairs(
        self, ws: Grid, rows: dict[str, int], col: int, keys: list[str], where: Callable[[str], str]
    ) -> dict[str, Any]:
        return {k: self.raw(ws, rows[k], col, k, where(k)) for k in keys if k in rows}

    def table(
        self, ws: Grid, first_row: int, last_row: int, columns: int, skip: frozenset[int] = frozenset()
    ) -> list[tuple[Any, ...]]:
        """Rows of values; columns in ``skip`` (1-based, derived by formulas) are left as None, unread."""
        return [
            tuple(None if c in skip else ws.value(r, c) for c in range(1, columns + 1))
            for r in range(first_row, last_row + 1)
        ]

    def check_merged(self, ws: Grid, rows: dict[str, int], first_col: int) -> None:
        """Merged cells over input values hide all but one value: name them instead of guessing."""
        for r1, c1, r2, c2 in getattr(ws, "merged", list)():
            hit = [k for k, r in rows.items() if r1 <= r <= r2]
            if hit and c2 >= first_col:
                area = f"{column_letter(c1)}{r1}:{column_letter(c2)}{r2}"
                self.problems.append(
                    Problem(
                        hit[0],
                        area,
                        "separate cells: these input cells are merged, so only "
                        "one value is kept; unmerge them (Home > Merge > Unmerge)",
                        f"{ws.title}!{area}",
                    )
                )

    def collect(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except InputError as exc:
            self.problems += exc.problems
            return None


def read_offers(rd: _Reader, ref: Reference, profile: Profile) -> tuple[list[Offer], list[int]]:
    ws = rd.sheet(OFFERS)
    if ws is None:
        rd.problems.append(Problem("Offers", None, "a sheet named Offers (was it renamed or deleted?)", OFFERS))
        return [], []
    rows = rd.key_rows(ws)
    for f in OFFER_FIELDS:
        if f.key not in rows and f.required:
            rd.problems.append(Problem(f.key, None, "a row with this key in column A", OFFERS))
        elif f.key not in rows:
            rd.warnings.append(f"Offers: no row for {f.key}; its default is used")
    rd.check_merged(ws, rows, 4)
    if any(p.where == OFFERS or p.where.startswith(f"{OFFERS}!") for p in rd.problems):
        return [], []
    offers, columns = [], []
    header_cells = [(c, ws.value(1, c)) for c in range(4, min(ws.max_column, 60) + 1)]
    headers = [(c, h.strip()) for c, h in header_cells if isinstance(h, str) and h.strip().lower().startswith("offer")]
    for index, (col, header) in enumerate(headers):
        letter = column_letter(col)

        def where(key: str, letter: str = letter, header: str = header) -> str:
            return f"{OFFERS}!{letter}{rows[key]} ({header})" if key in rows else f"{OFFERS} ({header})"

        pairs = rd.pairs(ws, rows, col, [f.key for f in OFFER_FIELDS], where)
        if offer_is_empty(pairs):
            continue
        offer = rd.collect(functools.partial(offer_from_pairs, pairs, header, ref, where, profile.home_currency))
        if offer is not None and (problem := missing_rate(offer, profile)) is not None:
            rd.problems.append(replace(problem, where=where("currency")))  # a currency the Profile has no rate for
        elif offer is not None:
            offers.append(offer)
            columns.append(index)
    if not offers and not rd.problems:
        rd.problems.append(Problem("employer", None, "at least one offer column with an employer", OFFERS))
    return offers, columns


def read_profile(rd: _Reader, ref: Reference) -> Profile:
    ws = rd.sheet(PROFILE)
    if ws is None:
        rd.warnings.append("No Profile sheet: a neutral profile is used")
        return Profile()
    rows = rd.key_rows(ws)
    rd.warnings += [f"Profile: no row for {f.key}; its default is used" for f in PROFILE_FIELDS if f.key not in rows]

    def where(key: str) -> str:
        return f"{PROFILE}!C{rows[key]}" if key in rows else PROFILE

    rd.check_merged(ws, rows, 3)
    settings = setting_defaults(ref)
    pairs = rd.pairs(ws, rows, 3, [*(f.key for f in PROFILE_FIELDS), *settings], where)
    return rd.collect(lambda: profile_from_pairs(pairs, ref, where, settings)) or Profile()


def read_companies(rd: _Reader, ref: Reference) -> dict[str, Company]:
    ws = rd.sheet("Companies")
    if ws is None:
        rd.warnings.append("No Companies sheet: the bundled ratings are used")
        return dict(default_companies())
    width = min(ws.max_column, MAX_COMPANY_COLUMNS)
    header = column_keys(rd.table(ws, 1, 1, width)[0])  # the headers a person reads, or the keys
    derived = frozenset(i + 1 for i, h in enumerate(header) if h in DERIVED_COLUMNS)
    rows = rd.table(ws, 2, min(ws.max_row, MAX_COMPANY_ROWS), width, derived)
    index = {h: i for i, h in enumerate(header) if h}

    def where(n: int, column: str) -> str:
        i = index.get(column)
        return f"Companies!{column_letter(i + 1)}{n + 1}" if i is not None and n else "Companies"

    return rd.collect(lambda: companies_from_rows(header, rows, where, ref)) or {}


def read_reference(rd: _Reader) -> Reference:
    ws = rd.sheet("Roles")
    if ws is None:
        rd.warnings.append("No Roles sheet: the bundled role levels are used")
        return default_reference()
    titles: dict[str, int] = {}  # a table's title is the first row to say it (its header's first column may too)
    for r in range(1, min(ws.max_row, MAX_SCAN_ROWS) + 1):
        if v := ws.value(r, 1):
            titles.setdefault(str(v).strip(), r)
    blocks: dict[str, list[dict[str, Any]]] = {}
    for title, key, columns, source in ROLE_BLOCKS:
        if title not in titles:
            rd.warnings.append(f"Roles: no '{title}' table; the bundled one is used")
            blocks[key] = read_rows(source)
            continue
        # Columns by their header, so a table written by an earlier version (fewer columns) still reads; what it
        # lacks (a column, or a whole row such as a newer employer kind) comes from the bundled table, named.
        header = column_keys(rd.table(ws, titles[title] + 1, titles[title] + 1, MAX_SCAN_COLUMNS)[0])
        at = {c: header.index(c) for c in columns if c in header}
        if columns[0] not in at:
            at = dict(zip(columns, range(len(columns)), strict=True))  # no header row: by position, as written
        bundled = {r[columns[0]]: r for r in read_rows(source)}
        rows = []
        for row in rd.table(ws, titles[title] + 2, titles[title] + 60, max(at.values()) + 1):
            if row[0] is None or str(row[0]).strip() == "":
                break
            key_value = str(row[at[columns[0]]]).strip()
            rows.append(
                {
                    c: ("" if row[at[c]] is None else row[at[c]]) if c in at else bundled.get(key_value, {}).get(c, "")
                    for c in columns
                }
            )
        if missing := [c for c in columns if c not in at]:
            rd.warnings.append(
                f"Roles: the '{title}' table has no {', '.join(missing)} column: the bundled values are used"
            )
        have = {str(r[columns[0]]).strip() for r in rows}
        if added := [k for k in bundled if k not in have]:
            rows += [bundled[k] for k in added]
            rd.warnings.append(f"Roles: the '{title}' table has no row for {', '.join(added)}: the bundled row is used")
        blocks[key] = rows
    try:
        roles, kinds, sharing, criteria = (blocks[key] for _, key, _, _ in ROLE_BLOCKS)
        return Reference.from_rows(roles, kinds, sharing, criteria, raw_parameters())
    except InputError as exc:
        rd.problems += [Problem(p.field, p.value, p.expected, "Roles") for p in exc.problems]
    except (ValueError, KeyError, TypeError) as exc:
        rd.problems.append(Problem("Roles", None, f"numbers in the level columns ({exc})", "Roles"))
    return default_reference()


def read_inputs(wb: Workbook, cached: Callable[[str, str], Any] | None = None) -> WorkbookInputs:
    """Read an openpyxl workbook; ``cached`` gives formula cells' saved results."""
    return read_sheets(lambda name: WorksheetGrid(wb[name], cached) if name in wb.sheetnames else None)


def read_sheets(sheets: SheetLookup) -> WorkbookInputs:
    """Read the inputs from any sheet source (a file's worksheets or a live workbook's values)."""
    rd = _Reader(sheets)
    ref = read_reference(rd)
    companies = read_companies(rd, ref)
    profile = read_profile(rd, ref)
    offers, columns = read_offers(rd, ref, profile)
    if rd.problems:
        raise InputError(rd.problems)
    return WorkbookInputs(
        offers=tuple(offers),
        columns=tuple(columns),
        profile=profile,
        companies=companies,
        reference=ref,
        warnings=tuple(rd.warnings),
        fingerprint=fingerprint(rd.sheet),
    )


def read_workbook(path: str | os.PathLike[str]) -> WorkbookInputs:
    """Open ``path`` safely and read its inputs (see :func:`read_inputs`) without loading it for writing: the
    safety scan reads every part once and keeps the input sheets' bytes, which the lean reader (``xmlcells``)
    parses. What it cannot read is reported as malformed content, naming the part."""
    p = Path(path)
    scanned = check_archive(p, keep_sheets=INPUT_SHEETS)
    if scanned.strict:
        raise WorkbookFileError(
            p,
            "is saved as Strict Open XML, which offersheet does not read: open it and save "
            "it as 'Excel Workbook (.xlsx)'",
        )
    book = XlsxCells(scanned)
    try:
        return read_sheets(lambda name: book.grid(name, _rows_to_read(name), MAX_SCAN_COLUMNS))
    except Malformed as exc:
        raise WorkbookFileError(p, f"malformed workbook content ({exc})") from None


INPUT_SHEETS = (OFFERS, PROFILE, "Companies", "Roles")


def _rows_to_read(sheet: str) -> int:
    return MAX_COMPANY_ROWS + 1 if sheet == "Companies" else MAX_SCAN_ROWS
