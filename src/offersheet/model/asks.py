"""Asks and letters: using the leverage a candidate has between offer and decision.

What to ask depends on who is asking of whom. At an AI developer (frontier lab, big-tech AI group) the asks
target the company's criteria graded below a C, in the edition the letters name, and nothing it is already
graded well on; an unrated developer is asked to publish a framework and take part in independent ratings.
Institutes, think tanks, nonprofits and universities get no lab asks: the questions there are about
independence, publication and funding. Lock-in terms that make leaving hard are asked about everywhere, and
when a condition of fit is unmet, so are the terms that keep leaving affordable.

Three drafts follow: an email with the asks (sent after the offer, not during interviews), a decline that
states reasons — lock-in first when lock-in decided it — and names the safer place chosen, and an acceptance
note that credits only practices graded well. The wording is ours; the strategy follows "Potential employees
have a unique lever to influence the behaviors of AI labs".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from offersheet.model.company import CompanyScore
from offersheet.model.inputs import CriterionRating
from offersheet.model.lockin import RedFlag
from offersheet.model.reference import Criterion

ASK_BELOW = 50.0  # a criterion graded below a C (GPA 2 of 4) gets an ask
PRAISE_FROM = 67.0  # a criterion graded B- or better (GPA 2.7) is credited in the acceptance note
COMPANY_ASKS = 3  # at most this many asks about the company: a few shared asks weigh more than many

# Lock-in terms: (the ask, the reason a decline gives).
LOCKIN_TERMS: Mapping[str, tuple[str, str]] = {
    "vested_equity_clawback": ("Confirm in writing that vested equity cannot be clawed back or cancelled",
                               "vested equity could be clawed back or cancelled after I leave"),
    "non_disparagement_one_sided": ("Remove any non-disparagement condition from the equity and the exit terms",
                                    "the equity depends on a one-sided non-disparagement agreement, which could "
                                    "stop me speaking about safety after I leave"),
    "non_disparagement_mutual": ("Make clear that no exit agreement limits raising safety concerns",
                                 "the exit terms include a non-disparagement agreement"),
    "long_cliff": ("Shorten the vesting cliff to 12 months or less", "the vesting cliff is longer than a year"),
    "back_loaded": ("Vest the equity evenly rather than back-loaded",
                    "most of the equity vests only in the last years"),
    "tender_conditions": ("Let former employees sell in tender offers on the same terms as current staff",
                          "former employees cannot sell in tender offers on the same terms as current staff"),
}
HEAVY_LOCKIN = ("Reduce what leaving would forfeit: vest on a shorter schedule or accelerate vesting on exit",
                "the unvested equity would make leaving too costly for me to stay free to leave")
FIT_CONDITION = "Agree terms that keep leaving affordable: no clawback, a 12-month cliff at most, even vesting"

# Employers that do not build frontier AI but study or govern it: ask about independence, not lab practice.
INDEPENDENT_KINDS = ("government_institute", "think_tank", "nonprofit_research", "academia")
INDEPENDENCE_ASKS = (
    "How is the work funded, and does money from AI companies come with any conditions?",
    "Can findings be published without the approval of the companies whose models are studied?",
    "How is the research agenda kept independent of the labs it evaluates or advises?",
)
UNRATED_DEVELOPER_ASKS = (
    "Publish a safety framework with concrete risk thresholds",
    "Take part in independent ratings such as the FLI AI Safety Index and SaferAI's risk-management ratings",
)


# How to use them, from the lever post, in our words: shown at the top of the Asks sheet.
ADVICE = ("Send the asks once you hold the offer, not during interviews: that is when the company most wants you and "
          "listens. Keep them few: the same few asks from many candidates weigh more than a long list. Decline with "
          "your reasons, and when you accept, say in public which practices made you say yes.")


@dataclass(frozen=True)
class Letters:
    """The asks, and the letters that make them: the ask e-mail, the decline and the acceptance."""

    asks: tuple[str, ...]
    ask_email: str
    decline: str
    acceptance: str


def _graded(r_value: float | None, raw: str) -> str:
    return raw or f"{r_value:g}/100"


def _weak(company: CompanyScore) -> list[CriterionRating]:
    """The criteria graded below a C, weakest first (from the edition ``company.criteria_edition`` names)."""
    return [r for r in company.weakest if (r.value or 0.0) < ASK_BELOW]


def company_asks(company: CompanyScore, employer_kind: str, criteria: Mapping[str, Criterion],
                 developer: bool) -> tuple[str, ...]:
    """The asks about the employer itself (no lock-in terms): see the module docstring."""
    if employer_kind in INDEPENDENT_KINDS:
        return INDEPENDENCE_ASKS
    if not developer:
        return ()
    if company.basis == "assumed" and not company.weakest:
        return UNRATED_DEVELOPER_ASKS
    weak = _weak(company)[:COMPANY_ASKS]
    if weak:
        return tuple(criteria[r.criterion].ask for r in weak)
    if company.basis == "overall" and company.score < ASK_BELOW and not company.weakest:
        # Only an overall grade: ask for the practices that weigh most in it.
        heaviest = sorted(criteria.values(), key=lambda c: -c.weight)[:COMPANY_ASKS]
        return tuple(c.ask for c in heaviest)
    return ()


def compute_asks(company: CompanyScore, flags: tuple[RedFlag, ...], criteria: Mapping[str, Criterion],
                 employer_kind: str = "frontier_lab", developer: bool = True, heavy_lockin: bool = False,
                 fit_condition: bool = False) -> tuple[str, ...]:
    asks = list(company_asks(company, employer_kind, criteria, developer))
    asks += [LOCKIN_TERMS[f.code][0] for f in flags if f.code in LOCKIN_TERMS]
    if heavy_lockin:
        asks.append(HEAVY_LOCKIN[0])
    if fit_condition and FIT_CONDITION not in asks:
        asks.append(FIT_CONDITION)
    return tuple(asks)


def _bullets(items: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"  - {a}" for a in items)


def _reasons(company: CompanyScore, flags: tuple[RedFlag, ...], criteria: Mapping[str, Criterion],
             developer: bool, lockin_decided: bool, heavy_lockin: bool) -> list[str]:
    """Why the offer was declined, in the order that decided it."""
    terms = [LOCKIN_TERMS[f.code][1] for f in flags if f.code in LOCKIN_TERMS]
    if heavy_lockin:
        terms.append(HEAVY_LOCKIN[1])
    practice = []
    if developer:
        edition = company.criteria_edition
        for r in _weak(company)[:2]:
            c = criteria[r.criterion]
            practice.append(f"its {c.label.lower()} is graded {_graded(r.value, r.raw)} in the {edition}, and I "
                            f"want to work somewhere that {c.praise}")
        if not practice and company.basis == "assumed":
            practice.append("I could find no published safety framework or independent rating of its safety "
                            "practice")
    return terms + practice if lockin_decided else practice + terms


def compose_letters(
    employer: str, role_title: str, asks: tuple[str, ...], company: CompanyScore,
    criteria: Mapping[str, Criterion], chosen_alternative: str | None, *,
    flags: tuple[RedFlag, ...] = (), employer_kind: str = "frontier_lab", developer: bool = True,
    lockin_decided: bool = False, heavy_lockin: bool = False, chosen_is_safer: bool = False,
) -> Letters:
    role = role_title or "the role"
    subject = f"{role_title} offer" if role_title else "Your offer"
    independent = employer_kind in INDEPENDENT_KINDS
    source = f", going by the {company.criteria_edition} and the offer's terms" if developer and company.weakest \
        and not independent else ""
    ask_email = (
        f"Subject: {subject}: a few questions before I decide\n\n"
        f"Hello,\n\nThank you for the offer for {role} at {employer}. I am excited about the work, and there "
        f"are a few things that would make my decision much easier{source}:\n\n{_bullets(asks)}\n\n"
        f"Could we talk about these this week? I am asking because they matter to me, not as a negotiating "
        f"tactic.\n\nBest regards,\n"
    ) if asks else "Nothing to ask for: no email needed.\n"
    reasons = _reasons(company, flags, criteria, developer and not independent, lockin_decided, heavy_lockin)
    where = ""
    if chosen_alternative:
        where = (f"I have accepted an offer from {chosen_alternative}, where I can do the work I care about with "
                 f"fewer of these concerns." if chosen_is_safer else f"I have accepted an offer from "
                 f"{chosen_alternative}.")
    because = (f"I decided against it because {reasons[0]}." if len(reasons) == 1 else
               f"I decided against it because:\n\n{_bullets(reasons)}" if reasons else
               "I decided to take a different path.")
    again = f"If these change, I would gladly consider {employer} again." if reasons else ""
    body = "\n\n".join(x for x in (f"Thank you for the offer and for your time during the process. {because}",
                                     where, again) if x)
    decline = f"Subject: {subject}\n\nHello,\n\n{body}\n\nWith thanks and best wishes,\n"
    strengths = [criteria[r.criterion].praise for r in company.strongest if (r.value or 0.0) >= PRAISE_FROM][:2]
    if independent:
        credit = ("I am glad to work on AI safety where the work is independent of the companies that build "
                  "the systems.")
    elif strengths:
        credit = (f"I chose {employer} because it {' and '.join(strengths)} (graded well in the "
                  f"{company.criteria_edition}). Practices like these are why people like me say yes.")
    elif developer:
        credit = ("No AI developer is graded well on safety yet; I will keep asking for the practices that "
                  "would change that, from the inside.")
    else:
        credit = ""
    joining = f"I am joining {employer} as {role_title}!" if role_title else f"I am joining {employer}!"
    acceptance = f"{joining} {credit}".rstrip() + "\n"
    return Letters(asks, ask_email, decline, acceptance)
