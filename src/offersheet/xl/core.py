"""Worksheet-function logic on the 2-D lists Excel hands over, free of xlwings so it is testable anywhere.

Ranges: ``keys`` is the Offers key column, ``offers`` the block of offer columns (one or more), ``profile``
the Profile table (key in the first column, value in the last), ``companies`` the Companies table with its
header row. The whole block is evaluated together (alternatives depend on each other) and cached per
process by content, so the cells of one recalculation share one evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from offersheet.defaults import default_companies, default_reference
from offersheet.model.errors import InputError, OffersheetError
from offersheet.model.evaluate import Evaluation, OfferResult
from offersheet.model.evaluate import evaluate as evaluate_model
from offersheet.spec.outputs import FUNCTION, REPORT, lines, outputs
from offersheet.workbook.grid import companies_from_rows, offer_from_pairs, offer_is_empty, profile_from_pairs
from offersheet.workbook.settings import setting_defaults

Grid = tuple[tuple[Any, ...], ...]


class UdfInputError(OffersheetError):
    """A problem with the ranges given to a worksheet function, worded for the cell."""


def freeze(grid: Sequence[Sequence[Any]] | None) -> Grid:
    if grid is None:
        return ()
    if not isinstance(grid, (list, tuple)):
        return ((grid,),)
    return tuple(tuple(row) if isinstance(row, (list, tuple)) else (row,) for row in grid)


def _pairs(keys: Grid, column: int, offers: Grid) -> dict[str, Any]:
    out = {}
    for key_row, row in zip(keys, offers, strict=False):
        key = key_row[0] if key_row else None
        if isinstance(key, str) and key.strip() and column < len(row):
            out[key.strip()] = row[column]
    return out


def _place(label: str) -> Callable[[str], str]:
    """Where a key of this offer is, in a message."""
    return lambda key: f"{label}, {key}"


@lru_cache(maxsize=32)
def evaluate_grids(
    keys: Grid, offers: Grid, profile: Grid, companies: Grid, with_stability: bool, with_scenarios: bool = False
) -> Evaluation:
    if not keys or not offers:
        raise UdfInputError("give the Offers key column and the offer columns")
    if len(keys) != len(offers):
        raise UdfInputError(f"the key column has {len(keys)} rows but the offers range has {len(offers)}")
    ref = default_reference()
    settings = setting_defaults(ref)
    profile_pairs = {str(r[0]).strip(): r[-1] for r in profile if r and isinstance(r[0], str) and r[0].strip()}
    person = profile_from_pairs(profile_pairs, ref, lambda k: f"Profile, {k}", settings)
    width = max(len(r) for r in offers)
    parsed = []
    for col in range(width):
        pairs = _pairs(keys, col, offers)
        if not offer_is_empty(pairs):
            label = f"Offer {col + 1}"
            parsed.append(
                offer_from_pairs(pairs, label, ref, _place(label), person.home_currency)
            )  # what a blank offer currency means
    if not parsed:
        raise UdfInputError("no offer in the range has an employer, role category and employer kind")
    company_map = (
        companies_from_rows(companies[0], companies[1:], lambda n, c: f"Companies row {n + 1}, {c}")
        if companies
        else default_companies()
    )
    return evaluate_model(
        parsed, company_map, person, ref, with_stability=with_stability, with_scenarios=with_scenarios
    )


def result_for(
    keys: Any,
    offers: Any,
    profile: Any,
    companies: Any,
    offer: Any,
    with_stability: bool = False,
    with_scenarios: bool = False,
) -> OfferResult | None:
    """The result for offer number ``offer`` (1-based within the block); None for an empty column."""
    try:
        number = int(offer) if offer is not None else 1
    except (TypeError, ValueError):
        raise UdfInputError(f"offer must be a number from 1 to the number of offer columns, not {offer!r}") from None
    ev = evaluate_grids(
        freeze(keys), freeze(offers), freeze(profile), freeze(companies), with_stability, with_scenarios
    )
    for r in ev.offers:
        if r.offer.label == f"Offer {number}":
            return r
    return None


def message(exc: OffersheetError) -> str:
    """A cell-sized explanation of what is wrong."""
    if isinstance(exc, InputError):
        first = exc.problems[0]
        more = f" (+{len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return f"offersheet input problem: {first}{more}"
    return f"offersheet: {exc}"


RESULTS = {o.key: o for o in outputs(REPORT)}  # what OFFERSHEET_RESULT can give: a Report row each


def output_key(output: Any) -> str:
    """A Report row's key, as given to OFFERSHEET_RESULT; an unknown one is a message naming the known ones."""
    key = output.strip() if isinstance(output, str) else output
    if key not in RESULTS:
        raise UdfInputError(f"no result named {output!r}; give the key of a Report row, one of: " + ", ".join(RESULTS))
    return str(key)


def output_value(r: OfferResult, key: str) -> Any:
    """A Report row's value for one offer, as Report shows it: rounded by the spec, a list one item a line,
    nothing as an empty text (Office.js shows None as an empty string anyway; this says so)."""
    value = RESULTS[key].value(r)
    if isinstance(value, list):
        return lines(value)
    return "" if value is None else value


SCORE_HEADERS = tuple(o.key for o in outputs(FUNCTION))


def scores_row(r: OfferResult) -> list[Any]:
    return [o.value(r) for o in outputs(FUNCTION)]


LOCKIN_HEADERS = ("month", "unvested_equity", "repayable_signing", "unpaid_bonus", "forfeit", "years_of_spending")


def lockin_rows(r: OfferResult) -> list[list[Any]]:
    return [
        [
            m.month,
            round(m.unvested_equity, 2),
            round(m.repayable_signing, 2),
            round(m.unpaid_bonus, 2),
            round(m.forfeit, 2),
            round(m.years_of_spending, 4),
        ]
        for m in r.lockin.schedule
    ]
