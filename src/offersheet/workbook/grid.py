"""Model inputs from plain values: (key, value) pairs and table rows, as a sheet or Excel hands them over.

Both the file reader (openpyxl) and the worksheet functions (xlwings) go through these functions, so a
value typed in a cell means the same thing on every path. This module does not use openpyxl (the worksheet
functions hand over plain values).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from offersheet.model import Company, CriterionRating, InputError, Offer, Problem, Profile
from offersheet.model.reference import Reference
from offersheet.ratings import gpa_from_grade, to_0_100
from offersheet.workbook.limits import LIMITS
from offersheet.workbook.schema import OFFER_FIELDS, PROFILE_FIELDS, Field, field_labels
from offersheet.workbook.values import (
    parse_bool,
    parse_choice,
    parse_growth,
    parse_number,
    parse_pct_list,
    parse_text,
)

MAX_TEXT = LIMITS.max_text_chars
Where = Callable[[str], str]


def parse_field(f: Field, raw: Any, ref: Reference) -> Any:
    """A cell value for field ``f`` as the model wants it; ``ValueError`` says what is expected."""
    if f.kind in ("money", "percent", "int", "number"):
        value = parse_number(raw, f)
        # the sheet's unit to the model's (percentages: a fraction to 0-100); whole numbers stay whole
        return value if f.scale == 1 else value * f.scale
    if f.kind == "choice":
        return parse_choice(raw, f, field_labels(f, ref))
    if f.kind == "bool":
        return parse_bool(raw)
    if f.kind == "pct_list":
        return parse_pct_list(raw)
    if f.kind == "growth":
        return parse_growth(raw, f)
    return parse_text(raw, MAX_TEXT)


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def _parse_all(fields: Sequence[Field], pairs: Mapping[str, Any], ref: Reference, where: Where,
               problems: list[Problem]) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    for f in fields:
        raw = pairs.get(f.key)
        if is_blank(raw):
            if f.required and f.key in pairs:
                problems.append(Problem(f.key, None, "a value (required)", where(f.key)))
            continue
        try:
            kw[f.key] = parse_field(f, raw, ref)
        except ValueError as exc:
            problems.append(Problem(f.key, raw, str(exc), where(f.key)))
    return kw


def offer_is_empty(pairs: Mapping[str, Any]) -> bool:
    return all(is_blank(pairs.get(f.key)) for f in OFFER_FIELDS if f.required)


def offer_from_pairs(pairs: Mapping[str, Any], label: str, ref: Reference, where: Where) -> Offer:
    problems: list[Problem] = []
    kw = _parse_all(OFFER_FIELDS, pairs, ref, where, problems)
    for f in OFFER_FIELDS:
        if f.required and f.key not in pairs:
            problems.append(Problem(f.key, None, "a row with this key", where(f.key)))
    if not problems:
        try:
            return Offer(label=label, **kw)
        except InputError as exc:
            problems += [Problem(p.field, p.value, p.expected, where(p.field)) for p in exc.problems]
    raise InputError(problems)


def profile_from_pairs(pairs: Mapping[str, Any], ref: Reference, where: Where,
                       settings: Mapping[str, float] | None = None) -> Profile:
    """The profile; ``settings`` are the model-setting rows' defaults (overrides are values that differ)."""
    problems: list[Problem] = []
    kw = _parse_all(PROFILE_FIELDS, pairs, ref, where, problems)
    overrides = []
    number = Field("setting", "setting", "Profile", "number", lo=-1e9, hi=1e9)
    for key, default in (settings or {}).items():
        raw = pairs.get(key)
        if is_blank(raw):
            continue
        try:
            value = parse_number(raw, number)
        except ValueError as exc:
            problems.append(Problem(key, raw, str(exc).replace("an amount", "a number"), where(key)))
            continue
        if abs(value - default) > 1e-12:
            overrides.append((key, value))
    if not problems:
        try:
            profile = Profile(**kw, parameter_overrides=tuple(overrides))
            ref.with_parameters(dict(overrides))  # validate overrides here, where they can be located
            return profile
        except InputError as exc:
            problems += [Problem(p.field, p.value, p.expected, where(p.field)) for p in exc.problems]
    raise InputError(problems)


def companies_from_rows(header: Sequence[Any], rows: Sequence[Sequence[Any]],
                        where: Callable[[int, str], str]) -> dict[str, Company]:
    """Companies from the Companies table: one row per company and criterion (``criterion`` = overall too)."""
    names = [str(h).strip() if h is not None else "" for h in header]
    col = {n: i for i, n in enumerate(names) if n}
    problems = [Problem(need, None, "a column with this header", where(0, need))
                for need in ("company", "employer_kind", "criterion", "value_0_100") if need not in col]
    if problems:
        raise InputError(problems)
    value_field = Field("value_0_100", "Rating", "Companies", "number", hi=100)
    grouped: dict[str, dict[str, Any]] = {}
    for n, row in enumerate(rows, 1):
        def get(key: str, row: Sequence[Any] = row) -> Any:
            i = col.get(key)
            return row[i] if i is not None and i < len(row) else None

        if is_blank(get("company")):
            continue
        name = str(get("company")).strip()
        entry = grouped.setdefault(name, {"kind": get("employer_kind"), "aliases": get("aliases") or "",
                                          "ratings": [], "overall": None})
        raw, value = get("value_0_100"), None
        if not is_blank(raw):
            try:
                value = parse_number(raw, value_field)
            except ValueError as exc:
                problems.append(Problem("value_0_100", raw, str(exc), where(n, "value_0_100") + f" ({name})"))
        elif not is_blank(get("grade")) or not is_blank(get("raw_value")):
            value = _published_value(get, problems, where(n, "scale") + f" ({name})")
        rating = CriterionRating(str(get("criterion") or "").strip(), value, str(get("source") or ""),
                                 str(get("edition") or ""), str(get("as_of") or ""),
                                 str(get("grade") or get("raw_value") or ""), str(get("note") or ""))
        if rating.criterion == "overall":
            entry["overall"] = rating
        else:
            entry["ratings"].append(rating)
    out = {}
    for name, e in grouped.items():
        try:
            out[name] = Company(name, str(e["kind"] or "").strip(), tuple(e["ratings"]), e["overall"],
                                tuple(a.strip() for a in str(e["aliases"]).split(";") if a.strip()))
        except InputError as exc:
            problems += [Problem(p.field, p.value, p.expected, f"Companies ({name})") for p in exc.problems]
    if problems:
        raise InputError(problems)
    return out


def _published_value(get: Callable[[str], Any], problems: list[Problem], where: str) -> float | None:
    """The 0-100 value of a row that states a published rating but no value (a row a person added, or a
    value formula not yet recalculated): by its scale, or a letter grade's own scale when none is given.
    A rating whose scale cannot be told is an input error, never silently "unrated"."""
    grade, raw = str(get("grade") or "").strip(), str(get("raw_value") or "").strip()
    scale = str(get("scale") or "").strip()
    if not scale and gpa_from_grade(grade) is not None:
        scale = "letter"  # a letter grade says its scale itself
    try:
        value = to_0_100(grade, raw, scale) if scale else None
    except ValueError:
        value = None
    if value is None:
        problems.append(Problem("scale", scale or None, f"the scale of the rating {grade or raw!r}: letter, percent "
                                                        "or 0-5 (or the value 0-100 itself)", where))
    return value
