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

from offersheet.atomic import atomic_write
from offersheet.workbook.safety import WorkbookFileError
from offersheet.workbook.template import build_workbook


def quickstart_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise WorkbookFileError("xlwings", "the xlwings package is needed for a macro-enabled workbook")
    return Path(spec.origin).parent / "quickstart.xlsm"


def new_macro_workbook(
    path: str | os.PathLike[str],
    offers: Iterable[Mapping[str, Any]] = (),
    profile: Mapping[str, Any] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write a macro-enabled offers workbook (``.xlsm``) to ``path``."""
    from offersheet.workbook.api import fill_and_save

    target = Path(path)
    if target.suffix.lower() != ".xlsm":
        raise WorkbookFileError(target, "a macro-enabled workbook needs the .xlsm extension")
    if target.exists() and not overwrite:
        raise WorkbookFileError(target, "already exists (choose another name, or overwrite it explicitly)")
    wb = openpyxl.load_workbook(quickstart_path(), keep_vba=True)
    build_workbook(wb=wb)
    return fill_and_save(wb, target, offers, profile, overwrite)


RUNNER = """\"\"\"Run offersheet from {name}: xlwings' "Run main" and the RunPython macro call main().

Written by `offersheet new --macro-enabled`. recalculate() rewrites Report, Lock-in and Asks; export() also
writes the comparison (csv, md, html, png) beside the workbook.
\"\"\"

from offersheet.macros import export, main, recalculate  # noqa: F401
"""


def _is_our_runner(text: str) -> bool:
    """Exactly a runner offersheet wrote (for any workbook name): anything else is the person's file."""
    head, sep, tail = RUNNER.partition("{name}")
    return bool(sep) and text.startswith(head) and text.endswith(tail) and "\n" not in text[len(head) : -len(tail)]


def write_runner(workbook: Path) -> tuple[Path | None, str]:
    """Write ``<stem>.py`` beside an .xlsm (the module xlwings' RunPython and "Run main" import by name)."""
    runner = workbook.with_suffix(".py")
    if not workbook.stem.isidentifier():
        return None, (
            f"{workbook.name}: xlwings imports a module named after the workbook, and "
            f"'{workbook.stem}' is not a Python name; use e.g. {workbook.stem.replace('-', '_')}"
            ".xlsm for Run main, or call offersheet.macros from VBA (docs/excel.md)"
        )
    if runner.exists() and not _is_our_runner(runner.read_text(encoding="utf-8", errors="replace")):
        return None, f"{runner} exists and is not offersheet's: left alone (add the import from docs/excel.md)"
    atomic_write(runner, lambda tmp: tmp.write_text(RUNNER.format(name=workbook.name), encoding="utf-8"))
    return runner, f'wrote {runner} ("Run main" and RunPython use it)'
