"""How much room text takes in a cell: its width on one line, and the height it needs wrapped in a column.

Column widths and row heights are set from the text they hold, because neither application sizes them by
itself when it opens a file (LibreOffice and its PDF export print rows as tall as the file says). The sheets'
font is Calibri 11; LibreOffice draws it with Carlito, a font of the same metrics, and lays it out a little
wider than Excel does (its glyphs are rounded up to its screen grid), so the advance widths here are
LibreOffice 7.4's own for Carlito at 11 pt, asked through its UNO bridge (``tests/uno_fit.py`` measures
the same way): text that fits there fits in Excel. A column ``width`` (Excel's unit, characters of the digit
0) is ``POINTS_PER_UNIT`` points wide in LibreOffice, a few of them taken by the cell's margins.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

# Advance widths in 1/1000 em of the characters " " (32) to "~" (126), regular and bold.
# fmt: off
REGULAR = (
    211, 351, 422, 492, 562, 773, 703, 211, 351, 351, 492, 562, 281, 351, 281, 422, 562, 562, 562,
    562, 562, 562, 562, 562, 562, 562, 281, 281, 492, 492, 492, 492, 914, 633, 562, 562, 633, 492,
    492, 633, 633, 281, 351, 562, 422, 914, 703, 703, 562, 703, 562, 492, 562, 703, 633, 914, 562,
    492, 492, 351, 422, 351, 492, 492, 281, 492, 562, 422, 562, 492, 316, 492, 562, 211, 281, 492,
    211, 843, 562, 562, 562, 562, 351, 422, 316, 562, 492, 773, 422, 492, 422, 351, 492, 351, 492,
)
BOLD = (
    211, 351, 492, 492, 562, 773, 773, 281, 351, 351, 492, 562, 281, 351, 281, 422, 562, 562, 562,
    562, 562, 562, 562, 562, 562, 562, 281, 281, 492, 492, 492, 492, 913, 632, 562, 562, 632, 492,
    492, 703, 632, 281, 351, 562, 422, 913, 703, 703, 562, 703, 562, 492, 562, 703, 633, 984, 562,
    562, 492, 351, 422, 351, 492, 492, 351, 492, 562, 422, 562, 562, 316, 492, 562, 281, 281, 492,
    281, 843, 562, 562, 562, 562, 351, 422, 351, 562, 492, 773, 492, 492, 422, 351, 492, 351, 492,
)
# fmt: on
SPREAD = 1.03  # a long line comes out up to 2 % wider than its characters' sum (measured): room for it
WIDE = 914  # any other character (a dash, an accented letter, a currency sign): as wide as the widest letter
FONT_POINTS = 11.0  # the sheets' font size
POINTS_PER_UNIT = 5.55  # LibreOffice's points per unit of column width
PADDING = 6.0  # points of a cell's margins and LibreOffice's rounding, left and right (measured: 3 to 6)
LINE_POINTS = 15.0  # one line of 11-point Calibri in a row (Excel's default row height)
TITLE_POINTS = 18.0  # one line of the 14-point titles


def text_points(text: object, bold: bool = False, size: float = FONT_POINTS) -> float:
    """The width in points of the longest line of ``text`` as shown."""
    if text is None:
        return 0.0
    return max(_line_points(line, bold, size) for line in str(text).split("\n"))


def _line_points(line: str, bold: bool, size: float) -> float:
    table = BOLD if bold else REGULAR
    return sum(table[o - 32] if 32 <= (o := ord(ch)) < 127 else WIDE for ch in line) * size / 1000 * SPREAD


def room(width: float) -> float:
    """Points of text a column ``width`` units wide shows on one line."""
    return POINTS_PER_UNIT * width - PADDING


def width_for(
    texts: Iterable[object], bold: bool = False, size: float = FONT_POINTS, least: float = 0.0, most: float = math.inf
) -> float:
    """The column width (units, to the next half) that shows the longest of ``texts`` on one line, within
    ``least``..``most`` (longer text wraps)."""
    widest = max((text_points(t, bold, size) for t in texts), default=0.0)
    return min(max(math.ceil((widest + PADDING) / POINTS_PER_UNIT * 2) / 2, least), most)


def wrapped_lines(text: object, width: float, bold: bool = False, size: float = FONT_POINTS) -> int:
    """The lines ``text`` takes wrapped at the spaces in a column ``width`` units wide: each paragraph filled
    word by word; a word longer than the line is broken over lines of its own, as LibreOffice breaks it."""
    if text is None or text == "":
        return 1
    line_room = max(room(width), 1.0)
    space = _line_points(" ", bold, size)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = _line_points(word, bold, size)
            if used and used + space + w <= line_room:
                used += space + w
                continue
            if used:
                lines += 1
            if w > line_room:  # broken across lines of its own; what follows starts a new line
                lines += math.ceil(w / line_room) - 1
                w = line_room
            used = w
    return lines


def text_height(text: object, width: float, bold: bool = False, size: float = FONT_POINTS) -> float:
    """Row height (points) that shows ``text`` wrapped in a column ``width`` units wide."""
    if not isinstance(text, str) or not text:
        return LINE_POINTS
    return LINE_POINTS * size / FONT_POINTS * wrapped_lines(text, width, bold, size) + 2


def row_height(values: Mapping[int, object], widths: Mapping[int, float], bold: Iterable[int] = ()) -> float:
    """The height a row needs for its tallest wrapped cell (column -> value; column -> width; bold columns)."""
    heavy = set(bold)
    return max((text_height(v, widths.get(c, 10.0), c in heavy) for c, v in values.items()), default=LINE_POINTS)
