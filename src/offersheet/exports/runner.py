"""Running a batch's workbooks: each under the budget, in worker processes, and stopped at once by Ctrl-C.

A workbook's failure is its own (an error row, nothing written for it); a worker that dies takes only its
workbook down (its batch-mates are run again one by one); an interrupt terminates the workers and returns
what finished, so the caller can still write the summary.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offersheet import budget
from offersheet.exports.manifest import OUTPUT_SUFFIXES
from offersheet.model.errors import OffersheetError

Task = tuple[str, str, str, tuple[str, ...], bool]  # workbook path, output folder, stem, formats, CSV BOM
Progress = Callable[[int, int], Any]


@dataclass
class Outcome:
    path: str
    stem: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    error: str | None = None


_SETTLED = {"done": False}


def worker_start() -> None:
    """A worker process: the budget, and Ctrl-C left to the parent (which terminates the workers itself)."""
    budget.one_shot()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _settle() -> None:
    """After a one-shot process's first workbook, when every lazy import is done, the objects alive then are
    frozen out of the garbage collector's full scans (``gc.freeze``): about an eighth of a batch's time. Not
    done in a caller's own process, where frozen objects would never be collected."""
    if budget.is_one_shot() and not _SETTLED["done"]:
        _SETTLED["done"] = True
        gc.collect()
        gc.freeze()


def export_one(path: str, out: str, stem: str, formats: tuple[str, ...], bom: bool = True) -> Outcome:
    """Evaluate one workbook (read only) and write its comparison. Never raises for a bad workbook: whatever
    goes wrong with this one is its row in errors.csv, and the batch goes on."""
    from offersheet.exports import export_evaluated
    from offersheet.exports.tables import summary_rows
    from offersheet.model.evaluate import evaluate as evaluate_model
    from offersheet.workbook import read_workbook

    outcome = Outcome(path, stem)
    started = time.time()
    try:
        with budget.workbook_budget():
            inputs = read_workbook(path)
            ev = evaluate_model(inputs.offers, inputs.companies, inputs.profile, inputs.reference)
            for p in export_evaluated(Path(path).name, inputs, ev, Path(out), stem, formats, bom):
                outcome.files.append(str(p))
            outcome.rows = summary_rows(Path(path).name, ev)
    except OffersheetError as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        outcome.error = reason.replace("\n", "; ")
    except OSError as exc:
        where = exc.filename or out
        outcome.error = f"could not write {where} ({exc.strerror or exc}): nothing about it was kept"
    except Exception as exc:  # any other failure is this workbook's, never the batch's
        outcome.error = f"could not be exported ({type(exc).__name__}: {exc})"
    if outcome.error:  # what this workbook wrote before it failed: its files are whole, but not all there
        _remove(outcome.files or written_since(Path(out), stem, started))
        outcome.files = []
    _settle()
    return outcome


def written_since(out: Path, stem: str, started: float) -> list[str]:
    """This workbook's outputs written since ``started`` (its names are this run's own, by the manifest)."""
    found = []
    for suffix in OUTPUT_SUFFIXES:
        with contextlib.suppress(OSError):
            if (out / f"{stem}{suffix}").stat().st_mtime >= started - 1:
                found.append(str(out / f"{stem}{suffix}"))
    return found


def _remove(files: Iterable[str]) -> None:
    for f in files:
        with contextlib.suppress(OSError):
            os.unlink(f)


def _export_batch(tasks: list[Task]) -> list[Outcome]:
    return [export_one(*task) for task in tasks]


def run(tasks: list[Task], jobs: int, progress: Progress | None) -> tuple[dict[str, Outcome], bool]:
    """Every task's outcome by workbook path, and whether Ctrl-C stopped the run (then some are missing)."""
    outcomes: dict[str, Outcome] = {}
    try:
        if jobs == 1 or len(tasks) <= 1:
            for task in tasks:
                outcomes[task[0]] = export_one(*task)
                if progress:
                    progress(1, len(tasks))
        else:
            _in_workers(tasks, jobs, progress, outcomes)
    except KeyboardInterrupt:
        return outcomes, True
    return outcomes, False


def _in_workers(tasks: list[Task], jobs: int, progress: Progress | None, outcomes: dict[str, Outcome]) -> None:
    from concurrent.futures import as_completed

    # A few workbooks per task: fewer round trips through the pool (its bookkeeping runs in this process,
    # competing with the workers for the cores), small enough to keep the workers evenly busy.
    size = max(1, min(8, len(tasks) // (jobs * 8)))
    batches = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    retry: list[Task] = []
    with _pool(min(jobs, len(tasks))) as pool:
        futures = {pool.submit(_export_batch, batch): batch for batch in batches}
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


def _alone(task: Task) -> Outcome:
    """One workbook in a process of its own: if it kills the process, it is the only one reported."""
    with _pool(1) as pool:
        try:
            outcome: Outcome = pool.submit(_export_batch, [task]).result()[0]
            return outcome
        except Exception as exc:  # the process died on this workbook
            return Outcome(task[0], task[2], error=f"stopped the process exporting it ({type(exc).__name__})")


@contextlib.contextmanager
def _pool(workers: int) -> Iterator[Any]:
    """A process pool whose workers are terminated at once when the block is interrupted (Ctrl-C): waiting for
    them to finish their queue could take minutes. The workers are this pool's new child processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    before = set(multiprocessing.active_children())
    pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_start)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        mine = [p for p in multiprocessing.active_children() if p not in before]
        for p in mine:
            p.terminate()
        for p in mine:
            p.join(2)
        raise
    pool.shutdown(wait=True)
