"""The parts of a workbook package and the relationships between them: read, followed, and edited as trees.

A workbook is a zip of parts wired together by relationship parts (``_rels/*.rels``) and typed by
``[Content_Types].xml``. :class:`Package` reads the zip's directory and, on demand, the parts the writer looks
at; the functions below make the least edit to the shared parts that adding or removing parts needs, each on
the part's parsed tree (``xmltree``), so that everything else in them stays as the person's file had it.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import NamedTuple
from xml.etree.ElementTree import Element, ParseError, SubElement

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from offersheet.workbook.safety import WorkbookFileError
from offersheet.workbook.xmltree import XmlError, XmlPart, namespace

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
REL_CALC_CHAIN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
REL_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CONTENT_TYPES = "[Content_Types].xml"


class Rel(NamedTuple):
    """One relationship of a part: id, type, target (resolved to a part name unless external)."""

    id: str
    type: str
    target: str
    external: bool


class Package:
    """The parts of a workbook zip (in order), read when asked for, with what the writer needs to know about
    them. Use it as a context manager: the zip stays open for reading until the writer is done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = open(path, "rb")  # noqa: SIM115 - closed by __exit__
        try:
            self.zip = zipfile.ZipFile(self.file)
        except BaseException:
            self.file.close()
            raise
        self.infos = self.zip.infolist()
        self.by_name = {i.filename: i for i in self.infos}
        self.lower = {name.lower(): name for name in self.by_name}
        self._read: dict[str, bytes] = {}
        self._rels: dict[str, list[Rel]] = {}

    def __enter__(self) -> Package:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.zip.close()
        self.file.close()

    def has(self, part: str) -> bool:
        return part.lower() in self.lower

    def name(self, part: str) -> str:
        """The part's name as the zip spells it (part names compare without regard to case)."""
        return self.lower[part.lower()]

    def data(self, part: str) -> bytes:
        name = self.name(part)
        if name not in self._read:
            self._read[name] = self.zip.read(name)
        return self._read[name]

    def unreadable(self, part: str, problem: object) -> WorkbookFileError:
        return WorkbookFileError(
            self.path,
            f"cannot place the results: the part {part} is missing or unreadable ({problem}); nothing was written",
        )

    def xml(self, part: str) -> Element:
        """A part parsed for reading (defusedxml, no DTD)."""
        try:
            root: Element = defused_fromstring(self.data(part), forbid_dtd=True)
        except (KeyError, ParseError, DefusedXmlException) as exc:
            raise self.unreadable(part, exc) from None
        return root

    def tree(self, part: str) -> XmlPart:
        """A part parsed for editing: written back with its own prefixes and declarations."""
        try:
            return XmlPart(self.data(part))
        except (KeyError, XmlError) as exc:
            raise self.unreadable(part, exc) from None

    def rels(self, part: str) -> list[Rel]:
        """The part's relationships (read once: the writer follows them more than once)."""
        if part not in self._rels:
            self._rels[part] = self._read_rels(part)
        return self._rels[part]

    def _read_rels(self, part: str) -> list[Rel]:
        name = rels_part(part)
        if not self.has(name):
            return []
        return [
            Rel(
                r.get("Id", ""),
                r.get("Type", ""),
                r.get("Target", "") if r.get("TargetMode") == "External" else resolve(part, r.get("Target", "")),
                r.get("TargetMode") == "External",
            )
            for r in self.xml(name)
            if r.tag == f"{{{NS_PKG_REL}}}Relationship"
        ]

    def workbook_part(self) -> str:
        for rel in self.rels(""):
            if rel.type.endswith("/officeDocument"):
                return rel.target
        raise WorkbookFileError(self.path, "cannot place the results: no workbook part; nothing was written")

    def sheets(self) -> dict[str, str]:
        """Sheet name -> its part."""
        book = self.workbook_part()
        targets = {r.id: r.target for r in self.rels(book)}
        out = {}
        for sheet in self.xml(book).iter(f"{{{NS_MAIN}}}sheet"):
            rid = sheet.get(f"{{{NS_R}}}id", "")
            if rid in targets:
                out[sheet.get("name", "")] = targets[rid]
        return out


def rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """A relationship target as a part name (no leading slash)."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def relative(source: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def free_name(taken: set[str], pattern: str) -> str:
    """The first ``pattern.format(n)`` not in ``taken`` (lower-case names), which it then takes."""
    n = 1
    while pattern.format(n).lower() in taken:
        n += 1
    name = pattern.format(n)
    taken.add(name.lower())
    return name


def reachable(pkg: Package, starts: Iterable[str], avoid: set[str]) -> set[str]:
    """Every part reached from ``starts`` through internal relationships (with the relationship parts passed),
    never entering a part in ``avoid``."""
    reached: set[str] = set()
    todo = list(starts)
    while todo:
        part = todo.pop()
        rels = rels_part(part)
        if pkg.has(rels):
            reached.add(pkg.name(rels))
        for rel in pkg.rels(part):
            target = pkg.lower.get(rel.target.lower())
            if not rel.external and target and target not in reached and target not in avoid:
                reached.add(target)
                todo.append(target)
    return reached


def owned_parts(pkg: Package, sheet_parts: list[str]) -> set[str]:
    """Parts reachable only through the given sheets (their drawings, charts, comments, ...) and the sheets'
    relationship parts: whatever the rest of the package reaches without passing through them is kept."""
    owned = set(sheet_parts)
    found = reachable(pkg, sheet_parts, owned)
    kept = reachable(pkg, [""], owned)  # "": the package's own relationships
    return (found - kept) - owned


def without_relationships(pkg: Package, part: str, ids: set[str]) -> bytes:
    """A relationship part with the relationships of the given ids taken out."""
    tree = pkg.tree(part)
    for rel in [r for r in tree.root if r.tag == f"{{{NS_PKG_REL}}}Relationship" and r.get("Id") in ids]:
        tree.root.remove(rel)
    return tree.to_bytes()


def with_relationship(pkg: Package, part: str, rid: str, kind: str, target: str) -> bytes:
    """A relationship part with one relationship added."""
    tree = pkg.tree(part)
    if any(r.get("Id") == rid for r in tree.root):
        raise ValueError(f"{part} already has a relationship {rid}")
    SubElement(
        tree.root, f"{{{namespace(tree.root) or NS_PKG_REL}}}Relationship", {"Id": rid, "Type": kind, "Target": target}
    )
    return tree.to_bytes()


def content_types(pkg: Package, removed: set[str], added: Mapping[str, str]) -> bytes:
    """``[Content_Types].xml`` without the overrides of removed parts and with one for each added part."""
    tree = pkg.tree(CONTENT_TYPES)
    ns = namespace(tree.root) or NS_CONTENT_TYPES
    gone = {"/" + part.lower() for part in removed}
    for override in [o for o in tree.root if o.tag == f"{{{ns}}}Override" and o.get("PartName", "").lower() in gone]:
        tree.root.remove(override)
    for part, kind in added.items():
        SubElement(tree.root, f"{{{ns}}}Override", {"PartName": f"/{part}", "ContentType": kind})
    return tree.to_bytes()


def calc_chain_dropped(pkg: Package, replaced: dict[str, bytes]) -> set[str]:
    """Drop the calculation chain (Excel's cache of formula order, rebuilt on open): it may name formula
    cells of the replaced sheets. Its relationship goes from the workbook's relationships; the parts to
    remove are returned."""
    book = pkg.workbook_part()
    chain = [r for r in pkg.rels(book) if r.type == REL_CALC_CHAIN]
    if not chain:
        return set()
    rels = pkg.name(rels_part(book))
    replaced[rels] = without_relationships(pkg, rels, {r.id for r in chain})
    return {pkg.name(r.target) for r in chain if pkg.has(r.target)}


# CT_Workbook's children after calcPr (ECMA-376 Part 1, 18.2.28), in order: a new calcPr goes before them.
AFTER_CALC_PR = (
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
)


# The workbook children that come after <definedNames> (ECMA-376 Part 1, 18.2.27 CT_Workbook), in order.
AFTER_DEFINED_NAMES = ("calcPr", *AFTER_CALC_PR)
PRINT_AREA = "_xlnm.Print_Area"


def workbook_edited(pkg: Package, print_areas: Mapping[str, str] = MappingProxyType({})) -> bytes | None:
    """The workbook part with ``<calcPr fullCalcOnLoad="1">``, so that Excel recalculates every formula when it
    opens the file (the cells offersheet wrote reach Comparison and Start's status that way), and with each
    sheet's print area given (sheet -> ``A1:F46``) where the sheet has none or offersheet's own (from A1, as
    the template sets it; a print area a person set elsewhere is theirs and stays); None when nothing changes.
    The rest of the part stays as it was."""
    book = pkg.workbook_part()
    tree = pkg.tree(book)
    ns = namespace(tree.root) or NS_MAIN
    changed = _print_areas(tree, ns, print_areas)
    calc = tree.root.find(f"{{{ns}}}calcPr")
    if calc is None:
        calc = tree.root.makeelement(f"{{{ns}}}calcPr", {})
        tree.root.insert(_before(tree.root, ns, AFTER_CALC_PR), calc)
    if calc.get("fullCalcOnLoad") not in ("1", "true"):
        calc.set("fullCalcOnLoad", "1")
        changed = True
    return tree.to_bytes() if changed else None


def _before(root: Element, ns: str, later: Iterable[str]) -> int:
    """Where a child goes that must come before any of ``later``."""
    tags = {f"{{{ns}}}{t}" for t in later}
    return next((n for n, child in enumerate(root) if child.tag in tags), len(root))


def _print_areas(tree: XmlPart, ns: str, print_areas: Mapping[str, str]) -> bool:
    if not print_areas:
        return False
    root = tree.root
    order = [s.get("name", "") for s in root.iter(f"{{{ns}}}sheet")]
    names = root.find(f"{{{ns}}}definedNames")
    changed = False
    for sheet, area in print_areas.items():
        if sheet not in order:
            continue
        if names is None:
            names = root.makeelement(f"{{{ns}}}definedNames", {})
            root.insert(_before(root, ns, AFTER_DEFINED_NAMES), names)
        local = str(order.index(sheet))
        cells = ":".join(_absolute(a) for a in area.split(":"))
        found = [
            d
            for d in names.iterfind(f"{{{ns}}}definedName")
            if d.get("name") == PRINT_AREA and d.get("localSheetId") == local
        ]
        if found:
            have = (found[0].text or "").split("!")[-1]
            if have == cells or not have.startswith("$A$1:") or "," in have:  # as it is, or the person's own
                continue
            defined = found[0]
        else:
            defined = names.makeelement(f"{{{ns}}}definedName", {"name": PRINT_AREA, "localSheetId": local})
            names.append(defined)
        defined.text = "'" + sheet.replace("'", "''") + "'!" + cells
        changed = True
    return changed


def _absolute(cell: str) -> str:
    """``F46`` -> ``$F$46``."""
    letters = cell.rstrip("0123456789")
    return f"${letters}${cell[len(letters) :]}"


def shared_strings(pkg: Package) -> list[str]:
    """The workbook's shared strings as text (each item's plain text, or its runs' texts joined)."""
    for rel in pkg.rels(pkg.workbook_part()):
        if rel.type.endswith("/sharedStrings") and not rel.external and pkg.has(rel.target):
            root = pkg.xml(rel.target)
            ns = namespace(root) or NS_MAIN
            out = []
            for item in root.iterfind(f"{{{ns}}}si"):
                plain = item.find(f"{{{ns}}}t")
                runs = [t.text or "" for r in item.iterfind(f"{{{ns}}}r") if (t := r.find(f"{{{ns}}}t")) is not None]
                out.append((plain.text or "") if plain is not None else "".join(runs))
            return out
    return []
