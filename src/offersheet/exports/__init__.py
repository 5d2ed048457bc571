"""Batch exports: evaluate many workbooks (never modifying them) and write a comparison of each, plus a summary.

``export(paths, out)`` takes files, folders and glob patterns. Each workbook is read and evaluated in a worker
process; its comparison is written as ``<stem>-comparison.{csv,xlsx,md,html}`` and ``<stem>-{lockin,scores}.png``.
Across all of them: ``summary.csv`` / ``summary.xlsx`` (one row per offer) and ``errors.csv`` (one row per
workbook that failed, with the reason). A bad workbook never stops the others. Every file is written
atomically; files in ``out`` that are not this run's outputs are left alone.
"""

from __future__ import annotations

import contextlib
import gc
import glob
import json
import os
import re
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offersheet.exports.render import FORMATS, render, write_csv, write_xlsx
from offersheet.exports.tables import ERROR_COLUMNS, SUMMARY_COLUMNS, comparison, summary_rows
from offersheet.model.errors import OffersheetError

__all__ = ["FORMATS", "ExportReport", "collect_paths", "export", "export_evaluated", "parse_formats"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


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
    summary: Path | None = None
    errors_file: Path | None = None
    renamed: dict[str, str] = field(default_factory=dict)  # our usual name -> the name used (a file was there)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    items = [f.strip().lower() for f in (text.split(",") if isinstance(text, str) else text) if f.strip()]
    unknown = [f for f in items if f not in FORMATS]
    if unknown or not items:
        raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS)}")
    return tuple(dict.fromkeys(items))


MANIFEST = ".offersheet-export.json"  # in the output folder: the files offersheet wrote there
OUTPUT_SUFFIXES = ("-comparison.csv", "-comparison.xlsx", "-comparison.md", "-comparison.html", "-lockin.png",
                   "-scores.png")
SUMMARY_FILES = ("summary.csv", "summary.xlsx", "errors.csv")


def collect_paths(paths: Iterable[str | os.PathLike[str]], out: Path | None = None
                  ) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files as given, workbooks inside folders, glob matches; plus (path, reason) for what matched nothing.
    In the output folder, offersheet's own outputs (by the manifest, and by their names) are never inputs."""
    found: list[Path] = []
    missing: list[tuple[str, str]] = []
    out_resolved = out.resolve() if out else None
    own = owned(out) if out else set()
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
    return not (in_out and (p.name.lower() in own or p.name.lower().endswith(OUTPUT_SUFFIXES)
                            or re.fullmatch(r"summary(-\d+)?\.xlsx", p.name.lower())))


def owned(out: Path) -> set[str]:
    """The names (lower case) of the files offersheet wrote in ``out`` before."""
    try:
        return {str(n).lower() for n in json.loads((out / MANIFEST).read_text(encoding="utf-8"))}
    except (OSError, ValueError, TypeError):
        return set()


def _record(out: Path, names: Iterable[str]) -> None:
    from offersheet.exports.render.files import write_text

    write_text(out / MANIFEST, json.dumps(sorted(owned(out) | {n.lower() for n in names}), indent=0) + "\n")


def _free(out: Path, name: str, own: set[str], taken: set[str]) -> bool:
    """Whether offersheet may write ``name`` in ``out``: not taken in this run, and absent or its own."""
    return name.lower() not in taken and (name.lower() in own or not (out / name).exists())


def stems_for(paths: Sequence[Path], out: Path | None = None, own: set[str] | None = None) -> list[str]:
    """One output name per workbook: its stem, numbered when it is taken (by another workbook of the batch,
    or by a file in ``out`` that offersheet did not write)."""
    taken: set[str] = set()
    result = []
    for p in paths:
        stem, n = p.stem, 1
        while True:
            candidate = stem if n == 1 else f"{stem}-{n}"
            names = [candidate + suffix for suffix in OUTPUT_SUFFIXES]
            if candidate.lower() not in taken and (out is None or all(_free(out, x, own or set(), set())
                                                                       for x in names)):
                break
            n += 1
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def summary_names(out: Path, own: set[str]) -> dict[str, str]:
    """summary.csv, summary.xlsx and errors.csv, or numbered names where a file of that name is not ours."""
    names, taken = {}, set()
    for name in SUMMARY_FILES:
        stem, ext = name.rsplit(".", 1)
        n = 1
        while not _free(out, name if n == 1 else f"{stem}-{n}.{ext}", own, taken):
            n += 1
        chosen = name if n == 1 else f"{stem}-{n}.{ext}"
        taken.add(chosen.lower())
        names[name] = chosen
    return names


def export_evaluated(name: str, inputs: Any, ev: Any, out: Path, stem: str, formats: Iterable[str],
                     bom: bool = True) -> list[Path]:
    """Write one evaluated workbook's comparison (the macro's export and the batch share this)."""
    cmp = comparison(name, ev, tuple(inputs.columns), inputs.profile.liquid_savings)
    return render(cmp, out, stem, formats, bom)


_PROCESS = {"one_shot": False, "settled": False}


def one_shot() -> None:
    """Declare this process short-lived and offersheet's own (the CLI; export's worker processes). After its
    first workbook, when every lazy import is done, the objects alive then are frozen out of the garbage
    collector's full scans (``gc.freeze``): about an eighth of a batch's time. Not done in a caller's own
    process (a notebook calling ``export(jobs=1)``), where frozen objects would never be collected. Such a
    process also gets a memory budget (``MEMORY_BUDGET`` of address space, never raising a lower limit): a
    workbook that needs more ends in MemoryError, reported as its own failure."""
    _PROCESS["one_shot"] = True
    _limit_memory()


MEMORY_BUDGET = 3 << 30  # address space for one offersheet process: far above a batch's ~200 MiB


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft > MEMORY_BUDGET:
        cap = MEMORY_BUDGET if hard == resource.RLIM_INFINITY else min(MEMORY_BUDGET, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _settle() -> None:
    if _PROCESS["one_shot"] and not _PROCESS["settled"]:
        _PROCESS["settled"] = True
        gc.collect()
        gc.freeze()


WORKBOOK_SECONDS = 60  # a time budget per workbook in offersheet's own processes (bounds are checked first)


class _OverBudget(Exception):
    pass


def _over_budget(_signum: int, _frame: Any) -> None:
    raise _OverBudget


Task = tuple[str, str, str, tuple[str, ...], bool]  # workbook, output folder, stem, formats, CSV byte-order mark


def export_one(path: str, out: str, stem: str, formats: tuple[str, ...], bom: bool = True) -> Outcome:
    """Evaluate one workbook (read only) and write its comparison. Never raises for a bad workbook: whatever
    goes wrong with this one is its row in errors.csv, and the batch goes on."""
    from offersheet.model.evaluate import evaluate as evaluate_model
    from offersheet.workbook import read_workbook

    outcome = Outcome(path, stem)
    timed = _PROCESS["one_shot"] and hasattr(signal, "setitimer")
    if timed:
        signal.signal(signal.SIGALRM, _over_budget)
        signal.setitimer(signal.ITIMER_REAL, WORKBOOK_SECONDS)
    try:
        inputs = read_workbook(path)
        ev = evaluate_model(inputs.offers, inputs.companies, inputs.profile, inputs.reference)
        outcome.files = [str(p) for p in export_evaluated(Path(path).name, inputs, ev, Path(out), stem, formats,
                                                                  bom)]
        outcome.rows = summary_rows(Path(path).name, ev)
    except OffersheetError as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        outcome.error = reason.replace("\n", "; ")
    except _OverBudget:
        outcome.error = f"took longer than {WORKBOOK_SECONDS} s: stopped (nothing about it was written)"
    except MemoryError:
        outcome.error = "ran out of memory: stopped (nothing about it was written)"
    except Exception as exc:  # any other failure is this workbook's, never the batch's
        outcome.error = f"could not be exported ({type(exc).__name__}: {exc})"
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
    if outcome.error:
        _remove(outcome.files)
        outcome.files = []
    _settle()
    return outcome


def _remove(files: Iterable[str]) -> None:
    for f in files:
        with contextlib.suppress(OSError):
            os.unlink(f)


def _alone(task: Task) -> Outcome:
    """One workbook in a process of its own: if it kills the process, it is the only one reported."""
    from concurrent.futures import ProcessPoolExecutor  # imported where used: Pyodide (xlwings Lite) has none
    with ProcessPoolExecutor(max_workers=1, initializer=one_shot) as pool:
        try:
            return pool.submit(_export_batch, [task]).result()[0]
        except Exception as exc:  # the process died on this workbook
            return Outcome(task[0], task[2], error=f"stopped the process exporting it ({type(exc).__name__})")


def _export_batch(tasks: list[Task]) -> list[Outcome]:
    return [export_one(*task) for task in tasks]


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
    """
    fmts = parse_formats(formats)
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    files, missing = collect_paths(paths, target)
    own = owned(target)
    stems = stems_for(files, target, own)
    jobs = max(1, jobs or os.cpu_count() or 1)
    outcomes: dict[str, Outcome] = {}
    tasks: list[Task] = [(str(p), str(target), s, fmts, bom) for p, s in zip(files, stems, strict=True)]
    if progress:
        progress(0, len(tasks))
    if jobs == 1 or len(tasks) <= 1:
        for task in tasks:
            outcomes[task[0]] = export_one(*task)
            if progress:
                progress(1, len(tasks))
    else:
        from concurrent.futures import ProcessPoolExecutor

        # A few workbooks per task: fewer round trips through the pool (its bookkeeping runs in this process,
        # competing with the workers for the cores), small enough to keep the workers evenly busy.
        size = max(1, min(8, len(tasks) // (jobs * 8)))
        batches = [tasks[i:i + size] for i in range(0, len(tasks), size)]
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=one_shot) as pool:
            futures = {pool.submit(_export_batch, batch): batch for batch in batches}
            retry: list[Task] = []
            for fut in as_completed(futures):
                batch = futures[fut]
                try:
                    done = fut.result()
                except Exception:  # a worker died (or the pool broke): retry these one by one
                    retry += batch
                    continue
                for outcome in done:
                    outcomes[outcome.path] = outcome
                if progress:
                    progress(len(batch), len(tasks))
        for task in retry:  # each alone in a fresh process, so only the workbook that kills it fails
            outcomes[task[0]] = _alone(task)
            if progress:
                progress(1, len(tasks))
    ordered = [outcomes[str(p)] for p in files]
    rows = [row for o in ordered for row in o.rows]
    errors = missing + [(o.path, o.error) for o in ordered if o.error]
    if not files and not missing:
        errors.append((str(target), "no workbooks (.xlsx, .xlsm) found in the paths given"))
    written = [Path(f) for o in ordered for f in o.files]
    table = [[row[c] for c in SUMMARY_COLUMNS] for row in rows]
    names = summary_names(target, own)
    try:
        written.append(write_csv(target / names["summary.csv"], SUMMARY_COLUMNS, table, bom))
        written.append(write_xlsx(target / names["summary.xlsx"], {"Summary": (SUMMARY_COLUMNS, table)},
                                  keys=SUMMARY_COLUMNS, label_columns=SUMMARY_COLUMNS.index("employer") + 1))
        written.append(write_csv(target / names["errors.csv"], ERROR_COLUMNS, errors, bom))
    except OSError as exc:
        raise ExportError(target, f"could not write the summary ({exc.strerror or exc}); the comparisons "
                                  "written so far are complete") from None
    finally:
        _record(target, [p.name for p in written])
    exported = sum(1 for o in ordered if not o.error)
    renamed = {k: v for k, v in names.items() if k != v}
    return ExportReport(target, len(files), written, rows, errors, exported, target / names["summary.csv"],
                        target / names["errors.csv"], renamed)


class ExportError(OffersheetError):
    """The batch's own files could not be written (the folder, the disk): the message says which."""

    def __init__(self, out: Path, reason: str) -> None:
        self.path, self.reason = str(out), reason
        super().__init__(f"{out}: {reason}")
