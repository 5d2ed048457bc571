"""Named bounds on untrusted workbooks, checked before the work is done. Pure data: no openpyxl here."""

from __future__ import annotations

from typing import NamedTuple


class Limits(NamedTuple):
    """Bounds on a workbook file and its content. The defaults are far above any real offers workbook (the
    template is ~60 kB with a few thousand cells) and far below what would exhaust memory or time."""

    max_file_bytes: int = 20_000_000  # compressed, on disk
    max_uncompressed_bytes: int = 100_000_000  # all parts unpacked
    max_compression_ratio: float = 150.0  # for parts over 1 MB unpacked (real sheets compress ~10:1)
    max_sheet_xml_bytes: int = 40_000_000  # one worksheet's XML
    max_cells: int = 250_000  # filled cells, all sheets together (counted before parsing)
    max_text_chars: int = 2_000  # one text input (an employer, a role title, a note)
    max_format_code_chars: int = 255  # one number format code (Excel's own limit)
    max_formula_chars: int = 8_192  # one formula (Excel's own limit)


LIMITS = Limits()
