"""Model inputs from plain values: (key, value) pairs and table rows, as a sheet or Excel hands them over.

Both the file reader (openpyxl) and the worksheet functions (xlwings) go through these functions, so a
value typed in a cell means the same thing on every path. This module does not use openpyxl (the worksheet
functions hand over plain values).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from offersheet.defaults import default_reference
from offersheet.model import Company, CriterionRating, InputError, Offer, Problem, Profile
from offersheet.model.reference import Reference
from offersheet.ratings import as_published, gpa_from_grade, to_0_100
from offersheet.spec.parse import is_blank, parse_number, parse_value
from offersheet.spec.settings import SETTINGS, order_message, out_of_order
from offersheet.workbook.limits import LIMITS
from offersheet.workbook.schema import FIELDS, OFFER_FIELDS, PROFILE_FIELDS, Field, field_labels
from offersheet.workbook.settings import column_keys, column_label

MAX_TEXT = LIMITS.max_text_chars
Where = Callable[[str], str]


def parse_field(f: Field, raw: Any, ref: Reference, currency: str | None = None, in_cell: bool = False) -> Any:
    """A value for field ``f`` as the model wants it, by the spec's one parser; ``ValueError`` says what is
    expected. ``currency``: the offer's (a money sign must match it). ``in_cell``: ``raw`` comes from a sheet
    cell, where a stored number in a percent field is shown with its % sign (0.15 shows as 15%)."""
    labels = _labels(ref)[f.key] if f.kind == "choice" else None
    return parse_value(
        f, raw, labels, currency, percent_cell=in_cell and isinstance(raw, (int, float)), max_text=MAX_TEXT
    )


_LABELS: dict[int, tuple[Reference, dict[str, dict[str, str]]]] = {}


def _labels(ref: Reference) -> dict[str, dict[str, str]]:
    """Every choice field's code -> label for this reference, built once per reference (a batch parses
    100,000 rows against one)."""
    got = _LABELS.get(id(ref))
    if got is None or got[0] is not ref:
        if len(_LABELS) > 8:  # a handful of references in a process; never a growing table
            _LABELS.clear()
        got = _LABELS[id(ref)] = (ref, {f.key: field_labels(f, ref) for f in FIELDS if f.kind == "choice"})
    return got[1]


def parse_pairs(
    fields: Sequence[Field],
    pairs: Mapping[str, Any],
    ref: Reference,
    where: Where,
    problems: list[Problem],
    home_currency: str | None = None,
    in_cell: bool = False,
) -> dict[str, Any]:
    """The model values of the given (key, raw value) pairs, blanks left out (the model's defaults apply).
    ``home_currency``: what a blank offer currency means (None: not known, so no money sign is accepted)."""
    kw: dict[str, Any] = {}
    for f in fields:
        raw = pairs.get(f.key)
        if raw is None and not f.required:
            continue
        if is_blank(raw):
            if f.required and f.key in pairs:
                problems.append(Problem(f.key, raw, "a value (required)", where(f.key)))
            continue
        currency = (kw.get("currency") or home_currency) if f.kind == "money" else None
        try:
            kw[f.key] = parse_field(f, raw, ref, currency, in_cell)
        except ValueError as exc:
            problems.append(Problem(f.key, raw, str(exc), where(f.key)))
    return kw


def offer_is_empty(pairs: Mapping[str, Any]) -> bool:
    return all(is_blank(pairs.get(f.key)) for f in OFFER_FIELDS if f.required)


def offer_from_pairs(
    pairs: Mapping[str, Any],
    label: str,
    ref: Reference,
    where: Where,
    home_currency: str | None = None,
    in_cell: bool = True,
) -> Offer:
    """An offer from a sheet column's (key, cell value) pairs (``in_cell``) or a row of plain values."""
    problems: list[Problem] = []
    kw = parse_pairs(OFFER_FIELDS, pairs, ref, where, problems, home_currency, in_cell)
    for f in OFFER_FIELDS:
        if f.required and f.key not in pairs:
            problems.append(Problem(f.key, None, f"a {'row' if in_cell else 'column'} with this key", where(f.key)))
    if not problems:
        try:
            return Offer(label=label, **kw)
        except InputError as exc:
            problems += [Problem(p.field, p.value, p.expected, where(p.field)) for p in exc.problems]
    raise InputError(problems)


def profile_from_pairs(
    pairs: Mapping[str, Any],
    ref: Reference,
    where: Where,
    settings: Mapping[str, float] | None = None,
    in_cell: bool = True,
) -> Profile:
    """The profile; ``settings`` are the model-setting rows' defaults (overrides are values that differ)."""
    problems: list[Problem] = []
    kw = parse_pairs(PROFILE_FIELDS, pairs, ref, where, problems, in_cell=in_cell)
    overrides = []
    values = dict(settings or {})
    for key, default in (settings or {}).items():
        raw = pairs.get(key)
        if is_blank(raw):
            continue
        try:  # by the setting's kind and bounds (spec.settings): a rate is a percentage, 5 is not 5 %
            value = parse_field(SETTINGS[key], raw, ref, in_cell=in_cell)
        except ValueError as exc:
            problems.append(Problem(key, raw, str(exc), where(key)))
            continue
        values[key] = float(value)
        if abs(value - default) > 1e-12:
            overrides.append((key, value))
    for lower, higher in out_of_order(values) if settings else ():
        problems.append(
            Problem(
                higher, values[higher], order_message(lower, higher, values), f"{where(higher)} (and {where(lower)})"
            )
        )
    if not problems:
        try:
            profile = Profile(**kw, parameter_overrides=tuple(overrides))
            ref.with_parameters(dict(overrides))  # validate overrides here, where they can be located
            return profile
        except InputError as exc:
            problems += [Problem(p.field, p.value, p.expected, where(p.field)) for p in exc.problems]
    raise InputError(problems)


def companies_from_rows(
    header: Sequence[Any], rows: Sequence[Sequence[Any]], where: Callable[[int, str], str], ref: Reference | None = None
) -> dict[str, Company]:
    """Companies from the Companies table: one row per company and criterion (``criterion`` = overall too).
    The employer kind reads as on Offers, by its label (as the template writes it) or its code, against the
    Roles sheet's labels (``ref``; the bundled ones when not given)."""
    kind_field = next(f for f in FIELDS if f.key == "employer_kind")
    ref = ref or default_reference()
    names = column_keys(header)  # "Value (0-100)" or, as earlier versions wrote it, value_0_100
    col = {n: i for i, n in enumerate(names) if n}
    problems = [
        Problem(need, None, f"a column headed {column_label(need)!r}", where(0, need))
        for need in ("company", "employer_kind", "criterion", "value_0_100")
        if need not in col
    ]
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
        entry = grouped.setdefault(
            name, {"kind": get("employer_kind"), "aliases": get("aliases") or "", "ratings": [], "overall": None}
        )
        raw, value = get("value_0_100"), None
        if not is_blank(raw):
            try:
                value = parse_number(raw, value_field)
            except ValueError as exc:
                problems.append(Problem("value_0_100", raw, str(exc), where(n, "value_0_100") + f" ({name})"))
        elif not is_blank(get("grade")) or not is_blank(get("raw_value")):
            value = _published_value(get, problems, where(n, "scale") + f" ({name})")
        rating = CriterionRating(
            str(get("criterion") or "").strip(),
            value,
            str(get("source") or ""),
            str(get("edition") or ""),
            str(get("as_of") or ""),
            as_published(_text(get("grade")), _text(get("raw_value")), _text(get("scale"))),
            str(get("note") or ""),
        )
        if rating.criterion == "overall":
            entry["overall"] = rating
        else:
            entry["ratings"].append(rating)
    out = {}
    for name, e in grouped.items():
        kind = str(e["kind"] or "").strip()
        with contextlib.suppress(ValueError):  # an unknown kind stays as written: Company says which it takes
            kind = parse_field(kind_field, kind, ref)
        try:
            out[name] = Company(
                name,
                kind,
                tuple(e["ratings"]),
                e["overall"],
                tuple(a.strip() for a in str(e["aliases"]).split(";") if a.strip()),
            )
        except InputError as exc:
            problems += [Problem(p.field, p.value, p.expected, f"Companies ({name})") for p in exc.problems]
    if problems:
        raise InputError(problems)
    return out


def _text(value: Any) -> str:
    """A cell as text: blank is empty, a number as written (0 stays "0", 1.80 reads "1.8")."""
    if is_blank(value):
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value).strip()


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
        problems.append(
            Problem(
                "scale",
                scale or None,
                f"the scale of the rating {grade or raw!r}: letter, percent or 0-5 (or the value 0-100 itself)",
                where,
            )
        )
    return value
