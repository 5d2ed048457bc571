"""Renderings of a comparison, one module per format (csv, xlsx, markdown, html, png) behind ``render``.

Every file is written to a temporary name beside its target and moved into place, so a reader never sees a
half-written export. Text that a spreadsheet would run as a formula is neutralised in CSV and XLSX; HTML is
escaped. matplotlib is imported only when charts are asked for (png, html).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

from offersheet.exports.render import csv, html, markdown, png, xlsx
from offersheet.exports.render.csv import write_csv
from offersheet.exports.render.xlsx import write_xlsx
from offersheet.exports.tables import Comparison

__all__ = ["FORMATS", "render", "write_csv", "write_xlsx"]

FORMATS = ("xlsx", "csv", "md", "html", "png")
Renderer = Callable[[Comparison, Path, str, Mapping[str, bytes]], list[Path]]
RENDERERS: dict[str, Renderer] = {
    "csv": csv.render,
    "xlsx": xlsx.render,
    "md": markdown.render,
    "png": png.render,
    "html": html.render,
}  # in the order files are written


def render(cmp: Comparison, out: Path, stem: str, formats: Iterable[str], bom: bool = True) -> list[Path]:
    """Write the comparison in each format to ``out``; return the files written. ``bom``: CSV files start with
    a UTF-8 byte-order mark (what Excel needs to read them as UTF-8)."""
    wanted = set(formats)
    charts = png.charts(cmp) if wanted & {"png", "html"} else {}
    renderers: dict[str, Renderer] = {**RENDERERS, "csv": partial(csv.render, bom=bom)}
    return [path for fmt, write in renderers.items() if fmt in wanted for path in write(cmp, out, stem, charts)]
