"""Each back-end of the plan handles every operation type once, and refuses one that is not the plan's."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, get_args

import openpyxl
import pytest

from offersheet.macros import apply_to_book
from offersheet.workbook.package import write_package
from offersheet.workbook.plan import Chart, Clear, Enter, Format, Layout, Operation, Put, UnknownOperation
from offersheet.workbook.sheets import apply_to_workbook

EXAMPLE = Path(__file__).parent.parent.parent / "workbooks" / "example-offers.xlsx"


class Rename(NamedTuple):
    """Shaped like an operation (it names a sheet), but no back-end knows it."""

    sheet: str
    to: str


UNKNOWN = Rename("Report", "Results")


def test_the_openpyxl_back_end_refuses_an_unknown_operation():
    wb = openpyxl.Workbook()
    wb.active.title = "Report"
    with pytest.raises(UnknownOperation, match="the openpyxl back-end has no way to carry out Rename"):
        apply_to_workbook(wb, [Put("Report", 1, 1, (("kept",),)), UNKNOWN])
    assert wb["Report"]["A1"].value == "kept" and wb.sheetnames == ["Report"]


def test_the_package_writer_refuses_an_unknown_operation_and_writes_nothing(tmp_path):
    target = tmp_path / "out.xlsx"
    with pytest.raises(UnknownOperation, match="the package writer has no way to carry out Rename"):
        write_package(EXAMPLE, [Clear("Report"), UNKNOWN], target)
    assert not target.exists()


def test_the_package_writer_refuses_an_unknown_operation_on_a_sheet_it_does_not_write(tmp_path):
    with pytest.raises(UnknownOperation):
        write_package(EXAMPLE, [Rename("Comparison", "x")], tmp_path / "out.xlsx")


class FakeBook:
    """Just enough of an xlwings Book to see that nothing was asked of it."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    @property
    def sheets(self):
        self.asked.append("sheets")
        raise AssertionError("an unknown operation must be refused before the book is touched")


def test_the_xlwings_back_end_refuses_an_unknown_operation():
    book = FakeBook()
    with pytest.raises(UnknownOperation, match="the xlwings back-end has no way to carry out Rename"):
        apply_to_book(book, [UNKNOWN])
    assert book.asked == []


def test_the_error_names_every_operation_the_plan_has():
    message = str(UnknownOperation(UNKNOWN, "a back-end"))
    assert all(t.__name__ in message for t in get_args(Operation))
    assert set(get_args(Operation)) == {Clear, Put, Format, Layout, Chart, Enter}


def test_every_back_end_handles_every_operation_type():
    from offersheet.macros import apply_op as xlwings_op
    from offersheet.workbook.sheets import apply_op as openpyxl_op
    from offersheet.workbook.sheetxml import Sheet

    for handled in (xlwings_op.registry, openpyxl_op.registry, Sheet.__dict__["apply"].dispatcher.registry):
        assert set(get_args(Operation)) <= set(handled)
