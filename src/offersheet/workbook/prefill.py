"""Offers for a new workbook from a CSV file (one row per offer, columns are Offers keys), read the way
people's CSV files really come: UTF-8 with or without a BOM, UTF-16 (Excel's "Unicode text"), or Windows-1252;
separated by commas, semicolons (European Excel) or tabs."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from offersheet.workbook.safety import WorkbookFileError

MAX_CSV_BYTES = 5_000_000


def _text(path: Path) -> str:
    try:
        st = path.stat()
    except OSError as exc:
        raise WorkbookFileError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read forever
        raise WorkbookFileError(path, "is not a regular file (a FIFO, device or folder): nothing was read")
    if st.st_size > MAX_CSV_BYTES:
        raise WorkbookFileError(path, f"is over {MAX_CSV_BYTES:,} bytes: not a CSV of offers")
    with open(path, "rb") as fh:
        data = fh.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise WorkbookFileError(path, f"is over {MAX_CSV_BYTES:,} bytes: not a CSV of offers")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise WorkbookFileError(path, "contains NUL bytes: it is not a text CSV (save it as CSV UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def read_offers_csv(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """The rows of an offers CSV as dicts by column name; one clear error if it cannot be read."""
    p = Path(path)
    text = _text(p)
    if "\x00" in text:
        raise WorkbookFileError(p, "contains NUL characters: it is not a text CSV (save it as CSV UTF-8)")
    first = text.splitlines()[0] if text.strip() else ""
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = [dict(r) for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)]
    if not rows:
        raise WorkbookFileError(p, "has no offer rows (a header row of Offers keys, then one row per offer)")
    if len(rows[0]) == 1 and any(sep in next(iter(rows[0])) for sep in ",;\t"):
        raise WorkbookFileError(p, "could not tell how its columns are separated (use commas, semicolons or tabs)")
    return rows
