"""Macro-enabled workbooks: our sheets inside xlwings' own quickstart .xlsm, whose VBA project is kept.

The classic xlwings add-in writes VBA wrappers for UDFs into the workbook ("Import Functions"), so UDFs
need an .xlsm; openpyxl cannot create VBA, so we start from the quickstart file shipped in the xlwings
package (its RunPython module included) and keep it with ``keep_vba``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import openpyxl

from offersheet.workbook.safety import WorkbookFileError
from offersheet.workbook.template import build_workbook


def quickstart_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise WorkbookFileError("xlwings", "the xlwings package is needed for a macro-enabled workbook")
    return Path(spec.origin).parent / "quickstart.xlsm"


def new_macro_workbook(path: str | os.PathLike[str], offers: Iterable[Mapping[str, Any]] = (),
                       profile: Mapping[str, Any] | None = None, overwrite: bool = False) -> Path:
    """Write a macro-enabled offers workbook (``.xlsm``) to ``path``."""
    from offersheet.workbook import fill_and_save

    target = Path(path)
    if target.suffix.lower() != ".xlsm":
        raise WorkbookFileError(target, "a macro-enabled workbook needs the .xlsm extension")
    if target.exists() and not overwrite:
        raise WorkbookFileError(target, "already exists (choose another name, or overwrite it explicitly)")
    wb = openpyxl.load_workbook(quickstart_path(), keep_vba=True)
    build_workbook(wb=wb)
    return fill_and_save(wb, target, offers, profile)
