"""The time and memory budget every command runs a workbook under (docs/safety.md, "Budgets").

The bounds of ``workbook.limits`` make a hostile file cost little; the budget is the backstop for whatever
they miss. It applies only in processes that offersheet owns and that end with the command — the console
script and export's worker processes, which call :func:`one_shot` — never in a caller's own process (a notebook
calling ``offersheet.export(jobs=1)``), whose signals and limits are its own.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import Any

from offersheet.model.errors import OffersheetError

MEMORY_BUDGET = 3 << 30  # address space for one offersheet process: far above a batch's ~200 MiB
WORKBOOK_SECONDS = 60  # for one workbook, from opening it to the last file written

_STATE = {"one_shot": False}


class OverBudget(OffersheetError):
    """A workbook took longer than its time budget or more memory than the process has."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def one_shot() -> None:
    """Declare this process short-lived and offersheet's own, and give it the memory budget (never raising a
    lower limit already set, as by ``ulimit -v``)."""
    _STATE["one_shot"] = True
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft > MEMORY_BUDGET:
        cap = MEMORY_BUDGET if hard == resource.RLIM_INFINITY else min(MEMORY_BUDGET, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def is_one_shot() -> bool:
    return _STATE["one_shot"]


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` on the way swallows it."""


def _expire(_signum: int, _frame: Any) -> None:
    raise _Expired


@contextlib.contextmanager
def workbook_budget(seconds: float | None = None) -> Iterator[None]:
    """Run the block under the time budget (``WORKBOOK_SECONDS`` unless given; in a one-shot process, where the
    platform has alarms) and turn running out of time or memory into :class:`OverBudget`, whose message says
    nothing was written for it."""
    seconds = WORKBOOK_SECONDS if seconds is None else seconds
    timed = _STATE["one_shot"] and hasattr(signal, "setitimer")
    previous: Any = None
    if timed:
        previous = signal.signal(signal.SIGALRM, _expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise OverBudget(f"took longer than {seconds:g} s: stopped (nothing about it was written)") from None
    except MemoryError:
        raise OverBudget("ran out of memory: stopped (nothing about it was written)") from None
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
