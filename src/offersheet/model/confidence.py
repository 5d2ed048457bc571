"""How sure the verdict is: the share of plausible cases that give the same verdict, through the engine.

What is genuinely uncertain about an offer is sampled, ``SAMPLES`` cases an offer with a fixed seed (the same
inputs always give the same figure), and every case of every offer is judged in one pass of the engine:

- the equity's path: each case's yearly growth a uniform draw between the offer's bear and bull paths;
- the company's rating: its score moved by up to ``RATING_SPREAD`` points either way (editions and sources
  of the ratings differ by about that much), kept within 0-100;
- the role's acceleration level: moved by up to ``ACCELERATION_SPREAD`` of itself either way (the Roles
  sheet's level is one judgement within a range);
- tax: the effective rate moved by up to ``TAX_SPREAD`` either way, kept within 0-90 %.

Everything else (the person, the alternative's pay, the terms) is held as entered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np

from offersheet.model import engine
from offersheet.model.engine import Factors, Floats, Ints, MoneyRows, rows_at
from offersheet.model.reference import Parameters, Stance
from offersheet.model.vocab import VERDICTS
from offersheet.spec.outputs import SHARE, shown

SAMPLES = 200
SEED = 20251208  # fixed: the same inputs give the same figure
RATING_SPREAD = 10.0  # company score points, either way
ACCELERATION_SPREAD = 0.25  # share of the role's acceleration level, either way
TAX_SPREAD = 0.05  # effective tax rate, either way


def sample(
    rows: MoneyRows,
    base: Ints,
    bear: Ints,
    bull: Ints,
    factors: Factors,
    alternative: Floats,
    donation_pct: float,
    p: Parameters,
    stance: Stance,
    annual_spending: float,
    current: Ints,
) -> tuple[Floats, tuple[str, ...]]:
    """(share 0-100 of the cases with each offer's verdict, the words), for every offer."""
    n = len(base)
    if n == 0:
        return np.zeros(0), ()
    rng = np.random.default_rng(SEED)
    offer = np.repeat(np.arange(n), SAMPLES)
    t = rng.uniform(0.0, 1.0, n * SAMPLES)
    low, high = rows.growth[np.where(bear >= 0, bear, base)][offer], rows.growth[np.where(bull >= 0, bull, base)][offer]
    cases = MoneyRows(**rows_at(rows, base[offer], keep=("curves",)))
    cases = replace(
        cases,
        growth=low + t[:, None] * (high - low),
        path=None,  # each case its own path
        tax=np.clip(cases.tax + rng.uniform(-TAX_SPREAD, TAX_SPREAD, n * SAMPLES), 0.0, 0.9),
    )
    money = engine.money(cases, p, annual_spending)
    gap, donated = engine.pay_ratios(money.annualised, alternative[offer], donation_pct)
    f = Factors(**rows_at(factors, offer))
    f = replace(
        f,
        company_score=np.clip(f.company_score + rng.uniform(-RATING_SPREAD, RATING_SPREAD, n * SAMPLES), 0.0, 100.0),
        acceleration=np.clip(
            f.acceleration * (1 + rng.uniform(-ACCELERATION_SPREAD, ACCELERATION_SPREAD, n * SAMPLES)), 0.0, 100.0
        ),
        average_forfeit_years=money.average_years,
        pay_gap_ratio=gap,
        donated_ratio=donated,
    )
    got = engine.judge(f, p, stance).category.reshape(n, SAMPLES)
    share = (got == current[:, None]).mean(axis=1) * 100
    words = []
    for i in range(n):
        rest = Counter(VERDICTS[c] for c in got[i] if c != current[i])
        same = f"{VERDICTS[current[i]]} in {shown(SHARE, float(share[i]))}% of plausible cases"
        if not rest:
            words.append(same)
            continue
        ((other, _),) = rest.most_common(1)
        words.append(f"{same}; {other} in most of the rest" if len(rest) > 1 else f"{same}; {other} in the rest")
    return share, tuple(words)
