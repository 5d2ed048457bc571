"""A DataFrame of offers read as columns: the dataset path's reader, for a million rows without an Offer a row.

Each column goes through the spec's one value parser (``workbook.grid.parse_field``, as ``offer_from_pairs``
reads a row): the numbers a numeric column holds as the parser would take them are taken at once
(``spec.parse.taken_as_read``), and every other value is parsed once per distinct value (with the offer's
currency, for a money text). Rows are then grouped by shape (``model.table.SHAPE_FIELDS``, and which amounts
are given): one ``Offer`` is built per shape, so the Offer's own checks run once for all its rows; a shape that
fails them is checked row by row, so each row gets its own message. A row that is not a valid offer gets the
problems ``offer_from_row`` would give it, in the same order, naming the row and the column.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from offersheet.model import InputError, Offer, Problem
from offersheet.model.engine import Ints
from offersheet.model.reference import Reference
from offersheet.model.table import NUMBER_FIELDS, SHAPE_FIELDS, OfferColumns, model_value
from offersheet.spec.inputs import OFFER_FIELDS, Field
from offersheet.spec.parse import is_blank, plain, taken_as_read
from offersheet.workbook.grid import parse_field

OFFER_KEYS = frozenset(f.key for f in OFFER_FIELDS)
UNKNOWN = "an Offers key (see docs/fields.md)"
_NUMBERS = frozenset(NUMBER_FIELDS)


def _factorize(values: Any) -> tuple[Ints, list[Any]]:
    """Codes and distinct values of a column (-1: missing, as pandas has it); unhashable values one a row."""
    import pandas as pd

    try:
        codes, uniques = pd.factorize(values)
        return np.asarray(codes, dtype=np.int64), list(uniques)
    except TypeError:
        return np.arange(len(values), dtype=np.int64), list(values)


class _Reader:
    """One slice of a DataFrame, parsed column by column."""

    def __init__(self, part: Any, ref: Reference, home_currency: str) -> None:
        self.part, self.ref, self.home = part, ref, home_currency
        self.n = len(part)
        self.labels = (
            [str(plain(v)) for v in part["label"].tolist()]
            if "label" in part.columns
            else [f"row {i}" for i in part.index.tolist()]
        )
        self.problems: dict[int, list[Problem]] = {}
        self.values: dict[str, Any] = {}  # shape fields: model values (object); number fields: floats (NaN: none)

    def problem(self, i: int, key: str, raw: Any, expected: str) -> None:
        self.problems.setdefault(i, []).append(Problem(key, plain(raw), expected, self.labels[i]))

    def read(self) -> None:
        unknown = [k for k in self.part.columns if k not in OFFER_KEYS and k != "label"]
        if unknown:  # every row, as offer_from_row refuses a row with a key that is not an Offers key
            for i in range(self.n):
                for k in unknown:
                    self.problem(i, k, self.part[k].iloc[i], UNKNOWN)
            return
        currency: Any = None
        for f in OFFER_FIELDS:
            if f.key in self.part.columns:
                got = self.column(f, self.part[f.key].to_numpy(), currency)
            else:
                got = (
                    np.full(self.n, np.nan if f.default is None else f.default, dtype=np.float64)
                    if f.key in _NUMBERS
                    else _objects(self.n, f.model_default)
                )
            self.values[f.key] = got
            if f.key == "currency":
                currency = got
        for f in OFFER_FIELDS:
            if f.required and f.key not in self.part.columns:
                for i in range(self.n):
                    self.problem(i, f.key, None, "a column with this key")

    def column(self, f: Field, raw: Any, currency: Any) -> Any:
        """The model values of one column; a row whose value the parser refuses gets its problem."""
        number = f.key in _NUMBERS
        missing = np.nan if f.default is None else f.default
        out = np.full(self.n, missing, dtype=np.float64) if number else _objects(self.n, f.model_default)
        taken = taken_as_read(f, raw) if number and raw.dtype != object else np.zeros(self.n, dtype=bool)
        if taken.any():
            out[taken] = raw[taken]
        rest = np.flatnonzero(~taken)
        if not len(rest):
            return out
        codes, uniques = _factorize(raw[rest])
        if f.kind == "money" and any(isinstance(u, str) for u in uniques):
            # a money text is read with the offer's currency (a blank one: the home currency)
            cur = [c if isinstance(c, str) else self.home for c in currency[rest].tolist()]
            keyed = [(k, c) for k, c in zip(codes.tolist(), cur, strict=True)]
            distinct = dict.fromkeys(keyed)
            at = {k: j for j, k in enumerate(distinct)}
            codes = np.array([at[k] for k in keyed], dtype=np.int64)
            pairs: list[tuple[Any, str | None]] = [(uniques[k] if k >= 0 else None, c) for k, c in distinct]
        else:
            pairs = [(u, None) for u in uniques]
        parsed: list[Any] = []  # per distinct value: the model value, _BLANK or _Refused
        for u, cur_code in pairs:
            if u is None or is_blank(u):
                parsed.append(_BLANK)
                continue
            try:
                parsed.append(parse_field(f, u, self.ref, cur_code if f.kind == "money" else None))
            except ValueError as exc:
                parsed.append(_Refused(str(exc)))
        # Each row takes its distinct value's result; only the rows refused or blank and required go one by one.
        blank = np.array([p is _BLANK for p in parsed] + [True], dtype=bool)  # [-1]: missing
        refused = np.array([isinstance(p, _Refused) for p in parsed] + [False], dtype=bool)
        fine = ~(blank[codes] | refused[codes])
        if number:
            table = np.array(
                [np.nan if p is None or p is _BLANK or isinstance(p, _Refused) else float(p) for p in parsed]
                + [np.nan],
                dtype=np.float64,
            )
        else:
            table = _objects(len(parsed) + 1, None)
            for k, p in enumerate(parsed):
                table[k] = p
        out[rest[fine]] = table[codes[fine]]
        for j, code in zip(rest[~fine].tolist(), codes[~fine].tolist(), strict=True):
            if refused[code]:
                self.problem(j, f.key, raw[j], parsed[code].message)
            elif f.required:
                self.problem(j, f.key, raw[j], "a value (required)")
        return out

    def offers(self, rows: Ints) -> tuple[OfferColumns, dict[int, InputError]]:
        """The valid rows among ``rows`` as columns, grouped by shape; the others' errors by row."""
        errors: dict[int, InputError] = {}
        code = np.zeros(len(rows), dtype=np.int64)
        for key in (*SHAPE_FIELDS, *NUMBER_FIELDS):
            v = self.values[key][rows]
            if key in _NUMBERS:  # whether it is given, not how much
                default = _FIELD[key].default
                c, card = (~np.isnan(v) if default is None else v != default).astype(np.int64), 2
            else:
                c, u = _factorize(v)
                c, card = c + 1, len(u) + 1
            if len(code) and int(code.max()) * card >= 2**62:
                code = np.unique(code, return_inverse=True)[1].astype(np.int64).reshape(-1)
            code = code * card + c
        _, first, shape = np.unique(code, return_index=True, return_inverse=True)
        shape = shape.astype(np.int64).reshape(-1)
        numbers = {k: self.values[k][rows] for k in NUMBER_FIELDS}
        titles = self.values["role_title"][rows].tolist()
        labels = [self.labels[i] for i in rows.tolist()]
        shapes: list[Offer | None] = []
        for r in first.tolist():
            try:
                shapes.append(self._offer(int(rows[r]), labels[r]))
            except InputError:
                shapes.append(None)  # checked row by row below
        bad = [s for s, o in enumerate(shapes) if o is None]
        for r in np.flatnonzero(np.isin(shape, bad)).tolist() if bad else ():
            try:  # the row's own checks: its own message (and a shape of its own, should it pass)
                shapes.append(self._offer(int(rows[r]), labels[r]))
                shape[r] = len(shapes) - 1
            except InputError as exc:
                errors[int(rows[r])] = exc
                shape[r] = -1
        valid = np.flatnonzero(shape >= 0)
        renumber = np.cumsum([o is not None for o in shapes]) - 1
        cols = OfferColumns(
            [labels[r] for r in valid.tolist()],
            {k: v[valid] for k, v in numbers.items()},
            [titles[r] for r in valid.tolist()],
            renumber[shape[valid]].astype(np.int64),
            tuple(o for o in shapes if o is not None),
        )
        return cols, errors

    def _offer(self, row: int, label: str) -> Offer:
        """Row ``row`` as an Offer: the model's own checks run on it; its problems name the row."""
        values = {k: self.values[k][row] for k in SHAPE_FIELDS}
        values.update({k: model_value(k, self.values[k][row]) for k in NUMBER_FIELDS})
        try:
            return Offer(label=label, role_title=self.values["role_title"][row], **values)
        except InputError as exc:
            raise InputError([Problem(p.field, p.value, p.expected, label) for p in exc.problems]) from None


def _objects(n: int, value: Any) -> Any:
    """An object column of ``n`` times ``value`` (a tuple too, as one value)."""
    out = np.empty(n, dtype=object)
    out.fill(value)
    return out


class _Refused:
    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


_BLANK = object()
_FIELD = {f.key: f for f in OFFER_FIELDS}


def read_frame(part: Any, ref: Reference, home_currency: str) -> tuple[list[str], OfferColumns, Ints, dict[int, str]]:
    """Each row's label; the slice's valid offers as columns and the slice's row of each; each other row's
    reasons (one problem a line)."""
    reader = _Reader(part, ref, home_currency)
    reader.read()
    fine = np.array([i for i in range(reader.n) if i not in reader.problems], dtype=np.int64)
    cols, errors = reader.offers(fine) if reader.values else (OfferColumns([], {}, [], fine[:0], ()), {})
    reasons = {i: "\n".join(str(p) for p in ps) for i, ps in reader.problems.items()}
    reasons.update({i: "\n".join(str(p) for p in e.problems) for i, e in errors.items()})
    kept = np.array([i for i in fine.tolist() if i not in errors], dtype=np.int64)
    return reader.labels, cols, kept, reasons


def raw_text(part: Any, key: str, i: int) -> Any:
    """A column's raw value at row ``i`` of the slice, as a row dict holds it (None: no such column)."""
    return plain(part[key].iloc[i]) if key in part.columns else None
