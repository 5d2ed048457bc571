"""Run by the system Python with LibreOffice's UNO bridge (python3-uno), not by the test venv.

Types values over cells the way a person does in LibreOffice Calc: open the workbook, unprotect the sheet
(no password, as offersheet protects it), type the value into the cell, protect the sheet again, and save it
as .xlsx with LibreOffice's own writer. Prints JSON: {"saved": path, "protected": {sheet: bool}} (whether each
edited sheet was protected before the edit). Usage: python3 uno_edit.py PROFILE_DIR IN OUT SHEET!CELL=VALUE...
A value that reads as a number is typed as a number, anything else as text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from uno_office import desktop, prop  # type: ignore[import-not-found]


def main() -> None:
    profile, src, out, edits = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:]
    with desktop(profile, "edit") as office:
        doc = office.loadComponentFromURL(src.resolve().as_uri(), "_blank", 0, (prop("Hidden", True),))
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
        doc.storeToURL(out.resolve().as_uri(), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        print(json.dumps({"saved": str(out), "protected": protected}))


if __name__ == "__main__":
    main()
