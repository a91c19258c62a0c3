"""One exception tree for the whole engine.

Callers catch ``RedlineError`` at the boundary (CLI exit code, HTTP problem+json) and
everything below it says *what* input was wrong and *where*, because an analyst who
sees "load failed" cannot fix a truncated download, but one who sees
"sdn.xml line 20431: unexpected end of file" can::

    RedlineError
    ├── ConfigError              bad setting or environment variable
    ├── SourceError              an official list file could not be read
    │   ├── FormatError          well-formed but not the expected layout / field
    │   ├── HostileInputError    DTD, entity expansion, size or depth bombs
    │   └── DownloadError        network or mirror could not supply the file
    ├── StoreError               the list/case store refused an operation
    │   └── ConflictError        somebody else changed the record first
    ├── QueryError               a screening request is unusable (empty name, bad date)
    └── MessageError             a payment/shipment/AIS message could not be parsed
"""

from __future__ import annotations

import re
from pathlib import Path

_ENCODING_DECLARATION = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


def explain_encoding_error(msg: str, head: bytes) -> str:
    """lxml's encoding complaint ("Invalid bytes in character encoding") with the encoding
    the file was read in, which the user needs to fix it; other messages pass unchanged."""
    if "encoding" not in msg.lower() and "utf-8" not in msg.lower():
        return msg
    found = _ENCODING_DECLARATION.search(head[:1024])
    expected = f"declared {found.group(1).decode()}" if found else "none declared, so UTF-8"
    return f"text is not in the file's encoding ({expected}); re-saved as Latin-1 or Windows-1252? {msg}"


class RedlineError(Exception):
    """Root of every error redline raises on purpose."""


class ConfigError(RedlineError):
    """A setting is missing or malformed."""


class SourceError(RedlineError):
    """An official list file could not be turned into entities.

    Carries the file, line and field so that the message alone is enough to act on.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: object = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        # lxml's ``sourceline`` may be None (and is loosely typed): keep real line numbers only
        self.line: int | None = line if isinstance(line, int) and not isinstance(line, bool) else None
        line = self.line
        self.field = field
        where = []
        if self.path:
            where.append(self.path)
        if line is not None:
            where.append(f"line {line}")
        if field:
            where.append(f"field {field!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.detail = message


class FormatError(SourceError):
    """The file parsed, but not into the layout its list publishes."""


class HostileInputError(SourceError):
    """The input tries something no official file does (DTDs, entity bombs, giant nodes)."""


class DownloadError(SourceError):
    """The official address or the mirror could not supply a file."""


class StoreError(RedlineError):
    """The store refused an operation (missing version, schema mismatch, ...)."""


class ConflictError(StoreError):
    """A concurrent writer changed the record first; the caller must reload and retry."""


class QueryError(RedlineError):
    """A screening request cannot be screened as given."""


class MessageError(RedlineError):
    """A payment, shipment or AIS message could not be parsed."""

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None):
        self.source = source
        self.field = field
        where = ", ".join(x for x in (source, f"field {field!r}" if field else None) if x)
        super().__init__(f"{where}: {message}" if where else message)
        self.detail = message
