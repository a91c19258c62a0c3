"""Safe parsing of one in-memory XML payment message.

Payment messages arrive from counterparties and gateways we do not control; a DOCTYPE in
a pacs.008 is never legitimate, so it is refused before lxml sees the bytes (XXE and
billion-laughs both need one), and the parser runs with entity resolution, DTD loading
and network access off. Every failure is a ``MessageError`` naming the source.
"""

from __future__ import annotations

from lxml import etree

from redline.errors import MessageError, explain_encoding_error

#: Largest single message accepted; a pain.001 batch of thousands of payments fits.
MAX_MESSAGE_BYTES = 32 * 1024 * 1024
#: ISO 20022 messages nest ~12 levels deep; far deeper is an attack on the parser.
MAX_DEPTH = 48


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
        remove_comments=True, remove_pis=True, recover=False,
    )


def parse_xml(data: bytes, source: str) -> etree._Element:
    """Root element of ``data``, or a MessageError saying why it was refused."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise MessageError(
            f"message is {len(data)} bytes, above the {MAX_MESSAGE_BYTES} limit", source=source
        )
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise MessageError(
            "hostile XML refused: the message declares a DOCTYPE/ENTITY (possible XXE or "
            "entity-expansion attack); payment messages never do",
            source=source, field="DOCTYPE",
        )
    if not data.strip():
        raise MessageError("message is empty", source=source)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        msg = str(exc.msg or exc)
        ended_early = not data.rstrip().endswith(b">")
        if ended_early or "Premature end" in msg or "end of data" in msg.lower():
            msg = f"message ends early (truncated?): {msg}"
        else:
            msg = explain_encoding_error(msg, data)
        line = f" (line {exc.lineno})" if exc.lineno else ""
        raise MessageError(f"malformed XML{line}: {msg}", source=source) from exc
    except ValueError as exc:  # e.g. bad encoding declaration
        raise MessageError(f"unreadable XML: {exc}", source=source) from exc
    if root is None:
        raise MessageError("no XML root element", source=source)
    _check_depth(root, source)
    return root


def _check_depth(root: etree._Element, source: str) -> None:
    stack = [(root, 1)]
    while stack:
        elem, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise MessageError(f"XML nested deeper than {MAX_DEPTH} levels", source=source,
                               field=local(elem.tag))
        stack.extend((child, depth + 1) for child in elem)


def local(tag: object) -> str:
    """Tag without namespace: the same message type ships under several namespaces."""
    return str(tag).rsplit("}", 1)[-1]


def namespace(tag: object) -> str:
    text = str(tag)
    return text[1:].split("}", 1)[0] if text.startswith("{") else ""


def text_of(elem: etree._Element) -> str:
    return " ".join((elem.text or "").split())
