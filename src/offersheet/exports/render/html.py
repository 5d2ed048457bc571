"""A self-contained, printable HTML page: the table, escaped, and both charts embedded as data URIs."""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping
from pathlib import Path

from offersheet.exports.render.files import write_text
from offersheet.exports.tables import Comparison, display

CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; text-align: left; white-space: pre-line; }
th { background: #1f3864; color: #fff; }
tbody th { font-weight: 600; background: #f3f5f9; color: #111; }
img { max-width: 100%; }
figure { margin: 1.5em 0; break-inside: avoid; }
.note { color: #555; font-size: 0.85em; }
@media print { body { margin: 0; } th { background: #ddd; color: #000; } tr { break-inside: avoid; } }
"""


def html_page(cmp: Comparison, charts: Mapping[str, bytes]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in cmp.header)
    money = cmp.evaluation.currency
    body = "".join(
        f'<tr><th scope="row">{e(row[0])}</th>'
        + "".join(f"<td>{e(display(key, v, money))}</td>" for v in row[1:])
        + "</tr>"
        for key, row in zip(cmp.keys, cmp.rows, strict=True)
    )
    figures = "".join(
        f'<figure><img alt="{e(title)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        f"<figcaption>{e(title)}</figcaption></figure>"
        for title, png in charts.items()
    )
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Offer comparison: {e(cmp.name)}</title><style>{CSS}</style></head><body>"
        f"<h1>Offer comparison: {e(cmp.name)}</h1>"
        f'<table id="comparison"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{figures}'
        f'<p class="note">Model version {e(cmp.evaluation.model_version)}, stance {e(cmp.evaluation.stance)}. '
        "Made by offersheet: the verdicts are a structured way to think about the offers, not advice.</p>"
        "</body></html>\n"
    )


def render(cmp: Comparison, out: Path, stem: str, charts: Mapping[str, bytes]) -> list[Path]:
    return [write_text(out / f"{stem}-comparison.html", html_page(cmp, charts))]
