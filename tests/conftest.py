"""Shared fixtures: reference data, a neutral profile, and a helper to build offers."""

from __future__ import annotations

import os

# xlwings' server runtime (the Office.js / Lite Python side) is what runs UDFs on Linux; its noncommercial
# licence key is accepted for open-source, noncommercial use. Set before anything imports xlwings.
os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import pytest

from offersheet.defaults import default_companies, default_reference
from offersheet.model import Offer, Profile


@pytest.fixture(scope="session")
def ref():
    return default_reference()


@pytest.fixture(scope="session")
def companies():
    return default_companies()


@pytest.fixture
def profile():
    return Profile(liquid_savings=48_000, monthly_essential_spending=4_000)


def make_offer(**kw) -> Offer:
    base = dict(
        employer="Anthropic",
        role_category="alignment_safety",
        employer_kind="frontier_lab",
        base_salary=200_000,
        equity_grant_value=0.0,
        equity_kind="none",
    )
    base.update(kw)
    return Offer(**base)


@pytest.fixture
def example_copy(tmp_path):
    import shutil
    from pathlib import Path

    src = Path(__file__).parent.parent / "workbooks" / "example-offers.xlsx"
    dst = tmp_path / "example-offers.xlsx"
    shutil.copy(src, dst)
    return dst


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """Every hostile file of tests/corpus, built once for the whole run (read only: copy before use)."""
    from tests.corpus import generate

    return generate.build(tmp_path_factory.mktemp("corpus"))


def one(offer: Offer, profile: Profile | None = None, companies=None, reference=None, **overrides):
    """One offer evaluated alone through the public entry point (no stability search); ``overrides``: model
    settings by name, as on Profile."""
    import offersheet

    profile = profile or Profile()
    if overrides:
        from dataclasses import replace

        profile = replace(profile, parameter_overrides=tuple(overrides.items()))
    return offersheet.evaluate(
        [offer], companies=companies, profile=profile, reference=reference, with_stability=False
    ).offers[0]


def results_of(offer: Offer, profile: Profile, companies=None):
    """The engine's results for one offer alone (``model.evaluate.run``)."""
    from offersheet.model.evaluate import company_map, run

    return run(
        [offer],
        company_map(companies if companies is not None else default_companies()),
        profile,
        default_reference(),
        with_stability=False,
    )


def category_with(res, stance: str, **columns) -> str:
    """The verdict of offer 0 of ``res`` under ``stance`` with some factor columns replaced (each a number)."""
    from dataclasses import replace

    import numpy as np

    from offersheet.model.engine import judge
    from offersheet.model.vocab import VERDICTS

    f = replace(res.factors, **{k: np.array([float(v)]) for k, v in columns.items()})
    return VERDICTS[judge(f, res.reference.parameters, res.reference.stances[stance]).category[0]]
