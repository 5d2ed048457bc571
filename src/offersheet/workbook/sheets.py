"""The computed sheets: Start's how-to and status, Report, Lock-in (with chart), Asks, and the score chart.

Everything here writes only to computed sheets; input sheets are never touched.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from offersheet.model.evaluate import Evaluation, OfferResult
from offersheet.workbook.layout import (
    BOLD,
    HEADER_FILL,
    HEADER_FONT,
    MONEY,
    OFFER_INDICES,
    REPORT_ROW,
    TITLE_FONT,
    WRAP,
    offer_header,
    offer_letter,
)

HOW_TO = (
    "1. Offers: one column per offer (up to six). Yellow cells are inputs; pick from the lists where offered.",
    "2. Profile: your savings, spending and the six personal-fit traits (1-5). Model settings below them are "
    "the defaults, visible and editable.",
    "3. Companies: the public ratings behind each company score, with source and edition. Edit or add rows.",
    "4. With the xlwings add-in, Comparison updates live. Without it, run:  offersheet evaluate THIS_FILE.xlsx",
    "5. Read Report for verdicts and their drivers, Lock-in for what leaving would cost month by month, and "
    "Asks for what to ask for and draft letters.",
    "The model's reasoning follows two public articles: the 80,000 Hours career review on working at a frontier "
    "AI company, and \"Potential employees have a unique lever to influence the behaviors of AI labs\". "
    "See docs/model.md.",
)
STATUS_ROW = 12


def write_start_text(ws: Worksheet) -> None:
    ws["A1"] = "offersheet: compare job offers at frontier AI companies"
    ws["A1"].font = TITLE_FONT
    for n, line in enumerate(HOW_TO, 3):
        ws.cell(n, 1, line).alignment = WRAP
    ws.cell(STATUS_ROW, 1, "Status").font = BOLD
    ws.cell(STATUS_ROW + 1, 1, "Last evaluated")
    ws.cell(STATUS_ROW + 1, 2, "never")
    ws.cell(STATUS_ROW + 2, 1, "Model version")
    ws.column_dimensions["A"].width = 110
    ws.column_dimensions["B"].width = 30


def write_status(ws: Worksheet, evaluated_at: str, model_version: str, n_offers: int) -> None:
    ws.cell(STATUS_ROW + 1, 2, f"{evaluated_at} ({n_offers} offers)")
    ws.cell(STATUS_ROW + 2, 2, model_version)


def report_values(r: OfferResult) -> dict[str, Any]:
    """Every Report row's value for one offer: plain numbers and text, rounded at this edge."""
    j, alt = r.judgement, r.alternative
    return {
        "employer": r.offer.employer, "role_title": r.offer.role_title, "verdict": r.verdict,
        "score": round(j.score, 1), "stability": r.stability,
        **{f"verdict_{k}": v for k, v in r.by_stance.items()},
        "company_score": round(r.company.score, 1),
        "company_basis": r.company.basis + (f": {r.company.note}" if r.company.note else ""),
        "acceleration_risk": round(r.impact.acceleration, 1), "risk_reduction": round(r.impact.risk_reduction, 1),
        "net_impact": round(r.impact.net_impact, 1), "lock_in": round(r.lockin.score, 1),
        "ready_to_quit": "yes" if r.lockin.ready_to_quit else "no: " + "; ".join(r.lockin.not_ready_reasons),
        "personal_fit": round(r.fit.score, 1),
        "total_comp_year1": round(r.compensation.year1), "total_comp_annualised": round(r.compensation.annualised),
        "total_comp_horizon": round(r.compensation.horizon_total),
        "best_alternative": alt.best_alternative or ("; ".join(alt.ideas) if alt.ideas else ""),
        "pay_gap": None if alt.pay_gap is None else round(alt.pay_gap),
        "impact_gap": None if alt.impact_gap is None else round(alt.impact_gap, 1),
        "lockin_gap": None if alt.lockin_gap is None else round(alt.lockin_gap, 1),
        "red_flags": "\n".join(f.message for f in r.lockin.red_flags),
        "drivers": "\n".join(f"{d.name} {d.points:+.1f} ({d.detail})" for d in j.drivers[:4]),
        "safeguards": "\n".join(r.safeguards),
        "warnings": "\n".join(r.warnings),
    }


def set_text(ws: Worksheet, coord: str, value: Any) -> None:
    """Write a value; strings stay text even when they start with '=' (never a live formula)."""
    cell = ws[coord]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def write_report(ws: Worksheet, ev: Evaluation, columns: list[int]) -> None:
    for i in OFFER_INDICES:
        for row in REPORT_ROW.values():
            ws[f"{offer_letter(i)}{row}"] = None
    for r, i in zip(ev.offers, columns, strict=True):
        for key, value in report_values(r).items():
            coord = f"{offer_letter(i)}{REPORT_ROW[key]}"
            set_text(ws, coord, value)
            ws[coord].alignment = WRAP
            if key.startswith("total_comp") or key == "pay_gap":
                ws[coord].number_format = MONEY


def write_lockin(ws: Worksheet, ev: Evaluation, columns: list[int], savings: float) -> None:
    ws.delete_rows(1, ws.max_row)
    ws._charts = []
    headers = ["Month", *(f"{offer_header(i)}: {r.offer.employer}" for r, i in zip(ev.offers, columns, strict=True)),
               "Your savings (runway)"]
    for col, h in enumerate(headers, 1):
        c = ws.cell(1, col, h)
        c.font, c.fill, c.alignment = HEADER_FONT, HEADER_FILL, WRAP
        set_text(ws, c.coordinate, h)
    months = len(ev.offers[0].lockin.schedule)
    for m in range(months):
        ws.cell(m + 2, 1, m)
        for col, r in enumerate(ev.offers, 2):
            ws.cell(m + 2, col, round(r.lockin.schedule[m].forfeit)).number_format = MONEY
        ws.cell(m + 2, len(headers), round(savings)).number_format = MONEY
    chart = LineChart()
    chart.title = "What leaving would forfeit, month by month, against your savings"
    chart.y_axis.title, chart.x_axis.title = "Forfeit if you leave", "Month"
    chart.add_data(Reference(ws, min_col=2, max_col=len(headers), min_row=1, max_row=months + 1),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=months + 1))
    chart.height, chart.width = 10, 24
    ws.add_chart(chart, f"{get_column_letter(len(headers) + 2)}2")
    ws.column_dimensions["A"].width = 8
    for col in range(2, len(headers) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 24
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "B2"


def write_asks(ws: Worksheet, ev: Evaluation, columns: list[int]) -> None:
    ws.delete_rows(1, ws.max_row)
    row = 1
    for r, i in zip(ev.offers, columns, strict=True):
        set_text(ws, f"A{row}", f"{offer_header(i)}: {r.offer.employer} ({r.offer.role_title or 'role'})")
        ws[f"A{row}"].font = TITLE_FONT
        row += 1
        blocks = (("Asks", "\n".join(f"- {a}" for a in r.letters.asks)), ("Email with the asks", r.letters.ask_email),
                  ("Decline with reasons", r.letters.decline), ("Acceptance note", r.letters.acceptance))
        for title, text in blocks:
            ws.cell(row, 1, title).font = BOLD
            set_text(ws, f"B{row}", text)
            ws[f"B{row}"].alignment = WRAP
            ws.row_dimensions[row].height = 15 * (text.count("\n") + 2)
            row += 1
        row += 1
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 110


def add_score_chart(ws: Worksheet, report: Worksheet, n_offers: int, anchor: str) -> None:
    ws._charts = []
    chart = BarChart()
    chart.type, chart.title = "col", "Scores by offer (0-100; net impact -100..100)"
    keys = ("company_score", "acceleration_risk", "risk_reduction", "net_impact", "lock_in", "personal_fit")
    last_col = 3 + n_offers
    for key in keys:
        row = REPORT_ROW[key]
        data = Reference(report, min_col=4, max_col=last_col, min_row=row, max_row=row)
        chart.add_data(data, from_rows=True, titles_from_data=False)
    for s, key in zip(chart.series, keys, strict=True):
        s.tx = SeriesLabel(v=key.replace("_", " "))
    chart.set_categories(Reference(report, min_col=4, max_col=last_col, min_row=REPORT_ROW["employer"],
                                   max_row=REPORT_ROW["employer"]))
    chart.height, chart.width = 9, 22
    ws.add_chart(chart, anchor)
