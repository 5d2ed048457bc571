"""Markdown: one table, escaped."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from offersheet.exports.render.files import write_text
from offersheet.exports.tables import Comparison, display


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", "<br>")


def markdown(cmp: Comparison) -> str:
    lines = [
        f"# Offer comparison: {_md_cell(cmp.name)}",
        "",
        "| " + " | ".join(_md_cell(h) or "&nbsp;" for h in cmp.header) + " |",
        "|" + "---|" * len(cmp.header),
    ]
    money = cmp.evaluation.currency
    lines += [
        "| " + " | ".join([_md_cell(row[0]), *(_md_cell(display(key, v, money)) for v in row[1:])]) + " |"
        for key, row in zip(cmp.keys, cmp.rows, strict=True)
    ]
    lines += [
        "",
        f"Model version {cmp.evaluation.model_version}; stance {cmp.evaluation.stance}. "
        "Made by offersheet: the verdicts are a structured way to think, not advice.",
        "",
    ]
    return "\n".join(lines)


def render(cmp: Comparison, out: Path, stem: str, charts: Mapping[str, bytes]) -> list[Path]:
    return [write_text(out / f"{stem}-comparison.md", markdown(cmp))]
