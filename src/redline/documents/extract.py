"""Bytes → text for document screening: plain text, HTML and PDF, checked like hostile input.

A document arrives from anywhere (mail attachments, scraped news, remittance exports),
so it is decoded strictly: binary data and text in an unexpected encoding fail with a
message that says which, and where, instead of being screened as mojibake that can
never match a name. HTML is parsed by lxml with network access off and without
resolving external entities; scripts and styles are dropped and block elements end
lines so that names in neighbouring cells do not run together.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from redline.documents.settings import document_config
from redline.errors import MessageError

_HTML_SNIFF = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<p[\s>]|<div[\s>]|<table[\s>])", re.I)
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
    "article", "header", "footer", "blockquote", "pre", "title", "dt", "dd", "ul", "ol", "hr",
})
_DROP_TAGS = ("script", "style", "noscript", "template", "head")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


@dataclass(slots=True)
class Extracted:
    """The text that was screened (offsets refer to it) and how it was obtained."""

    text: str
    kind: str  # text | html | pdf
    source: str


def sniff(data: bytes, name: str = "") -> str:
    lowered = name.lower()
    if data[:5] == b"%PDF-" or lowered.endswith(".pdf"):
        return "pdf"
    if lowered.endswith((".html", ".htm", ".xhtml")) or _HTML_SNIFF.match(data[:2048]):
        return "html"
    return "text"


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Strict decoding: UTF-8 (BOM allowed) unless told otherwise; binary data refused."""
    if b"\x00" in data[:65536]:
        raise MessageError("binary data (NUL bytes), not a text document", source=source)
    try:
        text = data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise MessageError(
            f"not valid {encoding or 'UTF-8'} at byte {exc.start} ({bad}): wrong encoding or binary data? "
            "pass the document's encoding (e.g. --encoding cp1251)", source=source,
        ) from exc
    except LookupError as exc:
        raise MessageError(f"unknown encoding {encoding!r}", source=source) from exc
    check_text(text, source)
    return text


def check_text(text: str, source: str) -> None:
    """Refuse text that is mostly control characters (binary data that happened to decode)."""
    if not text:
        return
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in _ALLOWED_CONTROLS)
    if controls / len(sample) > float(document_config()["max_control_ratio"]):
        raise MessageError(f"{controls} control characters in the first {len(sample)}: binary data, "
                           "not a text document", source=source)


def html_text(data: bytes | str, source: str) -> str:
    """Visible text of an HTML page; no network, no external entities, no scripts."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  encoding="utf-8" if isinstance(data, bytes) else None)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise MessageError(f"unreadable HTML: {exc}", source=source) from exc
    for bad in root.iter(*_DROP_TAGS):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    text = root.text_content()
    # collapse runs of blank lines left by the block breaks; offsets refer to this text
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip("\n")


def pdf_text(data: bytes, source: str) -> str:
    """Text layer of a PDF through pypdf (optional dependency); scanned pages have none."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:
        raise MessageError("PDF input needs the optional package pypdf (pip install pypdf)",
                           source=source) from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise MessageError(f"unreadable PDF: {exc}", source=source) from exc
    return "\n\n".join(pages)


def extract(data: bytes, source: str = "<text>", kind: str | None = None, encoding: str | None = None) -> Extracted:
    """The screenable text of a document given as bytes."""
    limit = int(document_config()["max_bytes"])
    if len(data) > limit:
        raise MessageError(f"document of {len(data)} bytes exceeds the {limit}-byte limit", source=source)
    kind = kind or sniff(data, source)
    if kind == "pdf":
        return Extracted(pdf_text(data, source), "pdf", source)
    text = decode(data, source, encoding)
    if kind == "html":
        return Extracted(html_text(text.encode("utf-8"), source), "html", source)
    if kind != "text":
        raise MessageError(f"unknown document kind {kind!r}; use text, html or pdf", source=source)
    return Extracted(text, "text", source)
