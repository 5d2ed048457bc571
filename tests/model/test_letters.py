"""Letters a person can send as they are: twelve kept word for word, and what every letter must get right.

The golden letters under ``tests/model/letters/`` were read line by line; any change to a letter fails here until
the files are rewritten on purpose (``OFFERSHEET_WRITE_LETTERS=1``) and read again. The other tests hold for every
bundled company and role: grades cited from the edition the score rests on, with its month, and matching the data
row they come from (read here from the CSV itself); a decline to a developer always gives its reasons; no acceptance
for an Avoid; and role titles phrased so the sentence reads whatever the title.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from offersheet.model import Offer
from offersheet.model.asks import named, role_phrase
from tests.model.letter_cases import CASES, GOOD_FIT, drafted, render

LETTERS = Path(__file__).parent / "letters"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_letters(name):
    path = LETTERS / f"{name}.txt"
    text = render(name)
    if os.environ.get("OFFERSHEET_WRITE_LETTERS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: read the new letters, then rewrite it"


def test_the_golden_set_is_the_twelve():
    assert len(CASES) == 12
    assert sorted(p.stem for p in LETTERS.glob("*.txt")) == sorted(CASES)


def test_evaluate_drafts_the_letters_the_golden_files_hold():
    for offers, profile, _ in CASES.values():
        for r, letters in drafted(offers, profile):
            assert r.letters == letters, r.offer.label


@pytest.mark.parametrize(
    ("title", "phrase"),
    [
        ("", "the role"),
        ("Research scientist", "the Research scientist role"),
        ("research scientist", "the research scientist role"),
        ("Dangerous-capability evaluations", "the Dangerous-capability evaluations role"),
        ("Security engineer, model weights", "the “Security engineer, model weights” role"),
        ("Member of Technical Staff (Interpretability)", "the “Member of Technical Staff (Interpretability)” role"),
        ('  "Policy lead." ', "the Policy lead role"),
        ("Research role", "the Research role"),
        ("a Staff engineer position", "the Staff engineer position"),
        (
            "Head of Safety Research and Engineering for Frontier Models",
            "the “Head of Safety Research and Engineering for Frontier Models” role",
        ),
    ],
)
def test_a_role_title_is_phrased_to_fit_the_sentence(title, phrase):
    assert role_phrase(title) == phrase


@pytest.mark.parametrize(
    ("employer", "phrase"),
    [
        ("xAI", "xAI"),
        ("UK AI Security Institute", "the UK AI Security Institute"),
        ("METR", "METR"),
        ("Center for AI Safety", "the Center for AI Safety"),
        ("The Alan Turing Institute", "The Alan Turing Institute"),
        ("University of Oxford", "the University of Oxford"),
    ],
)
def test_an_employer_is_named_with_its_article(employer, phrase):
    assert named(employer) == phrase


def test_the_titles_the_review_found_pasted_raw_now_read_as_sentences():
    ((_, xai),) = drafted(
        (Offer("xAI", "security", "frontier_lab", base_salary=300_000, role_title="Security engineer, model weights"),),
        GOOD_FIT,
    )
    ((_, gdm),) = drafted(
        (
            Offer(
                "Google DeepMind",
                "evaluations",
                "frontier_lab",
                base_salary=300_000,
                role_title="Dangerous-capability evaluations",
            ),
        ),
        GOOD_FIT,
    )
    assert "offering me the “Security engineer, model weights” role at xAI" in xai.ask_email
    assert "for Security engineer" not in xai.ask_email
    assert "I have accepted the Dangerous-capability evaluations role at Google DeepMind." in gdm.acceptance
    assert "as Dangerous-capability" not in gdm.acceptance
