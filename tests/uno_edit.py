"""Run by the system Python with LibreOffice's UNO bridge (python3-uno), not by the test venv.

Types values over cells the way a person does in LibreOffice Calc: open the workbook, unprotect the sheet
(no password, as offersheet protects it), type the value into the cell, protect the sheet again, and save it
as .xlsx with LibreOffice's own writer. Prints JSON: {"saved": path, "protected": {sheet: bool}} (whether each
edited sheet was protected before the edit). Usage: python3 uno_edit.py PROFILE_DIR IN OUT SHEET!CELL=VALUE...
A value that reads as a number is typed as a number, anything else as text.
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


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main() -> None:
    profile, src, out, edits = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:]
    pipe = f"offersheet_edit_{int(time.time() * 1000)}"
    office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible",
                               "--norestore", f"--accept=pipe,name={pipe};urp;"])
    desktop = None
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
        doc = desktop.loadComponentFromURL(src.resolve().as_uri(), "_blank", 0, (_prop("Hidden", True),))
        protected: dict[str, bool] = {}
        for edit in edits:
            where, _, value = edit.partition("=")
            name, _, ref = where.partition("!")
            sheet = doc.Sheets.getByName(name)
            protected.setdefault(name, bool(sheet.isProtected()))
            if sheet.isProtected():
                sheet.unprotect("")
            cell = sheet.getCellRangeByName(ref)
            try:
                cell.setValue(float(value))
            except ValueError:
                cell.setString(value)
            sheet.protect("")
        doc.storeToURL(out.resolve().as_uri(), (_prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        print(json.dumps({"saved": str(out), "protected": protected}))
    finally:
        with contextlib.suppress(Exception):  # the office may already be gone
            if desktop is not None:
                desktop.terminate()
        office.wait(timeout=60)


if __name__ == "__main__":
    main()
