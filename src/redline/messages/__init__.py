"""Payment messages (ISO 20022 MX and SWIFT MT) parsed into one syntax-free model.

``parse_bytes`` sniffs the syntax, so a folder of mixed ``.xml`` and ``.fin`` files (or a
gateway that does not say what it sends) is read without configuration. One file may
hold several MT messages (RJE batches), hence a list.
"""

from __future__ import annotations

from pathlib import Path

from redline.errors import MessageError
from redline.messages.encoding import to_utf8
from redline.messages.iso20022 import parse_iso20022
from redline.messages.model import Field, ParsedMessage, Party, PartyId, TextItem
from redline.messages.mt import parse_mt_each

__all__ = ["Field", "ParsedMessage", "Party", "PartyId", "TextItem", "parse_bytes", "parse_each",
           "parse_file"]


def parse_bytes(data: bytes, source: str = "<message>") -> list[ParsedMessage]:
    """Every payment message in ``data``; raises MessageError naming ``source``.

    All or nothing: if one message of an RJE batch is unusable this raises for it (its
    source numbered, ``batch.rje#3``) rather than return the rest and hide it. Use
    ``parse_each`` to get the good messages and the errors side by side.
    """
    results = parse_each(data, source)
    for result in results:
        if isinstance(result, MessageError):
            raise result
    return [r for r in results if isinstance(r, ParsedMessage)]


def parse_each(data: bytes, source: str = "<message>") -> list[ParsedMessage | MessageError]:
    """One result per payment message in ``data``, in order: the message or its error.

    Never raises MessageError: a file that cannot be read at all gives a one-item list
    holding the error. In a batch a bad message (an MT940 among MT103s, a truncated one)
    is reported at its position without costing the other messages their screening.
    """
    try:
        syntax, body = _sniff(data, source)
        if syntax == "mx":
            return [parse_iso20022(body, source)]
        return parse_mt_each(body, source)
    except MessageError as exc:
        return [exc]


def _sniff(data: bytes, source: str) -> tuple[str, bytes]:
    """``("mx" | "mt", bytes to parse)``: UTF-16/32 re-encoded, leading BOM/blanks removed.

    An XML declaration must be the very first thing in a document, but exports often
    carry a blank line or a BOM before it; that padding is not content, so it is dropped
    instead of failing the message as malformed XML.
    """
    body = to_utf8(data, source).lstrip(b"\xef\xbb\xbf \t\r\n")
    head = body[:1]
    if head == b"<":
        return "mx", body
    if head in (b"{", b":"):
        return "mt", body
    if not head:
        raise MessageError("message is empty", source=source)
    raise MessageError("neither XML (ISO 20022) nor SWIFT MT: cannot tell the syntax",
                       source=source)


def parse_file(path: Path) -> list[ParsedMessage]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MessageError(f"cannot read: {exc.strerror or exc}", source=str(path)) from exc
    return parse_bytes(data, str(path))
