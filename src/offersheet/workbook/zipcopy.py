"""Writing a workbook's zip with the parts offersheet did not change copied as stored: never re-compressed.

Python's ``zipfile`` has no public way to write an entry from its already-compressed bytes: ``writestr`` and
``open(..., "w")`` always compress what they are given, so copying a part with them means inflating and
deflating it again (most of the writer's time on a large workbook, and a part that is no longer byte for byte
the one the person's application stored). The ZIP format itself is simple and fixed (PKWARE's APPNOTE): each
entry is a local header, its data, and a line in the central directory at the end. This module writes exactly
that, with ``struct``: a copied entry's compressed bytes, CRC and sizes come from the source archive unchanged;
a new or changed part is deflated here with ``zlib``. ``zipfile`` still reads every archive (the source, and
the tests' reading of what this writes, which checks each CRC).

Entries keep their order, names, dates, attributes, comments and extra fields (less any ZIP64 field: a
workbook within ``limits`` never needs ZIP64, and one that would is refused). A trailing data descriptor is
not carried over: its CRC and sizes are written into the local header instead, as the central directory has
them.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

LOCAL = struct.Struct("<4s2B4HL2L2H")  # the layout zipfile reads (zipfile.structFileHeader)
CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir
END = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive
SIG_LOCAL, SIG_CENTRAL, SIG_END = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
DATA_DESCRIPTOR, UTF8_NAMES = 0x08, 0x800
ZIP64_EXTRA = 0x0001
LIMIT_32, LIMIT_16 = 0xFFFFFFFF, 0xFFFF
NEW_PART_DATE = (1980, 1, 1, 0, 0, 0)
NEW_PART_ATTRIBUTES = 0o600 << 16  # rw for the owner, as zipfile gives a new entry
MADE_BY_UNIX = 3


def write_zip(source: BinaryIO, infos: list[zipfile.ZipInfo], target: Path, replaced: Mapping[str, bytes],
              removed: set[str], added: Mapping[str, bytes], comment: bytes = b"") -> None:
    """Write ``target``: the entries of ``infos`` (read from the open ``source`` archive) in their order, less
    ``removed``, with ``replaced`` parts' new content, then the ``added`` parts."""
    central: list[bytes] = []
    with open(target, "wb") as out:
        for info in infos:
            if info.filename in removed:
                continue
            if info.filename in replaced:
                entry = _new_entry(info, replaced[info.filename], info.compress_type)
            else:
                entry = _copied_entry(source, info)
            central.append(_write_entry(out, entry))
        for name, data in added.items():
            fresh = zipfile.ZipInfo(name, NEW_PART_DATE)
            fresh.create_system, fresh.external_attr = MADE_BY_UNIX, NEW_PART_ATTRIBUTES
            central.append(_write_entry(out, _new_entry(fresh, data, zipfile.ZIP_DEFLATED)))
        start = out.tell()
        for record in central:
            out.write(record)
        size = out.tell() - start
        if len(central) > LIMIT_16 or start > LIMIT_32 or size > LIMIT_32:
            raise zipfile.LargeZipFile("the workbook would need ZIP64, which workbooks within limits never do")
        out.write(END.pack(SIG_END, 0, 0, len(central), len(central), size, start, len(comment)) + comment)


class _Entry:
    """One entry as it will be written: its central-directory fields and its (compressed) data."""

    def __init__(self, info: zipfile.ZipInfo, flags: int, method: int, crc: int, size: int, data: bytes,
                 local_extra: bytes) -> None:
        self.info, self.flags, self.method, self.crc, self.size, self.data = info, flags, method, crc, size, data
        self.local_extra = local_extra
        self.name = info.orig_filename.encode("utf-8" if flags & UTF8_NAMES else "cp437")


def _new_entry(info: zipfile.ZipInfo, content: bytes, method: int) -> _Entry:
    """A part with new content, compressed here (stored parts stay stored)."""
    if method == zipfile.ZIP_DEFLATED:
        packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # raw deflate, as zipfile does
        data = packer.compress(content) + packer.flush()
    else:
        method, data = zipfile.ZIP_STORED, content
    flags = 0 if info.filename.isascii() else UTF8_NAMES
    return _Entry(info, flags, method, zlib.crc32(content), len(content), data, _without_zip64(info.extra))


def _copied_entry(source: BinaryIO, info: zipfile.ZipInfo) -> _Entry:
    """A part copied as the source stores it: its compressed bytes, never inflated."""
    source.seek(info.header_offset)
    header = source.read(LOCAL.size)
    fields = LOCAL.unpack(header) if len(header) == LOCAL.size else None
    if fields is None or fields[0] != SIG_LOCAL:
        raise zipfile.BadZipFile(f"no local header for {info.filename!r}")
    name, local_extra = source.read(fields[-2]), source.read(fields[-1])
    entry = _Entry(info, info.flag_bits & ~DATA_DESCRIPTOR, info.compress_type, info.CRC, info.file_size,
                   source.read(info.compress_size), _without_zip64(local_extra))
    if name != entry.name or len(entry.data) != info.compress_size:  # what zipfile itself checks on reading
        raise zipfile.BadZipFile(f"the local header of {info.filename!r} does not match the directory")
    return entry


def _write_entry(out: BinaryIO, entry: _Entry) -> bytes:
    """Write the local header and data; return the entry's central-directory record."""
    info, offset = entry.info, out.tell()
    if max(offset, entry.size, len(entry.data)) > LIMIT_32:
        raise zipfile.LargeZipFile(f"{info.filename} would need ZIP64, which workbooks within limits never do")
    y, mo, d, h, mi, s = info.date_time
    date, time = (y - 1980) << 9 | mo << 5 | d, h << 11 | mi << 5 | s // 2
    out.write(LOCAL.pack(SIG_LOCAL, info.extract_version, 0, entry.flags, entry.method, time, date, entry.crc,
                         len(entry.data), entry.size, len(entry.name), len(entry.local_extra)))
    out.write(entry.name + entry.local_extra)
    out.write(entry.data)
    extra, comment = _without_zip64(info.extra), info.comment
    return CENTRAL.pack(SIG_CENTRAL, info.create_version, info.create_system, info.extract_version, 0,
                        entry.flags, entry.method, time, date, entry.crc, len(entry.data), entry.size,
                        len(entry.name), len(extra), len(comment), 0, info.internal_attr, info.external_attr,
                        offset) + entry.name + extra + comment


def _without_zip64(extra: bytes) -> bytes:
    """An extra field without its ZIP64 record (the sizes go in the headers themselves)."""
    kept, at = [], 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack_from("<2H", extra, at)
        if kind != ZIP64_EXTRA:
            kept.append(extra[at:at + 4 + size])
        at += 4 + size
    return b"".join(kept) + extra[at:]
