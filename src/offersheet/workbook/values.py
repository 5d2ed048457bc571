"""Parsing one cell's value for one schema field: numbers typed as text, labels or codes, yes/no.

Each parser returns the model value or raises ``ValueError`` with what is expected; the reader turns
that into a Problem naming sheet, cell and key.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from offersheet.workbook.schema import Field

_NUMBER = re.compile(
    r"^(?P<cur>[$€£])?\s*(?P<num>\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|\.\d+)\s*(?P<suf>[kKmM]|%)?$"
)


def _number_from_text(text: str, f: Field) -> tuple[float, bool]:
    """(value, was_percent) from text like '120,000', '$120k', '1.2m', '15%'."""
    t = text.strip().replace("\u00a0", " ")
    m = _NUMBER.match(t)
    if not m:
        raise ValueError(f"{_expect(f)}; could not read {text!r} as a number (write 120000, 120,000, $120k or 15%)")
    value = float(m["num"].replace(",", ""))
    suf = (m["suf"] or "").lower()
    if suf == "k":
        value *= 1_000
    elif suf == "m":
        value *= 1_000_000
    return value, suf == "%"


def _expect(f: Field) -> str:
    if f.kind == "percent":
        hi = "" if f.hi == math.inf else f" to {f.hi:.0%}"
        return f"a percentage from {f.lo:.0%}{hi} (write 15% or 0.15)"
    hi = "" if f.hi == math.inf else f" to {f.hi:,.0f}" if f.hi >= 1e6 else f" to {f.hi:g}"
    if f.kind == "int":
        return f"a whole number from {f.lo:g}{hi}"
    return f"an amount from {f.lo:g}{hi}"


def parse_number(raw: object, f: Field) -> float:
    if isinstance(raw, (bool, dt.date, dt.datetime, dt.time, dt.timedelta)):
        kind = "a date" if not isinstance(raw, bool) else "true/false"
        raise ValueError(f"{_expect(f)}, not {kind}")
    if isinstance(raw, (int, float)):
        value, pct = float(raw), False
    elif isinstance(raw, str):
        if raw.strip().startswith("#"):
            raise ValueError(f"{_expect(f)}, not the error value {raw.strip()}")
        value, pct = _number_from_text(raw, f)
        if pct and f.kind != "percent":
            raise ValueError(f"{_expect(f)}; a percentage does not fit here")
        if f.kind == "percent" and not pct and value > f.hi:
            raise ValueError(f"{_expect(f)}; {raw!r} is ambiguous: write it with a % sign")
        if pct:
            value /= 100
    else:
        raise ValueError(_expect(f))
    if not math.isfinite(value) or not f.lo <= value <= f.hi:
        raise ValueError(_expect(f))
    if f.kind == "int":
        if value != int(value):
            raise ValueError(_expect(f))
        return int(value)
    return value


def parse_choice(raw: object, f: Field, labels: Mapping[str, str]) -> str:
    """A code from either the code or the label (case and spacing ignored)."""
    text = str(raw).strip().casefold()
    for code, label in labels.items():
        if text in (code.casefold(), label.casefold()):
            return code
    raise ValueError("one of: " + ", ".join(labels.values()))


def parse_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().casefold()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise ValueError("Yes or No")


def parse_pct_list(raw: object) -> tuple[float, ...]:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return (float(raw),)
    parts = [p for p in re.split(r"[,;/\s]+", str(raw).strip().replace("%", "")) if p]
    try:
        return tuple(float(p) for p in parts)
    except ValueError:
        raise ValueError("percentages per year separated by commas, e.g. 25, 25, 25, 25") from None


def parse_growth(raw: object, f: Any) -> float | tuple[float, ...]:
    """A yearly growth path in percent: one number (a percent cell, 0.4 = 40%) for every year, or text with one
    percentage per year ("60, 30, 10" or "60%, 30%"), the last repeating. Each at least -100."""
    if isinstance(raw, str) and re.search(r"\d\s*%?\s*[,;/]\s*-?\d", raw):
        values = parse_pct_list(raw)
    else:
        values = (parse_number(raw, f._replace(kind="percent")) * 100,)  # a percent cell or "40%"
    if not values or any(not math.isfinite(v) or v < -100 or v > 1000 for v in values):
        raise ValueError("yearly growth from -100% to 1000%: one percentage, or one per year like 60, 30, 10")
    return values[0] if len(values) == 1 else values


def parse_text(raw: object, max_len: int) -> str:
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
    if len(text) > max_len:
        raise ValueError(f"text of at most {max_len} characters (this has {len(text)})")
    return text
