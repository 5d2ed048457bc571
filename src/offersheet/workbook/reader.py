"""Read a workbook into typed model inputs, or one InputError listing every problem found.

Rows are found by the key in column A, wherever they are; offer columns by their header in row 1. Each
problem names sheet, cell, key, the bad value and what is expected. Missing reference sheets fall back
to the bundled defaults with a warning.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from offersheet.defaults import default_companies, default_reference, raw_parameters, read_rows
from offersheet.model import Company, CriterionRating, InputError, Offer, Problem, Profile
from offersheet.model.reference import Reference
from offersheet.workbook.layout import COMPANY_COLUMNS
from offersheet.workbook.safety import LIMITS, open_workbook
from offersheet.workbook.schema import OFFER_FIELDS, OFFERS, PROFILE, PROFILE_FIELDS, Field, choice_labels
from offersheet.workbook.template import ROLE_BLOCKS, setting_default, setting_keys
from offersheet.workbook.values import parse_bool, parse_choice, parse_number, parse_pct_list, parse_text

MAX_SCAN_ROWS = 500


@dataclass(frozen=True)
class WorkbookInputs:
    offers: tuple[Offer, ...]
    columns: tuple[int, ...]  # 0-based offer index (Offer 1 is 0) of each offer read
    profile: Profile
    companies: dict[str, Company]
    reference: Reference
    warnings: tuple[str, ...]


class _Reader:
    def __init__(self, wb: Workbook, cached: Callable[[str, str], Any] | None) -> None:
        self.wb, self.cached = wb, cached
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def sheet(self, name: str) -> Worksheet | None:
        return self.wb[name] if name in self.wb.sheetnames else None

    def key_rows(self, ws: Worksheet) -> dict[str, int]:
        rows: dict[str, int] = {}
        for r, (value,) in enumerate(ws.iter_rows(min_row=1, max_row=min(ws.max_row, MAX_SCAN_ROWS),
                                                  min_col=1, max_col=1, values_only=True), 1):
            if isinstance(value, str) and value.strip():
                rows.setdefault(value.strip(), r)
        return rows

    def raw(self, ws: Worksheet, coord: str) -> Any:
        cell = ws[coord]
        value = cell.value
        if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=") and cell.data_type != "s"):
            value = self.cached(ws.title, coord) if self.cached else None
            if value is None:
                raise ValueError("a value, not a formula without a saved result (type the value, or open and "
                                 "save the file in a spreadsheet app first)")
        if cell.data_type == "e":
            raise ValueError(f"a value, not the error {value}")
        if isinstance(value, str) and value.strip() == "":
            return None
        return value

    def raw_or_none(self, ws: Worksheet, coord: str) -> Any:
        try:
            return self.raw(ws, coord)
        except ValueError:
            return "error"

    def parse(self, f: Field, raw: Any, ref: Reference) -> Any:
        if f.kind in ("money", "percent", "int", "number"):
            return parse_number(raw, f)
        if f.kind == "choice":
            if f.choice_source:
                table = getattr(ref, f.choice_source)
                return parse_choice(raw, f, {k: v.label for k, v in table.items()})
            return parse_choice(raw, f, choice_labels(f))
        if f.kind == "bool":
            return parse_bool(raw)
        if f.kind == "pct_list":
            return parse_pct_list(raw)
        return parse_text(raw, LIMITS.max_text_chars)

    def value(self, ws: Worksheet, coord: str, f: Field, ref: Reference, where: str) -> Any:
        try:
            raw = self.raw(ws, coord)
            if raw is None:
                return None
            return self.parse(f, raw, ref)
        except ValueError as exc:
            shown = ws[coord].value
            self.problems.append(Problem(f.key, shown, str(exc), where))
            return None


def _to_model(f: Field, value: Any) -> Any:
    """Schema values to model values: percentages are fractions in the sheet, percents in the model."""
    if f.kind == "percent" and value is not None:
        return value * 100
    return value


def _offer_columns(ws: Worksheet) -> list[tuple[int, str]]:
    out = []
    for col in range(4, min(ws.max_column, 60) + 1):
        header = ws.cell(1, col).value
        if isinstance(header, str) and header.strip().lower().startswith("offer"):
            out.append((col, header.strip()))
    return out


def read_offers(rd: _Reader, ref: Reference) -> tuple[list[Offer], list[int]]:
    ws = rd.sheet(OFFERS)
    if ws is None:
        rd.problems.append(Problem("Offers", None, "a sheet named Offers (was it renamed or deleted?)", OFFERS))
        return [], []
    rows = rd.key_rows(ws)
    missing = [f for f in OFFER_FIELDS if f.key not in rows]
    for f in missing:
        if f.required:
            rd.problems.append(Problem(f.key, None, "a row with this key in column A", OFFERS))
        else:
            rd.warnings.append(f"Offers: no row for {f.key}; its default is used")
    offers, columns = [], []
    for index, (col, header) in enumerate(_offer_columns(ws)):
        letter = get_column_letter(col)
        present = {f.key: rows[f.key] for f in OFFER_FIELDS if f.key in rows}
        required_blank = all(rd.raw_or_none(ws, f"{letter}{present[f.key]}") is None
                             for f in OFFER_FIELDS if f.required and f.key in present)
        if required_blank:
            continue
        before = len(rd.problems)
        kw: dict[str, Any] = {"label": header}
        for f in OFFER_FIELDS:
            if f.key not in present:
                continue
            where = f"{OFFERS}!{letter}{present[f.key]} ({header})"
            v = rd.value(ws, f"{letter}{present[f.key]}", f, ref, where)
            if v is None and f.required and len(rd.problems) == before:
                rd.problems.append(Problem(f.key, None, "a value (required)", where))
            elif v is not None:
                kw[f.key] = _to_model(f, v)
        if len(rd.problems) > before:
            continue
        try:
            offers.append(Offer(**kw))
            columns.append(index)
        except InputError as exc:
            for p in exc.problems:
                row = present.get(p.field)
                where = f"{OFFERS}!{letter}{row} ({header})" if row else f"{OFFERS} ({header})"
                rd.problems.append(Problem(p.field, p.value, p.expected, where))
    if not offers and not rd.problems:
        rd.problems.append(Problem("employer", None, "at least one offer column with an employer", OFFERS))
    return offers, columns


def read_profile(rd: _Reader, ref: Reference) -> Profile:
    ws = rd.sheet(PROFILE)
    if ws is None:
        rd.warnings.append("No Profile sheet: a neutral profile is used")
        return Profile()
    rows = rd.key_rows(ws)
    kw: dict[str, Any] = {}
    for f in PROFILE_FIELDS:
        if f.key not in rows:
            rd.warnings.append(f"Profile: no row for {f.key}; its default is used")
            continue
        v = rd.value(ws, f"C{rows[f.key]}", f, ref, f"{PROFILE}!C{rows[f.key]}")
        if v is not None:
            kw[f.key] = _to_model(f, v)
    overrides = []
    for key in setting_keys(ref):
        if key in rows:
            v = rd.value(ws, f"C{rows[key]}", Field(key, key, PROFILE, "number", lo=-1e9, hi=1e9), ref,
                         f"{PROFILE}!C{rows[key]}")
            if v is not None and abs(v - setting_default(ref, key)) > 1e-12:
                overrides.append((key, v))
    try:
        return Profile(**kw, parameter_overrides=tuple(overrides))
    except InputError as exc:
        for p in exc.problems:
            row = rows.get(p.field)
            rd.problems.append(Problem(p.field, p.value, p.expected, f"{PROFILE}!C{row}" if row else PROFILE))
        return Profile()


def read_companies(rd: _Reader) -> dict[str, Company]:
    ws = rd.sheet("Companies")
    if ws is None:
        rd.warnings.append("No Companies sheet: the bundled ratings are used")
        return dict(default_companies())
    header = [str(c).strip() if c is not None else "" for c in next(ws.iter_rows(max_row=1, values_only=True), ())]
    col = {name: header.index(name) for name in COMPANY_COLUMNS if name in header}
    for need in ("company", "employer_kind", "criterion", "value_0_100"):
        if need not in col:
            rd.problems.append(Problem(need, None, "a column with this header in row 1", "Companies"))
    if rd.problems and any(p.where == "Companies" for p in rd.problems):
        return {}
    grouped: dict[str, dict[str, Any]] = {}
    value_field = Field("value_0_100", "Rating", "Companies", "number", hi=100)
    for r, row in enumerate(ws.iter_rows(min_row=2, max_row=min(ws.max_row, 5000), values_only=True), 2):
        def get(name: str, row: tuple[Any, ...] = row) -> Any:
            i = col.get(name)
            return row[i] if i is not None and i < len(row) else None

        name = get("company")
        if name is None or str(name).strip() == "":
            continue
        name = str(name).strip()
        entry = grouped.setdefault(name, {"kind": get("employer_kind"), "aliases": get("aliases") or "",
                                          "ratings": [], "overall": None})
        raw = get("value_0_100")
        value = None
        if raw is not None and str(raw).strip() != "":
            try:
                value = parse_number(raw, value_field)
            except ValueError as exc:
                letter = chr(ord("A") + col["value_0_100"])
                rd.problems.append(Problem("value_0_100", raw, str(exc), f"Companies!{letter}{r} ({name})"))
        rating = CriterionRating(str(get("criterion") or "").strip(), value, str(get("source") or ""),
                                 str(get("edition") or ""), str(get("as_of") or ""),
                                 str(get("grade") or get("raw_value") or ""), str(get("note") or ""))
        if rating.criterion == "overall":
            entry["overall"] = rating
        else:
            entry["ratings"].append(rating)
    out = {}
    for name, e in grouped.items():
        try:
            out[name] = Company(name, str(e["kind"] or "").strip(), tuple(e["ratings"]), e["overall"],
                                tuple(a.strip() for a in str(e["aliases"]).split(";") if a.strip()))
        except InputError as exc:
            rd.problems += [Problem(p.field, p.value, p.expected, f"Companies ({name})") for p in exc.problems]
    return out


def read_reference(rd: _Reader) -> Reference:
    ws = rd.sheet("Roles")
    if ws is None:
        rd.warnings.append("No Roles sheet: the bundled role levels are used")
        return default_reference()
    titles = {str(v).strip(): r for r, (v,) in enumerate(ws.iter_rows(max_row=min(ws.max_row, MAX_SCAN_ROWS),
                                                                    max_col=1, values_only=True), 1) if v}
    blocks: dict[str, list[dict[str, Any]]] = {}
    for title, key, columns, _ in ROLE_BLOCKS:
        if title not in titles:
            rd.warnings.append(f"Roles: no '{title}' table; the bundled one is used")
            blocks[key] = []
            continue
        rows = []
        for row in ws.iter_rows(min_row=titles[title] + 2, max_row=titles[title] + 60, max_col=len(columns),
                                values_only=True):
            if row[0] is None or str(row[0]).strip() == "":
                break
            rows.append({c: ("" if v is None else v) for c, v in zip(columns, row, strict=False)})
        blocks[key] = rows
    default = default_reference()
    try:
        return Reference.from_rows(
            *(blocks[key] or read_rows(source) for _, key, _, source in ROLE_BLOCKS), raw_parameters())
    except (InputError, ValueError, KeyError) as exc:
        rd.problems.append(Problem("Roles", None, f"tables with numbers in the level columns ({exc})", "Roles"))
        return default


def read_inputs(wb: Workbook, cached: Callable[[str, str], Any] | None = None) -> WorkbookInputs:
    rd = _Reader(wb, cached)
    ref = read_reference(rd)
    companies = read_companies(rd)
    profile = read_profile(rd, ref)
    offers, columns = read_offers(rd, ref)
    if rd.problems:
        raise InputError(rd.problems)
    return WorkbookInputs(tuple(offers), tuple(columns), profile, companies, ref, tuple(rd.warnings))


def read_workbook(path: str | os.PathLike[str]) -> WorkbookInputs:
    """Open ``path`` safely and read its inputs (see :func:`read_inputs`)."""
    wb = open_workbook(path)
    return read_inputs(wb, _cached_values(path))


def _cached_values(path: str | os.PathLike[str]) -> Callable[[str, str], Any]:
    """Formula cells' saved results, from a second, values-only load made only if one is needed."""
    loaded: list[Workbook] = []

    def get(sheet: str, coord: str) -> Any:
        if not loaded:
            loaded.append(open_workbook(path, data_only=True))
        return loaded[0][sheet][coord].value

    return get
