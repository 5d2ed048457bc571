"""Lock-in golden cases at months 0, 11, 12, 13 and 48, plus red flags and readiness to quit."""

from __future__ import annotations

import numpy as np
import pytest

from offersheet.model import Profile
from offersheet.model.engine import lockin_scores
from tests.conftest import make_offer, one


def _lockin(ref, offer, profile, alt_pay=None):
    """The offer's lock-in alone; with ``alt_pay`` against a fallback paying that."""
    if alt_pay is not None:
        from dataclasses import replace

        profile = replace(profile, fallback_annual_pay=alt_pay)
    return one(offer, profile).lockin


def financial_score(average_years: float, runway_months: float, p) -> float:
    return float(lockin_scores(np.array([average_years]), np.array([runway_months]), np.zeros(1), p)[0][0])


def test_forfeiture_at_key_months(ref):
    # 48,000 RSUs (1y cliff, monthly), 10,000 signing repayable for 12 months, 12,000 target bonus.
    offer = make_offer(
        base_salary=120_000,
        target_bonus_pct=0.1,
        signing_bonus=10_000,
        equity_grant_value=48_000,
        equity_kind="public_rsu",
    )
    profile = Profile(liquid_savings=24_000, monthly_essential_spending=4_000)
    lock = _lockin(ref, offer, profile, alt_pay=96_000)
    # Only unvested equity binds (spec.pay LOCKIN_FORFEITS); the signing bonus and the accruing bonus are shown.
    assert lock.at(0).forfeit == pytest.approx(48_000)
    assert (lock.at(0).repayable_signing, lock.at(0).unpaid_bonus) == (10_000, 0)
    assert lock.at(11).forfeit == pytest.approx(48_000)  # still inside the cliff
    assert lock.at(11).unpaid_bonus == pytest.approx(12_000 * 11 / 12) and lock.at(11).repayable_signing == 10_000
    assert lock.at(12).forfeit == pytest.approx(36_000)  # the cliff vests a quarter
    assert lock.at(12).repayable_signing == 0  # no longer repayable
    assert lock.at(13).forfeit == pytest.approx(35_000)
    assert lock.at(13).unpaid_bonus == pytest.approx(12_000 / 12)
    assert lock.at(48).forfeit == pytest.approx(0)
    assert lock.at(12).years_of_spending == pytest.approx(36_000 / 48_000)
    assert lock.at(12).vs_alternative_pay == pytest.approx(36_000 / 96_000)
    assert lock.runway_months == 6


def test_score_from_average_forfeiture_and_runway(ref):
    p = ref.parameters
    # 1 year of spending forfeited on average, no runway: 100 * 1 / (1 + 1) = 50.
    assert financial_score(1.0, 0, p) == pytest.approx(50)
    # A full runway (24 months) halves it.
    assert financial_score(1.0, 24, p) == pytest.approx(25)
    assert financial_score(1.0, 12, p) == pytest.approx(37.5)


def test_non_disparagement_condition_is_a_red_flag_and_blocks_quitting(ref):
    profile = Profile(liquid_savings=4_000, monthly_essential_spending=4_000)
    plain = make_offer(equity_grant_value=400_000, equity_kind="ppu")
    tied = make_offer(equity_grant_value=400_000, equity_kind="ppu", non_disparagement_condition="one_sided")
    a, b = _lockin(ref, plain, profile), _lockin(ref, tied, profile)
    assert [f.code for f in b.red_flags] == ["non_disparagement_one_sided"]
    assert b.score == pytest.approx(min(100, a.score + 30))
    assert not b.ready_to_quit
    assert any("non-disparagement" in r for r in b.not_ready_reasons)
    assert any("runway is 1.0 months" in r for r in b.not_ready_reasons)


def test_clawback_puts_vested_equity_at_risk(ref):
    profile = Profile(liquid_savings=100_000, monthly_essential_spending=4_000)
    offer = make_offer(equity_grant_value=48_000, equity_kind="public_rsu", vested_equity_clawback=True)
    assert _lockin(ref, offer, profile).at(30).unvested_equity == pytest.approx(48_000)


def test_long_cliff_and_back_loading_are_flagged(ref, profile):
    offer = make_offer(
        equity_grant_value=48_000,
        equity_kind="public_rsu",
        cliff_months=18,
        vesting_shape="back_loaded",
        tender_conditions=True,
    )
    codes = {f.code for f in _lockin(ref, offer, profile).red_flags}
    assert codes == {"long_cliff", "back_loaded", "tender_conditions"}


def test_ready_to_quit_with_runway_and_no_flags(ref):
    profile = Profile(liquid_savings=48_000, monthly_essential_spending=4_000)
    lock = _lockin(ref, make_offer(), profile)
    assert lock.ready_to_quit and lock.not_ready_reasons == ()
