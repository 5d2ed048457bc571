"""Writing results into a person's workbook at the package level: only offersheet's own parts change.

A workbook is a zip of parts. ``offersheet evaluate`` replaces the output sheets (Report, Lock-in, Asks) with
their drawings and charts, sets the status cells on Start, enters Comparison's formulas again where a value was
typed over one (``comparison``) and prints Comparison to the offers evaluated, and makes the least edit to the
shared parts that this needs: styles appended (never renumbered), content types and relationships for parts
added or removed, the calculation chain dropped when it would name cells of the replaced sheets (Excel rebuilds
it), and, in the workbook part, the print area and ``fullCalcOnLoad``, so that Excel recalculates what depends
on them; the formula cells that show results lose their saved values, so that LibreOffice, which keeps saved
values by default, computes them too. Every other part is copied byte for byte,
in its place: shapes and buttons, VBA, sparklines and other Excel extensions, custom XML, comments, printer
settings, pivot caches and whatever else a person's Excel added.

The pieces: ``parts`` reads the package and edits its shared parts, ``stylebook`` the stylesheet, ``sheetxml``
renders the output sheets from the plan (and sets Start's cells), ``drawings`` writes their charts, and
``zipfile`` writes the new zip. A part that is edited is parsed and written back as a tree (``xmltree``),
never edited as text. Where the package has something the writer cannot place safely (an output sheet
missing, a part it cannot parse), it refuses with :class:`~offersheet.workbook.safety.WorkbookFileError` and
writes nothing.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from offersheet.workbook import comparison
from offersheet.workbook.comparison import ResultCell
from offersheet.workbook.drawings import Button, button_xml, chart_xml, drawing_xml, rels_xml
from offersheet.workbook.parts import (
    CONTENT_TYPES,
    CT_CHART,
    CT_DRAWING,
    NS_R,
    REL_CHART,
    REL_DRAWING,
    Package,
    calc_chain_dropped,
    content_types,
    free_name,
    owned_parts,
    relative,
    rels_part,
    shared_strings,
    workbook_edited,
)
from offersheet.workbook.plan import MESSAGE_ROW, Chart, Operation
from offersheet.workbook.safety import WorkbookFileError
from offersheet.workbook.sheetxml import Sheet, enter_formulas, set_cells, sheet_xml
from offersheet.workbook.stylebook import StyleBook
from offersheet.workbook.xmltree import XmlPart, namespace

__all__ = ["OWNED_SHEETS", "STATUS_SHEET", "Button", "add_buttons", "write_package"]

OWNED_SHEETS = ("Report", "Lock-in", "Asks")
STATUS_SHEET = "Start"
STATUS_MESSAGE = (MESSAGE_ROW, 2)  # Start's freshness message: computed again when the workbook opens


def write_package(src: Path, ops: list[Operation], target: Path) -> None:
    """Write ``src`` with the plan's results to ``target`` (a new file), changing only offersheet's parts."""
    rendered: dict[str, Sheet] = {}
    for op in ops:
        rendered.setdefault(op.sheet, Sheet(op.sheet)).apply(op)
    # Of the sheets offersheet does not own, only Start's status cells are written: cells on any other sheet are
    # the template's, left as the person has them.
    status: dict[tuple[int, int], str | float] = {
        key: v if isinstance(v, float) else str(v)
        for key, v in (rendered[STATUS_SHEET].cells.items() if STATUS_SHEET in rendered else ())
    }
    # ...and Comparison's computed cells: a formula typed over is entered again (``comparison``).
    entered = rendered[comparison.SHEET].entered if comparison.SHEET in rendered else []
    with Package(src) as pkg:
        sheets = pkg.sheets()
        missing = [name for name in OWNED_SHEETS if name not in sheets]
        if missing:
            raise WorkbookFileError(
                src,
                f"the {', '.join(missing)} sheet{'s are' if len(missing) > 1 else ' is'} "
                "missing: offersheet writes its results there. Restore it (copy it from "
                "a new workbook made with offersheet new), or evaluate a copy of the "
                "file; nothing was written",
            )
        replaced, removed, added = _edits(pkg, sheets, rendered, status, entered)
        _write_zip(pkg, target, replaced, removed, added)


def _edits(
    pkg: Package,
    sheets: Mapping[str, str],
    rendered: Mapping[str, Sheet],
    status: Mapping[tuple[int, int], str | float],
    entered: Sequence[ResultCell],
) -> tuple[dict[str, bytes], set[str], dict[str, bytes]]:
    """The parts to replace, to remove and to add."""
    replaced: dict[str, bytes] = {}
    removed = owned_parts(pkg, [sheets[name] for name in OWNED_SHEETS])
    styles_part = _styles_part(pkg)
    try:
        styles = StyleBook(pkg.data(styles_part))
    except (KeyError, ValueError) as exc:  # XmlError is a ValueError
        raise WorkbookFileError(
            pkg.path, f"cannot place the results: the stylesheet is unreadable ({exc}); nothing was written"
        ) from None
    taken = {name.lower() for name in pkg.by_name} - {r.lower() for r in removed}
    added: dict[str, bytes] = {}
    new_types: dict[str, str] = {}
    for name in OWNED_SHEETS:
        sheet = rendered.get(name, Sheet(name))
        if not pkg.has(sheets[name]):
            raise pkg.unreadable(sheets[name], f"the workbook names it for its {name} sheet, but it is not there")
        part = pkg.name(sheets[name])
        if sheet.charts:
            parts, types = _charts(part, sheet.charts, taken)
            added.update(parts)
            new_types.update(types)
        replaced[part] = sheet_xml(sheet, styles, "rId1" if sheet.charts else None)
    if status and STATUS_SHEET in sheets:
        start = sheets[STATUS_SHEET]
        with contextlib.suppress(KeyError, ValueError):  # a convenience: a Start sheet we cannot edit is left alone
            replaced[pkg.name(start)] = set_cells(pkg.data(start), status, recompute={STATUS_MESSAGE})
    if entered and comparison.SHEET in sheets:
        part = sheets[comparison.SHEET]
        # A Comparison that cannot be edited is left alone: its freshness message goes on saying "edited by hand".
        with contextlib.suppress(KeyError, ValueError):
            xml = enter_formulas(
                pkg.data(part),
                entered,
                shared_strings(pkg),
                comparison.KEY_COLUMN,
                (1, comparison.LIVE_FIRST_COLUMN, comparison.live_header(0)),
                recompute={(comparison.TITLE_ROW, comparison.MESSAGE_COLUMN)},
            )
            if xml is not None:
                replaced[pkg.name(part)] = xml
    # the print areas (Comparison's: the offers evaluated), with fullCalcOnLoad, in the one workbook part
    print_areas = {name: sheet.print_area for name, sheet in rendered.items() if sheet.print_area}
    if (book := workbook_edited(pkg, print_areas)) is not None:
        replaced[pkg.name(pkg.workbook_part())] = book
    replaced[pkg.name(styles_part)] = styles.xml()
    removed |= calc_chain_dropped(pkg, replaced)
    replaced[CONTENT_TYPES] = content_types(pkg, removed, new_types)
    return replaced, removed, added


def _charts(part: str, charts: list[Chart], taken: set[str]) -> tuple[dict[str, bytes], dict[str, str]]:
    """An output sheet's charts as new parts (a drawing, its charts, the relationships: the sheet's ``rId1`` is
    the drawing), and their content types."""
    added: dict[str, bytes] = {}
    types: dict[str, str] = {}
    drawing = free_name(taken, "xl/drawings/drawing{}.xml")
    chart_rels = []
    for n, spec in enumerate(charts, 1):
        chart = free_name(taken, "xl/charts/chart{}.xml")
        added[chart] = chart_xml(spec)
        types[chart] = CT_CHART
        chart_rels.append((f"rId{n}", REL_CHART, relative(drawing, chart)))
    added[drawing] = drawing_xml([(spec, rid) for spec, (rid, _, _) in zip(charts, chart_rels, strict=True)])
    added[rels_part(drawing)] = rels_xml(chart_rels)
    types[drawing] = CT_DRAWING
    added[rels_part(part)] = rels_xml([("rId1", REL_DRAWING, relative(part, drawing))])
    return added, types


def _styles_part(pkg: Package) -> str:
    for rel in pkg.rels(pkg.workbook_part()):
        if rel.type.endswith("/styles"):
            return rel.target
    raise WorkbookFileError(
        pkg.path,
        "cannot place the results: the workbook has no stylesheet; nothing was "
        "written (open and save it in a spreadsheet app first)",
    )


def _write_zip(
    pkg: Package, target: Path, replaced: Mapping[str, bytes], removed: set[str], added: Mapping[str, bytes]
) -> None:
    """The new zip, through ``zipfile``: every part in its place, with its name, date, attributes and method.

    Unchanged parts are inflated and deflated again (their content byte for byte, in a new deflate stream, ~3 ms
    on the example): Python's zipfile has no public way to copy an entry's compressed bytes, and writing the ZIP
    format by hand instead would put a file-format writer of our own between a person's workbook and Excel,
    where the standard library's is well kept and tested against every zip reader there is."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in pkg.infos:
            if info.filename in removed:
                continue
            data = replaced[info.filename] if info.filename in replaced else pkg.zip.read(info)
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type, copy.external_attr, copy.comment = info.compress_type, info.external_attr, info.comment
            copy.create_system = info.create_system
            out.writestr(copy, data)
        for name, data in added.items():
            out.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        out.comment = pkg.zip.comment


def _rewrite_in_place(pkg: Package, replaced: Mapping[str, bytes], added: Mapping[str, bytes]) -> None:
    """Rewrite a workbook offersheet is creating (still a temporary file of its own) with parts changed and added."""
    tmp = pkg.path.with_name(pkg.path.name + ".part")
    _write_zip(pkg, tmp, replaced, set(), added)
    tmp.replace(pkg.path)


# --- buttons: shapes on Start, written into a new workbook ------------------------------------------------------

# The worksheet children that come after <drawing> (ECMA-376 Part 1, 18.3.1.99 CT_Worksheet), in order.
AFTER_DRAWING = (
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


def add_buttons(path: Path, sheet_name: str, buttons: list[Button]) -> None:
    """Put buttons on a sheet of a workbook offersheet has just written (the sheet has no drawing yet)."""
    with Package(path) as pkg:
        part = pkg.sheets()[sheet_name]
        if pkg.has(rels_part(part)):
            raise ValueError(f"{sheet_name} already has relationships: buttons go on a sheet without a drawing")
        taken = {name.lower() for name in pkg.by_name}
        drawing = free_name(taken, "xl/drawings/drawing{}.xml")
        xml, links = button_xml(buttons)
        sheet = _with_drawing(pkg.tree(part), "rIdButtons")
        added = {drawing: xml, rels_part(part): rels_xml([("rIdButtons", REL_DRAWING, relative(part, drawing))])}
        if links:
            added[rels_part(drawing)] = rels_xml(links, external=True)
        replaced = {pkg.name(part): sheet, CONTENT_TYPES: content_types(pkg, set(), {drawing: CT_DRAWING})}
        _rewrite_in_place(pkg, replaced, added)


def _with_drawing(tree: XmlPart, rid: str) -> bytes:
    """A worksheet with a ``<drawing r:id>`` in its schema place (the relationships prefix declared on the root
    when the sheet has none)."""
    root, ns = tree.root, namespace(tree.root)
    if tree.prefix_on_root(NS_R) is None:
        tree.declare(root, "r", NS_R)
    later = [n for n, child in enumerate(root) if child.tag in {f"{{{ns}}}{t}" for t in AFTER_DRAWING}]
    drawing = root.makeelement(f"{{{ns}}}drawing", {f"{{{NS_R}}}id": rid})
    root.insert(later[0] if later else len(root), drawing)
    return tree.to_bytes()
