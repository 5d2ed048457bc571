"""Every grade a letter or sentence cites matches its data row, read here from ``companies.csv`` itself.

Letters are drafted for every bundled company in every kind of role, under two stances; each citation in them
("… is graded D overall in the Winter 2025 edition of the FLI AI Safety Index (December 2025), tied with three
others for fourth of the eight developers rated …") is parsed back into grade, source, edition and month and
looked up among the company's rows; a standing is recomputed from the rows of that edition; a published framework
credited needs a SaferAI row above zero. No citation may go unparsed, and only the edition the company score rests
on may be cited.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import replace
from importlib import resources

import pytest

from offersheet.defaults import default_companies, default_reference, rating_from_row
from offersheet.model import Company, Offer
from offersheet.model.company import compute_company_score
from offersheet.model.vocab import ROLE_CATEGORIES
from tests.model.letter_cases import CASES, GOOD_FIT, drafted

REF = default_reference()
NUMBERS = {
    w: n
    for n, w in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
    )
}
ORDINALS = {
    w: n
    for n, w in enumerate(
        (
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
    )
    if w
}
LABELS = {c.label.lower().replace(" & ", " and "): k for k, c in REF.criteria.items()}


def _rows() -> list[dict[str, str]]:
    text = resources.files("offersheet.data").joinpath("companies.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


ROWS = _rows()
KINDS = {
    r["company"]: r["employer_kind"]
    for r in csv.DictReader(
        resources.files("offersheet.data").joinpath("company_list.csv").read_text(encoding="utf-8").splitlines()
    )
}


def _published(row: dict[str, str]) -> str:
    """How the source prints the rating, by the data row alone."""
    if row["grade"]:
        return row["grade"]
    return row["raw_value"] + {"percent": "%", "0-5": "/5"}.get(row["scale"], "")


def _month(as_of: str) -> str:
    return f"{calendar.month_name[int(as_of[5:7])]} {as_of[:4]}"


def _value(row: dict[str, str]) -> float:
    """The row's place on its own scale, for ordering within an edition."""
    if row["raw_value"]:
        return float(row["raw_value"])
    letter = {"A": 4.0, "B": 3.0, "C": 2.0, "D": 1.0, "F": 0.0}[row["grade"][0]]
    return (
        letter + (0.3 if row["grade"].endswith("+") else -0.3 if row["grade"].endswith("-") else 0.0)
        if row["grade"][0] != "F"
        else 0.0
    )


CITE = (
    r"the (?:(?P<ed>[A-Z][\w ]*?) edition of the (?P<src>[A-Z][\w -]*?) \((?P<mon>[A-Z][a-z]+ \d{4})\)"
    r"|(?P<src2>[A-Z][\w -]*?) of (?P<mon2>[A-Z][a-z]+ \d{4}))"
)
PLACE = (
    r"(?P<place>(?:the best|the lowest|one of the \w+ best|one of the \w+ lowest) graded|\w+"
    r"|tied with \w+ others? for \w+) of the (?P<n>\w+) developers rated"
)
PATTERNS = {  # kind of citation: its pattern
    "criterion": rf"'s grade for (?P<label>[a-z ]+?) is (?P<g>\S+) in {CITE}",
    "overall": rf" is graded (?P<g>\S+) overall in {CITE}(?:, {PLACE})?",
    "best overall": rf"its (?P<g>\S+) is the best overall grade(?:, shared with \w+ others?,)? of the (?P<n>\w+) "
    rf"developers rated in {CITE}",
    "best criterion": rf"its (?P<g>\S+) for (?P<label>[a-z ]+?) is the best grade(?:, shared with \w+ others?,)? of "
    rf"the (?P<n>\w+) developers rated in {CITE}",
    "best criteria": rf"its grades for (?P<items>.+?) are the best of the (?P<n>\w+) developers rated in {CITE}",
    "praised": rf"\(graded (?P<g>.+?) in {CITE}\)",
    "framework": rf"{CITE} give .+? (?P<g>\S+), their score for a company that has published no",
}


def _claims(kind: str, m: re.Match[str]) -> list[tuple[str, str, str]]:
    """(criterion, grade, place) for each grade one citation makes: criterion "" when named only by its praise,
    place "" when none is claimed."""
    if kind == "best criteria":
        items = re.findall(r"(?P<label>[a-z ]+?) \((?P<g>[^,()]+)(?P<shared>, shared with [^()]+)?\)", m["items"])
        return [
            (LABELS[label.strip().removeprefix("and ").strip()], g, "shared" if shared else "the best graded")
            for label, g, shared in items
        ]
    if kind == "praised":
        return [("", g, "") for g in m["g"].split(" and ")]
    criterion = {"framework": "saferai_risk_management", "criterion": "", "best criterion": ""}.get(kind, "overall")
    criterion = criterion or LABELS[m["label"]]
    place = m.groupdict().get("place") or ""
    if kind.startswith("best"):
        place = "shared" if "shared" in m.group(0) else "the best graded"
    return [(criterion, m["g"], place)]


def _check_place(place: str, own: dict[str, str], rows: list[dict[str, str]], n: str, text: str) -> None:
    """The standing a letter claims, recomputed from the rows of that edition."""
    assert NUMBERS[n] == len(rows), text
    better = sum(_value(r) > _value(own) for r in rows)
    level = sum(_value(r) == _value(own) for r in rows)
    if "best" in place or place == "shared":
        assert better == 0, text
    elif "lowest" in place:
        assert better + level == len(rows), text
    else:
        assert ORDINALS[place.split()[-1]] == better + 1, text
    assert (level > 1) == ("tied" in place or "shared" in place or "one of" in place), text


def _check_letter(company: str, text: str, score_edition: str, data: list[dict[str, str]] = ROWS) -> int:
    """Check every citation in ``text`` against the rows ``data``; return how many citations there were."""
    found = 0
    for kind, pattern in PATTERNS.items():
        for m in re.finditer(pattern, text):
            found += 1
            source, month = m["src"] or m["src2"], m["mon"] or m["mon2"]
            edition = m["ed"] or next(r["edition"] for r in data if r["source"] == source)
            same = [
                r
                for r in data
                if r["source"] == source
                and r["edition"].split(" (")[0] == edition
                and r["as_of"]
                and _month(r["as_of"]) == month
            ]
            assert same, (company, m.group(0))  # the month is that edition's
            if kind != "framework":  # the score's own edition, never another one
                assert score_edition.startswith(f"{source} {edition}"), (company, m.group(0), score_edition)
            for criterion, grade, place in _claims(kind, m):
                rows = [r for r in same if r["criterion"] == criterion or not criterion]
                mine = [r for r in rows if r["company"] == company and _published(r) == grade]
                assert mine, (company, kind, grade, m.group(0))
                if place:
                    _check_place(
                        place, mine[0], [r for r in same if r["criterion"] == mine[0]["criterion"]], m["n"], m.group(0)
                    )
    cites = len(re.findall(CITE, text))
    assert cites == found, (company, "a citation no pattern reads", text)
    return found


def _letters_of_every_company():
    companies = default_companies()
    for name in KINDS:
        for role in ROLE_CATEGORIES:
            for stance in ("balanced", "strict"):
                offer = Offer(name, role, KINDS[name], base_salary=300_000, role_title="Research engineer")
                ((r, letters),) = drafted((offer,), replace(GOOD_FIT, stance=stance), companies)
                yield r, letters


def test_every_grade_a_letter_cites_matches_its_data_row():
    cited = 0
    for r, letters in _letters_of_every_company():
        for text in (letters.ask_email, letters.decline, letters.acceptance):
            cited += _check_letter(r.company.name, text, r.company.edition)
    for offers, profile, _ in CASES.values():
        for r, letters in drafted(offers, profile):
            cited += _check_letter(r.company.name, letters.decline + letters.acceptance, r.company.edition)
    assert cited > 100  # the check ran over real citations


# A made-up edition with domain grades, so that letters cite domains: three labs, three criteria each.
DOMAIN_ROWS = [
    dict(
        company=c,
        criterion=k,
        grade=g,
        raw_value="",
        scale="letter",
        source="Test Index",
        edition="Spring 2026 (trial)",
        as_of="2026-04",
        url="",
        note="",
    )
    for c, grades in (("Lab A", "B D C"), ("Lab B", "B F B-"), ("Lab C", "C+ F D"))
    for k, g in zip(("risk_assessment", "existential_safety", "governance_accountability"), grades.split(), strict=True)
]


def test_grades_cited_from_domain_grades_match_their_rows():
    companies = {
        c: Company(c, "frontier_lab", ratings=tuple(rating_from_row(r) for r in DOMAIN_ROWS if r["company"] == c))
        for c in ("Lab A", "Lab B", "Lab C")
    }
    cited = 0
    for name in companies:
        for role in ("alignment_safety", "capabilities_research"):
            ((r, letters),) = drafted((Offer(name, role, "frontier_lab", base_salary=300_000),), GOOD_FIT, companies)
            assert r.company.basis == "criteria"
            cited += _check_letter(name, letters.decline + letters.acceptance, r.company.edition, DOMAIN_ROWS)
    assert cited >= 6


def test_a_credited_framework_is_one_saferai_rated_above_zero():
    rated = {
        r["company"]
        for r in ROWS
        if r["criterion"] == "saferai_risk_management" and r["raw_value"] and float(r["raw_value"]) > 0
    }
    for r, letters in _letters_of_every_company():
        assert ("has published a risk-management framework" in letters.acceptance) == (
            r.company.name in rated and r.verdict != "Avoid"
        ), r.company.name


def test_a_decline_to_a_developer_always_gives_reasons():
    for r, letters in _letters_of_every_company():
        if KINDS[r.company.name] in ("frontier_lab", "big_tech_ai"):
            assert "I have decided not to accept it, because" in letters.decline, (r.company.name, letters.decline)


def test_no_acceptance_is_drafted_for_an_avoid():
    avoided = 0
    for r, letters in _letters_of_every_company():
        assert ("I have accepted" in letters.acceptance) == (r.verdict != "Avoid"), (r.company.name, r.verdict)
        avoided += r.verdict == "Avoid"
    assert avoided  # the strict stance avoids capabilities roles: the case is exercised


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_company_note_cites_the_grades_of_its_rows(name):
    companies = default_companies()
    s = compute_company_score(companies[name], name, True, REF.criteria, REF.parameters)
    for m in re.finditer(r"overall grade used \((?P<where>.+): (?P<g>[^ ()]+)\)", s.note):
        assert any(
            f"{r['source']} {r['edition']}" == m["where"] and _published(r) == m["g"]
            for r in ROWS
            if r["company"] == name and r["criterion"] == "overall"
        ), s.note
    for m in re.finditer(r"(?P<where>[^;(]+?): (?P<g>\S+) on its own scale", s.note):
        assert any(
            f"{r['source']} {r['edition']}" == m["where"].strip() and _published(r) == m["g"]
            for r in ROWS
            if r["company"] == name
        ), s.note
