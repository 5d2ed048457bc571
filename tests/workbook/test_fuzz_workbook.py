"""Fuzzing the workbook path: random valid and invalid values for every key, through read -> evaluate -> write ->
read. Properties: only offersheet's own error types escape, input cells round-trip, the output reads back."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from offersheet.defaults import default_reference
from offersheet.model.errors import OffersheetError
from offersheet.workbook import evaluate_workbook, read_workbook
from offersheet.workbook.schema import OFFER_FIELDS, PROFILE_FIELDS, field_labels
from offersheet.workbook.template import build_workbook
from tests.workbook.test_xmlcells import same_reading

REF = default_reference()
# Text a cell can hold: XML 1.0 has no control characters, so no workbook file can carry them.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
TEMPLATE = io.BytesIO()
build_workbook().save(TEMPLATE)


def _valid(f) -> st.SearchStrategy:
    if f.key == "vesting_custom_pcts":  # only with a custom shape, one per year: the "any" mix covers the rest
        return st.just("")
    if f.key == "cliff_months":  # at most the vesting period (a cross-field rule with its own tests)
        return st.integers(0, 12)
    if f.kind == "choice":  # (a custom vesting shape needs its percentages: left to the "any" mix)
        return st.sampled_from(sorted(v for c, v in field_labels(f, REF).items() if c != "custom"))
    if f.kind == "bool":
        return st.sampled_from(["Yes", "No", True, False])
    if f.kind == "text":
        return TEXT.filter(str.strip)
    if f.kind == "pct_list":
        return st.sampled_from(["25,25,25,25", "40/30/20/10", ""])
    hi = min(f.hi, 1_000_000)
    if f.kind == "percent":  # in the sheet, a fraction
        return st.floats(f.lo, hi, allow_nan=False)
    if f.kind == "int":
        return st.integers(int(f.lo), int(hi))
    return st.floats(f.lo, hi, allow_nan=False) | st.integers(int(f.lo), int(hi))


ANY_CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["#DIV/0!", "=1/0", "=A1", "1,5", "$120k", "15%", "-5", "  ", "Yes", "nan", "1e400"]),
)


def _cell(f) -> st.SearchStrategy:
    return st.one_of(_valid(f), _valid(f), ANY_CELL)  # two to one in favour of plausible values


def _block(fields) -> st.SearchStrategy:
    """Either every value plausible, or any value anywhere (so both paths are exercised)."""
    return st.fixed_dictionaries({f.key: _valid(f) for f in fields}) | st.fixed_dictionaries(
        {f.key: _cell(f) for f in fields}
    )


offer_column = _block(OFFER_FIELDS)
profile_values = _block(PROFILE_FIELDS)


def _put(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row, col)
    cell.value = value
    if isinstance(value, str) and value.startswith("#") and value.endswith(("!", "?", "A")):
        cell.data_type = "e"
    elif isinstance(value, str) and not value.startswith("="):
        cell.data_type = "s"


def _inputs(wb) -> dict:
    return {
        (name, c.coordinate): c.value
        for name in ("Offers", "Profile")
        for row in wb[name].iter_rows()
        for c in row
        if c.value is not None
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offers=st.lists(offer_column, min_size=1, max_size=3), profile=profile_values)
def test_random_cells_read_evaluate_write_read(offers, profile):
    wb = openpyxl.load_workbook(io.BytesIO(TEMPLATE.getvalue()))
    ws = wb["Offers"]
    rows = {c.value: c.row for c in ws["A"] if isinstance(c.value, str)}
    for i, values in enumerate(offers):
        for key, value in values.items():
            _put(ws, rows[key], 4 + i, value)
    prows = {c.value: c.row for c in wb["Profile"]["A"] if isinstance(c.value, str)}
    for key, value in profile.items():
        _put(wb["Profile"], prows[key], 3, value)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.xlsx"
        wb.save(path)
        before = _inputs(openpyxl.load_workbook(path))
        original = path.read_bytes()
        assert same_reading(path)  # the lean XML reader (exports) reads what openpyxl reads
        try:
            result = evaluate_workbook(path)
        except OffersheetError as exc:
            event(f"refused: {type(exc).__name__}")
            assert str(exc)  # a message, and the file untouched
            assert path.read_bytes() == original
            return
        event("evaluated")
        assert _inputs(openpyxl.load_workbook(path)) == before
        again = read_workbook(path)
        assert [o.employer for o in again.offers] == [r.offer.employer for r in result.evaluation.offers]
