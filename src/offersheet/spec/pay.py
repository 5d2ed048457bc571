"""Pay components: every input that pays money, tagged by how it pays and by what leaving forfeits of it.

The engine (``model.engine``) and the sheet's formula builder (``workbook.formulas``) each turn a tag into
arithmetic once and sum the components; neither names the components or writes the total by hand. Adding a
pay input is one line here (plus its declaration in ``spec.inputs`` and its field on ``Offer``); the
perturbation test then covers it in both, and a money input that nothing pays is an error at import.
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class PayComponent:
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
# Money inputs of an offer that are not paid: each with what it does instead. Every other money input must be a
# component's amount or cap, so that no amount can be declared and silently never paid (checked below).
NOT_PAID = {"option_strike_total": "the options' total exercise cost: subtracted from the grant's value"}


class IncompleteSpec(TypeError):
    """A declaration in the spec without the piece that makes it count."""


def check_complete(money_inputs: tuple[str, ...], declared: tuple[str, ...]) -> None:
    """Raise IncompleteSpec when an offer's money input is neither paid (a component's amount or cap) nor in
    ``NOT_PAID``, or when a component names an input that is not declared."""
    named = [k for c in PAY for k in (c.key, c.cap, c.clawback) if k] + list(NOT_PAID)
    undeclared = [k for k in named if k not in declared]
    if undeclared:
        raise IncompleteSpec(f"spec.pay names input(s) {', '.join(undeclared)} that spec.inputs does not declare")
    used = {c.key for c in PAY} | {c.cap for c in PAY if c.cap} | set(NOT_PAID)
    unpaid = [k for k in money_inputs if k not in used]
    if unpaid:
        raise IncompleteSpec(
            f"spec.pay: money input(s) {', '.join(unpaid)} are declared in spec.inputs but "
            "neither paid by a component of PAY nor listed in NOT_PAID with what they do"
        )


def components(how: str) -> tuple[PayComponent, ...]:
    return tuple(c for c in PAY if c.how == how)
