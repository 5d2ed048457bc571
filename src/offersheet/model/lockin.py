"""Lock-in ("golden handcuffs"): what leaving would cost, month by month, and how hard that makes quitting.

For every month of the horizon: unvested equity (and vested equity too when it can be clawed back), the
signing bonus while it is repayable, and the bonus accrued but not yet paid. Only the parts spec.pay counts
as lock-in (``LOCKIN_FORFEITS``: the equity) make up the forfeiture; the others are shown beside it, since
more pay must never add lock-in. The 0-100 score combines the average forfeiture, measured in years of the
person's essential spending and softened by their runway, with points for red flags that make leaving
harder than the numbers show. The red flags are found here; every figure is the engine's (``model.engine``).
"""

from __future__ import annotations

from dataclasses import dataclass

from offersheet.model.inputs import Offer
from offersheet.model.reference import Parameters


@dataclass(frozen=True)
class LockinMonth:
    """One month of the schedule (a named tuple: a horizon has dozens of these per offer, made fast)."""

    month: int
    unvested_equity: float
    repayable_signing: float  # spec.pay REPAYABLE components (the signing bonus): shown, not lock-in
    unpaid_bonus: float  # spec.pay ACCRUED components (the bonus earned so far this year): shown, not lock-in
    forfeit: float  # what binds: the spec.pay LOCKIN_FORFEITS parts, in comparable money
    years_of_spending: float
    vs_alternative_pay: float | None  # forfeit / best alternative's annual pay


# Red flags that on their own stop you being ready to quit and cap the verdict at Negotiate first.
SEVERE_FLAGS = ("vested_equity_clawback", "non_disparagement_one_sided")


@dataclass(frozen=True)
class RedFlag:
    """A term of the offer that makes leaving costly, with its share of the lock-in score."""

    code: str
    message: str
    points: float


@dataclass(frozen=True)
class Lockin:
    """What leaving would cost month by month, against the person's runway, and the lock-in score."""

    schedule: tuple[LockinMonth, ...]
    red_flags: tuple[RedFlag, ...]
    runway_months: float
    peak_years_of_spending: float
    average_years_of_spending: float
    financial: float  # 0-100 before red flags, after runway relief
    score: float  # 0-100
    ready_to_quit: bool
    not_ready_reasons: tuple[str, ...]

    def at(self, month: int) -> LockinMonth:
        return self.schedule[min(max(month, 0), len(self.schedule) - 1)]


def red_flags(offer: Offer, params: Parameters) -> tuple[RedFlag, ...]:
    pts = params.red_flag_points
    flags = []
    if offer.vested_equity_clawback:
        flags.append(
            RedFlag(
                "vested_equity_clawback",
                "Vested equity can be clawed back or cancelled, so even what you have earned is at risk",
                pts.get("vested_equity_clawback", 0),
            )
        )
    if offer.non_disparagement_condition == "one_sided":
        flags.append(
            RedFlag(
                "non_disparagement_one_sided",
                "Equity depends on a one-sided non-disparagement agreement: speaking up could cost it",
                pts.get("non_disparagement_one_sided", 0),
            )
        )
    elif offer.non_disparagement_condition == "mutual":
        flags.append(
            RedFlag(
                "non_disparagement_mutual",
                "Equity is tied to a mutual non-disparagement agreement",
                pts.get("non_disparagement_mutual", 0),
            )
        )
    if offer.cliff_months > 12 and offer.equity_kind != "none":
        flags.append(
            RedFlag(
                "long_cliff",
                f"The cliff is {offer.cliff_months} months, longer than the usual 12",
                pts.get("long_cliff", 0),
            )
        )
    if offer.vesting_shape == "back_loaded" and offer.equity_kind != "none":
        flags.append(
            RedFlag(
                "back_loaded",
                "Vesting is back-loaded: most of the grant arrives in the last years",
                pts.get("back_loaded", 0),
            )
        )
    if offer.tender_conditions:
        flags.append(
            RedFlag(
                "tender_conditions",
                "Selling in tender offers depends on conditions the company sets (for example "
                "still being employed, or signing a release)",
                pts.get("tender_conditions", 0),
            )
        )
    return tuple(flags)
