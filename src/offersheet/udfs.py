"""offersheet's worksheet functions for Excel, through xlwings (classic add-in, Lite or Server).

Name this module in the ``xlwings.conf`` sheet (``UDF Modules: offersheet.udfs``) or import it in xlwings
Lite's ``main.py``. Each function is a thin wrapper over ``offersheet.xl.core``; problems come back as a
readable message in the cell, never a traceback. Ranges: the Offers key column, the offer columns
(one or all six), the Profile table, the Companies table with its header, and the offer number.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

from offersheet.macros import offersheet_export, offersheet_recalculate
from offersheet.model.errors import OffersheetError
from offersheet.workbook.schema import OFFER_FIELDS
from offersheet.xl import core

# The two scripts (xlwings Lite/Server buttons; VBA Subs after the classic add-in's "Import Functions") are
# re-exported here so that importing this one module registers functions and scripts alike.
SCRIPTS = (offersheet_recalculate, offersheet_export)

_RANGES = ("keys", "offers", "profile", "companies")


def _ranges(f: Any) -> Any:
    for name in reversed(_RANGES):
        f = xw.arg(name, ndim=2, doc=_DOCS[name])(f)
    return xw.arg("offer", doc="Which offer column of the range: 1 for the first (default 1)")(f)


_LAST = 1 + len(OFFER_FIELDS)  # the template's last Offers row
_DOCS = {
    "keys": f"The Offers sheet's key column (column A), e.g. Offers!A2:A{_LAST}",
    "offers": f"The offer columns beside it, e.g. Offers!D2:I{_LAST} (one or more columns)",
    "profile": "The Profile table, key in its first column and value in its last, e.g. profile_table",
    "companies": "The Companies table with its header row, e.g. companies_table",
}


def _call(
    fn: Any,
    keys: Any,
    offers: Any,
    profile: Any,
    companies: Any,
    offer: Any,
    stability: bool = False,
    scenarios: bool = False,
) -> Any:
    try:
        result = core.result_for(keys, offers, profile, companies, offer, stability, scenarios)
    except OffersheetError as exc:
        return core.message(exc)
    return "" if result is None else fn(result)


def _output(key: str, keys: Any, offers: Any, profile: Any, companies: Any, offer: Any) -> Any:
    """One Report row's value for the offer, exactly as Report shows it (``core.output_value``): from the
    evaluation ``offersheet evaluate`` makes (valuation paths, what would change it, how sure), one per
    recalculation for every cell that asks (cached by the ranges' content)."""
    try:
        key = core.output_key(key)
    except OffersheetError as exc:
        return core.message(exc)
    return _call(
        lambda r: core.output_value(r, key), keys, offers, profile, companies, offer, stability=True, scenarios=True
    )


@xw.func
@_ranges
def OFFERSHEET_VERDICT(keys, offers, profile=None, companies=None, offer=1):  # type: ignore[no-untyped-def]
    """The offer's verdict: Strong candidate, Take with safeguards, Negotiate first, Prefer an alternative (Keep
    looking for a lone offer) or Avoid."""
    return _output("verdict", keys, offers, profile, companies, offer)


@xw.func
@_ranges
def OFFERSHEET_STABILITY(keys, offers, profile=None, companies=None, offer=1):  # type: ignore[no-untyped-def]
    """The smallest single change of an input or weight that would change the verdict, in words."""
    return _output("stability", keys, offers, profile, companies, offer)


@xw.func
@_ranges
@xw.ret(expand="table")
def OFFERSHEET_SCORES(keys, offers, profile=None, companies=None, offer=1):  # type: ignore[no-untyped-def]
    """All scores of the offer as a two-row dynamic array: headers, then values."""
    return _call(lambda r: [list(core.SCORE_HEADERS), core.scores_row(r)], keys, offers, profile, companies, offer)


@xw.func
@_ranges
def OFFERSHEET_TOTAL_COMP(keys, offers, profile=None, companies=None, offer=1):  # type: ignore[no-untyped-def]
    """Pay over the horizon (present value): salary, bonus, signing, realisable equity, refreshers, benefits;
    whole units, as Report shows it."""
    return _output("total_comp_horizon", keys, offers, profile, companies, offer)


@xw.func
@_ranges
@xw.ret(expand="table")
def OFFERSHEET_LOCKIN(keys, offers, profile=None, companies=None, offer=1):  # type: ignore[no-untyped-def]
    """What leaving would forfeit, month by month, as a dynamic array with a header row."""
    return _call(lambda r: [list(core.LOCKIN_HEADERS), *core.lockin_rows(r)], keys, offers, profile, companies, offer)


@xw.func
@_ranges
def OFFERSHEET_ACCELERATION_RISK(keys, offers, profile=None, companies=None, offer=1):  # type: ignore[no-untyped-def]
    """How much the role speeds up progress toward transformative AI, 0-100 (before trust in the company), to a
    tenth, as Report shows it."""
    return _output("acceleration_risk", keys, offers, profile, companies, offer)


@xw.func
@_ranges
def OFFERSHEET_COMPANY_SCORE(keys, offers, profile=None, companies=None, offer=1):  # type: ignore[no-untyped-def]
    """The employer's responsibility score, 0-100, from the Companies table, to a tenth, as Report shows it."""
    return _output("company_score", keys, offers, profile, companies, offer)


@xw.func
@_ranges
@xw.arg(
    "output",
    doc='Which result: the key of a Report row, e.g. "lock_in", "verdict_strict" or '
    '"total_comp_horizon_bear" (docs/fields.md, Outputs)',
)
def OFFERSHEET_RESULT(keys, offers, profile=None, companies=None, offer=1, output="verdict"):  # type: ignore[no-untyped-def]
    """Any result of the Report sheet for the offer, by its row's key, as Report shows it (lists one item a line)."""
    return _output(output, keys, offers, profile, companies, offer)


@xw.func
@_ranges
@xw.ret(expand="table")
def OFFERSHEET_ASKS(keys, offers, profile=None, companies=None, offer=1):  # type: ignore[no-untyped-def]
    """The asks to make after the offer, one per row, tailored to the company's weakest criteria."""
    return _call(lambda r: [[a] for a in r.letters.asks] or [["no asks"]], keys, offers, profile, companies, offer)
