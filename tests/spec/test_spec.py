"""The spec is the one declaration: the model's dataclasses, defaults and bounds agree with it field by field."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

import offersheet
from offersheet.model import InputError, Offer, Profile
from offersheet.spec.inputs import BY_KEY, OFFER_FIELDS, PROFILE_FIELDS
from offersheet.spec.outputs import COUNT, LIST, MONEY, OUTPUTS, SCORE, SHARE, SIGNED, TEXT, VERDICT
from offersheet.spec.vocab import VERDICTS
from offersheet.workbook import read_workbook

EXAMPLE = Path(__file__).parents[2] / "workbooks" / "example-offers.xlsx"

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
    extra = {
        "cliff_months": {"vesting_years": 10},
        "equity_grant_value": {"equity_kind": "public_rsu"},
        "annual_refresher_value": {"equity_kind": "public_rsu"},
    }.get(f.key, {})
    step = 0.01 if f.kind == "percent" else 1
    at = (lambda x: f"{x * 100:g}%") if f.kind == "percent" else (lambda x: x)  # above 100%: with the % sign
    make(**{f.key: at(f.lo)}, **extra)
    if f.hi != math.inf:
        make(**{f.key: at(f.hi)}, **extra)
        with pytest.raises(InputError) as info:
            make(**{f.key: at(f.hi + step)}, **extra)
        assert info.value.problems[0].field == f.key
    with pytest.raises(InputError):
        make(**{f.key: at(f.lo - step)}, **extra)


def test_units_are_the_models_everywhere():
    """One unit per kind: a percentage is a fraction in the spec, the sheet and the model (0.15 is 15%)."""
    bonus = BY_KEY["target_bonus_pct"]
    assert bonus.hi == 2.0
    as_text, as_fraction = Offer(**REQUIRED, target_bonus_pct="15%"), Offer(**REQUIRED, target_bonus_pct=0.15)
    assert as_text.target_bonus_pct == as_fraction.target_bonus_pct == 0.15


def test_every_output_gives_a_value_of_its_kind():
    inputs = read_workbook(EXAMPLE)
    ev = offersheet.evaluate(inputs.offers, inputs.companies, inputs.profile, inputs.reference)
    for r in ev.offers:
        for o in OUTPUTS:
            v = o.value(r)
            if o.kind in (MONEY, SCORE, SIGNED):
                assert v is None or isinstance(v, int | float), o.key
                if o.kind == SCORE and v is not None:
                    assert 0 <= v <= 100, o.key
            elif o.kind == COUNT:
                assert isinstance(v, int), o.key
            elif o.kind == SHARE:  # a whole percent
                assert v is None or (isinstance(v, int) and 0 <= v <= 100), o.key
            elif o.kind == LIST:
                assert isinstance(v, list) and all(isinstance(x, str) for x in v), o.key
            elif o.kind == VERDICT:
                assert v in VERDICTS, o.key
            else:
                assert o.kind == TEXT and isinstance(v, str), o.key
    lockin, raw = next(o for o in OUTPUTS if o.key == "lock_in"), ev.offers[0].lockin.score
    assert raw != round(raw, 1) and lockin.value(ev.offers[0]) == round(raw, 1)  # rounded once, by kind


def test_a_money_input_nothing_pays_is_an_error_at_import(monkeypatch):
    from offersheet.spec import pay
    from offersheet.spec.inputs import OFFER_FIELDS

    money = tuple(f.key for f in OFFER_FIELDS if f.kind == "money")
    declared = tuple(f.key for f in OFFER_FIELDS)
    pay.check_complete(money, declared)  # as declared: complete
    monkeypatch.setattr(pay, "PAY", tuple(c for c in pay.PAY if c.key != "benefits_value"))
    with pytest.raises(pay.IncompleteSpec, match=r"benefits_value are declared in spec\.inputs but neither paid"):
        pay.check_complete(money, declared)
    monkeypatch.undo()
    monkeypatch.setattr(pay, "NOT_PAID", {})
    with pytest.raises(pay.IncompleteSpec, match="option_strike_total"):
        pay.check_complete(money, declared)
    monkeypatch.undo()
    with pytest.raises(pay.IncompleteSpec, match="does not declare"):
        pay.check_complete(money, tuple(k for k in declared if k != "signing_clawback_months"))


def test_a_dataset_output_without_an_engine_column_is_an_error():
    from dataclasses import replace

    from offersheet.spec.outputs import BY_KEY, OUTPUTS, check_columns

    check_columns(OUTPUTS)
    with pytest.raises(TypeError, match="lock_in shown in the dataset without a column"):
        check_columns((*OUTPUTS, replace(BY_KEY["lock_in"], column=None)))
