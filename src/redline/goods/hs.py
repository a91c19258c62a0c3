"""HS / CN / HTS codes in any written form, normalised and checked.

Declarations write the same code as "8542.31", "854231", "8542 31 00 90" or
"8542.31.0000". Everything is compared as digits; a code must start with a real HS
chapter (01–97, 77 is reserved) and have an even number of digits from 2 to 10.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redline.errors import QueryError

_ALLOWED = re.compile(r"^[0-9 .\-]+$")


@dataclass(frozen=True)
class HsCode:
    digits: str

    @property
    def chapter(self) -> str:
        return self.digits[:2]

    @property
    def hs6(self) -> str | None:
        return self.digits[:6] if len(self.digits) >= 6 else None

    def formatted(self) -> str:
        d = self.digits
        parts = [d[:4], d[4:6], d[6:8], d[8:10]]
        head = parts[0] if len(d) > 2 else d
        rest = [p for p in parts[1:] if p]
        return head + ("." + ".".join(rest) if rest else "")


def normalize(value: str) -> HsCode:
    """Parse a written code; QueryError names what is wrong with it."""
    text = (value or "").strip()
    if not text:
        raise QueryError("empty HS code")
    if not _ALLOWED.match(text):
        raise QueryError(f"HS code {value!r} contains characters other than digits, spaces, dots and dashes")
    digits = re.sub(r"\D", "", text)
    if len(digits) not in (2, 4, 6, 8, 10):
        hint = " (if a spreadsheet dropped the leading 0 of chapters 01-09, write it back)" if len(digits) % 2 else ""
        raise QueryError(f"HS code {value!r} has {len(digits)} digits; expected 2, 4, 6, 8 or 10{hint}")
    chapter = int(digits[:2])
    if chapter < 1 or chapter > 97 or chapter == 77:
        raise QueryError(f"HS code {value!r}: chapter {digits[:2]} does not exist in the Harmonized System")
    return HsCode(digits)


def covers(entry: str, code: HsCode) -> bool:
    """A table entry (a code prefix) covers the query when the query lies inside it."""
    return code.digits.startswith(entry)


def inside(entry: str, code: HsCode) -> bool:
    """The query is broader than the entry: only some of its subheadings are listed."""
    return len(entry) > len(code.digits) and entry.startswith(code.digits)
