"""HS / CN / HTS codes in any written form, normalised and checked.

Declarations write one code as "8542.31", "854231", "8542 31 00 90", "8542.31.0000" or
"HS 8542.31". Everything is compared as digits: the first six are the worldwide HS
subheading, CN adds two (EU), TARIC and the US HTS / Schedule B add more. A code must
start with a real HS chapter (data/hs_chapters.yaml) and have an even number of digits
from 2 to 10, because an odd length almost always means a spreadsheet dropped the leading
zero of chapters 01-09, and guessing which digit is missing would invent evidence.

Prefix logic lives here so every table uses the same rule: an entry covers a code when
the code lies inside it (entry 8542 covers 854231); an entry inside the code (entry
854231, query 8542) only means "some subheadings are listed".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from redline.errors import QueryError

_PREFIX = re.compile(r"^\s*(?:hs|hts|htsus|cn|taric|tariff|schedule\s*b|code)\s*(?:code|no\.?)?\s*[:#]?\s*", re.I)
_ALLOWED = re.compile(r"^[0-9 .\-/]+$")
_NON_DIGIT = re.compile(r"\D")
# between several codes in one cell: "8542.31, 8482.10", "8542.31 / 8482.10", "8542.31 and 8482.10"
_MANY = re.compile(r"\s*(?:[,;|/&\n]|\band\b)\s*", re.I)
MAX_LEN = 64


@dataclass(frozen=True, slots=True)
class HsCode:
    """A checked code: ``digits`` only, 2 to 10 of them."""

    digits: str

    @property
    def chapter(self) -> str:
        return self.digits[:2]

    @property
    def heading(self) -> str | None:
        return self.digits[:4] if len(self.digits) >= 4 else None

    @property
    def hs6(self) -> str | None:
        return self.digits[:6] if len(self.digits) >= 6 else None

    @property
    def level(self) -> str:
        return {2: "chapter", 4: "heading", 6: "HS-6 subheading", 8: "CN-8", 10: "TARIC / HTS-10"}[len(self.digits)]

    def formatted(self) -> str:
        """Dotted form used in reports: 85, 8542, 8542.31, 8542.31.00, 8542.31.00.90."""
        d = self.digits
        if len(d) <= 4:
            return d
        return ".".join([d[:4]] + [d[i:i + 2] for i in range(4, len(d), 2)])

    def chapter_title(self) -> str:
        return chapters()[self.chapter]


@functools.cache
def chapters() -> dict[str, str]:
    """Chapter number → short title, from the shipped HS 2022 chapter list."""
    text = resources.files("redline.goods").joinpath("data/hs_chapters.yaml").read_text("utf-8")
    return {str(k).zfill(2): str(v) for k, v in yaml.safe_load(text)["chapters"].items()}


@functools.lru_cache(maxsize=65536)
def normalize(value: str) -> HsCode:
    """Parse a written code; QueryError names what is wrong with it."""
    if not isinstance(value, str):
        raise QueryError(f"HS code must be text, got {type(value).__name__}")
    if len(value) > MAX_LEN:
        raise QueryError(f"HS code is {len(value)} characters long; a code has at most 10 digits")
    text = _PREFIX.sub("", value.strip())
    if not text:
        raise QueryError("empty HS code")
    if not _ALLOWED.match(text):
        raise QueryError(f"HS code {value!r} contains characters other than digits, spaces, dots and dashes")
    digits = _NON_DIGIT.sub("", text)
    if len(digits) not in (2, 4, 6, 8, 10):
        hint = (" (if a spreadsheet dropped the leading 0 of chapters 01-09, write it back)"
                if len(digits) % 2 and len(digits) < 10 else "")
        raise QueryError(f"HS code {value!r} has {len(digits)} digits; expected 2, 4, 6, 8 or 10{hint}")
    chapter = digits[:2]
    if chapter not in chapters():
        why = {"77": "is reserved", "98": "is a national-only provision (e.g. US HTS), not HS goods",
               "99": "is a national-only provision (e.g. US HTS), not HS goods"}.get(chapter, "does not exist")
        raise QueryError(f"HS code {value!r}: chapter {chapter} {why} in the Harmonized System")
    return HsCode(digits)


def normalize_many(value: str) -> list[HsCode]:
    """One or several codes from one cell, each checked; QueryError names the part that is wrong.

    A line of mixed goods is often declared as "8542.31 / 8482.10". Rejecting that as one
    invalid 12-digit code would screen the goods from the description alone, so the cell
    is split and every code is classified. A single code is always tried whole first,
    because "8542/31" is one code written with a slash.
    """
    try:
        return [normalize(value)]
    except QueryError:
        parts = [p for p in _MANY.split(value) if p.strip()] if isinstance(value, str) else []
        if len(parts) < 2:
            raise
    codes: list[HsCode] = []
    for part in parts:
        try:
            codes.append(normalize(part))
        except QueryError as exc:
            raise QueryError(f"{value!r} read as {len(parts)} codes, but {exc}") from exc
    return list(dict.fromkeys(codes))


def covers(entry: str, code: HsCode) -> bool:
    """A table entry (a code prefix) covers the query when the query lies inside it."""
    return code.digits.startswith(entry)


def inside(entry: str, code: HsCode) -> bool:
    """The query is broader than the entry: only some of its subheadings are listed."""
    return len(entry) > len(code.digits) and entry.startswith(code.digits)
