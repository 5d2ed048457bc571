"""Writing files the way a careful editor does; every file offersheet writes goes through here.

- **Atomic.** The new content goes to a hidden temporary file beside the file it replaces
  (``.offersheet-tmp-<stem>-…``), is flushed to disk and renamed over it: readers see the old version or the
  complete new one. Temporary files left by a killed run are removed by the next write once they are stale.
- **Permissions.** A new file gets what any program's new file gets (``0o666`` less the process umask); a
  replaced file keeps its mode and, where the process may set them, its owner and group; so does the ``.bak``.
- **Symlinks are followed.** The file at the end of the link is replaced in its own folder and the link is
  left as it was; the ``.bak`` sits beside the real file. A dangling link is an error.
- **Open elsewhere.** An Excel owner file (``~$name.xlsx``) or a LibreOffice lock file (``.~lock.name.xlsx#``)
  beside a file stops its replacement (unless ``force``): the application would later save over it.
- **Changed since read.** With ``expect`` (a :class:`Fingerprint` taken before reading), a file that changed
  in the meantime is not replaced.
- **One offersheet at a time.** :func:`exclusive` holds an advisory lock on a file around a read-modify-write,
  so two offersheet processes queue (up to ``LOCK_WAIT_SECONDS``) or the second refuses.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import stat
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from offersheet.model.errors import OffersheetError

TEMP_PREFIX = ".offersheet-tmp-"
STALE_TEMP_SECONDS = 600
LOCK_WAIT_SECONDS = 30.0


class WriteRefused(OffersheetError):
    """A file was not written, and everything is as it was; the message says why and how to go on."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class Fingerprint:
    """What a file was when it was read: size, modification time and a checksum (CRC-32) of its bytes. Enough
    to notice another program's save, which is what it is for (not a defence against forgery)."""

    size: int
    mtime_ns: int
    crc32: int

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            checksum = zlib.crc32(fh.read())
        return cls(st.st_size, st.st_mtime_ns, checksum)


def real_target(target: Path) -> Path:
    """The file a write to ``target`` should replace: the end of its symlinks (an error when dangling)."""
    if not target.is_symlink():
        return target
    real = Path(os.path.realpath(target))
    if not real.exists():
        raise WriteRefused(
            target,
            f"is a link to {real}, which does not exist: nothing was written (fix or "
            "remove the link, or write elsewhere)",
        )
    return real


def atomic_write(
    target: Path,
    write: Callable[[Path], object],
    backup: bool = False,
    *,
    force: bool = False,
    expect: Fingerprint | None = None,
) -> Path:
    """Call ``write(tmp)`` on a temporary path beside the real ``target``, then move it into place, following
    the rules in this module's docstring. With ``backup`` the previous version is kept as ``<name>.bak``.
    ``force`` ignores another application's lock file. Raises :class:`WriteRefused` (or OSError) with the
    target, its backup and its link as they were and no temporary file left. Returns the path written."""
    target = Path(target)
    dest = real_target(target)
    old = _existing(dest)
    if old is not None:
        if not old.st_mode & stat.S_IWUSR:
            raise WriteRefused(
                dest, "the file is read-only: nothing was changed (make it writable, or write elsewhere)"
            )
        if not force:
            holder = open_elsewhere(dest, target)
            if holder:
                raise WriteRefused(
                    dest,
                    f"seems to be open in {holder}: nothing was changed. Close it there and "
                    "run again (or, if that application is closed and the lock file is "
                    "stale, run again with --force)",
                )
    remove_stale_temps(dest)
    try:
        fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{dest.stem}-", suffix=dest.suffix, dir=dest.parent)
    except PermissionError as exc:
        raise WriteRefused(dest, f"cannot write in {dest.parent} ({exc.strerror}): nothing was changed") from None
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        _take_permissions(tmp, old)
        if expect is not None and _existing(dest) is not None and Fingerprint.of(dest) != expect:
            raise WriteRefused(
                dest,
                "changed since offersheet read it (saved by another program or run?): "
                "nothing was written, the file as it is now was kept; run again to "
                "evaluate the new version",
            )
        if backup and old is not None:
            _replace_backup(dest)
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return dest


def _existing(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def process_umask() -> int:
    """The umask, read without changing it where the system tells it (Linux); else set and restored."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _take_permissions(tmp: Path, old: os.stat_result | None) -> None:
    """A new file: 0o666 less the umask, as open() would give it. A replacement: the original's mode, owner
    and group (owner and group only where this process may set them: root, or a group it belongs to)."""
    if old is None:
        os.chmod(tmp, 0o666 & ~process_umask())
        return
    _copy_owner(tmp, old)
    os.chmod(tmp, stat.S_IMODE(old.st_mode))


def _copy_owner(path: Path | str, old: os.stat_result) -> None:
    if not hasattr(os, "chown"):
        return
    mine = os.stat(path)
    if (mine.st_uid, mine.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        os.chown(path, old.st_uid, old.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.chown(path, -1, old.st_gid)


def _replace_backup(target: Path) -> None:
    """``<name>.bak`` beside the real file: a hard link (same bytes, mode and owner, no space), else a copy
    that keeps them; itself moved into place atomically."""
    bak = target.with_name(target.name + ".bak")
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.stem}-", suffix=".bak", dir=target.parent)
    os.close(fd)
    try:
        os.unlink(name)
        try:
            os.link(target, name)
        except OSError:
            shutil.copy2(target, name)
            _copy_owner(name, target.stat())
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


def lock_files(path: Path) -> list[tuple[str, Path]]:
    """Where an application that has ``path`` open leaves its lock file: (application, lock path).

    LibreOffice: ``.~lock.<name>#``. Excel: the owner file ``~$<name>``; Office names it with the first one or
    two characters of a long name replaced by ``~$``, so those forms are looked for too."""
    name, stem = path.name, path.stem
    found = [("LibreOffice", path.with_name(f".~lock.{name}#")), ("Excel", path.with_name(f"~${name}"))]
    if len(stem) >= 7:
        found.append(("Excel", path.with_name(f"~${name[1:]}")))
    if len(stem) >= 8:
        found.append(("Excel", path.with_name(f"~${name[2:]}")))
    return found


def open_elsewhere(path: Path, *aliases: Path) -> str | None:
    """Which application seems to have ``path`` (or a link to it) open, judged by its lock file; None if none."""
    for p in dict.fromkeys((path, *aliases)):
        for app, lock in lock_files(p):
            if lock.is_file():
                who = _lock_owner(app, lock)
                return f"{app}{who} (its lock file {lock.name} is beside it)"
    return None


def _lock_owner(app: str, lock: Path) -> str:
    """Who holds the lock, as the lock file says: LibreOffice writes ``name,user,host,date,…``; Excel's owner
    file starts with the length of the user's display name, then the name."""
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return ""
    if app == "LibreOffice":
        fields = data.decode("utf-8", "replace").split(",")
        user = (fields[0] or fields[1]) if len(fields) > 1 else ""
        when = fields[3] if len(fields) > 3 else ""
        return f", opened by {user}" + (f" on {when}" if when else "") if user else ""
    if data and 0 < data[0] < len(data):
        user = data[1 : 1 + data[0]].decode("latin-1", "replace").strip()
        return f", opened by {user}" if user.isprintable() and user else ""
    return ""


@contextlib.contextmanager
def exclusive(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold an advisory lock on the file ``path`` ends at (the file itself: nothing is created beside it)
    while the block runs. Another offersheet process holding it: wait up to ``wait`` seconds, then refuse.
    A file that does not exist yet, or a system without ``fcntl`` (Windows), runs the block unlocked."""
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on this platform
        yield
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            yield
            return
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise WriteRefused(
                            path,
                            f"another offersheet run has been working on this file for "
                            f"over {wait:.0f} s: nothing was changed; run again when it "
                            "has finished",
                        ) from None
                    time.sleep(0.05)
            try:
                current = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                current = False
            if current:  # the lock is on the file the path names now
                yield
                return
            # the file was replaced while we waited (the other run finished): lock the new one
        finally:
            os.close(fd)
