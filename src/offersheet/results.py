"""Plain, JSON-ready summaries of an evaluation: the stable shape the CLI prints and exports build on."""

from __future__ import annotations

from typing import Any

from offersheet.model.evaluate import Evaluation, OfferResult


def offer_summary(r: OfferResult) -> dict[str, Any]:
    return {
        "column": r.offer.label,
        "employer": r.offer.employer,
        "role_title": r.offer.role_title,
        "verdict": r.verdict,
        "scores": {
            "total_comp_year1": round(r.compensation.year1, 2),
            "total_comp_horizon": round(r.compensation.horizon_total, 2),
            "lock_in": round(r.lockin.score, 2),
            "acceleration_risk": round(r.impact.acceleration, 2),
            "risk_reduction": round(r.impact.risk_reduction, 2),
            "net_impact": round(r.impact.net_impact, 2),
            "company_score": round(r.company.score, 2),
            "personal_fit": round(r.fit.score, 2),
            "scenarios": {name: {
                "equity_growth_pct": s.growth_pct,
                "equity_growth_by_year": list(s.growth_by_year),
                "total_comp_year1": round(s.compensation.year1, 2),
                "total_comp_horizon": round(s.compensation.horizon_total, 2),
                "lock_in": round(s.lockin.score, 2),
                "peak_forfeit_years": round(s.lockin.peak_years_of_spending, 2),
            } for name, s in r.scenarios.items()},
        },
        "verdict_by_stance": dict(r.by_stance),
        "red_flags": [f.message for f in r.lockin.red_flags],
        "drivers": [{"name": d.name, "points": round(d.points, 2), "detail": d.detail} for d in r.judgement.drivers],
        "stability": r.stability,
        "safeguards": list(r.safeguards),
        "asks": list(r.letters.asks),
        "warnings": list(r.warnings),
    }


def evaluation_summary(ev: Evaluation, workbook: str | None = None) -> dict[str, Any]:
    return {
        "workbook": workbook,
        "model_version": ev.model_version,
        "stance": ev.stance,
        "offers": [offer_summary(r) for r in ev.offers],
    }
