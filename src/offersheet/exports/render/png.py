"""PNG charts (matplotlib, imported only here and only when charts are asked for)."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from offersheet.exports.render.files import write_bytes
from offersheet.exports.tables import Comparison
from offersheet.spec.outputs import CHART, outputs
from offersheet.workbook.plan import has_equity

LOCKIN, SCORES = "Lock-in: what leaving would forfeit", "Scores by offer"


def _figure_png(draw: Callable[[Any], None], size: tuple[float, float]) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    buf = io.BytesIO()
    with matplotlib.rc_context({"text.parse_math": False}):  # "$x^$" in a name is text, not mathematics
        fig = Figure(figsize=size, dpi=110, layout="constrained")
        draw(fig.add_subplot())
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


def charts(cmp: Comparison) -> dict[str, bytes]:
    """Both charts as PNG bytes, by title (the HTML page embeds them)."""
    return {LOCKIN: lockin_png(cmp), SCORES: scores_png(cmp)}


def render(cmp: Comparison, out: Path, stem: str, charts: Mapping[str, bytes]) -> list[Path]:
    return [write_bytes(out / f"{stem}-lockin.png", charts[LOCKIN]),
            write_bytes(out / f"{stem}-scores.png", charts[SCORES])]
