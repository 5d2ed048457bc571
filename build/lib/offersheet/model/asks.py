"""Asks and letters: using the leverage a candidate has between offer and decision.

The asks target the company's weakest rated criteria (and unrated ones: ask them to publish), plus the
lock-in terms that make leaving hard. Three drafts follow: an email with the asks after the offer, a
polite decline that gives the reasons, and an acceptance note that credits what the company does well.
The wording is ours; the strategy follows "Potential employees have a unique lever to influence the
behaviors of AI labs".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from offersheet.model.company import CompanyScore
from offersheet.model.lockin import RedFlag
from offersheet.model.reference import Criterion

_LOCKIN_ASKS = {
    "vested_equity_clawback": "Confirm in writing that vested equity cannot be clawed back or cancelled",
    "non_disparagement_one_sided": "Remove any non-disparagement condition from the equity and the exit terms",
    "non_disparagement_mutual": "Make clear that no exit agreement limits raising safety concerns",
    "long_cliff": "Shorten the vesting cliff to 12 months or less",
    "back_loaded": "Vest the equity evenly rather than back-loaded",
    "tender_conditions": "Let former employees sell in tender offers on the same terms as current staff",
}


@dataclass(frozen=True)
class Letters:
    asks: tuple[str, ...]
    ask_email: str
    decline: str
    acceptance: str


def compute_asks(
    company: CompanyScore, flags: tuple[RedFlag, ...], criteria: Mapping[str, Criterion], limit: int = 3
) -> tuple[str, ...]:
    asks = [criteria[r.criterion].ask for r in company.weakest[:limit]]
    if len(asks) < limit:
        asks += [f"Publish where it stands on {criteria[k].label.lower()}: {criteria[k].ask[0].lower()}"
                 f"{criteria[k].ask[1:]}" for k in company.missing[: limit - len(asks)]]
    asks += [_LOCKIN_ASKS[f.code] for f in flags if f.code in _LOCKIN_ASKS]
    return tuple(asks)


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"  - {a}" for a in items)


def compose_letters(
    employer: str, role_title: str, asks: tuple[str, ...], company: CompanyScore,
    criteria: Mapping[str, Criterion], chosen_alternative: str | None,
) -> Letters:
    role = role_title or "the role"
    ask_email = (
        f"Subject: {role} offer: a few questions before I decide\n\n"
        f"Hello,\n\nThank you for the offer for {role} at {employer}. I am excited about the work, and "
        f"there are a few things that would make my decision much easier:\n\n{_bullets(asks)}\n\n"
        f"Could we talk about these this week? I am asking because they matter to me, not as a "
        f"negotiating tactic.\n\nBest regards,\n"
    )
    reasons = asks[:2] if asks else ("the safety commitments I was looking for were not there yet",)
    where = f" I have accepted a role at {chosen_alternative}." if chosen_alternative else ""
    decline = (
        f"Subject: {role} offer\n\n"
        f"Hello,\n\nThank you for the offer and for your time during the process. I have decided not to "
        f"accept it.{where} My main reasons:\n\n{_bullets(tuple(reasons))}\n\n"
        f"If these change, I would gladly consider {employer} again.\n\nWith thanks and best wishes,\n"
    )
    strengths = [criteria[r.criterion].praise for r in company.strongest[:2] if (r.value or 0) >= 50]
    credit = (f"I chose {employer} because it {' and '.join(strengths)}." if strengths else
              f"I am joining {employer} to work on {role}, and I will keep asking for stronger safety practice.")
    acceptance = (
        f"I am joining {employer} as {role}! {credit} "
        f"These practices are why people like me say yes; I hope more companies adopt them.\n"
    )
    return Letters(asks, ask_email, decline, acceptance)
