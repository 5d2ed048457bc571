"""Writing a file so that readers only ever see the old version or the complete new one.

The new content goes to a hidden temporary file beside the target (``.offersheet-tmp-<stem>-…``), is flushed
to disk, and is renamed over the target. Used for workbooks (with a ``.bak``) and for every export file.
Temporary files left by a killed run are removed on the next write of the same target once they are stale.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TEMP_PREFIX = ".offersheet-tmp-"
STALE_TEMP_SECONDS = 600


def atomic_write(target: Path, write: Callable[[Path], object], backup: bool = False) -> Path:
    """Call ``write(tmp)`` on a temporary path beside ``target``, then move it into place. With ``backup``,
    the previous version is kept as ``<name>.bak`` (replaced atomically too). OSError propagates; on any
    failure the target and its backup are as they were and no temporary file is left."""
    target = Path(target)
    remove_stale_temps(target)
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        if backup and target.exists():
            _replace_backup(target)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target


def _replace_backup(target: Path) -> None:
    bak = target.with_name(target.name + ".bak")
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.stem}-", suffix=".bak", dir=target.parent)
    os.close(fd)
    try:
        os.unlink(name)
        try:
            os.link(target, name)  # no copy, no space needed
        except OSError:
            shutil.copy2(target, name)
        os.replace(name, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def remove_stale_temps(target: Path) -> None:
    """Temporary files left by a run that was killed (older than ten minutes, our prefix, this target)."""
    now = time.time()
    for old in target.parent.glob(f"{TEMP_PREFIX}{glob.escape(target.stem)}-*"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > STALE_TEMP_SECONDS:
                old.unlink()
