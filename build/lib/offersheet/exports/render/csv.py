"""CSV: text a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from offersheet.atomic import atomic_write
from offersheet.exports.tables import Comparison, neutralise


def write_csv(target: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([neutralise(h) for h in header])
            w.writerows([neutralise(v) for v in row] for row in rows)

    return atomic_write(target, write)


def render(cmp: Comparison, out: Path, stem: str, charts: Mapping[str, bytes]) -> list[Path]:
    return [write_csv(out / f"{stem}-comparison.csv", cmp.header, cmp.rows)]
