"""CSV: text a spreadsheet would run as a formula is neutralised, whichever separator the reader uses.

Files start with a UTF-8 byte-order mark unless asked not to (``bom=False``): Excel reads a CSV without one in
the computer's legacy code page, and LibreOffice's Text Import dialog picks UTF-8 from it, so "München" and
dashes arrive intact. The comparison is one offer per row, so a numeric column reads as numbers.

Every text field is quoted, and text that starts a formula is given a leading apostrophe. A reader set to
another separator (semicolons, in much of Europe) splits a field at its commas or semicolons and may start a
cell in the middle of it, so a formula sign right after a separator inside the text is neutralised too."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from offersheet.atomic import atomic_write
from offersheet.exports.tables import Comparison, neutralise

_INNER = re.compile(r"([,;\t])([=+\-@])")


def csv_text(value: Any) -> Any:
    value = neutralise(value)
    return _INNER.sub(r"\1'\2", value) if isinstance(value, str) else value


def write_csv(target: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], bom: bool = True) -> Path:
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)  # every text quoted: one field, whatever the separator
            w.writerow([csv_text(h) for h in header])
            w.writerows([csv_text(v) for v in row] for row in rows)

    return atomic_write(target, write)


def render(cmp: Comparison, out: Path, stem: str, charts: Mapping[str, bytes], bom: bool = True) -> list[Path]:
    header, rows = cmp.by_offer()
    return [write_csv(out / f"{stem}-comparison.csv", header, rows, bom)]
