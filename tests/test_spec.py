"""The spec is the one declaration: the model's dataclasses, defaults and bounds agree with it field by field."""

from __future__ import annotations

import dataclasses
import math

import pytest

from offersheet.model import InputError, Offer, Profile
from offersheet.spec.inputs import BY_KEY, OFFER_FIELDS, PROFILE_FIELDS

NOT_INPUTS = {"label", "parameter_overrides"}  # set by the reader, not typed by a person
REQUIRED = {"employer": "A", "role_category": "security", "employer_kind": "frontier_lab"}


@pytest.mark.parametrize(("cls", "fields"), [(Offer, OFFER_FIELDS), (Profile, PROFILE_FIELDS)])
def test_every_model_field_is_declared_once_with_the_same_default(cls, fields):
    model = {f.name: f for f in dataclasses.fields(cls) if f.name not in NOT_INPUTS}
    assert set(model) == {f.key for f in fields}
    for f in fields:
        if f.required:
            continue
        default = model[f.key].default
        assert default == f.model_default, (f.key, default, f.model_default)


def _numeric(fields):
    return [f for f in fields if f.kind in ("money", "percent", "int", "number")]


@pytest.mark.parametrize("f", _numeric(OFFER_FIELDS) + _numeric(PROFILE_FIELDS), ids=lambda f: f.key)
def test_model_bounds_are_the_spec_bounds(f):
    make = (lambda **kw: Offer(**REQUIRED, **kw)) if f in OFFER_FIELDS else (lambda **kw: Profile(**kw))
    extra = {"cliff_months": {"vesting_years": 10}, "equity_grant_value": {"equity_kind": "public_rsu"},
             "annual_refresher_value": {"equity_kind": "public_rsu"}}.get(f.key, {})
    make(**{f.key: f.model_lo}, **extra)
    if f.model_hi != math.inf:
        make(**{f.key: f.model_hi}, **extra)
        with pytest.raises(InputError) as info:
            make(**{f.key: f.model_hi + 1}, **extra)
        assert info.value.problems[0].field == f.key
    with pytest.raises(InputError):
        make(**{f.key: f.model_lo - 1}, **extra)


def test_units_sheet_fraction_model_percent():
    bonus = BY_KEY["target_bonus_pct"]
    assert (bonus.hi, bonus.model_hi, bonus.scale) == (2.0, 200.0, 100.0)
    assert BY_KEY["base_salary"].scale == 1.0
