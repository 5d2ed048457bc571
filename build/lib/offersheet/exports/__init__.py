"""Batch exports: evaluate many workbooks (never modifying them) and write a comparison of each, plus a summary.

``export(paths, out)`` takes files, folders and glob patterns. Each workbook is read and evaluated in a worker
process; its comparison is written as ``<stem>-comparison.{csv,xlsx,md,html}`` and ``<stem>-{lockin,scores}.png``.
Across all of them: ``summary.csv`` / ``summary.xlsx`` (one row per offer) and ``errors.csv`` (one row per
workbook that failed, with the reason). A bad workbook never stops the others. Every file is written
atomically; files in ``out`` that are not this run's outputs are left alone.
"""

from __future__ import annotations

import gc
import glob
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offersheet.exports.render import FORMATS, render, write_csv, write_xlsx
from offersheet.exports.tables import ERROR_COLUMNS, SUMMARY_COLUMNS, comparison, summary_rows
from offersheet.model.errors import OffersheetError

__all__ = ["FORMATS", "ExportReport", "collect_paths", "export", "export_evaluated", "parse_formats"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OWN_SUFFIXES = ("-comparison.xlsx", "-comparison.xlsm")


@dataclass
class Outcome:
    path: str
    stem: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class ExportReport:
    out: Path
    workbooks: int
    files: list[Path]
    rows: list[dict[str, Any]]
    errors: list[tuple[str, str]]
    exported: int

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    items = [f.strip().lower() for f in (text.split(",") if isinstance(text, str) else text) if f.strip()]
    unknown = [f for f in items if f not in FORMATS]
    if unknown or not items:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS)}")
    return tuple(dict.fromkeys(items))


def collect_paths(paths: Iterable[str | os.PathLike[str]], out: Path | None = None
                  ) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files as given, workbooks inside folders, glob matches; plus (path, reason) for what matched nothing."""
    found: list[Path] = []
    missing: list[tuple[str, str]] = []
    out_resolved = out.resolve() if out else None
    for raw in paths:
        text = os.fspath(raw)
        p = Path(text)
        if p.is_dir():
            found += sorted(q for q in p.rglob("*") if _is_workbook(q, out_resolved))
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


def _is_workbook(p: Path, out: Path | None) -> bool:
    return (p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))
            and not p.name.endswith(OWN_SUFFIXES) and p.name not in ("summary.xlsx",)
            and (out is None or out not in p.resolve().parents))


def stems_for(paths: Sequence[Path]) -> list[str]:
    """One output name per workbook: its stem, numbered when two workbooks share one."""
    seen: dict[str, int] = {}
    out = []
    for p in paths:
        stem = p.stem
        n = seen.get(stem.lower(), 0) + 1
        seen[stem.lower()] = n
        out.append(stem if n == 1 else f"{stem}-{n}")
    return out


def export_evaluated(name: str, inputs: Any, ev: Any, out: Path, stem: str, formats: Iterable[str]) -> list[Path]:
    """Write one evaluated workbook's comparison (the macro's export and the batch share this)."""
    cmp = comparison(name, ev, tuple(inputs.columns), inputs.profile.liquid_savings)
    return render(cmp, out, stem, formats)


_PROCESS = {"one_shot": False, "settled": False}


def one_shot() -> None:
    """Declare this process short-lived and offersheet's own (the CLI; export's worker processes). After its
    first workbook, when every lazy import is done, the objects alive then are frozen out of the garbage
    collector's full scans (``gc.freeze``): about an eighth of a batch's time. Not done in a caller's own
    process (a notebook calling ``export(jobs=1)``), where frozen objects would never be collected."""
    _PROCESS["one_shot"] = True


def _settle() -> None:
    if _PROCESS["one_shot"] and not _PROCESS["settled"]:
        _PROCESS["settled"] = True
        gc.collect()
        gc.freeze()


def export_one(path: str, out: str, stem: str, formats: tuple[str, ...]) -> Outcome:
    """Evaluate one workbook (read only) and write its comparison. Never raises for a bad workbook."""
    from offersheet.model.evaluate import evaluate as evaluate_model
    from offersheet.workbook import read_workbook

    outcome = Outcome(path, stem)
    try:
        inputs = read_workbook(path)
        ev = evaluate_model(inputs.offers, inputs.companies, inputs.profile, inputs.reference)
        outcome.files = [str(p) for p in export_evaluated(Path(path).name, inputs, ev, Path(out), stem, formats)]
        outcome.rows = summary_rows(Path(path).name, ev)
    except OffersheetError as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        outcome.error = reason.replace("\n", "; ")
    except (OSError, MemoryError, RecursionError) as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
    _settle()
    return outcome


def _export_batch(tasks: list[tuple[str, str, str, tuple[str, ...]]]) -> list[Outcome]:
    return [export_one(*task) for task in tasks]


def export(
    paths: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    formats: Iterable[str] | str = FORMATS,
    jobs: int | None = None,
    progress: Callable[[int, int], Any] | None = None,
) -> ExportReport:
    """Export every workbook found in ``paths`` to the folder ``out`` (created if needed).

    ``jobs``: worker processes (default: all cores; 1 runs in this process). ``progress(done, total)`` is called
    once with 0 when the workbooks have been found, then with how many more have finished: for a progress bar.
    """
    fmts = parse_formats(formats)
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    files, missing = collect_paths(paths, target)
    stems = stems_for(files)
    jobs = max(1, jobs or os.cpu_count() or 1)
    outcomes: dict[str, Outcome] = {}
    tasks = [(str(p), str(target), s, fmts) for p, s in zip(files, stems, strict=True)]
    if progress:
        progress(0, len(tasks))
    if jobs == 1 or len(tasks) <= 1:
        for task in tasks:
            outcomes[task[0]] = export_one(*task)
            if progress:
                progress(1, len(tasks))
    else:
        # A few workbooks per task: fewer round trips through the pool (its bookkeeping runs in this process,
        # competing with the workers for the cores), small enough to keep the workers evenly busy.
        size = max(1, min(8, len(tasks) // (jobs * 8)))
        batches = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=one_shot) as pool:
            futures = {pool.submit(_export_batch, batch): batch for batch in batches}
            for fut in as_completed(futures):
                batch = futures[fut]
                try:
                    done = fut.result()
                except Exception as exc:  # a worker died: report it against its workbooks, keep the rest
                    done = [Outcome(task[0], "", error=f"worker failed: {exc!r}") for task in batch]
                for outcome in done:
                    outcomes[outcome.path] = outcome
                if progress:
                    progress(len(batch), len(tasks))
    ordered = [outcomes[str(p)] for p in files]
    rows = [row for o in ordered for row in o.rows]
    errors = missing + [(o.path, o.error) for o in ordered if o.error]
    written = [Path(f) for o in ordered for f in o.files]
    table = [[row[c] for c in SUMMARY_COLUMNS] for row in rows]
    written.append(write_csv(target / "summary.csv", SUMMARY_COLUMNS, table))
    written.append(write_xlsx(target / "summary.xlsx", {"Summary": (SUMMARY_COLUMNS, table)}))
    written.append(write_csv(target / "errors.csv", ERROR_COLUMNS, errors))
    exported = sum(1 for o in ordered if not o.error)
    return ExportReport(target, len(files), written, rows, errors, exported)
