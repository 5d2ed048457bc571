"""The workbook adapter around the pure model: template writer, safe reader, report writer (re-exports)."""

from offersheet.atomic import TEMP_PREFIX
from offersheet.workbook.api import (
    EvaluatedWorkbook,
    atomic_save,
    evaluate_workbook,
    fill_and_save,
    for_sheet,
    new_workbook,
    save_package,
    set_offer_values,
    set_profile_values,
)
from offersheet.workbook.reader import WorkbookInputs, read_workbook
from offersheet.workbook.safety import WorkbookFileError

__all__ = [
    "TEMP_PREFIX",
    "EvaluatedWorkbook",
    "WorkbookFileError",
    "WorkbookInputs",
    "atomic_save",
    "evaluate_workbook",
    "fill_and_save",
    "for_sheet",
    "new_workbook",
    "read_workbook",
    "save_package",
    "set_offer_values",
    "set_profile_values",
]
