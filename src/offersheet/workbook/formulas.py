"""Native spreadsheet formulas for the Comparison sheet: the arithmetic any spreadsheet can do.

They refer to input cells by their defined names (``offer1_base_salary``) and must agree with the Python
model; tests recalculate them in LibreOffice and compare. Three rules keep them in step with the reader:

- **Blank means default.** An empty input cell stands for its default from the spec, as the reader reads it.
- **Text amounts count.** A number typed as text (``$310k``, ``120,000``, ``15%``) is read as the reader reads it.
- **Labels or codes.** A choice cell may hold the label a person picked or the code a script wrote.

Pay is summed component by component from ``spec.pay``, each turned into arithmetic by how it pays; no
formula here names a pay input.
"""

from __future__ import annotations

from offersheet.model.vocab import EQUITY_KINDS
from offersheet.spec.pay import GRANT, ONCE, PAY, REFRESHER, SALARY, SHARE_OF_SALARY, YEARLY, PayComponent
from offersheet.spec.vocab import CURRENCIES
from offersheet.workbook.schema import BY_KEY, choice_labels, defined_name

MAX_VESTING_YEARS = 10
HORIZON = "horizon_years"  # the model setting's defined name on Profile


def name(key: str, i: int) -> str:
    return defined_name(BY_KEY[key], i)


def _text_amount(cell: str) -> str:
    """A number written as text, read as the reader reads it: currency signs and thousands commas dropped, a
    k or m suffix multiplied out, a % sign dividing by 100 (VALUE does that). Unreadable text is an error."""
    t = f"UPPER(TRIM({cell}))"
    stripped = t
    for sign in ("$", "€", "£", "K", "M"):
        stripped = f'SUBSTITUTE({stripped},"{sign}","")'
    return f'VALUE({stripped})*IF(RIGHT({t})="K",1000,IF(RIGHT({t})="M",1000000,1))'


def number(key: str, i: int) -> str:
    """A numeric input in the sheet's unit: its default when blank (0 for an optional input without one). Money
    comes out in the home currency (``rate``), as the model converts it (``model.currency``)."""
    f, cell = BY_KEY[key], name(key, i)
    default = f.default if isinstance(f.default, (int, float)) and not isinstance(f.default, bool) else 0
    value = f"IF(ISNUMBER({cell}),{cell},IF(ISBLANK({cell}),{default:g},{_text_amount(cell)}))"
    return f"({value})*{rate_name(i)}" if f.kind == "money" else value


def rate_name(i: int) -> str:
    """The defined name of the Comparison cell holding the offer's exchange rate (``rate``)."""
    return f"offer{i + 1}_rate"


def rate(i: int) -> str:
    """Home currency per unit of the offer's currency: 1 when blank or the home currency, else the Profile rate
    the person gave (#N/A when they gave none: the model calls that an input error)."""
    cur, home = name("currency", i), BY_KEY["home_currency"].key
    blank_home = BY_KEY["home_currency"].default  # a blank home currency is its default, as the reader reads it
    same = ",".join(
        f'AND({cur}="{c}",OR({home}="{c}"{f",ISBLANK({home})" if c == blank_home else ""}))' for c in CURRENCIES
    )
    expr = "NA()"
    for c in reversed(CURRENCIES):
        fx = BY_KEY[f"fx_{c.lower()}"].key
        expr = f'IF({cur}="{c}",IF(ISNUMBER({fx}),{fx},NA()),{expr})'
    return f"IF(OR(ISBLANK({cur}),{same}),1,{expr})"


def currency_code(cell: str | None = None) -> str:
    """The code of the currency amounts are in: the home currency (a blank one is its default, as the reader
    reads it), or with ``cell`` the offer currency there (a blank one is the home currency)."""
    home = BY_KEY["home_currency"]
    home_code = f'IF(ISBLANK({home.key}),"{home.default}",{home.key})'
    return home_code if cell is None else f"IF(ISBLANK({cell}),{home_code},{cell})"


def given(key: str, i: int) -> str:
    """Whether an optional input (one whose blank means "none") was filled in."""
    cell = name(key, i)
    return f"NOT(ISBLANK({cell}))"


def is_choice(key: str, i: int, code: str) -> str:
    f, cell = BY_KEY[key], name(key, i)
    label = choice_labels(f)[code]
    blank = f",ISBLANK({cell})" if f.default == code else ""
    return f'OR({cell}="{code}",{cell}="{label}"{blank})'


def guard(i: int, expr: str) -> str:
    """Blank for an empty offer column, the expression otherwise."""
    return f'=IF({name("employer", i)}="","",{expr})'


def haircut(i: int) -> str:
    expr = "0"
    for kind in reversed(EQUITY_KINDS):
        expr = f"IF({is_choice('equity_kind', i, kind)},haircut_{kind},{expr})"
    return expr


def _inputs(how: str, i: int) -> str:
    """The summed inputs of the components that pay this way."""
    return "+".join(number(c.key, i) for c in PAY if c.how == how) or "0"


def realisable_grant(i: int) -> str:
    """The initial grant at what could be realised: options less their strike, no equity nothing, haircut."""
    grant = (
        f"IF({is_choice('equity_kind', i, 'none')},0,"
        f"IF({is_choice('equity_kind', i, 'options')},"
        f"MAX(0,{_inputs(GRANT, i)}-{number('option_strike_total', i)}),"
        f"{_inputs(GRANT, i)}))"
    )
    return guard(i, f"{grant}*(1-{haircut(i)})")


def realisable_refresher(i: int) -> str:
    """The yearly refresher grant at what could be realised (haircut by the equity kind)."""
    return guard(i, f"IF({is_choice('equity_kind', i, 'none')},0,{_inputs(REFRESHER, i)})*(1-{haircut(i)})")


def _custom_item(i: int, k: int) -> str:
    t = name("vesting_custom_pcts", i)
    return f'IFERROR(VALUE(TRIM(MID(SUBSTITUTE({t},",",REPT(" ",99)),{(k - 1) * 99 + 1},99))),0)'


def vested_share(i: int, n: int) -> str:
    """Cumulative share of the initial grant vested at the end of year ``n`` (any frequency)."""
    y = f"MAX(1,{number('vesting_years', i)})"
    c = number("cliff_months", i)
    tri = f"({y}*({y}+1)/2)"
    custom = "(" + "+".join(_custom_item(i, k) for k in range(1, n + 1)) + ")/100"
    cum = (
        f"IF({is_choice('vesting_shape', i, 'front_loaded')},({n}*{y}-{n * (n - 1) / 2:g})/{tri},"
        f"IF({is_choice('vesting_shape', i, 'back_loaded')},{n * (n + 1) / 2:g}/{tri},"
        f"IF({is_choice('vesting_shape', i, 'custom')},{custom},{n}/{y})))"
    )
    return guard(i, f"IF({c}>{12 * n},0,IF({n}>={y},1,{cum}))")


def _salary_year1(i: int) -> str:
    """Base pay in year 1, with a promotion inside year 1 prorated (as compensation.base_in_year)."""
    return (
        f"{number('base_salary', i)}*(1+IF({given('promotion_month', i)},"
        f"{number('promotion_raise_pct', i)}*MAX(0,12-MAX(0,{number('promotion_month', i)}))/12,0))"
    )


def _share_of(c: PayComponent, i: int, salary: str) -> str:
    amount = f"{salary}*{number(c.key, i)}"
    if c.cap is None:
        return amount
    return f"IF({given(c.cap, i)},MIN({amount},{number(c.cap, i)}),{amount})"


def component_year1(c: PayComponent, i: int, grant_cell: str, share1_cell: str) -> str:
    """What one pay component pays in year 1, as offered (nominal, before tax, today's equity value)."""
    salary = _salary_year1(i)
    if c.how == SALARY:
        expr = salary
    elif c.how == SHARE_OF_SALARY:
        expr = _share_of(c, i, salary)
    elif c.how in (ONCE, YEARLY):
        expr = number(c.key, i)
    elif c.how == GRANT:
        expr = f"{grant_cell}*{share1_cell}"
    elif c.how == REFRESHER:
        expr = "0"  # the first refresher is granted at the start of year 2
    else:
        raise ValueError(f"no year-1 formula for pay components that pay {c.how!r}")
    return guard(i, expr)


def _refresher_years(i: int) -> str:
    """Years' worth of one refresher vested by the horizon's end, summed over the refreshers granted at the
    start of years 2..horizon, each vesting evenly over the vesting period: sum of min(j, V)/V, j = 1..h-1."""
    h, v = HORIZON, f"MAX(1,{number('vesting_years', i)})"
    return f"IF({h}-1<={v},({h}-1)*{h}/2/{v},({v}+1)/2+({h}-1-{v}))"


def component_horizon(c: PayComponent, i: int, grant_cell: str, refresher_cell: str, share_cells: list[str]) -> str:
    """What one pay component pays over the horizon, as offered: no raises, promotion or growth, undiscounted."""
    h, salary = HORIZON, number("base_salary", i)
    if c.how == SALARY:
        return f"{h}*{salary}"
    if c.how == SHARE_OF_SALARY:
        return f"{h}*{_share_of(c, i, salary)}"
    if c.how == ONCE:
        return number(c.key, i)
    if c.how == YEARLY:
        return f"{h}*{number(c.key, i)}"
    if c.how == GRANT:
        share = f"CHOOSE(MIN({h},{len(share_cells)})," + ",".join(share_cells) + ")"
        return f"{grant_cell}*IF({h}>{len(share_cells)},1,{share})"
    if c.how == REFRESHER:
        return f"{refresher_cell}*{_refresher_years(i)}"
    raise ValueError(f"no horizon formula for pay components that pay {c.how!r}")


def horizon_pay(i: int, grant_cell: str, refresher_cell: str, share_cells: list[str]) -> str:
    """Nominal pay over the horizon as offered: every pay component, summed."""
    return guard(i, "+".join(f"({component_horizon(c, i, grant_cell, refresher_cell, share_cells)})" for c in PAY))


def unvested_at(i: int, grant_cell: str, share_cell: str) -> str:
    return guard(i, f"{grant_cell}*(1-{share_cell})")
