"""Named bounds on untrusted workbooks, checked before the work is done. Pure data: no openpyxl here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds on a workbook file and its content. The defaults are far above any real offers workbook (the
    template is ~50 kB with a few thousand cells, 274 defined names, 30 cell formats) and far below what would
    exhaust memory or time. docs/safety.md lists each with its reason; ``xmlscan`` enforces the XML ones."""

    max_file_bytes: int = 20_000_000  # compressed, on disk
    max_uncompressed_bytes: int = 100_000_000  # all parts unpacked
    max_compression_ratio: float = 150.0  # for parts over 1 MB unpacked (real sheets compress ~10:1)
    max_part_xml_bytes: int = 40_000_000  # one XML part, unpacked
    max_xml_elements: int = 1_500_000  # elements in all XML parts together (250,000 cells are ~750,000)
    max_cells: int = 250_000  # cells in all sheets together, merged/hyperlink/shared-formula areas included
    max_shared_strings: int = 250_000  # items in the shared-strings table
    max_shared_string_chars: int = 10_000_000  # characters in the shared-strings table, after XML decoding
    max_cell_formats: int = 64_000  # cell formats (xf records): Excel's own limit
    max_style_records: int = 64_000  # each of fonts, fills, borders, number formats, dxfs, named styles
    max_defined_names: int = 10_000  # defined names in the workbook
    max_relationships: int = 10_000  # relationships in one .rels part
    max_drawing_anchors: int = 10_000  # pictures, charts and shapes anchored in all drawings together
    max_text_chars: int = 2_000  # one text input (an employer, a role title, a note)
    max_format_code_chars: int = 255  # one number format code (Excel's own limit)
    max_formula_chars: int = 8_192  # one formula, in a cell or a defined name (Excel's own limit)


LIMITS = Limits()
