"""Plain, JSON-ready summaries of an evaluation: the stable shape the CLI prints and exports build on."""

from __future__ import annotations

import math
from typing import Any

from offersheet.model.errors import InputError, OffersheetError, Problem, describe
from offersheet.model.evaluate import Evaluation, OfferResult
from offersheet.spec.outputs import MONEY, SCORE, SCORES, SIGNED, outputs, rounded


def offer_summary(r: OfferResult) -> dict[str, Any]:
    return {
        "column": r.offer.label,
        "employer": r.offer.employer,
        "role_title": r.offer.role_title,
        "currency": r.own_currency,  # its amounts below are in the home currency (the document's "currency")
        "rate": r.rate,
        "verdict": r.verdict,
        "scores": {
            **{o.key: o.value(r) for o in outputs(SCORES)},
            "scenarios": {
                name: {
                    "equity_growth_pct": s.growth_pct,
                    "equity_growth_by_year": list(s.growth_by_year),
                    "total_comp_year1": rounded(MONEY, s.compensation.year1),
                    "total_comp_horizon": rounded(MONEY, s.compensation.horizon_total),
                    "lock_in": rounded(SCORE, s.lockin.score),
                    "peak_forfeit_years": round(s.lockin.peak_years_of_spending, 2),
                }
                for name, s in r.scenarios.items()
            },
        },
        "verdict_by_stance": dict(r.by_stance),
        "red_flags": [f.message for f in r.lockin.red_flags],
        "drivers": [
            {"name": d.name, "points": rounded(SIGNED, d.points), "detail": d.detail} for d in r.judgement.drivers
        ],
        "stability": r.stability,
        "safeguards": list(r.safeguards),
        "asks": list(r.letters.asks),
        "ask_effects": [
            {
                "ask": e.ask,
                "verdict_if_granted": e.verdict,
                "score_if_granted": rounded(SIGNED, e.score),
                "changes_verdict": e.changes,
            }
            for e in r.ask_effects
        ],
        "warnings": list(r.warnings),
        "company_not_found": r.company_not_found,
    }


def problem_record(p: Problem) -> dict[str, Any]:
    """One input problem as JSON: the sheet and cell it names (None where it names none), the key, the value
    as JSON holds it (anything else described in words: "a date (2026-01-12)") and the message."""
    head = p.where.split(" (")[0]
    sheet, _, cell = head.partition("!")
    value = p.value
    plain = value is None or isinstance(value, (bool, int, str))
    if not (plain or (isinstance(value, float) and math.isfinite(value))):
        value = describe(value)
    return {
        "sheet": sheet or None,
        "cell": cell or None,
        "key": p.field,
        "value": value,
        "message": f"expected {p.expected}",
    }


def error_document(exc: OffersheetError) -> dict[str, Any]:
    """What ``evaluate --json`` prints when the workbook cannot be evaluated: the error and every problem."""
    problems = exc.problems if isinstance(exc, InputError) else []
    return {
        "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
        "problems": [problem_record(p) for p in problems],
    }


def evaluation_summary(ev: Evaluation, workbook: str | None = None) -> dict[str, Any]:
    return {
        "workbook": workbook,
        "model_version": ev.model_version,
        "stance": ev.stance,
        "currency": ev.currency,
        "rates_as_of": ev.rates_as_of,
        "offers": [offer_summary(r) for r in ev.offers],
    }
