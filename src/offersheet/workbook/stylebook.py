"""The person's stylesheet with the few cell styles offersheet's sheets need: appended, never renumbered.

An output sheet names its styles ("header", "wrap", "verdict2", ...) and number formats; each becomes a
``cellXfs`` entry made of a font, a fill and an alignment. Entries already in the stylesheet that say the same
(a second evaluation finds what the first appended) are used again; new ones go at the end of their list, so
every index the person's sheets use keeps pointing where it did.
"""

from __future__ import annotations

import copy
import functools
from xml.etree.ElementTree import Element, SubElement

from offersheet.workbook.layout import VERDICT_COLOURS
from offersheet.workbook.parts import NS_MAIN
from offersheet.workbook.xmltree import XmlPart, canonical, child_elements, fragment, namespace

# The cell styles the plan names, as the pieces a stylesheet is made of (font, fill, alignment).
BOLD_FONT = '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
HEADER_FONT = '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font>'
TITLE_FONT = '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>'
HEADER_FILL = (
    '<fill><patternFill patternType="solid"><fgColor rgb="FF1F3864"/><bgColor indexed="64"/></patternFill></fill>'
)
WRAP = '<alignment horizontal="left" vertical="top" wrapText="1"/>'  # left: see styles.WRAP
STYLE_XML: dict[str, tuple[str | None, str | None, str | None]] = {  # name -> (font, fill, alignment)
    "wrap": (None, None, WRAP),
    "header": (HEADER_FONT, HEADER_FILL, WRAP),
    "title": (TITLE_FONT, None, None),
    # a label beside tall text sits at its top
    "bold": (BOLD_FONT, None, '<alignment horizontal="left" vertical="top"/>'),
    "bold_wrap": (BOLD_FONT, None, WRAP),
    **{
        f"verdict{n}": (
            BOLD_FONT,
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{colour}"/>'
            '<bgColor indexed="64"/></patternFill></fill>',
            WRAP,
        )
        for n, colour in enumerate(VERDICT_COLOURS)
    },
}
BUILTIN_NUMBER_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}
FIRST_CUSTOM_FORMAT = 164  # ids below are Excel's built-in formats


class StyleBook:
    """The stylesheet being extended (parsed once, written once by :meth:`xml`)."""

    def __init__(self, xml: bytes) -> None:
        self.tree = XmlPart(xml)
        self.ns = namespace(self.tree.root)
        if self.tree.root.tag != f"{{{NS_MAIN}}}styleSheet":
            raise ValueError("no styleSheet element")
        self.cache: dict[tuple[str | None, str | None], int] = {}
        self.entries: dict[str, dict[tuple[object, ...], int]] = {}
        self.counts: dict[str, int] = {}

    def _q(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"

    def _section(self, name: str) -> Element | None:
        return self.tree.root.find(self._q(name))

    def _index_of(self, section: str, snippet: str) -> int:
        """The index of an entry saying what ``snippet`` says in a list section, appending it if absent."""
        parent = self._section(section)
        if parent is None:
            raise ValueError(f"no {section} in the stylesheet")
        entry = _fragment(snippet, self.ns)
        if section not in self.entries:  # what each entry says -> its index (the first, when two say the same)
            existing = [c for c in child_elements(parent) if c.tag == entry.tag]
            self.entries[section] = {}
            for n, e in enumerate(existing):
                self.entries[section].setdefault(canonical(e), n)
            self.counts[section] = len(existing)
        index = self.entries[section].get(wanted := canonical(entry))
        if index is not None:
            return index
        index = self.counts[section]
        _append(parent, copy.deepcopy(entry))
        self.entries[section][wanted] = index
        self.counts[section] = index + 1
        parent.set("count", str(index + 1))
        return index

    def number_format(self, code: str | None) -> int:
        if not code:
            return 0
        if code in BUILTIN_NUMBER_FORMATS:
            return BUILTIN_NUMBER_FORMATS[code]
        section = self._section("numFmts")
        formats = [] if section is None else [f for f in child_elements(section) if f.tag == self._q("numFmt")]
        ids = []
        for f in formats:
            number = int(f.get("numFmtId", "0"))
            if f.get("formatCode") == code:
                return number
            ids.append(number)
        new_id = max([FIRST_CUSTOM_FORMAT - 1, *ids]) + 1
        if section is None:  # numFmts comes first in a stylesheet
            section = Element(self._q("numFmts"))
            self.tree.root.insert(0, section)
        SubElement(section, self._q("numFmt"), {"numFmtId": str(new_id), "formatCode": code})
        section.set("count", str(len(formats) + 1))
        return new_id

    def xf(self, style: str | None, number_format: str | None) -> int:
        """The cellXfs index for a named style with a number format (0: the default style)."""
        key = (style, number_format)
        if key == (None, None):
            return 0
        if key not in self.cache:
            font, fill, alignment = STYLE_XML.get(style or "", (None, None, None))
            font_id = self._index_of("fonts", font) if font else 0
            fill_id = self._index_of("fills", fill) if fill else 0
            fmt_id = self.number_format(number_format)
            applies = "".join(
                f' {a}="1"'
                for a, on in (
                    ("applyNumberFormat", fmt_id),
                    ("applyFont", font),
                    ("applyFill", fill),
                    ("applyAlignment", alignment),
                )
                if on
            )
            inner = alignment or ""
            xf = f'<xf numFmtId="{fmt_id}" fontId="{font_id}" fillId="{fill_id}" borderId="0" xfId="0"{applies}' + (
                f">{inner}</xf>" if inner else "/>"
            )
            self.cache[key] = self._index_of("cellXfs", xf)
        return self.cache[key]

    def xml(self) -> bytes:
        return self.tree.to_bytes()


@functools.cache
def _fragment(snippet: str, ns: str) -> Element:
    """A style entry offersheet writes, parsed once (copied before it goes into a stylesheet)."""
    return fragment(snippet, ns)


def _append(parent: Element, entry: Element) -> None:
    """Append after the last entry, keeping the indentation (if any) the section's entries are written with."""
    children = list(parent)
    if children and children[-1].tail and not children[-1].tail.strip():
        entry.tail = children[-1].tail
        children[-1].tail = (children[-2].tail if len(children) > 1 else parent.text) or children[-1].tail
    parent.append(entry)
