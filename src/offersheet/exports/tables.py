"""Results as tables: one comparison per workbook (rows are report lines, columns are offers) and summary rows
(one per offer, across workbooks). Plain Python lists; pandas frames are made where a format wants one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from offersheet.model.evaluate import Evaluation
from offersheet.results import offer_summary
from offersheet.workbook.layout import REPORT_ROWS, offer_header
from offersheet.workbook.plan import report_values

SUMMARY_SCORES = ("total_comp_year1", "total_comp_horizon", "lock_in", "acceleration_risk", "risk_reduction",
                  "net_impact", "company_score", "personal_fit")
SCENARIO_COLUMNS = ("total_comp_horizon_bear", "total_comp_horizon_bull", "lock_in_bear", "lock_in_bull")
SUMMARY_COLUMNS = ("workbook", "column", "employer", "role_title", "verdict", *SUMMARY_SCORES, *SCENARIO_COLUMNS,
                   "verdict_strict",
                   "verdict_relative", "red_flags", "drivers", "stability", "warnings")
ERROR_COLUMNS = ("workbook", "reason")
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Comparison:
    """One workbook's results as a table: ``header`` then ``rows`` of (label, value per offer)."""

    name: str
    keys: tuple[str, ...]  # the report key of each row
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    evaluation: Evaluation
    columns: tuple[int, ...]
    savings: float


def comparison(name: str, ev: Evaluation, columns: tuple[int, ...], savings: float) -> Comparison:
    values = [report_values(r) for r in ev.offers]
    header = ("", *(f"{offer_header(i)}: {r.offer.employer}" for r, i in zip(ev.offers, columns, strict=True)))
    rows = tuple((label, *(v[key] for v in values)) for key, label in REPORT_ROWS)
    return Comparison(name, tuple(k for k, _ in REPORT_ROWS), header, rows, ev, columns, savings)


MONEY_KEYS = frozenset({"total_comp_year1", "total_comp_annualised", "total_comp_horizon", "pay_gap"})


def display(key: str, value: Any) -> str:
    """A value as a person reads it in a report: money with thousands separators, nothing for None."""
    if value is None:
        return ""
    if key in MONEY_KEYS and isinstance(value, int | float):
        return f"{value:,.0f}"
    return str(value)


def summary_rows(name: str, ev: Evaluation) -> list[dict[str, Any]]:
    out = []
    for r in ev.offers:
        s = offer_summary(r)
        out.append({
            "workbook": name, "column": s["column"], "employer": s["employer"], "role_title": s["role_title"],
            "verdict": s["verdict"], **{k: s["scores"][k] for k in SUMMARY_SCORES},
            **{f"{k}_{path}": s["scores"]["scenarios"].get(path, {}).get(k)
               for path in ("bear", "bull") for k in ("total_comp_horizon", "lock_in")},
            "verdict_strict": s["verdict_by_stance"].get("strict"),
            "verdict_relative": s["verdict_by_stance"].get("relative"),
            "red_flags": "; ".join(s["red_flags"]),
            "drivers": "; ".join(f"{d['name']} {d['points']:+.1f}" for d in s["drivers"][:4]),
            "stability": s["stability"], "warnings": "; ".join(s["warnings"]),
        })
    return out
