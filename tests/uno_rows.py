"""Run by the system Python with LibreOffice's UNO bridge (python3-uno), not by the test venv.

For each workbook given: open it in headless LibreOffice, and for every used row of the named sheets ask
LibreOffice for the row's optimal height (what its own layout needs to show every wrapped cell) and compare
it with the height the file sets. Prints JSON: {file: [[sheet, row, set_height_pt, needed_pt], ...]} for rows
that need more than they have. Usage: python3 uno_rows.py PROFILE_DIR SHEETS FILE...
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

HUNDREDTH_MM_PER_POINT = 2540 / 72


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main() -> None:
    profile, sheets, files = Path(sys.argv[1]), sys.argv[2].split(","), sys.argv[3:]
    pipe = f"offersheet_rows_{int(time.time() * 1000)}"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
                               "--norestore", f"--accept=pipe,name={pipe};urp;"])
    try:
        ctx = uno.getComponentContext()
        resolver = ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
        for _ in range(120):
            try:
                remote = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # not listening yet
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
        out: dict[str, list[list[object]]] = {}
        for f in files:
            doc = desktop.loadComponentFromURL(Path(f).resolve().as_uri(), "_blank", 0, (_prop("Hidden", True),))
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
    finally:
        with contextlib.suppress(Exception):  # the office may already be gone
            desktop.terminate()
        office.wait(timeout=60)


if __name__ == "__main__":
    main()
