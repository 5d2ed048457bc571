"""Asks and letters: using the leverage a candidate has between offer and decision.

What to ask depends on who is asking of whom. At an AI developer (frontier lab, big-tech AI group) the asks
target the company's criteria graded below a C and nothing it is already graded well on; a developer no safety
index grades is asked for its framework (or, when SaferAI gives it 0% for having none, to publish one) and to take
part in the index. Institutes, think tanks, nonprofits and universities get no lab asks: the questions there are
about independence, publication and funding. Lock-in terms that make leaving hard are asked about everywhere, and
when a condition of fit is unmet, so are the terms that keep leaving affordable. A role with a conflict of interest
at a developer (the Roles sheet's column: policy, communications) asks how the company's positions on rules that
bind it are decided. Each ask (``Ask``) carries what granting it would change, which ``model.granted`` judges.

Three drafts follow, written to be sent as they are, whatever the role's title. An email with the asks (sent
after the offer, not during interviews). A decline that always gives its reasons — lock-in first when lock-in
decided it, the role's own effect when it speeds AI up more than it makes it safer, and the developer's grades
from the edition its score rests on, with the month, and where it stands among the developers that edition
rates — and names the safer place chosen. An acceptance note that credits only what the data supports (a grade at
the top of its edition, a criterion graded B- or better, a published risk-management framework) and is not drafted
for an offer judged Avoid. The wording is ours; the strategy follows "Potential employees have a unique lever to
influence the behaviors of AI labs".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from offersheet.model.company import CompanyScore, Standing, cite, standing
from offersheet.model.inputs import Company, CriterionRating, Offer
from offersheet.model.lockin import RedFlag
from offersheet.model.reference import Criterion

ASK_BELOW = 50.0  # a criterion graded below a C (GPA 2 of 4) gets an ask
PRAISE_FROM = 67.0  # a criterion graded B- or better (GPA 2.7) is credited in the acceptance note
COMPANY_ASKS = 3  # at most this many asks about the company: a few shared asks weigh more than many

# Lock-in terms: (the ask, the reason a decline gives).
LOCKIN_TERMS: Mapping[str, tuple[str, str]] = {
    "vested_equity_clawback": (
        "Confirm in writing that vested equity cannot be clawed back or cancelled",
        "vested equity could be clawed back or cancelled after I leave",
    ),
    "non_disparagement_one_sided": (
        "Remove any non-disparagement condition from the equity and the exit terms",
        "the equity depends on a one-sided non-disparagement agreement, which could "
        "stop me speaking about safety after I leave",
    ),
    "non_disparagement_mutual": (
        "Make clear that no exit agreement limits raising safety concerns",
        "the exit terms include a non-disparagement agreement, which could limit what I say about safety after I leave",
    ),
    "long_cliff": ("Shorten the vesting cliff to 12 months or less", "the vesting cliff is longer than a year"),
    "back_loaded": (
        "Vest the equity evenly rather than back-loaded",
        "most of the equity vests only in the final years",
    ),
    "tender_conditions": (
        "Let former employees sell in tender offers on the same terms as current staff",
        "former employees cannot sell in tender offers on the same terms as current staff",
    ),
}
HEAVY_LOCKIN = (
    "Reduce what leaving would forfeit: vest on a shorter schedule or accelerate vesting on exit",
    "so much of the pay vests only if I stay that I could not afford to leave if I came to think I should",
)
ACCELERATES = (
    "the role's main effect would be to speed up AI development rather than to make it safer, which is "
    "the work I want to do"
)
FIT_CONDITION = "Agree terms that keep leaving affordable: no clawback, a 12-month cliff at most, even vesting"
# A role whose work shapes the rules or the public story about a developer, at that developer (the Roles sheet's
# conflict-of-interest column): the company would be shaping rules that govern itself. (The career review's
# note on policy work at AI companies; the words are ours.)
CONFLICT_ASK = (
    "Tell me who decides the positions the company takes on rules that would apply to it, and agree "
    "that I may decline to argue for a position I believe weakens safety"
)
CONFLICT_SAFEGUARD = (
    "This role helps the company shape the rules and the public story that govern the company "
    "itself, a conflict of interest: decide now which positions you would not argue for, and "
    "check what the company says in public on regulation against its safety commitments"
)

# Employers that do not build frontier AI but study or govern it: ask about independence, not lab practice.
INDEPENDENT_KINDS = ("government_institute", "think_tank", "nonprofit_research", "academia")
INDEPENDENCE_ASKS = (
    "How is the work funded, and does money from AI companies come with any conditions?",
    "Can findings be published without the approval of the companies whose models are studied?",
    "How is the research agenda kept independent of the labs it evaluates or advises?",
)
FRAMEWORK_RATING = "saferai_risk_management"  # SaferAI rates published risk-management frameworks: 0 when none is
# A developer no safety index grades: ask where its framework is (or, when SaferAI gives it 0% for having none,
# that it publish one) and that it take part in the index.
PUBLISH_FRAMEWORK = "Publish a safety framework with concrete risk thresholds"
SHOW_FRAMEWORK = "Point me to the company's published safety framework with concrete risk thresholds, or publish one"
JOIN_RATINGS = "Take part in independent safety ratings such as the FLI AI Safety Index"


# How to use them, from the lever post, in our words: shown at the top of the Asks sheet.
ADVICE = (
    "Send the asks once you hold the offer, not during interviews: that is when the company most wants you and "
    "listens. Keep them few: the same few asks from many candidates weigh more than a long list. Decline with "
    "your reasons, and when you accept, say in public which practices made you say yes."
)


@dataclass(frozen=True)
class Ask:
    """One ask, and what granting it would change in the model's inputs (``model.granted`` judges the offer with
    it granted): the offer's terms as granted, a company criterion raised to a C (``ASK_BELOW``: the grade at which
    it is no longer asked about), or the conflict of interest settled. A question whose answer the model does not
    read (the independence asks, a framework to point to) changes nothing."""

    text: str
    terms: tuple[tuple[str, Any], ...] = ()  # offer field -> its value if granted
    criterion: str = ""  # the criterion (of the edition the score rests on) raised to ASK_BELOW if granted
    conflict: bool = False  # granted: the role's conflict of interest is settled (nothing left to ask about it)


# What granting each lock-in term's ask changes on the offer.
def _lockin_terms(code: str, offer: Offer) -> tuple[tuple[str, Any], ...]:
    if code == "vested_equity_clawback":
        return (("vested_equity_clawback", False),)
    if code in ("non_disparagement_one_sided", "non_disparagement_mutual"):
        return (("non_disparagement_condition", "none"),)
    if code == "long_cliff":
        return (("cliff_months", 12),)
    if code == "back_loaded":
        return (("vesting_shape", "even"),)
    if code == "tender_conditions":
        return (("tender_conditions", False),)
    return ()


SHORTER_VESTING = 0.5  # heavy lock-in's ask granted: the grant vests over this share of its years (at least one)


def _heavy_terms(offer: Offer) -> tuple[tuple[str, Any], ...]:
    """Heavy lock-in's ask granted: a shorter schedule (``SHORTER_VESTING`` of the years, the cliff within it)."""
    years = max(1, math.ceil(offer.vesting_years * SHORTER_VESTING))
    custom = offer.vesting_shape == "custom"
    return (
        ("vesting_years", years),
        ("cliff_months", min(offer.cliff_months, 12 * years)),
        *((("vesting_shape", "even"), ("vesting_custom_pcts", ())) if custom else ()),
    )


def _fit_terms(offer: Offer) -> tuple[tuple[str, Any], ...]:
    """The fit condition's ask granted: no clawback, a cliff of 12 months at most, even vesting."""
    return (
        ("vested_equity_clawback", False),
        ("cliff_months", min(offer.cliff_months, 12)),
        *((("vesting_shape", "even"), ("vesting_custom_pcts", ())) if offer.vesting_shape != "even" else ()),
    )


@dataclass(frozen=True)
class Letters:
    """The asks, and the letters that make them: the ask e-mail, the decline and the acceptance."""

    asks: tuple[str, ...]
    ask_email: str
    decline: str
    acceptance: str


def _weak(company: CompanyScore) -> list[CriterionRating]:
    """The criteria graded below a C, weakest first (from the edition ``company.criteria_edition`` names)."""
    return [r for r in company.weakest if (r.value or 0.0) < ASK_BELOW]


def _framework(company: CompanyScore) -> CriterionRating | None:
    """SaferAI's rating of the company's published risk-management framework, when the data has one."""
    return next((r for r in company.context if r.criterion == FRAMEWORK_RATING and r.value is not None), None)


def _company_asks(
    company: CompanyScore, employer_kind: str, criteria: Mapping[str, Criterion], developer: bool
) -> tuple[Ask, ...]:
    if employer_kind in INDEPENDENT_KINDS:
        return tuple(Ask(a) for a in INDEPENDENCE_ASKS)
    if not developer:
        return ()
    if company.basis == "assumed" and not company.weakest:
        framework = _framework(company)
        return (
            Ask(PUBLISH_FRAMEWORK if framework is not None and framework.value == 0 else SHOW_FRAMEWORK),
            Ask(JOIN_RATINGS),
        )
    weak = _weak(company)[:COMPANY_ASKS]
    if weak:
        # A criterion of the edition the score rests on can be granted; one of another edition only asked.
        used = {id(r) for r in company.used}
        return tuple(Ask(criteria[r.criterion].ask, criterion=r.criterion if id(r) in used else "") for r in weak)
    if company.basis == "overall" and company.score < ASK_BELOW and not company.weakest:
        # Only an overall grade: ask for the practices that weigh most in it.
        heaviest = sorted(criteria.values(), key=lambda c: -c.weight)[:COMPANY_ASKS]
        return tuple(Ask(c.ask) for c in heaviest)
    return ()


def company_asks(
    company: CompanyScore, employer_kind: str, criteria: Mapping[str, Criterion], developer: bool
) -> tuple[str, ...]:
    """The asks about the employer itself (no lock-in terms): see the module docstring."""
    return tuple(a.text for a in _company_asks(company, employer_kind, criteria, developer))


def asks_for(
    offer: Offer,
    company: CompanyScore,
    flags: tuple[RedFlag, ...],
    criteria: Mapping[str, Criterion],
    developer: bool = True,
    heavy_lockin: bool = False,
    fit_condition: bool = False,
    conflict: bool = False,
) -> tuple[Ask, ...]:
    """Every ask for ``offer``, in the order the email lists them, each with what granting it changes: the
    company's (``company_asks``), the conflict of interest of its role, its lock-in terms, heavy lock-in and an
    unmet condition of fit."""
    asks = list(_company_asks(company, offer.employer_kind, criteria, developer))
    if conflict:
        asks.append(Ask(CONFLICT_ASK, conflict=True))
    asks += [Ask(LOCKIN_TERMS[f.code][0], _lockin_terms(f.code, offer)) for f in flags if f.code in LOCKIN_TERMS]
    if heavy_lockin:
        asks.append(Ask(HEAVY_LOCKIN[0], _heavy_terms(offer)))
    if fit_condition and all(a.text != FIT_CONDITION for a in asks):
        asks.append(Ask(FIT_CONDITION, _fit_terms(offer)))
    return tuple(asks)


# --- Words -------------------------------------------------------------------------------------------------------

_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_ORDINALS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
)
_ROLE_NOUNS = ("role", "position", "job", "post")
_THE_FIRST = ("UK", "US", "EU")  # "the UK AI Security Institute"
_THE_NOUNS = ("Institute", "Center", "Centre", "Agency", "Office", "Department", "Ministry", "Foundation")
_BARE_TITLE = re.compile(r"[\w&/+' -]+")  # a title that reads cleanly inside a sentence without quotes


def role_phrase(title: str) -> str:
    """How a letter names the role: "the Research scientist role"; a title with commas, brackets or many words
    is quoted ('the “Security engineer, model weights” role'); no title, "the role"."""
    t = title.strip().strip("\"“”'‘’").strip().rstrip(".,;:").strip()
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.IGNORECASE)
    if not t:
        return "the role"
    words = t.split()
    noun = "" if words[-1].casefold() in _ROLE_NOUNS else " role"
    if _BARE_TITLE.fullmatch(t) and len(words) <= 6:
        return f"the {t}{noun}"
    return f"the “{t}”{noun}"


def named(employer: str) -> str:
    """The employer as a sentence names it: "the UK AI Security Institute", "the University of Oxford", "xAI"."""
    name = employer.strip()
    words = name.split()
    if not words or words[0].casefold() == "the":
        return name
    if words[0] in _THE_FIRST or any(w in _THE_NOUNS for w in words) or name.startswith("University of"):
        return f"the {name}"
    return name


def _number(n: int) -> str:
    return _NUMBERS[n] if n < len(_NUMBERS) else str(n)


def _ordinal(n: int) -> str:
    return _ORDINALS[n] if n < len(_ORDINALS) else f"{n}th"


def _place(s: Standing) -> str:
    """Where a grade stands in its edition: "the best graded of the eight developers rated", "tied with three
    others for fourth of …", "the lowest graded of …"."""
    of, others = f"of the {_number(s.of)} developers rated", s.tied - 1
    also = f"{_number(others)} other{'s' if others > 1 else ''}"
    if s.position == 1:
        return f"the best graded {of}" if not others else f"one of the {_number(s.tied)} best graded {of}"
    if s.last:
        return f"the lowest graded {of}" if not others else f"one of the {_number(s.tied)} lowest graded {of}"
    return f"{_ordinal(s.position)} {of}" if not others else f"tied with {also} for {_ordinal(s.position)} {of}"


def _best(tops: list[tuple[str, str, Standing]], where: str) -> str:
    """Grades at the top of their edition: "its C+ is the best overall grade of the eight developers rated in …";
    "its grades for risk assessment (B, shared with one other) and governance and accountability (B-) are the
    best of the three developers rated in …"."""

    def shared(s: Standing) -> str:
        others = s.tied - 1
        return f"shared with {_number(others)} other{'s' if others > 1 else ''}" if others else ""

    of = f"of the {_number(tops[0][2].of)} developers rated in {where}"
    if len(tops) == 1:
        what, grade, s = tops[0]
        is_best = "is the best overall grade" if what == "overall" else f"for {what} is the best grade"
        return f"its {grade} {is_best}{f', {shared(s)},' if shared(s) else ''} {of}"
    items = [f"{what} ({grade}{f', {shared(s)}' if shared(s) else ''})" for what, grade, s in tops]
    return f"its grades for {_join(items)} are the best {of}"


def _label(c: Criterion) -> str:
    """A criterion as a letter names it: "governance and accountability"."""
    return c.label.lower().replace(" & ", " and ")


def _graded(employer: str, r: CriterionRating, label: str) -> str:
    """ "xAI's grade for risk assessment is F in the Winter 2025 edition of the FLI AI Safety Index (December
    2025)"; a person's own rating is named as theirs, with no grade. (Labels can be plural: "current harms".)"""
    if not r.source:
        return f"by my own assessment {employer} falls short on {label}"
    if not r.raw:
        return f"{employer} falls short on {label} in {cite(r)}"
    return f"{employer}'s grade for {label} is {r.raw} in {cite(r)}"


# --- Reasons and credits -----------------------------------------------------------------------------------------


def _practice_reasons(
    employer: str, company: CompanyScore, criteria: Mapping[str, Criterion], peers: tuple[Company, ...]
) -> list[str]:
    """What the ratings say against a developer, only from the edition its score rests on."""
    if company.basis == "criteria":
        ranked = sorted(company.used, key=lambda r: (r.value or 0.0, -criteria[r.criterion].weight))
        weak = [r for r in ranked if (r.value or 0.0) < ASK_BELOW][:2] or [
            r for r in ranked[:1] if (r.value or 0.0) < PRAISE_FROM
        ]  # else its lowest grade, unless graded well
        return [
            f"{_graded(employer, r, _label(criteria[r.criterion]))}, and I want to work somewhere that "
            f"{criteria[r.criterion].praise}"
            for r in weak
        ]
    o = company.overall
    if company.basis == "overall" and o is not None:
        if not o.source:
            return (
                [
                    f"by my own assessment {employer}'s safety practice falls short, and I want the company I work "
                    "for to have a stronger safety record"
                ]
                if company.score < PRAISE_FROM
                else []
            )
        where = standing(o, peers)
        place = f", {_place(where)}" if where else ""
        return (
            [
                f"{employer} is graded {o.raw} overall in {cite(o)}{place}, and I want the company I work for to "
                f"have a stronger safety record than that"
            ]
            if company.score < PRAISE_FROM
            else []
        )
    framework = _framework(company)
    if framework is not None and framework.value == 0:
        return [
            f"{cite(framework)} give {employer} {framework.raw}, their score for a company that has published no "
            f"risk-management framework, and I want to work somewhere whose safety commitments are public and "
            f"can be checked"
        ]
    return [
        f"I could not find {employer}'s safety practice graded by an independent rating such as the FLI AI Safety Index"
    ]


def _reasons(
    employer: str,
    company: CompanyScore,
    flags: tuple[RedFlag, ...],
    criteria: Mapping[str, Criterion],
    developer: bool,
    lockin_decided: bool,
    heavy_lockin: bool,
    accelerates: bool,
    peers: tuple[Company, ...],
) -> list[str]:
    """Why the offer was declined, in the order that decided it: the terms first when lock-in decided it."""
    terms = [LOCKIN_TERMS[f.code][1] for f in flags if f.code in LOCKIN_TERMS]
    if heavy_lockin:
        terms.append(HEAVY_LOCKIN[1])
    role = [ACCELERATES] if accelerates else []
    practice = _practice_reasons(employer, company, criteria, peers) if developer else []
    return terms + role + practice if lockin_decided else role + practice + terms


def _credits(
    company: CompanyScore, criteria: Mapping[str, Criterion], peers: tuple[Company, ...]
) -> tuple[list[str], int]:
    """What the data supports saying in a developer's favour, from the edition its score rests on: the grades at
    the top of that edition (and at least a C), the criteria graded B- or better; and a published framework. The
    edition is cited once per clause. Returns the clauses and how many facts they credit."""
    out, tops, praised = [], [], []
    for r in company.used if company.basis == "criteria" else ():
        where = standing(r, peers)
        if where is not None and where.position == 1 and (r.value or 0.0) >= ASK_BELOW and r.raw:
            tops.append((_label(criteria[r.criterion]), r.raw, where))
        elif (r.value or 0.0) >= PRAISE_FROM:
            praised.append(r)
    o = company.overall
    if company.basis == "overall" and o is not None and o.raw and company.score >= ASK_BELOW:
        where = standing(o, peers)
        if where is not None and where.position == 1:
            tops.append(("overall", o.raw, where))
    edition = (
        cite(company.overall if company.basis == "overall" and company.overall else company.used[0])
        if tops or praised
        else ""
    )
    if tops:
        out.append(_best(tops, edition))
    if praised:
        grades = " and ".join(r.raw for r in praised if r.raw)
        out.append(
            f"it {_join([criteria[r.criterion].praise for r in praised])}"
            + (f" (graded {grades} in {edition})" if edition and grades else "")
        )
    framework = _framework(company)
    published = framework is not None and (framework.value or 0.0) > 0
    if published:
        out.append("it has published a risk-management framework that others can hold it to")
    return out, len(tops) + len(praised) + published


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _bullets(items: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"  - {a}" for a in items)


# --- The three drafts --------------------------------------------------------------------------------------------


def _ask_email(employer: str, role: str, about: str, asks: tuple[str, ...]) -> str:
    if not asks:
        return "Nothing to ask for: no email needed.\n"
    return (
        f"Subject: A few questions before I decide on {about}\n\nHello,\n\n"
        f"Thank you for offering me {role} at {employer}. I am excited about the work, and a few things would "
        f"make my decision much easier:\n\n{_bullets(asks)}\n\nCould we talk about these this week? I am "
        f"asking because they matter to me, not as a negotiating tactic.\n\nBest regards,\n"
    )


def _decline(employer: str, role: str, about: str, reasons: list[str], chosen: str | None, safer: bool) -> str:
    opening = f"Thank you for offering me {role} at {employer}, and for your time during the process."
    if reasons:
        because = (
            f"I have decided not to accept it, because {reasons[0]}."
            if len(reasons) == 1
            else f"I have decided not to accept it, because:\n\n{_bullets(reasons)}"
        )
        where = (
            ""
            if not chosen
            else (
                f"I have accepted an offer from {chosen}, where I can do the work I care about with fewer of these "
                f"concerns."
                if safer
                else f"I have accepted an offer from {chosen}."
            )
        )
        changeable = [r for r in reasons if r != ACCELERATES]  # the role's own effect is not the company's to change
        again = (
            ""
            if not changeable
            else (
                f"If {'that changes' if len(changeable) == 1 else 'these things change'}, "
                f"I would gladly consider {employer} again."
            )
        )
        body = [f"{opening} {because}", where, again]
    elif chosen:
        body = [
            f"{opening} I have decided to accept an offer from {chosen} instead"
            + (", where I expect my work to do more to reduce the risks from advanced AI." if safer else ".")
        ]
    else:
        body = [
            f"{opening} I have decided not to accept it; the decision is about my own plans rather than about "
            f"{employer}."
        ]
    text = "\n\n".join(x for x in body if x)
    return f"Subject: My decision on {about}\n\nHello,\n\n{text}\n\nWith thanks and best wishes,\n"


def _acceptance(
    employer: str,
    role: str,
    titled: bool,
    verdict: str,
    credits: tuple[list[str], int],
    independent: bool,
    developer: bool,
) -> str:
    clauses, facts = credits
    if verdict == "Avoid":
        return "No acceptance note drafted: the verdict on this offer is Avoid.\n"
    joining = f"I have accepted {role} at {employer}." if titled else f"I have accepted an offer from {employer}."
    if independent:
        credit = (
            "I am glad to work on AI safety somewhere independent of the companies that build the most capable systems."
        )
    elif clauses:
        credit = (
            f"I chose {employer} in part because {_join(clauses)}. {'That' if facts == 1 else 'They'} "
            f"weighed in my decision, and I hope other AI developers take note."
        )
    elif developer:
        credit = (
            "What matters most to me is that AI is developed safely, and I will keep pressing for the "
            "practices that make that more likely."
        )
    else:
        credit = ""
    return f"{joining} {credit}".rstrip() + "\n"


def compose_letters(
    employer: str,
    role_title: str,
    asks: tuple[str, ...],
    company: CompanyScore,
    criteria: Mapping[str, Criterion],
    chosen_alternative: str | None,
    *,
    flags: tuple[RedFlag, ...] = (),
    employer_kind: str = "frontier_lab",
    developer: bool = True,
    lockin_decided: bool = False,
    heavy_lockin: bool = False,
    chosen_is_safer: bool = False,
    verdict: str = "",
    peers: Mapping[str, Company] | Iterable[Company] = (),
    accelerates: bool = False,
) -> Letters:
    """The three drafts for one offer. ``verdict``: no acceptance is drafted for Avoid. ``peers``: the companies
    the workbook rates, for where a grade stands in its edition. ``accelerates``: the role's harm outweighs its
    risk reduction (a negative net impact), which the decline then says."""
    others = tuple(peers.values() if isinstance(peers, Mapping) else peers)
    employer = named(employer)
    role = role_phrase(role_title)
    about = role if role_title.strip() else "your offer"
    independent = employer_kind in INDEPENDENT_KINDS
    lab = developer and not independent
    reasons = _reasons(employer, company, flags, criteria, lab, lockin_decided, heavy_lockin, accelerates, others)
    credits = _credits(company, criteria, others) if lab else ([], 0)
    return Letters(
        asks,
        _ask_email(employer, role, about, asks),
        _decline(employer, role, about, reasons, chosen_alternative and named(chosen_alternative), chosen_is_safer),
        _acceptance(employer, role, bool(role_title.strip()), verdict, credits, independent, lab),
    )
