"""Whole-workbook operations: a new workbook from the template, evaluating one in place or to another file."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from offersheet.atomic import Fingerprint, WriteRefused, atomic_write, exclusive
from offersheet.defaults import default_reference
from offersheet.model.errors import InputError, Problem
from offersheet.model.evaluate import Evaluation
from offersheet.model.evaluate import evaluate as evaluate_model
from offersheet.spec.parse import NUMBER_KINDS, is_blank, parse_value
from offersheet.workbook import buttons
from offersheet.workbook.grid import offer_from_pairs, offer_is_empty
from offersheet.workbook.package import add_buttons, write_package
from offersheet.workbook.plan import Operation, plan_results
from offersheet.workbook.reader import WorkbookInputs, read_workbook
from offersheet.workbook.safety import WorkbookFileError, check_file
from offersheet.workbook.schema import BY_KEY, OFFER_FIELDS, OFFERS, Field, defined_name, field_labels

if TYPE_CHECKING:  # openpyxl is imported where a workbook is built, never on the evaluate path
    from openpyxl.workbook.workbook import Workbook


@dataclass(frozen=True, kw_only=True)
class EvaluatedWorkbook:
    """An evaluated workbook: where it was read from and written to, its inputs and the evaluation."""

    path: Path  # the workbook read
    out: Path  # the workbook written
    inputs: WorkbookInputs
    evaluation: Evaluation
    evaluated_at: str

    @property
    def warnings(self) -> tuple[str, ...]:
        """The reader's warnings, then each offer's, naming its column and employer."""
        return self.inputs.warnings + tuple(
            f"{r.offer.label} ({r.offer.employer}): {w}" for r in self.evaluation.offers for w in r.warnings
        )


def _named(where: str) -> Callable[[str], str]:
    """Where every field of one offer row is: the row itself (the check below names rows, not cells)."""
    return lambda _key: where


def atomic_save(
    wb: Workbook, target: Path, backup: bool, *, force: bool = False, expect: Fingerprint | None = None
) -> Path:
    """Save an openpyxl workbook through :func:`save_file`."""
    return save_file(Path(target), wb.save, backup, force=force, expect=expect)


def save_file(
    target: Path,
    write: Callable[[Path], object],
    backup: bool,
    *,
    force: bool = False,
    expect: Fingerprint | None = None,
) -> Path:
    """Write a workbook through ``offersheet.atomic`` (atomic, permissions kept, links followed, another
    application's lock respected unless ``force``, refused if the file changed since ``expect``), every
    failure a :class:`WorkbookFileError` with nothing changed. With ``backup``, keep ``<name>.bak``."""
    try:
        return atomic_write(target, write, backup, force=force, expect=expect)
    except WriteRefused as exc:  # a workbook's own error type, as for every other workbook problem
        raise WorkbookFileError(exc.path, exc.reason) from None
    except OSError as exc:
        where = f"cannot write in {target.parent}" if isinstance(exc, PermissionError) else "could not save"
        raise WorkbookFileError(
            target, f"{where} ({exc.strerror or exc}): nothing was changed; the original is unchanged"
        ) from None


def _set_named(wb: Workbook, name: str, value: Any) -> None:
    sheet, coord = next(iter(wb.defined_names[name].destinations))
    cell = wb[sheet][coord.replace("$", "")]
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text, even when it starts with "="


def set_offer_values(wb: Workbook, column: int, values: Mapping[str, Any]) -> None:
    """Fill one offer column (0-based) by schema key, through the defined names."""
    for key, value in values.items():
        if key not in BY_KEY or BY_KEY[key].sheet != OFFERS:
            raise KeyError(f"{key!r} is not an Offers key")
        _set_named(wb, defined_name(BY_KEY[key], column), value)


def set_profile_values(wb: Workbook, values: Mapping[str, Any]) -> None:
    """Fill Profile values and model settings by key."""
    for key, value in values.items():
        _set_named(wb, key, value)


def new_workbook(
    path: str | os.PathLike[str],
    offers: Iterable[Mapping[str, Any]] = (),
    profile: Mapping[str, Any] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write a template workbook to ``path``, optionally pre-filled with offers and profile values by key."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise WorkbookFileError(target, "the template is an .xlsx file (use --macro-enabled for .xlsm)")
    if target.exists() and not overwrite:
        raise WorkbookFileError(target, "already exists (choose another name, or overwrite it explicitly)")
    from offersheet.workbook.template import build_workbook

    return fill_and_save(build_workbook(), target, offers, profile, overwrite)


def _row_currency(row: Mapping[str, Any], profile: Mapping[str, Any] | None) -> str | None:
    """The currency an offer row's amounts are in: its own, else the profile's home currency (None when
    neither can be read: then a money sign is refused, never guessed)."""
    for f, raw in (
        (BY_KEY["currency"], row.get("currency")),
        (BY_KEY["home_currency"], (profile or {}).get("home_currency") or BY_KEY["home_currency"].default),
    ):
        if not is_blank(raw):
            try:
                return str(parse_value(f, raw))
            except ValueError:
                return None  # reported where the currency itself is read
    return None


def fill_and_save(
    wb: Workbook,
    target: Path,
    offers: Iterable[Mapping[str, Any]],
    profile: Mapping[str, Any] | None,
    overwrite: bool = False,
) -> Path:
    from offersheet.workbook.template import display_default

    rows = list(offers)
    if len(rows) > 6:
        raise WorkbookFileError(target, f"{len(rows)} offers given; a workbook holds at most 6")
    defaults = {f.key: display_default(f) for f in OFFER_FIELDS if display_default(f) is not None}
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        given = {k: v for k, v in row.items() if v not in (None, "")}
        unknown = [k for k in given if k not in BY_KEY or BY_KEY[k].sheet != OFFERS]
        problems += [Problem(k, given[k], "an Offers key (see docs/fields.md)", f"offer row {i + 1}") for k in unknown]
        cells = {}
        currency = _row_currency(given, profile)
        for key, value in given.items():
            if key in unknown:
                continue
            try:
                cells[key] = for_sheet(BY_KEY[key], value, currency)
            except ValueError as exc:
                problems.append(Problem(key, value, str(exc), f"offer row {i + 1}"))
        filled = {**defaults, **cells}
        if not problems and not offer_is_empty(filled):  # read back exactly as evaluate will read the sheet
            try:
                where = f"offer row {i + 1}"
                offer_from_pairs(filled, where, default_reference(), _named(where), _row_currency({}, profile))
            except InputError as exc:
                problems += exc.problems
        set_offer_values(wb, i, filled)
    if problems:
        raise InputError(problems)
    if profile:
        set_profile_values(wb, profile)
    finish_template(wb)
    macro_enabled = target.suffix.lower() == ".xlsm"

    def save(tmp: Path) -> None:  # openpyxl builds the workbook; buttons go in at package level
        _save_reporting_once(wb, tmp)
        if shapes := buttons.for_workbook(macro_enabled):
            add_buttons(tmp, buttons.SHEET, shapes)

    save_file(target, save, False, force=overwrite)
    return target


def _save_reporting_once(wb: Workbook, path: Path) -> None:
    """``wb.save``, its error raised once. openpyxl writes each sheet through a temporary file; when the disk fills
    up there, the sheet's stream is left half-closed and Python prints the same error again, with a traceback,
    when it collects it. That echo is dropped; the error itself is raised and reported."""
    try:
        wb.save(path)
        return
    except OSError as exc:  # the same error, without the frames that hold openpyxl's half-closed stream
        failure = OSError(exc.errno, exc.strerror, exc.filename)
    hook = sys.unraisablehook
    sys.unraisablehook = lambda u: None if isinstance(u.exc_value, OSError) else hook(u)
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise failure


def for_sheet(f: Field, value: Any, currency: str | None = None) -> Any:
    """A value from a CSV row or a mapping, read by the spec's one parser (as ``evaluate_many`` and ``Offer``
    read it), then written as a person would type it in the cell: numbers as numbers, percentages as the
    fractions their % format shows, choices as their labels. ``currency``: the offer's, for money signs."""
    ref = default_reference()
    labels = field_labels(f, ref) if f.kind == "choice" else None
    parsed = parse_value(f, value, labels, currency)
    if f.kind == "growth" and isinstance(parsed, tuple):
        return ", ".join(f"{r * 100:g}%" for r in parsed)
    if f.kind == "pct_list":
        return ", ".join(f"{p:g}" for p in parsed)
    if f.kind in NUMBER_KINDS:
        return float(parsed) if f.kind != "int" else parsed
    if f.kind == "choice":
        return field_labels(f, ref)[parsed]
    if f.kind == "bool":
        return "Yes" if parsed else "No"
    return parsed


def finish_template(wb: Workbook) -> None:
    """Rows as tall as the values filled in need (a long role title, a list value), and the page breaks that
    follow from them."""
    from offersheet.workbook.fitting import fit_filled

    fit_filled(wb)


def save_package(
    src: Path,
    ops: list[Operation],
    target: Path,
    backup: bool,
    *,
    force: bool = False,
    expect: Fingerprint | None = None,
) -> Path:
    """Write ``src`` with the plan's results to ``target`` through the package-level writer (only offersheet's
    parts change) and :func:`save_file`."""
    return save_file(Path(target), lambda tmp: write_package(src, ops, tmp), backup, force=force, expect=expect)


def evaluate_workbook(
    path: str | os.PathLike[str], out: str | os.PathLike[str] | None = None, force: bool = False
) -> EvaluatedWorkbook:
    """Evaluate a workbook and write Report, Lock-in, Asks and status, in place (atomically, keeping a
    ``.bak``) or to ``out``. Only offersheet's parts of the file change (``workbook.package``). In place, the
    workbook is locked against other offersheet runs while it is read and written, and is not replaced if
    it changed in between; ``force`` ignores another application's lock file (see ``offersheet.atomic``)."""
    src = Path(path)
    target = Path(out) if out else src
    if out and target.suffix.lower() != src.suffix.lower():
        raise WorkbookFileError(target, f"output must keep the input's extension ({src.suffix})")
    check_file(src)  # a FIFO, a folder or an oversized file is refused before anything opens it
    in_place = out is None or _same_file(src, target)
    if not in_place:
        _check_target(target)
    with _locked(target):
        seen = Fingerprint.of(src) if in_place else None
        inputs = read_workbook(src)
        ev = evaluate_model(inputs.offers, inputs.companies, inputs.profile, inputs.reference)
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        ops = plan_results(ev, list(inputs.columns), inputs.profile.liquid_savings, stamp, inputs.fingerprint)
        save_package(src, ops, target, backup=in_place, force=force, expect=seen)
    return EvaluatedWorkbook(path=src, out=target, inputs=inputs, evaluation=ev, evaluated_at=stamp)


def _check_target(target: Path) -> None:
    """An output path that cannot be a workbook file is refused before anything is read or written."""
    try:
        st = target.stat()
    except FileNotFoundError:
        if not target.parent.is_dir():
            what = "is a file" if target.parent.exists() else "does not exist"
            raise WorkbookFileError(
                target, f"cannot write here: {target.parent} {what}, not a folder; nothing was written"
            ) from None
        return
    except OSError as exc:
        raise WorkbookFileError(target, f"cannot write here ({exc.strerror or exc}); nothing was written") from None
    if not stat.S_ISREG(st.st_mode):
        raise WorkbookFileError(
            target, "is not a regular file (a folder, FIFO or device): nothing was written; give a file name for --out"
        )


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """:func:`exclusive`, with an OS error on the way in (a path under a file, no permission) a message."""
    lock = exclusive(target)
    try:
        lock.__enter__()
    except OSError as exc:
        raise WorkbookFileError(target, f"cannot open it ({exc.strerror or exc}); nothing was written") from None
    try:
        yield
    except BaseException as exc:
        if not lock.__exit__(type(exc), exc, exc.__traceback__):
            raise
    else:
        lock.__exit__(None, None, None)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
