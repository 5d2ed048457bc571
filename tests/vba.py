"""Reading the source of a workbook's VBA modules (MS-OVBA: an OLE file of compressed module streams), so
tests can check which macros a workbook really has."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import olefile


def _decompress(data: bytes) -> bytes:
    """MS-OVBA 2.4.1 decompression of a compressed container (signature byte 0x01, then chunks)."""
    out, pos = bytearray(), 1
    while pos < len(data):
        header = int.from_bytes(data[pos : pos + 2], "little")
        pos += 2
        end, start = pos + (header & 0x0FFF) + 1, len(out)
        if not header & 0x8000:  # an uncompressed chunk: 4096 raw bytes
            out += data[pos : pos + 4096]
            pos += 4096
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags & (1 << bit):
                    out.append(data[pos])
                    pos += 1
                    continue
                token = int.from_bytes(data[pos : pos + 2], "little")
                pos += 2
                bits = max((len(out) - start - 1).bit_length(), 4)
                offset, length = (token >> (16 - bits)) + 1, (token & (0xFFFF >> bits)) + 3
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


def modules(workbook: Path) -> dict[str, str]:
    """Module name -> VBA source, for every code module of the workbook's VBA project."""
    with zipfile.ZipFile(workbook) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    out = {}
    for entry in ole.listdir():
        if entry[0] != "VBA" or entry[-1] in ("dir", "_VBA_PROJECT") or entry[-1].startswith("__SRP"):
            continue
        data = ole.openstream(entry).read()
        at = data.find(b"\x00Attribut")  # the compressed source starts 3 bytes before its first "Attribute"
        if at >= 3:
            out[entry[-1]] = _decompress(data[at - 3 :]).decode("latin-1")
    return out


def subs_without_arguments(workbook: Path) -> set[str]:
    """The public Subs Excel lists in Alt+F8 and offers in Assign Macro: those without parameters."""
    found = set()
    for source in modules(workbook).values():
        for m in re.finditer(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*\)", source, re.M | re.I):
            found.add(m.group(1))
    return found
