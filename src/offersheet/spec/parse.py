"""One parser per kind of input field: every way a value comes in goes through here.

A workbook cell, a CSV cell, a DataFrame value and an ``Offer(...)`` argument are all turned into the model's
value by :func:`parse_value`, so a number has one meaning everywhere, and a value two readers could read two
ways is refused with the way to write it (``int("310.000")`` raises rather than guesses).

The conventions, one per kind (``docs/fields.md`` states them for every field):

- **money**: a plain number; text may carry thousands commas (``120,000``), a ``k`` or ``m`` suffix and a
  currency sign or code that matches the offer's currency (``$120k``, ``GBP 95,000``). A point followed by
  exactly three digits (``310.000``), a decimal comma (``1.234,5``) and spaces between digits are refused:
  each is a thousands separator somewhere in the world. Never negative.
- **percent** (and **growth**): a fraction or a number with a % sign: ``0.15`` and ``"15%"`` are fifteen
  percent. A bare number above 1 (``15``) is refused, since it could mean 15 % or 1,500 %; the one exception
  is a number stored in a workbook cell, which the sheet shows with its % sign (``percent_cell``), and a
  :class:`Percent` (what this parser returns, so a value read once is never refused when read again).
- **int** / **number**: a plain number (a point is the decimal point); whole for ``int``.
- **choice**: the code or the label, case and spacing ignored. **bool**: yes/no, true/false, 1/0.
- **text**: as typed, trimmed (a whole number stays whole: 2026, not 2026.0).

Pure: no openpyxl, no pandas (a numpy scalar is turned into its Python value; NaN and pandas' NA are blank).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from offersheet.spec.inputs import Field
from offersheet.spec.vocab import CURRENCIES
from offersheet.spec.words import describe

# Currency marks a money text may carry, and the offer currencies each can mean ("$" is every dollar).
CURRENCY_MARKS: dict[str, tuple[str, ...]] = {
    "US$": ("USD",),
    "CA$": ("CAD",),
    "C$": ("CAD",),
    "A$": ("AUD",),
    "AU$": ("AUD",),
    "S$": ("SGD",),
    "CN¥": ("CNY",),
    "$": ("USD", "CAD", "AUD", "SGD"),
    "€": ("EUR",),
    "£": ("GBP",),
    "¥": ("JPY", "CNY"),
    "₹": ("INR",),
    **{c: (c,) for c in CURRENCIES},
}
_MARKS = sorted(CURRENCY_MARKS, key=len, reverse=True)  # longest first: "US$" before "$"
_MINUS = ("-", "\u2212")  # hyphen-minus and the minus sign
_SCALE = {"k": 1_000.0, "m": 1_000_000.0}
NUMBER_KINDS = frozenset({"money", "percent", "growth", "int", "number"})
PERCENT_KINDS = frozenset({"percent", "growth"})


class Percent(float):
    """A percentage as the fraction it is (``Percent(1.5)`` is 150 %), marked as already read: what the
    parser returns for a percent field, so an offer copied or rebuilt (``dataclasses.replace``) keeps its
    150 % target bonus, where a bare 1.5 typed in would be refused as ambiguous."""

    __slots__ = ()


# How each kind is written, once: docs/fields.md, the Offer and Profile docstrings and the messages read it.
CONVENTIONS: dict[str, str] = {
    "money": "a number (120000); as text also 120,000, 120k, 1.5m or with the offer's currency sign ($120k, "
    "GBP 95,000). Refused: 310.000 and 1.234,5 (thousands points, decimal commas), a sign of another "
    "currency, a negative amount",
    "percent": 'a fraction or a number with a % sign: 0.15 and "15%" are fifteen percent. A bare number above '
    "1 (15) is refused: write 15% (in a sheet, a number in a percent cell is the fraction it shows)",
    "growth": 'one percentage for every year (0.4 or "40%"), or one per year as text or a tuple '
    '("60%, 30%, 10%" or (0.6, 0.3, 0.1)), the last repeating; each follows the percent rule',
    "pct_list": 'the percentage of the grant vesting in each vesting year, summing to 100 ("40, 30, 20, 10" or '
    '"40%, 30%, 20%, 10%")',
    "int": "a whole number (12)",
    "number": "a number, a point for decimals (1.27)",
    "choice": "the code or the label, case and spacing ignored",
    "bool": "Yes / No (also true/false, 1/0)",
    "text": "text",
}


def units_doc(fields: tuple[Field, ...]) -> str:
    """The fields' units and how to write each kind, for a class docstring (one line a field)."""
    lines = ["", "", "    Fields and units (from ``offersheet.spec``; text is read as a sheet cell is):", ""]
    for f in fields:
        unit = f" ({f.unit})" if f.unit else ""
        lines.append(f"    - ``{f.key}``: {f.kind}{unit}")
    lines += ["", "    How each kind is written:", ""]
    kinds = dict.fromkeys(f.kind for f in fields)
    lines += [f"    - {kind}: {CONVENTIONS[kind]}" for kind in kinds]
    return "\n".join(lines) + "\n"


def is_blank(raw: Any) -> bool:
    """None, empty or spaces-only text, NaN, and pandas' NA/NaT: "not given", so the default applies."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, float):
        return math.isnan(raw)
    return type(raw).__name__ in ("NAType", "NaTType")


def plain(raw: Any) -> Any:
    """A numpy scalar as its Python value (``np.int64(3)`` -> 3, ``np.bool_`` -> bool); anything else as is."""
    if type(raw).__module__ == "numpy" and hasattr(raw, "item"):
        return raw.item()
    return raw


def _is_number(raw: Any) -> bool:
    return isinstance(raw, (int, float)) and not isinstance(raw, bool)


def _strip_currency(text: str) -> tuple[str, str | None]:
    """The text without a leading or trailing currency mark, and the mark."""
    for mark in _MARKS:
        if text.upper().startswith(mark):
            return text[len(mark) :].strip(), mark
        if text.upper().endswith(mark):
            return text[: -len(mark)].strip(), mark
    return text, None


def _digits(body: str, f: Field, shown: str) -> float:
    """The value of a run of digits with separators, refusing any separator that reads two ways."""
    if not body or any(ch not in "0123456789.," for ch in body) or not any(ch.isdigit() for ch in body):
        raise ValueError(f"{expected(f)}; {shown} is not a number ({how_to_write(f)})")
    if "," in body and "." in body and body.rfind(",") > body.rfind("."):
        raise ValueError(
            f"{expected(f)}; {shown} has a decimal comma: write {_dotted(body)} (a point for decimals, "
            "no thousands points)"
        )
    whole, _, decimals = body.partition(".")
    if "." in decimals:
        raise ValueError(
            f"{expected(f)}; {shown} has more than one point: write it without thousands points "
            f"({body.replace('.', '')}), or with thousands commas"
        )
    if "," in whole:
        groups = whole.split(",")
        if not (1 <= len(groups[0]) <= 3 and groups[0] and all(len(g) == 3 for g in groups[1:])):
            raise ValueError(
                f"{expected(f)}; in {shown} the comma is not a thousands separator: write "
                f"{_dotted(body)} for a decimal, or {body.replace(',', '')} (commas only between groups "
                "of three digits)"
            )
        whole = whole.replace(",", "")
    if f.kind == "money" and "," not in body and len(decimals) == 3 and 1 <= len(whole) <= 3 and whole.strip("0"):
        thousands, small = int(whole + decimals), float(whole + "." + decimals)
        raise ValueError(
            f"{expected(f)}; {shown} could be {small:g} or {thousands:,}: write {thousands} (or "
            f"{thousands:,}) for {thousands:,}, or {small:g}"
        )
    if not decimals and body.endswith("."):
        raise ValueError(f"{expected(f)}; {shown} ends in a point ({how_to_write(f)})")
    return float((whole or "0") + ("." + decimals if decimals else ""))


def _dotted(body: str) -> str:
    """A decimal-comma number as it should be written: '1.234,5' -> '1234.5'."""
    return body.replace(".", "").replace(",", ".")


def _number_from_text(text: str, f: Field, currency: str | None) -> tuple[float, bool]:
    """(value, written with a % sign) from text, by the kind's convention."""
    shown = describe(text)
    t = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if t.startswith("#"):
        raise ValueError(f"{expected(f)}, not the spreadsheet error {t}")
    negative = False
    if t.startswith("(") and t.endswith(")"):  # accounting style
        negative, t = True, t[1:-1].strip()
    if t.startswith(_MINUS):
        negative, t = True, t[1:].strip()
    elif t.startswith("+"):
        t = t[1:].strip()
    t, mark = _strip_currency(t)
    if t.startswith(_MINUS):
        negative, t = True, t[1:].strip()
    percent = t.endswith("%")
    scale = 1.0
    if percent:
        t = t[:-1].strip()
    elif t[-1:].lower() in _SCALE and t[:-1].rstrip()[-1:].isdigit():
        scale, t = _SCALE[t[-1].lower()], t[:-1].strip()
        if f.kind != "money":
            raise ValueError(f"{expected(f)}; a k or m suffix is only for amounts of money ({how_to_write(f)})")
    if mark is not None:
        _check_currency(mark, f, currency, shown)
    if percent and f.kind not in PERCENT_KINDS:
        raise ValueError(f"{expected(f)}; a % sign does not fit here ({how_to_write(f)})")
    if " " in t:
        raise ValueError(f"{expected(f)}; {shown} has a space inside the number: write {t.replace(' ', '')}")
    value = _digits(t, f, shown) * scale
    return (-value if negative else value), percent


def _check_currency(mark: str, f: Field, currency: str | None, shown: str) -> None:
    means = CURRENCY_MARKS[mark]
    if f.kind != "money":
        raise ValueError(f"{expected(f)}; a currency sign does not fit here ({how_to_write(f)})")
    if currency is None:
        raise ValueError(
            f"{expected(f)}; {shown} carries a currency sign ({mark.strip()} is "
            f"{' or '.join(means)}) but the offer's currency is not known here: write the number "
            "alone, or give the offer's currency"
        )
    if currency not in means:
        raise ValueError(
            f"an amount in {currency}, the offer's currency; {shown} is in {' or '.join(means)}: "
            f"convert it, or set the offer's currency to {means[0]}"
        )


def expected(f: Field) -> str:
    """What a field takes, in a person's words (the start of every message about it)."""
    if f.kind in PERCENT_KINDS:
        return f"a percentage from {_pct(f.lo)} to {_pct(f.hi)}"
    if f.kind == "money":
        return "an amount of money" + ("" if f.lo == 0 else f" of at least {f.lo:,g}")
    hi = "" if math.isinf(f.hi) else f" to {f.hi:,.0f}" if f.hi >= 1e6 else f" to {f.hi:g}"
    return f"{'a whole number' if f.kind == 'int' else 'a number'} from {f.lo:g}{hi}"


def how_to_write(f: Field) -> str:
    """How to write a value of this kind, for the end of a message."""
    if f.kind in PERCENT_KINDS:
        return "write 15% or 0.15"
    if f.kind == "money":
        return "write 120000, 120,000 or 120k"
    return "write 12" if f.kind == "int" else "write 12 or 12.5"


def _pct(fraction: float) -> str:
    return f"{fraction * 100:g}%"


def parse_number(raw: Any, f: Field, currency: str | None = None, percent_cell: bool = False) -> float:
    """A money, percent, growth, int or number field's value in the model's unit (a percentage as a fraction).

    ``currency``: the offer's currency, which a currency sign must match (None: no sign accepted).
    ``percent_cell``: ``raw`` is a number stored in a workbook cell, shown by the sheet with its % sign."""
    raw = plain(raw)
    if isinstance(raw, bool):
        raise ValueError(f"{expected(f)}, not {describe(raw)}")
    if isinstance(raw, (dt.date, dt.time, dt.timedelta)):
        raise ValueError(f"{expected(f)}, not {describe(raw)} ({how_to_write(f)})")
    if _is_number(raw):
        value, written_as_percent = float(raw), percent_cell or isinstance(raw, Percent)
    elif isinstance(raw, str):
        value, written_as_percent = _number_from_text(raw, f, currency)
        if written_as_percent:
            value /= 100
    else:
        raise ValueError(f"{expected(f)}, not {describe(raw)} ({how_to_write(f)})")
    if not math.isfinite(value):
        raise ValueError(f"{expected(f)}, not {describe(raw)}")
    if f.kind in PERCENT_KINDS and not written_as_percent and abs(value) > 1:
        raise ValueError(
            f"{expected(f)}; a bare {value:g} could mean {value:g}% or {value * 100:g}%: write "
            f"{value:g}% with the % sign (or the fraction {value / 100:g})"
        )
    if f.kind == "money" and value < 0:
        raise ValueError(f"{expected(f)}; it must not be negative")
    if not f.lo <= value <= f.hi:
        if f.kind in PERCENT_KINDS:
            raise ValueError(
                f"{expected(f)}; {_pct(value)} is out of range ({how_to_write(f)}: a number in a "
                "percent cell is a fraction)"
            )
        raise ValueError(f"{expected(f)}; {value:,g} is out of range")
    if f.kind == "int":
        if value != int(value):
            raise ValueError(f"{expected(f)}; {value:g} is not whole")
        return int(value)
    return Percent(value) if f.kind in PERCENT_KINDS else value


def parse_choice(raw: Any, f: Field, labels: Mapping[str, str] | None = None) -> str:
    """A code from either the code or the label (case and spacing ignored). ``labels``: code -> label (the
    Roles sheet's labels for a choice it lists; else the spec's)."""
    labels = labels if labels is not None else dict(f.choices) or {c: c for c in f.codes}
    if isinstance(raw, str):
        text = " ".join(raw.split()).casefold()
        for code, label in labels.items():
            if text in (code.casefold(), " ".join(label.split()).casefold()):
                return code
    raise ValueError("one of: " + ", ".join(labels.values()))


def parse_bool(raw: Any) -> bool:
    raw = plain(raw)
    if isinstance(raw, bool):
        return raw
    if _is_number(raw) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().casefold()
    if text in ("yes", "y", "true", "1"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    raise ValueError("Yes or No")


def _items(raw: str) -> list[str]:
    """The items of a list written as text: separated by commas, semicolons or slashes (and spaces)."""
    parts = raw.replace(";", ",").replace("/", ",").split(",")
    if len(parts) == 1:
        parts = raw.split()
    return [p.strip() for p in parts if p.strip()]


def parse_pct_list(raw: Any) -> tuple[float, ...]:
    """Custom vesting: the percentage of the grant vesting in each year, summing to 100 ("40, 30, 20, 10" or
    "40%, 30%, 20%, 10%": the items are percentages either way, so no list reads two ways)."""
    raw = plain(raw)
    if _is_number(raw):
        return (float(raw),)
    if isinstance(raw, tuple | list) and all(_is_number(plain(p)) for p in raw):
        return tuple(float(plain(p)) for p in raw)
    try:
        values = tuple(float(p.removesuffix("%").strip()) for p in _items(str(raw)))
    except ValueError:
        raise ValueError("percentages per year separated by commas, e.g. 25, 25, 25, 25") from None
    if not all(math.isfinite(v) for v in values):
        raise ValueError("percentages per year separated by commas, e.g. 25, 25, 25, 25")
    return values


def parse_growth(raw: Any, f: Field, percent_cell: bool = False) -> float | tuple[float, ...]:
    """A yearly growth path as fractions: one percentage for every year (0.4 or "40%"), or one per year
    ("60%, 30%, 10%" or a tuple), the last repeating. Each item follows the percent convention."""
    raw = plain(raw)
    if isinstance(raw, tuple | list):
        items: list[Any] = list(raw)
        if len(items) == 1:
            return parse_number(items[0], f)
    elif isinstance(raw, str) and len(_items(raw)) > 1 and "," in raw.replace(";", ",").replace("/", ","):
        items = _items(raw)
    else:
        return parse_number(raw, f, percent_cell=percent_cell)
    if not items:
        raise ValueError(f"{expected(f)}: one percentage, or one per year like 60%, 30%, 10%")
    signs = {str(item).strip().endswith("%") for item in items if isinstance(item, str)}
    if len(signs) > 1:  # "1,5%" is a decimal comma, not a path of 100% then 5%
        raise ValueError(
            f"{expected(f)}; {describe(raw)} mixes numbers with and without a % sign: write each "
            "year's growth with its % sign, like 60%, 30%, 10% (a point for decimals: 1.5%)"
        )
    try:
        return tuple(parse_number(item, f) for item in items)
    except ValueError as exc:
        raise ValueError(f"{exc} (each year of the path: 60%, 30%, 10%)") from None


def parse_text(raw: Any, max_len: int | None = None) -> str:
    raw = plain(raw)
    if isinstance(raw, (bool, dt.date, dt.time, dt.timedelta)):
        raise ValueError(f"text, not {describe(raw)}")
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
    if max_len is not None and len(text) > max_len:
        raise ValueError(f"text of at most {max_len} characters (this has {len(text)})")
    return text


_UNREAD = object()


def _as_read(f: Field, raw: Any) -> Any:
    """``raw`` as :func:`parse_value` would return it, when it is already a valid model value of the plainest
    type (an in-range float, a code, a bool); else ``_UNREAD``. The fast path for a batch of 100,000 rows
    and for ``Offer(...)`` re-reading what the reader read: the same result, without the text machinery."""
    kind, t = f.kind, type(raw)
    if kind in PERCENT_KINDS:
        if (t is Percent or ((t is float or t is int) and -1 <= raw <= 1)) and f.lo <= raw <= f.hi:
            return raw if t is Percent else Percent(raw)
    elif kind == "money" or kind == "number":
        if (t is float or t is int) and f.lo <= raw <= f.hi:  # NaN and infinities fail the comparison
            return float(raw)
    elif kind == "int":
        if t is int and f.lo <= raw <= f.hi:
            return raw
    elif kind == "choice":
        if t is str and raw in f.codes:
            return raw
    elif kind == "bool" and t is bool:
        return raw
    return _UNREAD


def taken_as_read(f: Field, values: Any) -> Any:
    """Which numbers of a numeric numpy array (a DataFrame's column) :func:`parse_value` takes as they are, as a
    boolean array: what ``_as_read`` takes one at a time (for an ``int`` field also a whole float in range, as
    :func:`parse_number` takes it), for a whole column at once. The value there is the number itself (a whole
    number, a fraction); every other value goes through :func:`parse_value`, one distinct value at a time."""
    import numpy as np

    kind, dtype = f.kind, values.dtype.kind
    if dtype == "b":
        return np.full(values.shape, kind == "bool")
    if dtype not in "iuf" or kind not in NUMBER_KINDS:
        return np.zeros(values.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        ok = (values >= f.lo) & (values <= f.hi)  # NaN fails both
        if kind in PERCENT_KINDS:
            ok &= (values >= -1) & (values <= 1)
        elif kind == "int" and dtype == "f":
            ok &= values == np.floor(values)
    return ok


def parse_value(
    f: Field,
    raw: Any,
    labels: Mapping[str, str] | None = None,
    currency: str | None = None,
    percent_cell: bool = False,
    max_text: int | None = None,
) -> Any:
    """A value for field ``f`` as the model holds it; ``ValueError`` says what is expected and how to write it.
    Parsing a model value again gives it back unchanged."""
    if not percent_cell and (got := _as_read(f, raw)) is not _UNREAD:
        return got
    if f.kind == "growth":
        return parse_growth(raw, f, percent_cell)
    if f.kind in NUMBER_KINDS:
        return parse_number(raw, f, currency, percent_cell)
    if f.kind == "choice":
        return parse_choice(raw, f, labels)
    if f.kind == "bool":
        return parse_bool(raw)
    if f.kind == "pct_list":
        return parse_pct_list(raw)
    return parse_text(raw, max_text)
