"""The writer's zip: unchanged parts keep the very bytes the person's application stored; zipfile reads it all."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from offersheet.workbook.zipcopy import write_zip


def _stored(path: Path) -> dict[str, bytes]:
    """Each entry's data as stored in the archive (compressed), read from its local header."""
    out = {}
    with zipfile.ZipFile(path) as z, open(path, "rb") as fh:
        for info in z.infolist():
            fh.seek(info.header_offset)
            header = fh.read(30)
            name_len, extra_len = struct.unpack("<2H", header[26:30])
            fh.seek(name_len + extra_len, 1)
            out[info.filename] = fh.read(info.compress_size)
    return out


class Unseekable:
    """A stream zipfile cannot seek back in: it writes each entry's sizes in a data descriptor after it."""

    def __init__(self) -> None:
        self.data = io.BytesIO()

    def write(self, b: bytes) -> int:
        return self.data.write(b)

    def flush(self) -> None:
        pass


def _source(path: Path) -> Path:
    """An archive as another application might write it: compressed at another level (so re-compressing would
    change the bytes), one part stored, a non-ASCII name, a comment, and data descriptors (streamed)."""
    stream = Unseekable()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.comment = b"made elsewhere"
        z.writestr("[Content_Types].xml", b"<Types/>" * 200)
        z.writestr("xl/media/image1.png", bytes(range(256)) * 50, zipfile.ZIP_STORED)
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b"<row/>" * 2000 + b"</worksheet>")
        z.writestr("customXml/\u00e9t\u00e9.xml", b"<x>summer</x>" * 100)
        with z.open("xl/streamed.bin", "w") as fh:
            fh.write(b"streamed " * 500)
    path.write_bytes(stream.data.getvalue())
    return path


def test_unchanged_parts_are_copied_as_stored_and_changed_ones_rewritten(tmp_path):
    src = _source(tmp_path / "in.xlsx")
    target = tmp_path / "out.xlsx"
    with open(src, "rb") as fh, zipfile.ZipFile(fh) as z:
        infos = z.infolist()
        assert any(i.flag_bits & 0x08 for i in infos)  # the source really has a data descriptor
        write_zip(fh, infos, target, {"[Content_Types].xml": b"<Types>new</Types>"}, {"xl/worksheets/sheet1.xml"},
                  {"xl/added.xml": b"<added/>"}, z.comment)
    before, after = _stored(src), _stored(target)
    with zipfile.ZipFile(target) as out, zipfile.ZipFile(src) as original:
        assert out.testzip() is None  # every CRC checks
        assert out.namelist() == ["[Content_Types].xml", "xl/media/image1.png", "customXml/\u00e9t\u00e9.xml",
                                  "xl/streamed.bin", "xl/added.xml"]
        assert out.read("[Content_Types].xml") == b"<Types>new</Types>" and out.read("xl/added.xml") == b"<added/>"
        assert out.comment == b"made elsewhere"
        for name in ("xl/media/image1.png", "customXml/\u00e9t\u00e9.xml", "xl/streamed.bin"):
            assert after[name] == before[name], name  # the stored bytes themselves, not re-compressed
            assert out.read(name) == original.read(name)
            new, old = out.getinfo(name), original.getinfo(name)
            assert (new.date_time, new.compress_type, new.external_attr, new.CRC) == \
                (old.date_time, old.compress_type, old.external_attr, old.CRC)
        assert out.getinfo("xl/media/image1.png").compress_type == zipfile.ZIP_STORED
