"""Which files in an export folder are offersheet's: the manifest, and the names a run may use.

``.offersheet-export.json`` in the output folder lists the files offersheet wrote there. A run records the
names it intends to write *before* writing any (``complete: false``) and completes the record at the end, so
an interrupted or failed run still knows its own files: the next run replaces them instead of adding numbered
copies, and never touches a file it did not write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

MANIFEST = ".offersheet-export.json"
OUTPUT_SUFFIXES = (
    "-comparison.csv",
    "-comparison.xlsx",
    "-comparison.md",
    "-comparison.html",
    "-lockin.png",
    "-scores.png",
)
SUMMARY_FILES = ("summary.csv", "summary.xlsx", "errors.csv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def owned(out: Path) -> set[str]:
    """The names (lower case) of the files offersheet wrote, or set out to write, in ``out``."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    names = data.get("files", []) if isinstance(data, dict) else data  # a plain list: offersheet 0.1's manifest
    return {n.lower() for n in names if isinstance(n, str)} if isinstance(names, list) else set()


def record(out: Path, names: Iterable[str], complete: bool) -> None:
    """Write the manifest (atomically): the names given, as offersheet's own. Raises OSError."""
    from offersheet.exports.render.files import write_text

    files = sorted({n.lower() for n in names})
    write_text(out / MANIFEST, json.dumps({"complete": complete, "files": files}, indent=0) + "\n")


def is_output_name(name: str) -> bool:
    """Named like one of offersheet's outputs (never taken for an input workbook in the output folder)."""
    lower = name.lower()
    return lower.endswith(OUTPUT_SUFFIXES) or re.fullmatch(r"summary(-\d+)?\.xlsx", lower) is not None


def _free(out: Path, name: str, own: set[str], taken: set[str]) -> bool:
    """Whether offersheet may write ``name`` in ``out``: not taken in this run, and absent or its own."""
    return name.lower() not in taken and (name.lower() in own or not (out / name).exists())


def stems_for(paths: Sequence[Path], out: Path | None = None, own: set[str] | None = None) -> list[str]:
    """One output name per workbook: its stem, numbered when it is taken (by another workbook of the batch,
    or by a file in ``out`` that offersheet did not write)."""
    taken: set[str] = set()
    result = []
    for p in paths:
        stem, n = p.stem, 1
        while True:
            candidate = stem if n == 1 else f"{stem}-{n}"
            names = [candidate + suffix for suffix in OUTPUT_SUFFIXES]
            if candidate.lower() not in taken and (
                out is None or all(_free(out, x, own or set(), set()) for x in names)
            ):
                break
            n += 1
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def summary_names(out: Path, own: set[str]) -> dict[str, str]:
    """summary.csv, summary.xlsx and errors.csv, or numbered names where a file of that name is not ours."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for name in SUMMARY_FILES:
        stem, ext = name.rsplit(".", 1)
        n = 1
        while not _free(out, name if n == 1 else f"{stem}-{n}.{ext}", own, taken):
            n += 1
        chosen = name if n == 1 else f"{stem}-{n}.{ext}"
        taken.add(chosen.lower())
        names[name] = chosen
    return names


def intended(stems: Iterable[str], summaries: Iterable[str]) -> list[str]:
    """Every name a run may write: each workbook's outputs in every format, and the summaries."""
    return [stem + suffix for stem in stems for suffix in OUTPUT_SUFFIXES] + list(summaries)
