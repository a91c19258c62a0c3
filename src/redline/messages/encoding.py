"""Wide Unicode encodings (UTF-16/UTF-32) turned into UTF-8 before a message is sniffed.

XML in UTF-16 is legal and some Windows gateways export it that way, but every check
that looks at raw bytes (syntax sniffing, the DOCTYPE/ENTITY refusal in ``xml_safe``)
assumes an ASCII-compatible encoding: ``<!DOCTYPE`` in UTF-16 is ``<\\x00!\\x00D...`` and
would slip past them. So wide text is decoded here once and re-encoded as UTF-8, with the
XML declaration's ``encoding`` rewritten to match, and the rest of the pipeline sees
ordinary bytes.
"""

from __future__ import annotations

import re

from redline.errors import MessageError

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32-BE"), (b"\xff\xfe\x00\x00", "UTF-32-LE"),
    (b"\xfe\xff", "UTF-16-BE"), (b"\xff\xfe", "UTF-16-LE"),
)
#: ``<?`` / ``<`` without a mark (XML 1.0 appendix F): UTF-16/32 XML whose writer left it out.
_UNMARKED_XML = (
    (b"\x00\x00\x00<", "UTF-32-BE"), (b"<\x00\x00\x00", "UTF-32-LE"),
    (b"\x00<\x00?", "UTF-16-BE"), (b"<\x00?\x00", "UTF-16-LE"),
)
_DECLARED_ENCODING = re.compile(r"""^(\s*<\?xml\b[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def wide_encoding(data: bytes) -> str | None:
    """``UTF-16-LE`` etc. when ``data`` is UTF-16/UTF-32 text, else None."""
    for mark, name in (*_BOMS, *_UNMARKED_XML):
        if data.startswith(mark):
            return name
    return None


def to_utf8(data: bytes, source: str) -> bytes:
    """``data`` unchanged unless it is UTF-16/32; then the same text as UTF-8."""
    encoding = wide_encoding(data)
    if encoding is None:
        return data
    try:
        text = data.decode(encoding.lower())
    except UnicodeDecodeError as exc:
        raise MessageError(f"starts like {encoding} text but is not valid {encoding} "
                           f"(byte {exc.start}: {exc.reason})", source=source) from exc
    text = _DECLARED_ENCODING.sub(r'\1"UTF-8"', text.removeprefix("\ufeff"), count=1)
    return text.encode("utf-8")
