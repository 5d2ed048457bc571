"""Run by the system Python with LibreOffice's UNO bridge (python3-uno), not by the test venv.

For each workbook given: open it in headless LibreOffice, and for every used row of the named sheets ask
LibreOffice for the row's optimal height (what its own layout needs to show every wrapped cell) and compare
it with the height the file sets. Prints JSON: {file: [[sheet, row, set_height_pt, needed_pt], ...]} for rows
that need more than they have. Usage: python3 uno_rows.py PROFILE_DIR SHEETS FILE...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from uno_office import desktop, prop  # type: ignore[import-not-found]

HUNDREDTH_MM_PER_POINT = 2540 / 72


def main() -> None:
    profile, sheets, files = Path(sys.argv[1]), sys.argv[2].split(","), sys.argv[3:]
    with desktop(profile, "rows") as office:
        out: dict[str, list[list[object]]] = {}
        for f in files:
            doc = office.loadComponentFromURL(Path(f).resolve().as_uri(), "_blank", 0, (prop("Hidden", True),))
            short: list[list[object]] = []
            for name in sheets:
                if not doc.Sheets.hasByName(name):  # a sheet another of the files has
                    continue
                sheet = doc.Sheets.getByName(name)
                cursor = sheet.createCursor()
                cursor.gotoEndOfUsedArea(False)
                last = cursor.RangeAddress.EndRow
                rows = sheet.Rows
                for r in range(last + 1):
                    row = rows.getByIndex(r)
                    if not row.IsVisible:
                        continue
                    have = row.Height
                    row.OptimalHeight = True
                    need = row.Height
                    if need > have + 0.5 * HUNDREDTH_MM_PER_POINT:  # half a point of slack for rounding
                        short.append([name, r + 1, round(have / HUNDREDTH_MM_PER_POINT, 1),
                                      round(need / HUNDREDTH_MM_PER_POINT, 1)])
            doc.close(True)
            out[f] = short
        print(json.dumps(out))


if __name__ == "__main__":
    main()
