"""Every corpus file written again in the other legal spellings of XML, mechanically.

XML says the same thing many ways: either quote, whitespace around ``=``, character references for any
character, CDATA for text, an end tag for an empty element, any namespace prefix (non-ASCII included). A check
that reads the spelling instead of the structure passes one and misses another; ``tests/workbook/test_variants.py``
asserts that every file's outcome is the same in every spelling. Parts that cannot be re-spelled faithfully
(not well-formed, or declaring a DTD, whose entities a rewrite would expand) are kept byte for byte.
"""

from __future__ import annotations

import contextlib
import zipfile
from pathlib import Path
from xml.parsers import expat

STYLES = ("single_quotes", "spaced_equals", "char_refs", "cdata", "end_tags", "prefix")
PREFIX = "ß"  # a non-ASCII namespace prefix (a letter: legal in an XML name)
MAX_REWRITE_BYTES = 100_000_000


class _Keep(Exception):
    """This part cannot be re-spelled faithfully: keep its bytes."""


_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_REFS = str.maketrans(
    {
        **{chr(c): f"&#{c};" for c in range(128) if chr(c).isalnum()},
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\r": "&#13;",
    }
)  # letters and digits as references
_IN_ATTR = str.maketrans({"\t": "&#9;", "\n": "&#10;", '"': "&quot;", "'": "&apos;"})


def _text(text: str, style: str) -> str:
    if style == "cdata" and text.strip():
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return text.translate(_REFS if style == "char_refs" else _ESCAPE)


def respell(data: bytes, style: str) -> bytes:
    """One XML part in ``style``; raises :class:`_Keep` when it cannot be re-spelled."""
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n']
    pending: list[str] = []  # a start tag not yet closed: '>' or '/>' depends on what comes next
    prefixes: list[str | None] = []  # the prefix standing for the default namespace, per open element
    counter = [0]
    table = _REFS if style == "char_refs" else _ESCAPE
    quote = "'" if style == "single_quotes" else '"'
    sep = " = " if style == "spaced_equals" else "="
    gap = "\n\t " if style == "spaced_equals" else " "
    empty_end = "" if style == "end_tags" else (" />" if style == "spaced_equals" else "/>")
    renaming = style == "prefix"

    def name_of(name: str) -> str:
        if renaming and prefixes and prefixes[-1] and ":" not in name:
            return f"{prefixes[-1]}:{name}"
        return name

    def start(name: str, attrs: list[str]) -> None:
        if pending:
            out.append(pending.pop() + ">")
        if renaming:
            current = prefixes[-1] if prefixes else None
            for i in range(0, len(attrs), 2):
                if attrs[i] == "xmlns":
                    current = None
                    if attrs[i + 1]:
                        counter[0] += 1
                        current = PREFIX if counter[0] == 1 else f"{PREFIX}{counter[0]}"
                        attrs[i] = f"xmlns:{current}"
            prefixes.append(current)
        tag = ["<", name_of(name)]
        for i in range(0, len(attrs), 2):
            tag += (gap, attrs[i], sep, quote, attrs[i + 1].translate(table).translate(_IN_ATTR), quote)
        pending.append("".join(tag))

    def end(name: str) -> None:
        if pending and empty_end:
            out.append(pending.pop() + empty_end)
        else:
            if pending:
                out.append(pending.pop() + ">")
            out.append(f"</{name_of(name)}>")
        if renaming:
            prefixes.pop()

    def text(data: str) -> None:
        if pending:
            out.append(pending.pop() + ">")
        out.append(_text(data, style))

    def refuse(*_: object) -> None:
        raise _Keep

    def pi(target: str, data: str) -> None:
        text("")
        out.append(f"<?{target} {data}?>")

    def comment(data: str) -> None:
        text("")
        out.append(f"<!--{data}-->")

    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.ProcessingInstructionHandler = pi
    parser.CommentHandler = comment
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        raise _Keep from None
    return "".join(out).encode("utf-8")


def write_variant(src: Path, dst: Path, style: str) -> bool:
    """``src`` with every XML part re-spelled in ``style``; False when the archive cannot be read as one."""
    try:
        with zipfile.ZipFile(src) as zin:
            infos = zin.infolist()
            if sum(i.file_size for i in infos) > MAX_REWRITE_BYTES:
                return False
            with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
                for info in infos:
                    data = zin.read(info)
                    if info.filename.lower().endswith((".xml", ".rels")):
                        with contextlib.suppress(_Keep):
                            data = respell(data, style)
                    zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError, EOFError):
        return False
    return True
