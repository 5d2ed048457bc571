"""Build the corpus of hostile and broken workbooks: ``python tests/corpus/generate.py [DIR]``.

Every file is made from the bundled example (or from nothing) by code here, so the corpus is reproducible and
reviewable; the tests build it into a temporary folder. Default DIR: tests/corpus/files (git-ignored).
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example-offers.xlsx"


def _rewrite(
    src: Path,
    dst: Path,
    replace: dict[str, bytes | Callable[[bytes], bytes]],
    add: dict[str, bytes] | None = None,
    level: int = zipfile.ZIP_DEFLATED,
) -> None:
    """Copy a workbook archive, replacing or transforming some parts and adding others."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", level) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in replace:
                r = replace[item.filename]
                data = r(data) if callable(r) else r
            zout.writestr(item.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def _edit(dst: Path, change: Callable[[openpyxl.Workbook], None]) -> None:
    wb = openpyxl.load_workbook(EXAMPLE)
    change(wb)
    wb.save(dst)


def _row(ws, key: str) -> int:
    return next(c.row for c in ws["A"] if c.value == key)


def _sheet_xml(name: str) -> str:
    """The archive path of a sheet of the example, by sheet name."""
    with zipfile.ZipFile(EXAMPLE) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(name)}"[^>]*r:id="(rId\d+)"', book)
    assert rid, name
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="/?(?:xl/)?([^"]+)"', rels)
    if target is None:
        target = re.search(rf'Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target, rid.group(1)
    return "xl/" + target.group(1)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    b"<si><t>&lol9;</t></si></sst>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    b"<si><t>&xxe;</t></si></sst>"
)


def not_zip(d: Path) -> Path:
    (p := d / "not-a-zip.xlsx").write_text("This is a letter, not a workbook.\n")
    return p


def truncated(d: Path) -> Path:
    (p := d / "truncated.xlsx").write_bytes(EXAMPLE.read_bytes()[: EXAMPLE.stat().st_size // 2])
    return p


def legacy_xls(d: Path) -> Path:
    """An OLE compound file header, as an old binary .xls starts (named .xlsx, as people do)."""
    (p := d / "legacy-renamed.xlsx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096)
    return p


def xls_extension(d: Path) -> Path:
    (p := d / "old.xls").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096)
    return p


def csv_renamed(d: Path) -> Path:
    (p := d / "csv-renamed.xlsx").write_text("employer,base_salary\nAnthropic,200000\n")
    return p


def encrypted(d: Path) -> Path | None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return None
    out = io.BytesIO()
    with open(EXAMPLE, "rb") as fh:
        OOXMLFile(fh).encrypt("secret", out)
    (p := d / "encrypted.xlsx").write_bytes(out.getvalue())
    return p


def _with_shared_strings(dst: Path, xml: bytes) -> None:
    """The example with a shared-strings part (openpyxl writes none) holding ``xml``."""

    def rels(data: bytes) -> bytes:
        return data.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/sharedStrings" '
            b'Target="sharedStrings.xml"/></Relationships>',
        )

    def types(data: bytes) -> bytes:
        return data.replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )

    _rewrite(
        EXAMPLE,
        dst,
        {"xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types},
        add={"xl/sharedStrings.xml": xml},
    )


def billion_laughs(d: Path) -> Path:
    _with_shared_strings(p := d / "billion-laughs.xlsx", LAUGHS)
    return p


def xxe(d: Path) -> Path:
    _with_shared_strings(p := d / "xxe.xlsx", XXE)
    return p


def zip_bomb(d: Path) -> Path:
    """A sheet that inflates to 200 MB of blanks from a few hundred kB."""

    def bomb(xml: bytes) -> bytes:
        return xml.replace(b"</worksheet>", b"<!--" + b" " * 200_000_000 + b"--></worksheet>")

    _rewrite(EXAMPLE, p := d / "zip-bomb.xlsx", {_sheet_xml("Start"): bomb})
    return p


def million_cells(d: Path) -> Path:
    """A sheet with 300,000 filled cells (300 rows x 1000 columns) of varied numbers, written as XML directly
    (varied, so it compresses like real data and is refused for its cells, not as a zip bomb)."""
    import random

    rng = random.Random(7)
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="R{r}" t="n"><v>{rng.random():.9f}</v></c>' for _ in range(1000)) + "</row>"
        for r in range(1, 301)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    ).encode()
    _rewrite(EXAMPLE, p := d / "million-cells.xlsx", {_sheet_xml("Start"): xml})
    return p


def missing_sheets(d: Path) -> Path:
    def change(wb):
        for name in ("Companies", "Roles", "Profile"):
            del wb[name]
        for name in [n for n in wb.defined_names if n.endswith("_currency")]:  # no Profile: no exchange rates
            sheet, coord = next(iter(wb.defined_names[name].destinations))
            if sheet in wb.sheetnames:
                wb[sheet][coord.replace("$", "")].value = None

    _edit(p := d / "missing-reference-sheets.xlsx", change)
    return p


def missing_offers(d: Path) -> Path:
    _edit(p := d / "missing-offers-sheet.xlsx", lambda wb: wb.remove(wb["Offers"]))
    return p


def renamed_offers(d: Path) -> Path:
    def change(wb):
        wb["Offers"].title = "My offers"

    _edit(p := d / "renamed-offers-sheet.xlsx", change)
    return p


def key_deleted(d: Path) -> Path:
    _edit(p := d / "key-deleted.xlsx", lambda wb: wb["Offers"].delete_rows(_row(wb["Offers"], "employer")))
    return p


def keys_moved(d: Path) -> Path:
    """Rows swapped (key with its values): rows are found by key, so nothing changes."""

    def change(wb):
        ws = wb["Offers"]
        a, b = _row(ws, "base_salary"), _row(ws, "role_title")
        for col in range(1, 10):
            ws.cell(a, col).value, ws.cell(b, col).value = ws.cell(b, col).value, ws.cell(a, col).value

    _edit(p := d / "keys-moved.xlsx", change)
    return p


def merged_inputs(d: Path) -> Path:
    def change(wb):
        r = _row(wb["Offers"], "base_salary")
        wb["Offers"].merge_cells(start_row=r, start_column=4, end_row=r, end_column=6)

    _edit(p := d / "merged-inputs.xlsx", change)
    return p


def _typed(d: Path, name: str, key: str, value, data_type: str) -> Path:
    def change(wb):
        cell = wb["Offers"].cell(_row(wb["Offers"], key), 4)
        cell.value = value
        cell.data_type = data_type

    _edit(p := d / name, change)
    return p


def div0(d: Path) -> Path:
    return _typed(d, "error-div0.xlsx", "base_salary", "#DIV/0!", "e")


def ref_error(d: Path) -> Path:
    return _typed(d, "error-ref.xlsx", "target_bonus_pct", "#REF!", "e")


def formula_input(d: Path) -> Path:
    return _typed(d, "formula-input.xlsx", "base_salary", "=100000*2", "f")


def date_for_number(d: Path) -> Path:
    import datetime as dt

    return _typed(d, "date-for-number.xlsx", "base_salary", dt.datetime(2026, 1, 1), "d")


def long_string(d: Path) -> Path:
    return _typed(d, "long-string.xlsx", "role_title", "x" * 10_000, "s")


def unicode_rtl(d: Path) -> Path:
    def change(wb):
        ws = wb["Offers"]
        ws.cell(_row(ws, "role_title"), 5).value = "باحث في السلامة 🔬 — Ω≈ç√ 研究员"
        ws.cell(_row(ws, "role_title"), 6).value = "\u202eRTL override\u202c and עברית"

    _edit(p := d / "unicode-rtl.xlsx", change)
    return p


def macro_enabled(d: Path) -> Path:
    from offersheet.workbook.macro import new_macro_workbook

    return new_macro_workbook(
        d / "with-vba.xlsm",
        [
            {
                "employer": "Anthropic",
                "role_category": "security",
                "employer_kind": "frontier_lab",
                "base_salary": 200000,
            }
        ],
    )


def external_link(d: Path) -> Path:
    """An external-link part pointing at a remote file, and a formula that uses it (with a saved result)."""
    link = (
        b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<externalBook r:id="rId1"><sheetNames><sheetName val="Data"/></sheetNames></externalBook>'
        b"</externalLink>"
    )
    link_rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/externalLinkPath" Target="http://attacker.invalid/data.xlsx" '
        b'TargetMode="External"/></Relationships>'
    )

    def book(xml: bytes) -> bytes:
        return xml.replace(
            b"</sheets>", b'</sheets><externalReferences><externalReference r:id="rIdX1"/></externalReferences>'
        )

    def rels(xml: bytes) -> bytes:
        return xml.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/externalLink" '
            b'Target="externalLinks/externalLink1.xml"/></Relationships>',
        )

    def types(xml: bytes) -> bytes:
        return xml.replace(
            b"</Types>",
            b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType='
            b'"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink'
            b'+xml"/></Types>',
        )

    _rewrite(
        EXAMPLE,
        p := d / "external-link.xlsx",
        {"xl/workbook.xml": book, "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types},
        add={"xl/externalLinks/externalLink1.xml": link, "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels},
    )
    return p


def bad_string_index(d: Path) -> Path:
    """A cell pointing past the end of the shared-strings table (openpyxl raises IndexError while reading)."""

    def offers(xml: bytes) -> bytes:
        out, n = re.subn(
            rb'<c r="D2"( s="\d+")? t="inlineStr"><is><t>[^<]*</t></is></c>', rb'<c r="D2"\1 t="s"><v>999</v></c>', xml
        )
        assert n == 1
        return out

    _rewrite(EXAMPLE, p := d / "bad-string-index.xlsx", {_sheet_xml("Offers"): offers})
    return p


def malformed_sheet(d: Path) -> Path:
    """The Offers sheet's XML cut off in the middle: not well-formed."""
    _rewrite(EXAMPLE, p := d / "malformed-sheet.xlsx", {_sheet_xml("Offers"): lambda xml: xml[: len(xml) // 2]})
    return p


def _with_entry(dst: Path, name: str, data: bytes) -> Path:
    """The example plus one more archive entry under a raw name (zipfile would clean a NUL or a backslash
    out of a name given to ZipInfo, so the name is set afterwards, as a crafted file would carry it)."""
    import warnings

    _rewrite(EXAMPLE, dst, {})
    info = zipfile.ZipInfo("placeholder")
    info.filename = name
    info.compress_type = zipfile.ZIP_DEFLATED
    with warnings.catch_warnings(), zipfile.ZipFile(dst, "a") as z:
        warnings.simplefilter("ignore")  # "Duplicate name": the point of some of these files
        z.writestr(info, data)
    return dst


def duplicate_part(d: Path) -> Path:
    """A second Offers sheet part with other data: which copy a reader shows is up to the reader."""
    name = _sheet_xml("Offers")
    with zipfile.ZipFile(EXAMPLE) as z:
        other = z.read(name).replace(b"310000", b"999999")
    return _with_entry(d / "duplicate-part.xlsx", name, other)


def duplicate_part_case(d: Path) -> Path:
    """The same part name again in other letter case: part names compare case-insensitively."""
    return _with_entry(d / "duplicate-part-case.xlsx", "XL/workbook.xml", b"<workbook/>")


def parent_traversal(d: Path) -> Path:
    return _with_entry(d / "parent-traversal.xlsx", "../../evil.txt", b"written outside the package?")


def absolute_name(d: Path) -> Path:
    return _with_entry(d / "absolute-name.xlsx", "/tmp/evil.txt", b"written outside the package?")


def backslash_name(d: Path) -> Path:
    return _with_entry(d / "backslash-name.xlsx", "xl\\..\\..\\evil.txt", b"a Windows path")


def drive_letter_name(d: Path) -> Path:
    return _with_entry(d / "drive-letter-name.xlsx", "C:/evil.txt", b"a drive")


def nul_name(d: Path) -> Path:
    return _with_entry(d / "nul-name.xlsx", "xl/media/image1.png\0.exe", b"MZ")


def invalid_part_name(d: Path) -> Path:
    return _with_entry(d / "invalid-part-name.xlsx", "xl/media/my picture.png", b"a space is not a part name")


def _patched_sheet(d: Path, name: str, sheet: str, change: Callable[[bytes], bytes]) -> Path:
    _rewrite(EXAMPLE, p := d / name, {_sheet_xml(sheet): change})
    return p


def merge_bomb(d: Path) -> Path:
    """One merged range over the whole grid: a few bytes that a reader may turn into 17 billion cells."""
    return _patched_sheet(
        d,
        "merge-bomb.xlsx",
        "Asks",
        lambda xml: xml.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
        ),
    )


def hyperlink_bomb(d: Path) -> Path:
    return _patched_sheet(
        d,
        "hyperlink-bomb.xlsx",
        "Asks",
        lambda xml: xml.replace(
            b"</sheetData>", b'</sheetData><hyperlinks><hyperlink ref="A1:XFD1048576" display="x"/></hyperlinks>'
        ),
    )


def shared_formula_bomb(d: Path) -> Path:
    """A shared formula spread over the whole grid (a reader translating it cell by cell never finishes)."""
    return _patched_sheet(
        d,
        "shared-formula-bomb.xlsx",
        "Asks",
        lambda xml: (
            xml.replace(
                b"<sheetData>",
                b'<sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:XFD1048576" si="0">1+1</f><v>2</v></c></row>',
                1,
            )
            if b"<sheetData>" in xml
            else xml.replace(
                b"<sheetData/>",
                b'<sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:XFD1048576" si="0">1+1</f>'
                b"<v>2</v></c></row></sheetData>",
            )
        ),
    )


def _many_cells(prefix: str) -> bytes:
    import random

    rng = random.Random(11)
    p = f"{prefix}:" if prefix else ""
    rows = "".join(
        f'<{p}row r="{r}">'
        + "".join(f"<{p}c><{p}v>{rng.random():.9f}</{p}v></{p}c>" for _ in range(1000))
        + f"</{p}row>"
        for r in range(1, 301)
    )
    ns = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {ns}="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><{p}sheetData>{rows}</{p}sheetData></{p}worksheet>'
    ).encode()


def prefixed_cells(d: Path) -> Path:
    """300,000 cells written as <x:c> without references: the cell limit counts elements by name."""
    _rewrite(EXAMPLE, p := d / "prefixed-cells.xlsx", {_sheet_xml("Start"): _many_cells("x")})
    return p


def sheet_outside_worksheets(d: Path) -> Path:
    """A sheet with 300,000 cells stored outside xl/worksheets/, where the relationships say it is."""
    start = _sheet_xml("Start")
    moved = "xl/elsewhere/start.xml"

    def rels(xml: bytes) -> bytes:
        return xml.replace(f'Target="{start.removeprefix("xl/")}"'.encode(), b'Target="elsewhere/start.xml"').replace(
            f'Target="/{start}"'.encode(), b'Target="/xl/elsewhere/start.xml"'
        )

    def types(xml: bytes) -> bytes:
        return xml.replace(f'PartName="/{start}"'.encode(), b'PartName="/xl/elsewhere/start.xml"')

    with zipfile.ZipFile(EXAMPLE) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[moved] = _many_cells("")
    del parts[start]
    parts["xl/_rels/workbook.xml.rels"] = rels(parts["xl/_rels/workbook.xml.rels"])
    parts["[Content_Types].xml"] = types(parts["[Content_Types].xml"])
    old_rels = start.replace("worksheets/", "worksheets/_rels/") + ".rels"
    parts.pop(old_rels, None)  # its drawing (the buttons) stays behind, unreferenced
    with zipfile.ZipFile(p := d / "sheet-outside-worksheets.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return p


def long_number_format(d: Path) -> Path:
    """A 41 kB number format of repeated '[' (a quadratic regex in one reader ran for over an hour)."""

    def styles(xml: bytes) -> bytes:
        code = b"[" * 41_000
        return xml.replace(
            b"<fonts", b'<numFmts count="1"><numFmt numFmtId="200" formatCode="' + code + b'"/></numFmts><fonts', 1
        )

    _rewrite(EXAMPLE, p := d / "long-number-format.xlsx", {"xl/styles.xml": styles})
    return p


def long_formula(d: Path) -> Path:
    return _patched_sheet(
        d,
        "long-formula.xlsx",
        "Asks",
        lambda xml: xml.replace(
            b"<sheetData>", b'<sheetData><row r="1"><c r="A1"><f>' + b"1+" * 6_000 + b"1</f><v>6001</v></c></row>", 1
        ),
    )


def encrypted_entry(d: Path) -> Path:
    """An archive entry flagged as encrypted with a zip password (the flag set in both of its headers)."""
    _rewrite(EXAMPLE, p := d / "encrypted-entry.xlsx", {})
    data = bytearray(p.read_bytes())
    with zipfile.ZipFile(p) as z:
        local = z.getinfo("docProps/app.xml").header_offset
    data[local + 6] |= 0x01  # local header: signature, version needed, then the flags
    data[_central_entry(data, "docProps/app.xml") + 8] |= 0x01  # central directory: ..., version needed, flags
    p.write_bytes(bytes(data))
    return p


def _central_entry(data: bytearray, name: str) -> int:
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        n = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + n].decode() == name:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise ValueError(name)


def unknown_compression(d: Path) -> Path:
    """An entry compressed with bzip2, which workbooks never use."""
    with zipfile.ZipFile(EXAMPLE) as zin, zipfile.ZipFile(p := d / "bzip2-entry.xlsx", "w") as zout:
        for item in zin.infolist():
            method = zipfile.ZIP_BZIP2 if item.filename == "docProps/app.xml" else zipfile.ZIP_DEFLATED
            zout.writestr(item.filename, zin.read(item.filename), compress_type=method)
    return p


def no_workbook_part(d: Path) -> Path:
    with (
        zipfile.ZipFile(EXAMPLE) as zin,
        zipfile.ZipFile(p := d / "no-workbook-part.xlsx", "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            if item.filename != "xl/workbook.xml":
                zout.writestr(item.filename, zin.read(item.filename))
    return p


def huge_money(d: Path) -> Path:
    return _typed(d, "huge-money.xlsx", "base_salary", 1e308, "n")


BUILDERS: tuple[Callable[[Path], Path | None], ...] = (
    not_zip,
    truncated,
    legacy_xls,
    xls_extension,
    csv_renamed,
    encrypted,
    billion_laughs,
    xxe,
    zip_bomb,
    million_cells,
    missing_sheets,
    missing_offers,
    renamed_offers,
    key_deleted,
    keys_moved,
    merged_inputs,
    div0,
    ref_error,
    formula_input,
    date_for_number,
    long_string,
    unicode_rtl,
    macro_enabled,
    external_link,
    bad_string_index,
    malformed_sheet,
    duplicate_part,
    duplicate_part_case,
    parent_traversal,
    absolute_name,
    backslash_name,
    drive_letter_name,
    nul_name,
    invalid_part_name,
    merge_bomb,
    hyperlink_bomb,
    shared_formula_bomb,
    prefixed_cells,
    sheet_outside_worksheets,
    long_number_format,
    long_formula,
    encrypted_entry,
    unknown_compression,
    no_workbook_part,
    huge_money,
)


from tests.corpus import round3  # noqa: E402  (its builders use the helpers above)

BUILDERS += round3.BUILDERS


def build(folder: Path) -> dict[str, Path]:
    """Write every corpus file into ``folder``; returns builder name -> path (absent when it cannot be made)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for b in BUILDERS:
        path = b(folder)
        if path is not None:
            out[b.__name__] = path
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "files"
    if target.exists():
        shutil.rmtree(target)
    for name, path in build(target).items():
        print(f"{name:24} {path.stat().st_size:>10,}  {path.name}")
