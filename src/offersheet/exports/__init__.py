"""Batch exports: evaluate many workbooks (never modifying them) and write a comparison of each, plus a summary.

``export(paths, out)`` takes files, folders and glob patterns. Each workbook is read and evaluated in a worker
process; its comparison is written as ``<stem>-comparison.{csv,xlsx,md,html}`` and ``<stem>-{lockin,scores}.png``.
Across all of them: ``summary.csv`` / ``summary.xlsx`` (one row per offer) and ``errors.csv`` (one row per
workbook that failed, with the reason). A bad workbook never stops the others. Every file is written
atomically; files in ``out`` that are not this run's outputs are left alone.
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offersheet.exports.manifest import (
    WORKBOOK_SUFFIXES,
    intended,
    is_output_name,
    owned,
    record,
    stems_for,
    summary_names,
)
from offersheet.exports.render import FORMATS, render, write_csv, write_xlsx
from offersheet.exports.tables import ERROR_COLUMNS, SUMMARY_COLUMNS, SUMMARY_LABELS, comparison
from offersheet.model.errors import OffersheetError

__all__ = ["FORMATS", "ExportError", "ExportReport", "collect_paths", "export", "export_evaluated", "parse_formats"]


@dataclass
class ExportReport:
    out: Path
    workbooks: int
    files: list[Path]
    rows: list[dict[str, Any]]
    errors: list[tuple[str, str]]
    exported: int
    summary: Path | None = None
    errors_file: Path | None = None
    renamed: dict[str, str] = field(default_factory=dict)  # our usual name -> the name used (a file was there)
    interrupted: bool = False  # stopped by Ctrl-C: the workbooks not exported are in ``errors``, said so

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    items = [f.strip().lower() for f in (text.split(",") if isinstance(text, str) else text) if f.strip()]
    unknown = [f for f in items if f not in FORMATS]
    if unknown or not items:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS)}")
    return tuple(dict.fromkeys(items))


def collect_paths(
    paths: Iterable[str | os.PathLike[str]], out: Path | None = None
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files as given, workbooks inside folders, glob matches; plus (path, reason) for what matched nothing.
    In the output folder, offersheet's own outputs (by the manifest, and by their names) are never inputs."""
    found: list[Path] = []
    missing: list[tuple[str, str]] = []
    out_resolved = out.resolve() if out else None
    own = owned(out) if out and out.is_dir() else set()
    for raw in paths:
        text = os.fspath(raw)
        p = Path(text)
        if p.is_dir():
            found += sorted(q for q in p.rglob("*") if _is_workbook(q, out_resolved, own))
        elif p.exists():
            found.append(p)
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True))
            found += [m for m in matches if m.is_file()]
            if not matches:
                missing.append((text, "no file matches this pattern"))
        else:
            missing.append((text, "no such file or folder"))
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique, missing


def _is_workbook(p: Path, out: Path | None, own: set[str]) -> bool:
    if not (p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))):
        return False
    in_out = out is not None and p.resolve().parent == out
    return not (in_out and (p.name.lower() in own or is_output_name(p.name)))


def export_evaluated(
    name: str, inputs: Any, ev: Any, out: Path, stem: str, formats: Iterable[str], bom: bool = True
) -> list[Path]:
    """Write one evaluated workbook's comparison (the macro's export and the batch share this)."""
    cmp = comparison(name, ev, tuple(inputs.columns), inputs.profile.liquid_savings)
    return render(cmp, out, stem, formats, bom)


def export(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    formats: Iterable[str] | str = FORMATS,
    jobs: int | None = None,
    progress: Callable[[int, int], Any] | None = None,
    bom: bool = True,
) -> ExportReport:
    """Export every workbook found in ``paths`` to the folder ``out`` (created if needed).

    ``jobs``: worker processes (default: all cores; 1 runs in this process). ``progress(done, total)`` is called
    once with 0 when the workbooks have been found, then with how many more have finished: for a progress bar.
    ``bom``: CSV files start with a UTF-8 byte-order mark, which Excel needs to read them as UTF-8 (``False``:
    plain UTF-8, for tools that do not expect one).
    Raises :class:`ExportError` (nothing written) when no workbook is found or the folder cannot be made or
    recorded in, and when the summary cannot be written. Ctrl-C stops the workers at once; the report says
    what finished (``interrupted``) and the summary lists it.
    """
    from offersheet.exports.runner import run

    fmts = parse_formats(formats)
    target = Path(out)
    files, missing = collect_paths(paths, target)
    if not files:
        reasons = "; ".join(f"{p}: {why}" for p, why in missing)
        raise ExportError(
            target,
            "no workbooks (.xlsx, .xlsm) found in the paths given"
            + (f" ({reasons})" if reasons else "")
            + ": nothing was written",
        )
    _make_folder(target)
    own = owned(target)
    stems = stems_for(files, target, own)
    names = summary_names(target, own)
    mine = own | set(intended(stems, names.values()))
    try:  # what this run may write, recorded before any of it is written
        record(target, mine, complete=False)
    except OSError as exc:
        raise ExportError(
            target, f"could not write its list of files ({exc.strerror or exc}): nothing was written"
        ) from None
    started = time.time()
    tasks = [(str(p), str(target), s, fmts, bom) for p, s in zip(files, stems, strict=True)]
    if progress:
        progress(0, len(tasks))
    outcomes, interrupted = run(tasks, max(1, jobs or os.cpu_count() or 1), progress)
    if interrupted:  # what the unfinished workbooks wrote goes, so the summary and the files agree
        _remove_partial(target, started, [s for p, s in zip(files, stems, strict=True) if str(p) not in outcomes])
    ordered = [outcomes[str(p)] for p in files if str(p) in outcomes]
    unfinished = [(str(p), INTERRUPTED) for p in files if str(p) not in outcomes]
    rows = [row for o in ordered for row in o.rows]
    errors = missing + [(o.path, o.error) for o in ordered if o.error] + unfinished
    written = [Path(f) for o in ordered for f in o.files]
    table = [[row[c] for c in SUMMARY_COLUMNS] for row in rows]
    try:
        written.append(write_csv(target / names["summary.csv"], SUMMARY_COLUMNS, table, bom))
        written.append(
            write_xlsx(
                target / names["summary.xlsx"],
                {"Summary": (SUMMARY_LABELS, table)},
                keys=SUMMARY_COLUMNS,
                label_columns=SUMMARY_COLUMNS.index("employer") + 1,
                currencies=[row["currency"] for row in rows],
            )
        )
        written.append(write_csv(target / names["errors.csv"], ERROR_COLUMNS, errors, bom))
    except OSError as exc:
        raise ExportError(
            target,
            f"could not write the summary ({exc.strerror or exc}); the comparisons "
            "written so far are complete and listed as offersheet's",
        ) from None
    try:
        record(target, own | {p.name for p in written} | set(intended(stems, names.values())), complete=True)
    except OSError as exc:
        why = exc.strerror or exc
        raise ExportError(
            target,
            f"wrote every file but could not complete its list of files ({why}); the list "
            "written at the start still names them as offersheet's",
        ) from None
    exported = sum(1 for o in ordered if not o.error)
    renamed = {k: v for k, v in names.items() if k != v}
    return ExportReport(
        target,
        len(files),
        written,
        rows,
        errors,
        exported,
        target / names["summary.csv"],
        target / names["errors.csv"],
        renamed,
        interrupted,
    )


def _make_folder(target: Path) -> None:
    try:
        target.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExportError(target, "is a file, not a folder: nothing was written (give a folder for -o)") from None
    except OSError as exc:
        raise ExportError(target, f"cannot create the folder ({exc.strerror or exc}): nothing was written") from None


INTERRUPTED = "not exported: the export was interrupted (Ctrl-C)"


def _remove_partial(target: Path, started: float, unfinished: list[str]) -> None:
    """What this run wrote for the workbooks it did not finish, and the temporary files a terminated worker
    left: only files of this run's own names, written since it started (never anyone else's)."""
    from offersheet.atomic import TEMP_PREFIX
    from offersheet.exports.runner import written_since

    leftovers = [Path(f) for stem in unfinished for f in written_since(target, stem, started)]
    for path in [*target.glob(f"{TEMP_PREFIX}*"), *leftovers]:
        try:
            if path.stat().st_mtime >= started - 1:
                path.unlink()
        except OSError:
            continue


class ExportError(OffersheetError):
    """The batch's own files could not be written (the folder, the disk): the message says which."""

    def __init__(self, out: Path, reason: str) -> None:
        self.path, self.reason = str(out), reason
        super().__init__(f"{out}: {reason}")
