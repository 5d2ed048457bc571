"""Opening untrusted workbooks: bounded in size, parsed with defusedxml, every failure our own error.

Checks run on the zip archive before openpyxl parses anything: total uncompressed size, compression
ratio of large members (zip bombs), the size of each sheet's XML, and the number of cells (counted while
streaming the XML). Encrypted and legacy .xls files are recognised by their OLE header.
Macros and external links are kept in the file but never executed or followed: openpyxl does neither.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from xml.parsers.expat import ExpatError

from offersheet.model.errors import OffersheetError
from offersheet.workbook.limits import LIMITS, Limits

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

try:  # defusedxml is a dependency; openpyxl uses it automatically when installed
    from defusedxml.common import DefusedXmlException
except ImportError:  # pragma: no cover - defusedxml is required by pyproject
    DefusedXmlException = ValueError  # type: ignore[assignment,misc]


class WorkbookFileError(OffersheetError):
    """The file cannot be opened as an offersheet workbook; the message says why and what to do."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(f"{path}: {reason}")


EXTENSIONS = (".xlsx", ".xlsm")


def check_archive(path: Path, limits: Limits = LIMITS) -> None:
    if path.suffix.lower() not in EXTENSIONS:
        hint = " (old .xls files: open and save as .xlsx first)" if path.suffix.lower() == ".xls" else ""
        raise WorkbookFileError(path, f"not an .xlsx or .xlsm workbook{hint}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WorkbookFileError(path, f"cannot read the file ({exc.strerror})") from None
    if size > limits.max_file_bytes:
        raise WorkbookFileError(path, f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,}")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        raise WorkbookFileError(path, _ole_reason(path))
    if not zipfile.is_zipfile(path):
        raise WorkbookFileError(path, "not a valid workbook (not a zip archive: renamed, truncated or encrypted?)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_entries(path, infos, limits)
            _check_content(path, zf, {i.filename: i for i in infos}, limits)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise WorkbookFileError(path, f"damaged workbook archive ({exc})") from None


def _check_entries(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """What the archive's directory says: part names, sizes, encryption, compression methods."""
    _check_part_names(path, infos)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise WorkbookFileError(path, "not a valid workbook (no [Content_Types].xml in the archive)")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise WorkbookFileError(path, f"unpacks to {total:,} bytes, over the limit of "
                                      f"{limits.max_uncompressed_bytes:,} (a zip bomb?)")
    for i in infos:
        if i.flag_bits & 0x1:
            raise WorkbookFileError(path, f"the archive entry {_shown(i.filename)} is encrypted (a zip password): "
                                          "workbooks are never stored that way")
        if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookFileError(path, f"the archive entry {_shown(i.filename)} uses a compression workbooks do "
                                          f"not use (method {i.compress_type})")
        if i.file_size > 1_000_000 and i.file_size > limits.max_compression_ratio * max(i.compress_size, 1):
            raise WorkbookFileError(path, f"{i.filename} is compressed {i.file_size / max(i.compress_size, 1):,.0f}"
                                          " to 1, beyond what real workbooks do (a zip bomb?)")


def _check_prolog(path: Path, name: str, prolog: bytes) -> None:
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise WorkbookFileError(path, f"refused unsafe XML in {name}: it declares a DTD or entities (used by "
                                      "entity-expansion and external-entity attacks; real workbooks never do)")


_WORKSHEET_REL = re.compile(rb'<(?:\w+:)?Relationship\b[^>]*?/>', re.S)
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_AREA = re.compile(rb'<(?:\w+:)?(mergeCell|hyperlink|dimension|f)\b[^>]*?\bref="([^"]*)"')
_FORMAT_CODE = re.compile(rb'formatCode="([^"]*)"')
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$")


def _area(ref: str) -> int:
    """Cells a reference spans (every space-separated range of it); a malformed one counts as none."""
    total = 0
    for part in ref.upper().split():
        m = _RANGE.match(part)
        if not m:
            continue
        c1, r1 = _column(m.group(1)), int(m.group(2))
        c2, r2 = (_column(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
        total += (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)
    return total


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_parts(zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]) -> list[str]:
    """The parts the workbook's relationships call worksheets (wherever they are stored), and any part under
    xl/worksheets/: every one is bounded before a parser sees it."""
    found = [name for name in infos if name.startswith("xl/worksheets/") and name.endswith(".xml")]
    for rels in (name for name in infos if name.endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(rels))
        for rel in _WORKSHEET_REL.findall(zf.read(rels)):
            if b"/worksheet" not in rel and b"/chartsheet" not in rel and b"/dialogsheet" not in rel:
                continue
            target = re.search(rb'Target="([^"]+)"', rel)
            if target is None or b'TargetMode="External"' in rel:
                continue
            name = target.group(1).decode("utf-8", "replace")
            name = name.lstrip("/") if name.startswith("/") else posixpath.normpath(posixpath.join(folder, name))
            if name in infos and name not in found:
                found.append(name)
    return found


def _check_content(path: Path, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], limits: Limits) -> None:
    """What parsers would allocate, bounded before any of them runs: no DTD or entity declarations in any XML
    part; cells (by element name, prefixed or not), the areas of merged cells, hyperlinks, the sheet's stated
    dimension and shared formulas; the length of each formula and number format; and that there is a workbook
    part at all. Each part is read once."""
    sheets = _sheet_parts(zf, infos)
    for i in infos.values():
        if i.filename.endswith((".xml", ".rels")) and i.filename not in sheets:
            with zf.open(i) as fh:
                _check_prolog(path, i.filename, fh.read(_PROLOG_BYTES))
    root = zf.read("_rels/.rels") if "_rels/.rels" in infos else b""
    main = re.search(rb'Type="[^"]*/officeDocument"[^>]*Target="/?([^"]+)"|Target="/?([^"]+)"[^>]*Type="[^"]*'
                     rb'/officeDocument"', root)
    if main is None or (main.group(1) or main.group(2)).decode("utf-8", "replace") not in infos:
        raise WorkbookFileError(path, "not a valid workbook (its package has no workbook part)")
    long_formula = re.compile(rb"<(?:\w+:)?f\b[^>]*?>([^<]{%d,})<" % (limits.max_formula_chars + 1))
    cells = 0
    for name in sheets:
        if infos[name].file_size > limits.max_sheet_xml_bytes:
            raise WorkbookFileError(path, f"{name} holds too many cells for an offer workbook")
        xml = zf.read(name)
        _check_prolog(path, name, xml[:_PROLOG_BYTES])
        count = len(_CELL.findall(xml))
        spans = 0
        for kind, ref in _AREA.findall(xml):
            area = _area(ref.decode("ascii", "replace"))
            if kind == b"dimension":
                count = max(count, area)
            else:
                spans += area
        cells += count + spans
        if cells > limits.max_cells:
            raise WorkbookFileError(path, f"more than {limits.max_cells:,} cells (counting merged ranges, "
                                          "hyperlinks and formulas spread over ranges), far more than an offers "
                                          "workbook holds (delete unrelated sheets)")
        m = long_formula.search(xml)
        if m:
            raise WorkbookFileError(path, f"a formula in {name} is {len(m.group(1)):,} characters long, over "
                                          f"Excel's own limit of {limits.max_formula_chars:,}")
    for name in (n for n in infos if n.endswith("styles.xml")):
        for code in _FORMAT_CODE.findall(zf.read(name)):
            if len(code) > limits.max_format_code_chars:
                raise WorkbookFileError(path, f"a number format in {name} is {len(code):,} characters long, over "
                                              f"Excel's own limit of {limits.max_format_code_chars}")


_PROLOG_BYTES = 65_536  # a DTD or entity declaration comes before the root element: it is in the first bytes


# Open Packaging Conventions (ECMA-376 Part 2, "Part names" and "Mapping part names to ZIP item names"): a
# part name is a sequence of non-empty segments of URI path characters (pchar: unreserved, %-escapes,
# sub-delims, ":" and "@"), none ending in "."; names compare case-insensitively and are unique; no part name
# is another's prefix plus segments. The ZIP item name is the part name without its leading "/".
# [Content_Types].xml is the one ZIP item that is not a part.
_SEGMENT = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+")
_DRIVE = re.compile(r"^[A-Za-z]:")
CONTENT_TYPES = "[Content_Types].xml"


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
            raise WorkbookFileError(path, f"refused archive entry {_shown(raw)}: it {problem}; a workbook's "
                                          "parts are named inside the package (damaged or crafted file?)")
        folded = raw.lower().rstrip("/")
        if folded in seen:
            same = "the same name" if seen[folded] == raw else f"a name differing only in case ({_shown(seen[folded])})"
            raise WorkbookFileError(path, f"refused archive entry {_shown(raw)}: another entry has {same}; part "
                                          "names must be unique, and programs disagree on which copy they show")
        seen[folded] = raw
    for folded, raw in seen.items():
        if raw.endswith("/"):
            continue
        parts = folded.split("/")
        for n in range(1, len(parts)):
            prefix = "/".join(parts[:n])
            if prefix in seen and not seen[prefix].endswith("/"):
                raise WorkbookFileError(path, f"refused archive entry {_shown(raw)}: the part {_shown(seen[prefix])} "
                                              "has its name as a folder; part names must not nest")


def _shown(name: str) -> str:
    return repr(name if len(name) <= 120 else name[:117] + "...")


OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def _ole_reason(path: Path) -> str:
    """An OLE container is either a password-protected .xlsx or an old binary .xls."""
    with open(path, "rb") as fh:
        data = fh.read(2_000_000)
    if ENCRYPTION_STREAM in data:
        return ("the workbook is encrypted (password-protected): open it in Excel, remove the password "
                "(File > Info > Protect Workbook), save, and try again")
    return "an old binary .xls workbook (or another Office file): open it and save as .xlsx first"


def open_workbook(path: str | os.PathLike[str], data_only: bool = False, limits: Limits = LIMITS,
                  read_only: bool = False) -> Workbook:
    """Load a workbook safely, mapping every way a file can be broken to :class:`WorkbookFileError`."""
    import openpyxl  # only here: the lean reader and the package writer do without it

    p = Path(path)
    check_archive(p, limits)
    with parsing(p):
        return openpyxl.load_workbook(p, data_only=data_only, keep_vba=p.suffix.lower() == ".xlsm",
                                      keep_links=True, read_only=read_only)  # kept in the file, never followed


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
