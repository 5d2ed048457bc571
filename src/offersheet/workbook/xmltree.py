"""A part of a person's workbook as a tree: parsed through defusedxml, written back with its own prefixes.

ElementTree keeps names as ``{namespace}local`` and forgets how a document spelled them: on writing it invents
``ns0:`` prefixes and drops every declaration no element or attribute name uses. Office files need both: an
``mc:Ignorable="x14ac xr"`` attribute names prefixes in its *value*, so ``xmlns:x14ac`` and ``xmlns:xr`` must
survive even where nothing is named with them. :class:`XmlPart` therefore records each element's namespace
declarations as the parser reports them, and :meth:`XmlPart.to_bytes` writes them back where they were, with
names spelled through the prefixes in scope. Comments, processing instructions, the XML declaration's
``standalone`` and all character data are kept; what changes is only spelling that XML says is the same
(quotes, character references, CDATA, the encoding, which becomes UTF-8).

Parsing goes through defusedxml's parser with DTDs refused: a workbook part never has one, and a DTD is how
entity-expansion and external-entity attacks arrive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from xml.etree.ElementTree import Comment, Element, ParseError, ProcessingInstruction, TreeBuilder

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

XML_NS = "http://www.w3.org/XML/1998/namespace"
# Prefixes to use when a namespace must be declared afresh (an element offersheet adds in a namespace the part
# does not declare yet): the ones Office itself uses.
USUAL_PREFIXES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": "r",
    "http://schemas.openxmlformats.org/markup-compatibility/2006": "mc",
}


class XmlError(ValueError):
    """A part that is not well-formed XML, or declares a DTD."""


class _Builder(TreeBuilder):
    """A tree builder that also remembers which namespaces each element declares, and the comments and
    processing instructions before and after the root element (ElementTree would drop them)."""

    def __init__(self) -> None:
        super().__init__(insert_comments=True, insert_pis=True)
        self.declared: dict[Element, list[tuple[str, str]]] = {}
        self.pending: list[tuple[str, str]] = []
        self.depth = 0
        self.before: list[Element] = []
        self.after: list[Element] = []

    def start_ns(self, prefix: str, uri: str) -> None:
        self.pending.append((prefix or "", uri))

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        elem = super().start(tag, attrs)
        if self.pending:
            self.declared[elem] = self.pending
            self.pending = []
        self.depth += 1
        return elem

    def end(self, tag: str) -> Element:
        self.depth -= 1
        if self.depth == 0:
            self.before, self.after = self.after, []  # what came so far was before the root
        return super().end(tag)

    def comment(self, text: str | None) -> Element:
        return self._outside(super().comment(text))

    def pi(self, target: str, text: str | None = None) -> Element:
        return self._outside(super().pi(target, text))

    def _outside(self, node: Element) -> Element:
        if self.depth == 0:
            self.after.append(node)
        return node


class XmlPart:
    """A parsed part: its root element, the namespace declarations made on each element, and its prolog."""

    def __init__(self, data: bytes) -> None:
        builder = _Builder()
        parser = DefusedXMLParser(target=builder, forbid_dtd=True)
        self.standalone: int = -1  # as expat reports it: -1 not said, 0 "no", 1 "yes"
        self.declaration = False

        def xml_decl(_version: str | None, _encoding: str | None, standalone: int) -> None:
            self.declaration, self.standalone = True, standalone

        parser.parser.XmlDeclHandler = xml_decl
        try:
            parser.feed(data)
            root = parser.close()
        except (ParseError, DefusedXmlException) as exc:
            raise XmlError(str(exc)) from None
        self.root: Element = root
        self.declared = builder.declared
        self.before, self.after = builder.before, builder.after

    def declare(self, elem: Element, prefix: str, uri: str) -> None:
        """Declare a namespace on an element (a part that lacks a declaration offersheet's addition needs)."""
        self.declared.setdefault(elem, []).append((prefix, uri))

    def prefix_on_root(self, uri: str) -> str | None:
        """The non-default prefix the root element declares for ``uri``, if any."""
        return next((p for p, u in self.declared.get(self.root, ()) if u == uri and p), None)

    def to_bytes(self) -> bytes:
        standalone = {0: ' standalone="no"', 1: ' standalone="yes"'}.get(self.standalone, "")
        out = [f'<?xml version="1.0" encoding="UTF-8"{standalone}?>\n']
        for node in self.before:
            _write(out, node, {}, self.declared)
        _write(out, self.root, {"xml": XML_NS}, self.declared)
        for node in self.after:
            _write(out, node, {}, self.declared)
        return "".join(out).encode("utf-8")


def namespace(elem: Element) -> str:
    """The namespace of an element's name ("" when it has none)."""
    tag = elem.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def child_elements(elem: Element) -> Iterator[Element]:
    """The element children of ``elem`` (comments and processing instructions skipped)."""
    return (c for c in elem if isinstance(c.tag, str))


def canonical(elem: Element) -> tuple[object, ...]:
    """What an element says, without how it was spelled: name, attributes (any order), text and children."""
    return (
        elem.tag,
        tuple(sorted(elem.attrib.items())),
        (elem.text or "").strip(),
        tuple(canonical(c) for c in child_elements(elem)),
    )


def fragment(xml: str, default_namespace: str) -> Element:
    """An element written by offersheet itself (a trusted constant), in the given default namespace."""
    builder = TreeBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    parser.feed(f'<fragment xmlns="{default_namespace}">{xml}</fragment>')
    return next(iter(parser.close()))


# Characters XML 1.0 cannot hold, written as Excel's _xHHHH_ escapes (what Excel itself writes for them).
_NOT_XML = {c: f"_x{c:04X}_" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}


def cell_text(value: str) -> str:
    """Text as a cell holds it: characters XML cannot hold as Excel's _xHHHH_ escapes."""
    return value.translate(_NOT_XML)


def escape(text: str) -> str:
    """XML character data (xml.sax.saxutils' escape without its import of urllib, ssl and email: 20 ms)."""
    return _escape_text(text)


def quoteattr(text: str) -> str:
    """An attribute value, quoted."""
    return f'"{_escape_attr(text)}"'


# --- writing ----------------------------------------------------------------------------------------------------


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _escape_attr(text: str) -> str:
    return _escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _prefix_for(uri: str, scope: dict[str, str], attribute: bool) -> str | None:
    """The prefix in ``scope`` (prefix -> uri, latest binding last) to spell a name in ``uri`` with: "" for
    the default namespace (elements only), None when no prefix in scope is bound to it."""
    if not attribute and scope.get("") == uri:
        return ""
    for prefix in reversed(scope):
        if prefix and scope[prefix] == uri:
            return prefix
    return None


def _fresh_prefix(uri: str, scope: dict[str, str]) -> str:
    prefix = base = USUAL_PREFIXES.get(uri, "ns")
    n = 0
    while prefix in scope:
        n += 1
        prefix = f"{base}{n}"
    return prefix


def _write(
    out: list[str], elem: Element, outer: dict[str, str], declared: dict[Element, list[tuple[str, str]]]
) -> None:
    tag: object = elem.tag
    if tag is Comment:
        out.append(f"<!--{elem.text or ''}-->")
    elif tag is ProcessingInstruction:
        out.append(f"<?{elem.text or ''}?>")
    else:
        _write_element(out, elem, outer, declared)
    if elem.tail:
        out.append(_escape_text(elem.tail))


def _write_element(
    out: list[str], elem: Element, outer: dict[str, str], declared: dict[Element, list[tuple[str, str]]]
) -> None:
    decls = list(declared.get(elem, ()))
    scope = outer
    if decls:
        scope = dict(outer)
        for declared_prefix, uri in decls:
            scope.pop(declared_prefix, None)  # re-inserted last: the latest binding is looked up first
            scope[declared_prefix] = uri
    names = []
    for n, qualified in enumerate((str(elem.tag), *elem.attrib)):
        if not qualified.startswith("{"):
            if n == 0 and scope.get(""):  # an element in no namespace under a default one
                scope = {**scope, "": ""}
                decls.append(("", ""))
            names.append(qualified)
            continue
        uri, local = qualified[1:].split("}", 1)
        prefix = _prefix_for(uri, scope, attribute=n > 0)
        if prefix is None:  # offersheet added a name in a namespace this part does not declare here
            fresh = _fresh_prefix(uri, scope)
            scope = {**scope, fresh: uri}
            decls.append((fresh, uri))
            prefix = fresh
        names.append(f"{prefix}:{local}" if prefix else local)
    name = names[0]
    out.append(f"<{name}")
    out.extend(f' xmlns{":" + p if p else ""}="{_escape_attr(u)}"' for p, u in decls)
    out.extend(f' {k}="{_escape_attr(v)}"' for k, v in zip(names[1:], elem.attrib.values(), strict=True))
    if elem.text is None and len(elem) == 0:
        out.append("/>")
        return
    out.append(">")
    if elem.text:
        out.append(_escape_text(elem.text))
    for child in elem:
        _write(out, child, scope, declared)
    out.append(f"</{name}>")


def elements_named(parent: Element, qualified: str) -> Iterable[Element]:
    """The children of ``parent`` with the name ``{uri}local``."""
    return (c for c in parent if c.tag == qualified)
