"""Hand-computed golden cases for vesting and yearly compensation."""

from __future__ import annotations

import pytest

from offersheet.model.compensation import vested_fraction, vesting_curves, year_percentages
from tests.conftest import make_offer, one


def vested_at(offer, month: int) -> float:
    """What of the initial grant has vested by ``month`` (public RSUs: no haircut), from the offer's curve."""
    return offer.equity_grant_value * vested_fraction(vesting_curves(offer)[0], month)


def test_four_year_one_year_cliff_monthly_schedule(ref):
    # 48,000 of public RSUs, 4 years, 12-month cliff, monthly: 1,000 a month after the cliff.
    offer = make_offer(equity_grant_value=48_000, equity_kind="public_rsu")
    assert vested_at(offer, 0) == 0
    assert vested_at(offer, 11) == 0
    assert vested_at(offer, 12) == pytest.approx(12_000)
    assert vested_at(offer, 13) == pytest.approx(13_000)
    assert vested_at(offer, 30) == pytest.approx(30_000)
    assert vested_at(offer, 48) == pytest.approx(48_000)
    assert one(offer).lockin.at(13).unvested_equity == pytest.approx(35_000)  # the engine's forfeiture


def test_front_loaded_schedule_is_40_30_20_10(ref):
    offer = make_offer(
        equity_grant_value=100_000,
        equity_kind="public_rsu",
        vesting_shape="front_loaded",
        vesting_frequency="quarterly",
    )
    assert year_percentages(offer) == pytest.approx((0.4, 0.3, 0.2, 0.1))
    comp = one(offer).compensation
    assert [y.equity for y in comp.years] == pytest.approx([40_000, 30_000, 20_000, 10_000])
    # Quarterly: at month 15 the first quarter of year 2 (30,000 / 4) has vested on top of year 1.
    assert vested_at(offer, 15) == pytest.approx(47_500)
    assert vested_at(offer, 14) == pytest.approx(40_000)


def test_custom_percentages_and_annual_release(ref):
    offer = make_offer(
        equity_grant_value=200_000,
        equity_kind="public_rsu",
        vesting_shape="custom",
        vesting_custom_pcts=(5, 15, 40, 40),
        vesting_frequency="annual",
    )
    assert vested_at(offer, 23) == pytest.approx(10_000)
    assert vested_at(offer, 24) == pytest.approx(40_000)


def test_yearly_totals_with_bonus_signing_haircut_and_discount(ref):
    # Private stock with tenders keeps 70% of its paper value by default (haircut 0.30).
    offer = make_offer(
        base_salary=100_000,
        target_bonus_pct=0.1,
        signing_bonus=20_000,
        benefits_value=5_000,
        equity_grant_value=400_000,
        equity_kind="private_tender",
    )
    comp = one(offer, discount_rate=0.10).compensation
    y1 = 100_000 + 10_000 + 20_000 + 70_000 + 5_000
    y2 = 100_000 + 10_000 + 70_000 + 5_000
    assert comp.year1 == pytest.approx(y1)
    assert comp.years[1].total == pytest.approx(y2)
    assert comp.years[1].present_value == pytest.approx(y2 / 1.1)
    expected = y1 + y2 / 1.1 + y2 / 1.1**2 + y2 / 1.1**3
    assert comp.horizon_total == pytest.approx(expected)
    assert comp.annualised == pytest.approx(expected / 4)


def test_options_count_only_the_spread(ref):
    offer = make_offer(equity_grant_value=100_000, option_strike_total=40_000, equity_kind="options", cliff_months=0)
    comp = one(offer).compensation
    assert comp.years[0].equity == pytest.approx(60_000 / 4 * (1 - 0.45))


def test_refreshers_start_after_year_one_and_vest_monthly(ref):
    offer = make_offer(annual_refresher_value=48_000, equity_kind="public_rsu")
    comp = one(offer).compensation
    # Refresher granted at month 12 vests 1,000 a month; the one at 24 adds another 1,000 a month.
    assert [y.refreshers for y in comp.years] == pytest.approx([0, 12_000, 24_000, 36_000])
