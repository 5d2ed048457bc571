"""Many offers, each judged on its own: the path for a research dataset (a DataFrame or a list of rows).

``offersheet.evaluate`` judges offers *against each other* (each one's best alternative is another of them),
which is right for one person's offers and meaningless for 100,000 rows of unrelated offers. Here every row
is evaluated alone, exactly as ``evaluate([offer], companies, profile, reference)`` would (tests check every
column), with the profile's fallback pay as the alternative.

A DataFrame is read as columns (``offersheet.frame``: each column through the spec's one parser, once per
distinct value or, for numbers the parser takes as they are, all at once; no Offer a row), in parts of 20,000
rows, each one engine pass written into the returned frame's preallocated columns: the memory the call needs
beyond its input and the frame it returns is that of one part (some tens of MiB) at any size. The returned
frame itself grows with the rows (about 8 bytes a row for each text column, the strings shared, and 8 for each
number). A list of rows (dicts or Offers) is built into Offers, 2,000 at a time. Parts go to worker processes
when ``jobs`` > 1.

Each chunk is one pass through the engine (``offersheet.model.evaluate.run``, the same as a workbook's
offers take, with every row its own comparison), and its columns are the dataset outputs ``spec.outputs``
declares, read from the engine's results.

Columns are the Offers keys, read by the spec's one parser exactly as ``offersheet new --offers`` reads a
CSV: percentages as fractions or with a % sign (0.15 or "15%"; a bare 15 is refused), money as numbers or
text such as "120,000" or "$120k". A row that is not a valid offer gets its reasons in the ``error`` column
(one problem a line) instead of stopping the batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np

from offersheet.frame import raw_text, read_frame
from offersheet.model import Company, InputError, Offer, OffersheetError, Problem, Profile
from offersheet.model.evaluate import company_map, run
from offersheet.model.reference import Reference
from offersheet.spec.inputs import OFFER_FIELDS
from offersheet.spec.outputs import DATASET, outputs
from offersheet.workbook.grid import offer_from_pairs

OFFER_KEYS = frozenset(f.key for f in OFFER_FIELDS)
DATASET_KEYS = tuple(o.key for o in outputs(DATASET))
RESULT_COLUMNS = ("label", *DATASET_KEYS, "error")

# Rows a part: a DataFrame's parts are read as columns and go through the engine as one pass each (20,000 rows
# keep the engine's month-by-month arrays to some tens of MiB); a list's rows each become an Offer.
FRAME_CHUNK, ROWS_CHUNK = 20_000, 2_000

_STATE: dict[str, Any] = {}


def _row(label: str, values: Mapping[str, Any], error: str | None = None) -> tuple[Any, ...]:
    return (label, *(values.get(k) for k in DATASET_KEYS), error)


def _error_row(label: str, row: Any, exc: Exception) -> tuple[Any, ...]:
    def get(name: str) -> Any:
        return row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)

    message = "\n".join(str(p) for p in exc.problems) if isinstance(exc, InputError) else str(exc)
    return _row(label, {"employer": get("employer"), "role_title": get("role_title")}, message)


def offer_from_row(label: str, row: Mapping[str, Any], reference: Reference, home_currency: str) -> Offer:
    """An offer from a row of plain values (a CSV row, a DataFrame row, a dict) through the spec's one parser,
    exactly as ``offersheet new --offers`` reads the same row: blanks (NaN, None, "") mean the default."""
    values = dict(row)
    label = str(values.pop("label", label))
    unknown = [k for k in values if k not in OFFER_KEYS]
    if unknown:
        raise InputError([Problem(k, values[k], "an Offers key (see docs/fields.md)", label) for k in unknown])
    return offer_from_pairs(values, label, reference, lambda _key: label, home_currency, in_cell=False)


def _evaluate_chunk(chunk: Any) -> list[tuple[Any, ...]]:
    companies, profile, reference = _STATE["companies"], _STATE["profile"], _STATE["reference"]
    with_stability, with_confidence = _STATE["with_stability"], _STATE["with_confidence"]
    if not isinstance(chunk, list):  # a slice of a DataFrame
        chunk = _records(chunk)
    out: list[tuple[Any, ...] | None] = [None] * len(chunk)
    offers: list[Offer] = []
    where: list[int] = []  # offers[j] is chunk[where[j]]
    for n, (label, row) in enumerate(chunk):
        try:
            offers.append(
                row if isinstance(row, Offer) else offer_from_row(label, row, reference, profile.home_currency)
            )
            where.append(n)
        except OffersheetError as exc:
            out[n] = _error_row(label, row, exc)
    # Every row alone (its alternative is the profile's fallback pay), the base path only: one engine pass.
    res = run(
        offers,
        companies,
        profile,
        reference,
        compare=False,
        all_paths=False,
        with_stability=with_stability,
        with_confidence=with_confidence,
        stop_at_errors=False,
    )
    columns = [_plain(o.column(res)) for o in outputs(DATASET) if o.column is not None]  # all (spec.outputs)
    for j, i in enumerate(res.table.kept):
        out[where[i]] = (offers[i].label, *(c[j] for c in columns), None)
    for i, error in res.table.errors.items():
        out[where[i]] = _error_row(offers[i].label, chunk[where[i]][1], error)
    return [r for r in out if r is not None]


def _plain(values: Any) -> list[Any]:
    """A column as plain Python values."""
    return values.tolist() if hasattr(values, "tolist") else list(values)


Part = tuple[list[str], Any, dict[str, Any], dict[int, tuple[Any, Any, str]]]


def _evaluate_part(part: Any) -> Part:
    """A slice of a DataFrame read as columns (``offersheet.frame``) and evaluated in one engine pass: each
    row's label, the slice's rows evaluated, their output columns, and each other row's (employer, role title,
    reasons)."""
    companies, profile, reference = _STATE["companies"], _STATE["profile"], _STATE["reference"]
    labels, cols, rows, reasons = read_frame(part, reference, profile.home_currency)
    res = run(
        cols,
        companies,
        profile,
        reference,
        compare=False,
        all_paths=False,
        with_stability=_STATE["with_stability"],
        with_confidence=_STATE["with_confidence"],
        stop_at_errors=False,
    )
    for i, error in res.table.errors.items():
        reasons[int(rows[i])] = (
            "\n".join(str(p) for p in error.problems) if isinstance(error, InputError) else str(error)
        )
    values = {o.key: o.column(res) for o in outputs(DATASET) if o.column is not None}
    failed = {i: (raw_text(part, "employer", i), raw_text(part, "role_title", i), why) for i, why in reasons.items()}
    return labels, rows[res.table.kept], values, failed


class _Columns:
    """The returned frame's columns, preallocated and filled part by part; each column's type is the one
    ``DataFrame.from_records`` infers for the same values (numbers as float64, whole counts as int64 when no
    row is missing, text as objects)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.cols: dict[str, Any] = {"label": np.empty(n, dtype=object), "error": np.full(n, None, dtype=object)}
        self.whole: set[str] = set()

    def put(self, key: str, at: Any, values: Any) -> None:
        if not len(at):
            return
        buf = self.cols.get(key)
        if buf is None:
            first = values[0]
            if (isinstance(values, np.ndarray) and values.dtype.kind in "fiu") or (
                isinstance(first, int | float) and not isinstance(first, bool)
            ):
                buf = np.full(self.n, np.nan)
                if isinstance(first, int) or (isinstance(values, np.ndarray) and values.dtype.kind in "iu"):
                    self.whole.add(key)
            else:
                buf = np.full(self.n, None, dtype=object)
            self.cols[key] = buf
        if buf.dtype == object:
            box = np.empty(len(at), dtype=object)
            box[:] = list(values)
            buf[at] = box
        else:
            buf[at] = values

    def add(self, start: int, part: Part) -> None:
        labels, rows, values, failed = part
        self.cols["label"][start : start + len(labels)] = labels
        for key, column in values.items():
            self.put(key, start + rows, column)
        for i, (employer, title, why) in failed.items():
            for key, value in (("employer", employer), ("role_title", title)):
                self.put(key, np.array([start + i]), [value])
            self.cols["error"][start + i] = why

    def frame(self, index: Any) -> Any:
        import pandas as pd

        out = {}
        for key in RESULT_COLUMNS:
            buf = self.cols.get(key)
            if buf is None:
                buf = np.full(self.n, None, dtype=object)
            elif key in self.whole and not np.isnan(buf).any():
                buf = buf.astype(np.int64)
            out[key] = buf
        return pd.DataFrame(out, index=index, copy=False)


def _init(companies: Any, profile: Profile, reference: Reference, with_stability: bool, with_confidence: bool) -> None:
    _STATE.update(
        companies=company_map(companies),
        profile=profile,
        reference=reference,
        with_stability=with_stability,
        with_confidence=with_confidence,
    )


def _records(part: Any) -> list[tuple[str, Any]]:
    """A slice of a DataFrame as (label, row dict) pairs: done in the worker, so the parent only slices."""
    return [(f"row {i}", r) for i, r in zip(part.index, part.to_dict("records"), strict=True)]


def _chunks(rows: Any, size: int) -> Iterator[Any]:
    """Lists of (label, row), or slices of a DataFrame (converted by the worker that evaluates them)."""
    if hasattr(rows, "to_dict") and hasattr(rows, "iloc"):
        for start in range(0, len(rows), size):
            yield rows.iloc[start : start + size]
        return
    chunk: list[tuple[str, Any]] = []
    for n, row in enumerate(rows):
        chunk.append((row.label if isinstance(row, Offer) else f"row {n}", row))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def evaluate_many(
    rows: Iterable[Offer | Mapping[str, Any]] | Any,
    companies: Mapping[str, Company] | Iterable[Company] | None = None,
    profile: Profile | None = None,
    reference: Reference | None = None,
    with_stability: bool = False,
    with_confidence: bool = False,
    jobs: int | None = 1,
    chunk_size: int | None = None,
) -> Any:
    """Evaluate every row on its own. Returns a DataFrame for a DataFrame (same index), else a list of dicts.

    ``jobs``: worker processes (None: all cores). ``with_stability`` is off by default: the stability search
    evaluates each offer about a hundred times more and is rarely wanted across a dataset; ``with_confidence``
    (off by default) samples each offer's uncertain inputs (``offersheet.model.confidence``: 200 cases an offer).
    """
    from offersheet.defaults import default_companies, default_reference

    state = (
        default_companies() if companies is None else companies,
        profile or Profile(),
        reference or default_reference(),
        with_stability,
        with_confidence,
    )
    jobs = (os.cpu_count() or 1) if jobs is None else max(1, jobs)
    if hasattr(rows, "to_dict") and hasattr(rows, "iloc"):
        frame: Any = rows  # a DataFrame: read as columns, its index is the rows'
        chunk_size = chunk_size or FRAME_CHUNK
        out = _Columns(len(frame))
        starts = range(0, len(frame), chunk_size)
        parts = (frame.iloc[start : start + chunk_size] for start in starts)
        if jobs == 1:
            _init(*state)
            for start, part in zip(starts, parts, strict=True):
                out.add(start, _evaluate_part(part))
        else:
            with ProcessPoolExecutor(jobs, initializer=_init, initargs=state) as pool:
                for start, got in zip(starts, pool.map(_evaluate_part, parts), strict=True):
                    out.add(start, got)
        return out.frame(frame.index)
    chunk_size = chunk_size or ROWS_CHUNK
    results: list[tuple[Any, ...]] = []
    if jobs == 1:
        _init(*state)
        for chunk in _chunks(rows, chunk_size):
            results += _evaluate_chunk(chunk)
    else:
        with ProcessPoolExecutor(jobs, initializer=_init, initargs=state) as pool:
            for part in pool.map(_evaluate_chunk, _chunks(rows, chunk_size)):
                results += part
    return [dict(zip(RESULT_COLUMNS, r, strict=True)) for r in results]
