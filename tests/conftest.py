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
    base = dict(employer="Anthropic", role_category="alignment_safety", employer_kind="frontier_lab",
                base_salary=200_000, equity_grant_value=0.0, equity_kind="none")
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
