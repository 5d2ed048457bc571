"""Results as tables: one comparison per workbook (rows are report lines, columns are offers) and summary rows
(one per offer, across workbooks). Plain Python lists; pandas frames are made where a format wants one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from offersheet.model.evaluate import Evaluation
from offersheet.spec.outputs import BY_KEY, SUMMARY, outputs, shown
from offersheet.workbook.layout import REPORT_ROWS, offer_header
from offersheet.workbook.plan import report_values

SUMMARY_COLUMNS = ("workbook", "column", *(o.key for o in outputs(SUMMARY)))
# summary.xlsx is read by a person: the same columns under the labels every sheet gives them (summary.csv keeps
# the keys, for analysis).
SUMMARY_LABELS = ("Workbook", "Column", *(o.label for o in outputs(SUMMARY)))
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

    def by_offer(self) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        """The same table one offer per row (as a CSV is read into pandas or a spreadsheet): a header of the
        row labels, then per offer its name and its values; numbers stay numbers."""
        labels = tuple(row[0] for row in self.rows)
        return ("Offer", *labels), [
            (offer_header(i), *(row[n + 1] for row in self.rows)) for n, i in enumerate(self.columns)
        ]


def comparison(name: str, ev: Evaluation, columns: tuple[int, ...], savings: float) -> Comparison:
    values = [report_values(r) for r in ev.offers]
    header = ("", *(f"{offer_header(i)}: {r.offer.employer}" for r, i in zip(ev.offers, columns, strict=True)))
    rows = tuple((label, *(v[key] for v in values)) for key, label in REPORT_ROWS)
    return Comparison(name, tuple(k for k, _ in REPORT_ROWS), header, rows, ev, columns, savings)


def display(key: str, value: Any, currency: str | None = None) -> str:
    """A value as a person reads it in a report, as its number format shows it in the workbook: money with
    the currency's symbol and thousands separators, scores to a tenth, nothing for None."""
    return shown(BY_KEY[key].kind, value, currency)


def summary_rows(name: str, ev: Evaluation) -> list[dict[str, Any]]:
    """One row per offer: the summary outputs, lists joined with "; "."""
    return [
        {
            "workbook": name,
            "column": r.offer.label,
            **{o.key: "; ".join(v) if isinstance(v := o.value(r), list) else v for o in outputs(SUMMARY)},
        }
        for r in ev.offers
    ]
