"""PNG charts (matplotlib, imported only here and only when charts are asked for)."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from offersheet.exports.render.files import write_bytes
from offersheet.exports.tables import Comparison
from offersheet.spec.outputs import CHART, MONEY, WORSE_WHEN_HIGHER, outputs, shown
from offersheet.workbook.plan import SAVINGS_LINE, chart_label, has_equity

LOCKIN, SCORES = "Lock-in: what leaving would forfeit", "Scores by offer"


def _figure_png(draw: Callable[[Any], None], size: tuple[float, float]) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    buf = io.BytesIO()
    with matplotlib.rc_context({"text.parse_math": False}):  # "$x^$" in a name is text, not mathematics
        fig = Figure(figsize=size, dpi=110, layout="constrained")
        draw(fig)
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _legend_outside(ax: Any) -> None:
    """The legend to the right of the plot, where it covers no line or bar."""
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)


def lockin_png(cmp: Comparison) -> bytes:
    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        for r in cmp.evaluation.offers:
            line = ax.plot(
                [m.month for m in r.lockin.schedule],
                [m.forfeit for m in r.lockin.schedule],
                label=f"{r.offer.label}: {r.offer.employer}",
            )[0]
            for path, style in (("bull", "--"), ("bear", ":")):
                if path in r.scenarios and has_equity(r):
                    sched = r.scenarios[path].lockin.schedule
                    ax.plot(
                        [m.month for m in sched],
                        [m.forfeit for m in sched],
                        linestyle=style,
                        color=line.get_color(),
                        linewidth=1,
                        label=f"{r.offer.label} ({path})",
                    )
        if cmp.evaluation.offers:
            n = len(cmp.evaluation.offers[0].lockin.schedule)
            ax.plot(
                range(n),
                [cmp.savings] * n,
                color=f"#{SAVINGS_LINE.colour}",
                linewidth=SAVINGS_LINE.points,
                label="Your savings (runway)",
            )  # as on the workbook's chart: apart from every offer
        ax.set_title("What leaving would forfeit, month by month (dashed: bull path; dotted: bear)")
        ax.set_xlabel("Month")
        currency = cmp.evaluation.currency
        ax.set_ylabel(f"Forfeit if you leave ({currency})")
        ax.yaxis.set_major_formatter(lambda v, _pos: shown(MONEY, v, currency))
        _legend_outside(ax)
        ax.grid(alpha=0.3)

    return _figure_png(draw, (10, 4))


def scores_png(cmp: Comparison) -> bytes:
    """Two panels: what is better when higher, and what is worse when higher (spec.outputs.WORSE_WHEN_HIGHER)."""
    series = outputs(CHART)
    panels = (
        ("Better when higher", [o for o in series if o.key not in WORSE_WHEN_HIGHER]),
        ("Worse when higher", [o for o in series if o.key in WORSE_WHEN_HIGHER]),
    )

    def draw(fig: Any) -> None:
        offers = cmp.evaluation.offers
        width = 0.8 / max(len(offers), 1)
        axes = fig.subplots(1, 2, width_ratios=[len(p[1]) for p in panels])
        for ax, (title, charted) in zip(axes, panels, strict=True):
            for n, r in enumerate(offers):
                ax.bar(
                    [k + n * width for k in range(len(charted))],
                    [o.value(r) for o in charted],
                    width,
                    label=f"{r.offer.label}: {r.offer.employer}",
                )
            ax.set_xticks(
                [k + width * (len(offers) - 1) / 2 for k in range(len(charted))],
                [chart_label(o.key) for o in charted],
                fontsize="small",
            )
            ax.axhline(0, color="black", linewidth=0.8)
            ax.set_title(title, fontsize="medium")
        fig.suptitle("Scores by offer (0-100; net impact -100..100)")
        _legend_outside(axes[-1])

    return _figure_png(draw, (11, 4))


def charts(cmp: Comparison) -> dict[str, bytes]:
    """Both charts as PNG bytes, by title (the HTML page embeds them)."""
    return {LOCKIN: lockin_png(cmp), SCORES: scores_png(cmp)}


def render(cmp: Comparison, out: Path, stem: str, charts: Mapping[str, bytes]) -> list[Path]:
    return [
        write_bytes(out / f"{stem}-lockin.png", charts[LOCKIN]),
        write_bytes(out / f"{stem}-scores.png", charts[SCORES]),
    ]
