"""offersheet: compare job offers at frontier AI companies, with explained verdicts.

The public Python API. Heavy modules (openpyxl, pandas) are imported only when a function needs them,
so ``import offersheet`` and ``offersheet --help`` stay fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from offersheet.model import Company, Offer, Profile
    from offersheet.model.evaluate import Evaluation
    from offersheet.model.reference import Reference

# The model's names load on first use, so `offersheet --help` imports none of it.
_LAZY = {
    "Company": "offersheet.model",
    "InputError": "offersheet.model",
    "Offer": "offersheet.model",
    "OffersheetError": "offersheet.model",
    "Problem": "offersheet.model",
    "Profile": "offersheet.model",
    "MODEL_VERSION": "offersheet.model.evaluate",
    "Evaluation": "offersheet.model.evaluate",
    "OfferResult": "offersheet.model.evaluate",
    "evaluate_many": "offersheet.batch",
    "evaluate_workbook": "offersheet.workbook",
    "new_workbook": "offersheet.workbook",
    "read_workbook": "offersheet.workbook",
}

__version__ = "0.1.0"

__all__ = [
    "MODEL_VERSION",
    "Company",
    "Evaluation",
    "InputError",
    "Offer",
    "OfferResult",
    "OffersheetError",
    "Problem",
    "Profile",
    "__version__",
    "evaluate",
    "evaluate_many",
    "evaluate_workbook",
    "export",
    "new_workbook",
    "read_workbook",
]


def evaluate(
    offers: Iterable[Offer],
    companies: Mapping[str, Company] | Iterable[Company] | None = None,
    profile: Profile | None = None,
    reference: Reference | None = None,
    with_stability: bool = True,
) -> Evaluation:
    """Evaluate offers. Companies default to the bundled ratings; profile to a neutral person."""
    import os

    from offersheet.defaults import default_companies, default_reference
    from offersheet.model import Offer, Profile
    from offersheet.model.evaluate import evaluate as _evaluate

    if isinstance(offers, str | bytes | os.PathLike):
        raise TypeError(
            f"evaluate() takes Offer objects; to evaluate the workbook {offers!r}, call "
            "offersheet.evaluate_workbook(path)"
        )
    offers = list(offers)
    if wrong := [type(o).__name__ for o in offers if not isinstance(o, Offer)]:
        raise TypeError(
            f"evaluate() takes Offer objects, not {', '.join(sorted(set(wrong)))} (build each with "
            "offersheet.Offer(...), or read a workbook with offersheet.evaluate_workbook(path))"
        )
    return _evaluate(
        offers,
        default_companies() if companies is None else companies,
        profile or Profile(),
        reference or default_reference(),
        with_stability=with_stability,
    )


def export(
    paths: Iterable[Any],
    out: Any,
    formats: Iterable[str] | str = ("xlsx", "csv", "md", "html", "png"),
    jobs: int | None = None,
    bom: bool = True,
) -> Any:
    """Export workbooks (files, folders, globs) to the folder ``out``; see :mod:`offersheet.exports`.
    ``bom=False`` writes CSV files as plain UTF-8 (by default they start with a byte-order mark, for Excel)."""
    from offersheet.exports import export as _export

    return _export(paths, out, formats, jobs, bom=bom)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
