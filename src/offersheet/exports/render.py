"""Renderings of a comparison: CSV, XLSX, Markdown, a self-contained printable HTML page, PNG charts.

Every file is written to a temporary name beside its target and moved into place, so a reader never sees a
half-written export. Text that a spreadsheet would run as a formula is neutralised in CSV and XLSX; HTML is
escaped. matplotlib and pandas are imported here only, and only when these formats are asked for.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from offersheet.atomic import atomic_write
from offersheet.exports.tables import Comparison, display, neutralise
from offersheet.spec.outputs import CHART, outputs
from offersheet.workbook.plan import has_equity

FORMATS = ("xlsx", "csv", "md", "html", "png")


def write_csv(target: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([neutralise(h) for h in header])
            w.writerows([neutralise(v) for v in row] for row in rows)

    return atomic_write(target, write)


def write_xlsx(target: Path, sheets: Mapping[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]) -> Path:
    """Workbook with one sheet per entry; text is stored as text and neutralised, headers bold and frozen.
    Written with XlsxWriter (about 4x faster than openpyxl for these small sheets; exports are written many
    at a time), built in memory and saved through atomic_write."""
    import xlsxwriter

    def write(tmp: Path) -> None:
        # Nothing is guessed from text: it stays text, however much it looks like a formula, number or URL.
        wb = xlsxwriter.Workbook(str(tmp), {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_numbers": False, "strings_to_urls": False})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        bold = wb.add_format({"text_wrap": True, "valign": "top", "bold": True})
        for title, (header, rows) in sheets.items():
            ws = wb.add_worksheet(title)
            ws.freeze_panes(1, 1)
            ws.set_column(0, 0, 28)
            if len(header) > 1:
                ws.set_column(1, len(header) - 1, 36)
            for r, row in enumerate([header, *rows]):
                style = bold if r == 0 else wrap
                for c, value in enumerate(row):
                    value = neutralise(value)
                    if value is None:
                        if r == 0:
                            ws.write_blank(r, c, None, style)
                    elif isinstance(value, bool):
                        ws.write_boolean(r, c, value)
                    elif isinstance(value, (int, float)):
                        if math.isfinite(value):  # NaN (not computable) stays an empty cell, as pandas reads it
                            ws.write_number(r, c, value)
                    else:
                        ws.write_string(r, c, str(value), style)
        wb.close()

    return atomic_write(target, write)


def _md_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", "<br>")


def markdown(cmp: Comparison) -> str:
    lines = [f"# Offer comparison: {_md_cell(cmp.name)}", "",
             "| " + " | ".join(_md_cell(h) or "&nbsp;" for h in cmp.header) + " |",
             "|" + "---|" * len(cmp.header)]
    lines += ["| " + " | ".join([_md_cell(row[0]), *(_md_cell(display(key, v)) for v in row[1:])]) + " |"
              for key, row in zip(cmp.keys, cmp.rows, strict=True)]
    lines += ["", f"Model version {cmp.evaluation.model_version}; stance {cmp.evaluation.stance}. "
              "Made by offersheet: the verdicts are a structured way to think, not advice.", ""]
    return "\n".join(lines)


def write_text(target: Path, text: str) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return atomic_write(target, write)


def _figure_png(draw: Callable[[Any], None], size: tuple[float, float]) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=110, layout="constrained")
    draw(fig.add_subplot())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def lockin_png(cmp: Comparison) -> bytes:
    def draw(ax: Any) -> None:
        for r in cmp.evaluation.offers:
            line = ax.plot([m.month for m in r.lockin.schedule], [m.forfeit for m in r.lockin.schedule],
                           label=f"{r.offer.label}: {r.offer.employer}")[0]
            for path, style in (("bull", "--"), ("bear", ":")):
                if path in r.scenarios and has_equity(r):
                    sched = r.scenarios[path].lockin.schedule
                    ax.plot([m.month for m in sched], [m.forfeit for m in sched], linestyle=style,
                            color=line.get_color(), linewidth=1, label=f"{r.offer.label} ({path})")
        if cmp.evaluation.offers:
            n = len(cmp.evaluation.offers[0].lockin.schedule)
            ax.plot(range(n), [cmp.savings] * n, linestyle="--", color="grey", label="Your savings (runway)")
        ax.set_title("What leaving would forfeit, month by month (dashed: bull path; dotted: bear)")
        ax.set_xlabel("Month")
        ax.set_ylabel("Forfeit if you leave")
        ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
        ax.legend(fontsize="small")
        ax.grid(alpha=0.3)

    return _figure_png(draw, (8, 4))


def scores_png(cmp: Comparison) -> bytes:
    series = outputs(CHART)
    keys = [o.key for o in series]

    def draw(ax: Any) -> None:
        offers = cmp.evaluation.offers
        width = 0.8 / max(len(offers), 1)
        for n, r in enumerate(offers):
            values = [o.value(r) for o in series]
            ax.bar([k + n * width for k in range(len(keys))], values, width,
                   label=f"{r.offer.label}: {r.offer.employer}")
        ax.set_xticks([k + width * (len(offers) - 1) / 2 for k in range(len(keys))],
                      [k.replace("_", " ") for k in keys], fontsize="small")
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_title("Scores by offer (0-100; net impact -100..100)")
        ax.legend(fontsize="small")

    return _figure_png(draw, (8, 4))


def write_bytes(target: Path, data: bytes) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return atomic_write(target, write)


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
    body = "".join(f"<tr><th scope=\"row\">{e(row[0])}</th>" + "".join(f"<td>{e(display(key, v))}</td>"
                                                                     for v in row[1:]) + "</tr>"
                   for key, row in zip(cmp.keys, cmp.rows, strict=True))
    figures = "".join(
        f'<figure><img alt="{e(title)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
        f"<figcaption>{e(title)}</figcaption></figure>" for title, png in charts.items())
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>Offer comparison: {e(cmp.name)}</title><style>{CSS}</style></head><body>"
            f"<h1>Offer comparison: {e(cmp.name)}</h1>"
            f'<table id="comparison"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{figures}'
            f'<p class="note">Model version {e(cmp.evaluation.model_version)}, stance {e(cmp.evaluation.stance)}. '
            "Made by offersheet: the verdicts are a structured way to think about the offers, not advice.</p>"
            "</body></html>\n")


def render(cmp: Comparison, out: Path, stem: str, formats: Iterable[str]) -> list[Path]:
    """Write the comparison in each format to ``out``; return the files written."""
    formats = list(formats)
    written: list[Path] = []
    if "csv" in formats:
        written.append(write_csv(out / f"{stem}-comparison.csv", cmp.header, cmp.rows))
    if "xlsx" in formats:
        written.append(write_xlsx(out / f"{stem}-comparison.xlsx", {"Comparison": (cmp.header, cmp.rows)}))
    if "md" in formats:
        written.append(write_text(out / f"{stem}-comparison.md", markdown(cmp)))
    charts: dict[str, bytes] = {}
    if "png" in formats or "html" in formats:
        charts = {"Lock-in: what leaving would forfeit": lockin_png(cmp), "Scores by offer": scores_png(cmp)}
    if "png" in formats:
        written.append(write_bytes(out / f"{stem}-lockin.png", charts["Lock-in: what leaving would forfeit"]))
        written.append(write_bytes(out / f"{stem}-scores.png", charts["Scores by offer"]))
    if "html" in formats:
        written.append(write_text(out / f"{stem}-comparison.html", html_page(cmp, charts)))
    return written
