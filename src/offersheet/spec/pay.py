"""Pay components: every input that pays money, tagged by how it pays and by what leaving forfeits of it.

The scalar model (``model.compensation``, ``model.lockin``), the columnar engine (``model.columns``) and the
sheet's formula builder (``workbook.formulas``) each turn a tag into arithmetic once and sum the components;
none of them names the components or writes the total by hand. Adding a pay input is one line here (plus its
declaration in ``spec.inputs`` and its field on ``Offer``); the perturbation test then covers it in all three.
"""

from __future__ import annotations

from typing import NamedTuple

# How a component pays, year by year.
SALARY = "salary"  # the yearly base pay; raises and a promotion step apply to it (exactly one component)
SHARE_OF_SALARY = "share_of_salary"  # a percentage of the year's salary, optionally capped by another input
ONCE = "once"  # paid once, at the start (year 1)
YEARLY = "yearly"  # the same amount every year
GRANT = "grant"  # the initial equity grant, vesting on the offer's schedule, valued at what can be realised
REFRESHER = "refresher"  # an equity grant each year from year 2, vesting evenly over the vesting period
HOW = (SALARY, SHARE_OF_SALARY, ONCE, YEARLY, GRANT, REFRESHER)

# What leaving part-way forfeits of it (lock-in).
REPAYABLE = "repayable"  # repaid in full when leaving before the months in ``clawback`` (another input)
ACCRUED = "accrued"  # earned through the year, paid at its end: leaving mid-year forfeits the months so far
UNVESTED = "unvested"  # what has not vested (and what has, when vested equity can be clawed back)
FORFEIT = (REPAYABLE, ACCRUED, UNVESTED)
# What of it counts as lock-in (the forfeiture the lock-in score measures): only equity that has not vested.
# A repayable signing bonus gives back money you would not have had without it, and a bonus accruing through
# the year is routine pay timing: both are shown month by month but bind no one, so more pay never adds lock-in.
LOCKIN_FORFEITS = (UNVESTED,)


class PayComponent(NamedTuple):
    """One part of pay: the input holding it, how it is paid, its cap, and what leaving forfeits."""

    key: str  # the input holding the amount (money) or the rate (percent of salary)
    label: str  # as a person reads it on the Comparison sheet
    how: str
    cap: str | None = None  # an input capping the yearly amount (blank: no cap)
    forfeit: str | None = None  # what leaving forfeits; None: nothing
    clawback: str | None = None  # for REPAYABLE: the input giving the months it stays repayable


PAY: tuple[PayComponent, ...] = (
    PayComponent("base_salary", "Base salary", SALARY),
    PayComponent("target_bonus_pct", "Target bonus", SHARE_OF_SALARY, forfeit=ACCRUED),
    PayComponent("signing_bonus", "Signing bonus", ONCE, forfeit=REPAYABLE, clawback="signing_clawback_months"),
    PayComponent("equity_grant_value", "Equity grant vesting", GRANT, forfeit=UNVESTED),
    PayComponent("annual_refresher_value", "Refresher grants vesting", REFRESHER, forfeit=UNVESTED),
    PayComponent("benefits_value", "Benefits", YEARLY),
    PayComponent("retirement_match_pct", "Retirement match", SHARE_OF_SALARY, cap="retirement_match_cap"),
)
BY_KEY = {c.key: c for c in PAY}


def components(how: str) -> tuple[PayComponent, ...]:
    return tuple(c for c in PAY if c.how == how)
