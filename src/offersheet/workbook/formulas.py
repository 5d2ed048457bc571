"""Native spreadsheet formulas for the Comparison sheet: the arithmetic any spreadsheet can do.

They refer to input cells by their defined names (``offer1_base_salary``) and must agree with the
Python model; tests recalculate them in LibreOffice and compare. Categorical cells may hold the label a
person picked from the list or the code a script wrote, so every comparison accepts both.
"""

from __future__ import annotations

from offersheet.model.vocab import EQUITY_KINDS
from offersheet.workbook.schema import BY_KEY, choice_labels, defined_name

MAX_VESTING_YEARS = 10


def name(key: str, i: int) -> str:
    return defined_name(BY_KEY[key], i)


def is_choice(key: str, i: int, code: str) -> str:
    label = choice_labels(BY_KEY[key])[code]
    return f'OR({name(key, i)}="{code}",{name(key, i)}="{label}")'


def guard(i: int, expr: str) -> str:
    """Blank for an empty offer column, the expression otherwise."""
    return f'=IF({name("employer", i)}="","",{expr})'


def haircut(i: int) -> str:
    expr = "0"
    for kind in reversed(EQUITY_KINDS):
        expr = f"IF({is_choice('equity_kind', i, kind)},haircut_{kind},{expr})"
    return expr


def realisable_grant(i: int) -> str:
    grant = (f"IF({is_choice('equity_kind', i, 'none')},0,"
             f"IF({is_choice('equity_kind', i, 'options')},"
             f"MAX(0,N({name('equity_grant_value', i)})-N({name('option_strike_total', i)})),"
             f"N({name('equity_grant_value', i)})))")
    return guard(i, f"{grant}*(1-{haircut(i)})")


def _custom_item(i: int, k: int) -> str:
    t = name("vesting_custom_pcts", i)
    return f'IFERROR(VALUE(TRIM(MID(SUBSTITUTE({t},",",REPT(" ",99)),{(k - 1) * 99 + 1},99))),0)'


def vested_share(i: int, n: int) -> str:
    """Cumulative share of the initial grant vested at the end of year ``n`` (any frequency)."""
    y = f"MAX(1,N({name('vesting_years', i)}))"
    c = f"N({name('cliff_months', i)})"
    tri = f"({y}*({y}+1)/2)"
    custom = "(" + "+".join(_custom_item(i, k) for k in range(1, n + 1)) + ")/100"
    cum = (f"IF({is_choice('vesting_shape', i, 'front_loaded')},({n}*{y}-{n * (n - 1) / 2:g})/{tri},"
           f"IF({is_choice('vesting_shape', i, 'back_loaded')},{n * (n + 1) / 2:g}/{tri},"
           f"IF({is_choice('vesting_shape', i, 'custom')},{custom},{n}/{y})))")
    return guard(i, f"IF({c}>{12 * n},0,IF({n}>={y},1,{cum}))")


def year1_pay(i: int, grant_cell: str, share1_cell: str) -> str:
    """Nominal year-1 pay: base (with a promotion inside year 1, prorated), bonus, signing bonus, equity
    vesting in year 1 at today's value, benefits and the retirement match (capped)."""
    pm = name("promotion_month", i)
    base = (f"N({name('base_salary', i)})*(1+IF(ISNUMBER({pm}),"
            f"N({name('promotion_raise_pct', i)})*MAX(0,12-MAX(0,{pm}))/12,0))")
    cap = name("retirement_match_cap", i)
    match = f"IF(ISNUMBER({cap}),MIN({base}*N({name('retirement_match_pct', i)}),{cap}),"\
            f"{base}*N({name('retirement_match_pct', i)}))"
    return guard(i, f"{base}*(1+N({name('target_bonus_pct', i)}))+N({name('signing_bonus', i)})"
                    f"+{grant_cell}*{share1_cell}+N({name('benefits_value', i)})+{match}")


def horizon_pay(i: int, grant_cell: str, share_cells: list[str]) -> str:
    """Nominal pay over the horizon before refreshers: the part any spreadsheet can compute."""
    h = "horizon_years"
    base = f"N({name('base_salary', i)})"
    share = "CHOOSE(MIN({h},{m})," + ",".join(share_cells) + ")"
    share = share.format(h=h, m=len(share_cells))
    return guard(i, f"{h}*({base}*(1+N({name('target_bonus_pct', i)}))+N({name('benefits_value', i)}))"
                    f"+N({name('signing_bonus', i)})+{grant_cell}*IF({h}>{len(share_cells)},1,{share})")


def unvested_at(i: int, grant_cell: str, share_cell: str) -> str:
    return guard(i, f"{grant_cell}*(1-{share_cell})")
