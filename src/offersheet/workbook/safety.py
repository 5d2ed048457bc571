"""Opening untrusted workbooks: bounded in size, parsed with defusedxml, every failure our own error.

Before any reader allocates for a file: it must be a regular file within the size bound (checked before it
is opened), an archive whose directory is sound (part names, sizes, compression ratio of large members,
encryption, methods), and every XML part must pass the streaming scan of ``xmlscan`` (DTDs and entities
refused; cells, strings, styles, names, relationships, anchors, formulas and number formats bounded, measured
by the parser after XML decoding). Encrypted and legacy .xls files are recognised by their OLE header.
Macros and external links are kept in the file but never executed or followed.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers.expat import ExpatError

from offersheet.model.errors import OffersheetError
from offersheet.workbook.limits import LIMITS, Limits
from offersheet.workbook.xmlscan import CONTENT_TYPES, Refused, Scanned, scan

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

try:  # defusedxml is a dependency; openpyxl uses it automatically when installed
    from defusedxml.common import DefusedXmlException
except ImportError:  # pragma: no cover - defusedxml is required by pyproject
    DefusedXmlException = ValueError


class WorkbookFileError(OffersheetError):
    """The file cannot be opened as an offersheet workbook; the message says why and what to do."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


EXTENSIONS = (".xlsx", ".xlsm")


def check_file(path: Path, limits: Limits = LIMITS) -> None:
    """Refuse, before anything is opened, a path that is not a workbook by name, not a regular file (a folder,
    a FIFO, a device would block or mislead a reader) or over the size bound."""
    if path.suffix.lower() not in EXTENSIONS:
        hint = " (old .xls files: open and save as .xlsx first)" if path.suffix.lower() == ".xls" else ""
        raise WorkbookFileError(path, f"not an .xlsx or .xlsm workbook{hint}")
    try:
        st = path.stat()
    except OSError as exc:
        raise WorkbookFileError(path, f"cannot read the file ({exc.strerror or exc})") from None
    _check_stat(path, st, limits)


def _check_stat(path: Path, st: os.stat_result, limits: Limits) -> None:
    if not stat.S_ISREG(st.st_mode):
        what = (
            "a folder"
            if stat.S_ISDIR(st.st_mode)
            else "a FIFO (named pipe)"
            if stat.S_ISFIFO(st.st_mode)
            else "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a socket"
            if stat.S_ISSOCK(st.st_mode)
            else "not a file"
        )
        raise WorkbookFileError(path, f"is {what}, not a regular file: nothing was read (give the workbook file)")
    if st.st_size > limits.max_file_bytes:
        raise WorkbookFileError(path, f"file is {st.st_size:,} bytes, over the limit of {limits.max_file_bytes:,}")


def check_archive(path: Path, limits: Limits = LIMITS, keep_sheets: Collection[str] = ()) -> Scanned:
    """Check the file and every part of the archive before any reader allocates for it (see the module
    docstring); returns what the scan learned, with the bytes of the workbook's core parts and of the sheets
    named in ``keep_sheets``. Every refusal is a :class:`WorkbookFileError` naming the file and the reason."""
    check_file(path, limits)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise WorkbookFileError(path, f"cannot read the file ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        _check_stat(path, os.fstat(fh.fileno()), limits)  # the file opened is the file checked
        head = fh.read(8)
        if head == OLE_MAGIC:
            raise WorkbookFileError(path, _ole_reason(path))
        fh.seek(0)
        if not zipfile.is_zipfile(fh):
            raise WorkbookFileError(path, "not a valid workbook (not a zip archive: renamed, truncated or encrypted?)")
        try:
            with zipfile.ZipFile(fh) as zf:
                infos = zf.infolist()
                _check_entries(path, infos, limits)
                return scan(zf, {i.filename: i for i in infos}, limits, keep_sheets)
        except Refused as exc:
            raise WorkbookFileError(path, exc.reason) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise WorkbookFileError(path, f"damaged workbook archive ({exc})") from None


def _check_entries(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """What the archive's directory says: part names, sizes, encryption, compression methods."""
    _check_part_names(path, infos)
    names = {i.filename for i in infos}
    if CONTENT_TYPES not in names:
        raise WorkbookFileError(path, "not a valid workbook (no [Content_Types].xml in the archive)")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise WorkbookFileError(
            path, f"unpacks to {total:,} bytes, over the limit of {limits.max_uncompressed_bytes:,} (a zip bomb?)"
        )
    for i in infos:
        if i.flag_bits & 0x1:
            raise WorkbookFileError(
                path,
                f"the archive entry {_shown(i.filename)} is encrypted (a zip password): "
                "workbooks are never stored that way",
            )
        if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookFileError(
                path,
                f"the archive entry {_shown(i.filename)} uses a compression workbooks do "
                f"not use (method {i.compress_type})",
            )
        if i.file_size > 1_000_000 and i.file_size > limits.max_compression_ratio * max(i.compress_size, 1):
            raise WorkbookFileError(
                path,
                f"{i.filename} is compressed {i.file_size / max(i.compress_size, 1):,.0f}"
                " to 1, beyond what real workbooks do (a zip bomb?)",
            )


# Open Packaging Conventions (ECMA-376 Part 2, "Part names" and "Mapping part names to ZIP item names"): a
# part name is a sequence of non-empty segments of URI path characters (pchar: unreserved, %-escapes,
# sub-delims, ":" and "@"), none ending in "."; names compare case-insensitively and are unique; no part name
# is another's prefix plus segments. The ZIP item name is the part name without its leading "/".
# [Content_Types].xml is the one ZIP item that is not a part.
_SEGMENT = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+")
_DRIVE = re.compile(r"^[A-Za-z]:")


def part_name_problem(name: str) -> str | None:
    """Why a ZIP item name cannot be a part name of a workbook package (None when it can)."""
    if "\0" in name:
        return "contains a NUL character"
    if "\\" in name:
        return "contains a backslash (a Windows path, not a part name)"
    if name.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(name):
        return "starts with a drive letter"
    segments = name.split("/")
    if ".." in segments or "." in segments:
        return "has a '..' or '.' segment (it points outside its folder)"
    if name == CONTENT_TYPES:
        return None
    if name.endswith("/"):  # a folder entry some zip tools add: not a part, harmless once the above hold
        segments = segments[:-1]
    if any(not s for s in segments):
        return "has an empty segment ('//')"
    for s in segments:
        if not _SEGMENT.fullmatch(s):
            return f"has a segment {s!r} with characters a part name cannot hold"
        if s.endswith("."):
            return f"has a segment {s!r} ending with a dot"
        if re.search(r"%(2[Ff]|5[Cc])", s):
            return f"has a segment {s!r} hiding a slash as a %-escape"
    return None


def _check_part_names(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives whose entries are not unambiguous part names: duplicates (another reader may pick the
    other copy), names outside the package (``../x``, ``/tmp/x``, ``C:x``), and names no part can have."""
    seen: dict[str, str] = {}
    for info in infos:
        raw = info.orig_filename  # before zipfile cuts it at a NUL
        problem = part_name_problem(raw)
        if problem:
            raise WorkbookFileError(
                path,
                f"refused archive entry {_shown(raw)}: it {problem}; a workbook's "
                "parts are named inside the package (damaged or crafted file?)",
            )
        folded = raw.lower().rstrip("/")
        if folded in seen:
            same = "the same name" if seen[folded] == raw else f"a name differing only in case ({_shown(seen[folded])})"
            raise WorkbookFileError(
                path,
                f"refused archive entry {_shown(raw)}: another entry has {same}; part "
                "names must be unique, and programs disagree on which copy they show",
            )
        seen[folded] = raw
    for folded, raw in seen.items():
        if raw.endswith("/"):
            continue
        parts = folded.split("/")
        for n in range(1, len(parts)):
            prefix = "/".join(parts[:n])
            if prefix in seen and not seen[prefix].endswith("/"):
                raise WorkbookFileError(
                    path,
                    f"refused archive entry {_shown(raw)}: the part {_shown(seen[prefix])} "
                    "has its name as a folder; part names must not nest",
                )


def _shown(name: str) -> str:
    return repr(name if len(name) <= 120 else name[:117] + "...")


OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def _ole_reason(path: Path) -> str:
    """An OLE container is either a password-protected .xlsx or an old binary .xls."""
    with open(path, "rb") as fh:
        data = fh.read(2_000_000)
    if ENCRYPTION_STREAM in data:
        return (
            "the workbook is encrypted (password-protected): open it in Excel, remove the password "
            "(File > Info > Protect Workbook), save, and try again"
        )
    return "an old binary .xls workbook (or another Office file): open it and save as .xlsx first"


def open_workbook(
    path: str | os.PathLike[str], data_only: bool = False, limits: Limits = LIMITS, read_only: bool = False
) -> Workbook:
    """Load a workbook safely, mapping every way a file can be broken to :class:`WorkbookFileError`."""
    import openpyxl  # only here: the lean reader and the package writer do without it

    p = Path(path)
    check_archive(p, limits)
    with parsing(p):
        return openpyxl.load_workbook(
            p, data_only=data_only, keep_vba=p.suffix.lower() == ".xlsm", keep_links=True, read_only=read_only
        )  # kept in the file, never followed


@contextmanager
def parsing(p: Path) -> Iterator[None]:
    """Turn what openpyxl raises on a broken part into :class:`WorkbookFileError`: while loading, and in
    read-only mode also while iterating a sheet's rows (parsed lazily). Used around openpyxl only."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        yield
    except OffersheetError:
        raise  # our own (an InputError is also a ValueError)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise WorkbookFileError(p, f"damaged workbook archive ({exc})") from None
    except InvalidFileException as exc:
        raise WorkbookFileError(p, f"not a workbook openpyxl can read ({exc})") from None
    except KeyError as exc:
        raise WorkbookFileError(p, f"workbook is missing a required part ({exc})") from None
    except DefusedXmlException as exc:
        raise WorkbookFileError(p, f"refused unsafe XML in the workbook ({type(exc).__name__})") from None
    except (ExpatError, SyntaxError, ValueError, TypeError, IndexError, AttributeError) as exc:
        if isinstance(exc.__cause__ or exc.__context__, DefusedXmlException):
            raise WorkbookFileError(p, "refused unsafe XML in the workbook") from None
        # openpyxl surfaces malformed parts as these; name the problem instead of a traceback.
        raise WorkbookFileError(p, f"malformed workbook content ({type(exc).__name__}: {exc})") from None
