"""Payment messages (ISO 20022 MX and SWIFT MT) parsed into one syntax-free model.

``parse_bytes`` sniffs the syntax, so a folder of mixed ``.xml`` and ``.fin`` files (or a
gateway that does not say what it sends) is read without configuration. One file may
hold several MT messages (RJE batches), hence a list.
"""

from __future__ import annotations

from pathlib import Path

from redline.errors import MessageError
from redline.messages.iso20022 import parse_iso20022
from redline.messages.model import Field, ParsedMessage, Party, PartyId, TextItem
from redline.messages.mt import parse_mt

__all__ = ["Field", "ParsedMessage", "Party", "PartyId", "TextItem", "parse_bytes",
           "parse_file"]


def parse_bytes(data: bytes, source: str = "<message>") -> list[ParsedMessage]:
    """Every payment message in ``data``; raises MessageError naming ``source``."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return [parse_iso20022(data, source)]
    if head in (b"{", b":"):
        return parse_mt(data, source)
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
