"""What the US CSL and the BIS Denied Persons List share: party type and US spellings.

Most non-Treasury sub-lists (Entity List, DPL, DTC, ISN, UVL, MEU) do not say whether a
party is a person or a company. Calling an unknown party ``Organization`` would hide it
from person screening (``COMPATIBLE["Person"]`` excludes Organization), so only names
with a legal-form word or a digit become Organization; the rest stay ``LegalEntity``,
which every query may meet. A missed person costs more than a person-vs-company check.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from redline.errors import FormatError
from redline.sources.base import iter_csv
from redline.sources.ofac.dates import parse_point
from redline.text.countries import country_code
from redline.text.names import writes_legal_form
from redline.text.tokens import tokenize
from redline.text.translit import strip_marks

#: CSL ``type`` words -> schema (the same words OFAC uses).
TYPES = {"individual": "Person", "entity": "Organization", "vessel": "Vessel",
         "aircraft": "Aircraft"}
_DIGIT = re.compile(r"\d")
_COUNTRY_TAIL = re.compile(r",\s*([A-Z]{2})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def party_schema(type_word: str | None, name: str) -> str:
    """Schema for a CSL/DPL row: its type word if any, else inferred from the name."""
    word = (type_word or "").strip().casefold()
    if word in TYPES:
        return TYPES[word]
    return "Organization" if looks_like_organization(name) else "LegalEntity"


def looks_like_organization(name: str) -> bool:
    """True when a name carries a legal form ("LLC", "Co., Ltd.") or a number ("27th
    Scientific Center"): persons' names on these lists never do."""
    if _DIGIT.search(name):
        return True
    tokens = tokenize(strip_marks(name).lower())
    return writes_legal_form(tokens)  # typed lists: no typo reading


def split_list(value: str | None, sep: str = ";") -> list[str]:
    """Values of a ``;``-separated CSL cell, stripped, empty parts dropped."""
    if not value:
        return []
    out: list[str] = []
    for part in value.split(sep):
        text = " ".join(part.split())
        if text and text not in out:
            out.append(text)
    return out


#: Words the CSL leaves before an alias, copied from prose ("a.k.a. X; and Y"): "and JSC
#: 140 Repair Plant", "F.K.A. Office of Scientific and Industrial Studies" (255 and 3 of
#: the 2025-02 file's aliases).
_ALIAS_LEAD = re.compile(r"^(?:and|a\.k\.a\.?|f\.k\.a\.?)\s+(?=\S)", re.IGNORECASE)


def alias_list(value: str | None) -> list[str]:
    """The aliases of a CSL ``alt_names`` cell, without the prose words left before them."""
    out: list[str] = []
    for alias in split_list(value):
        alias = _ALIAS_LEAD.sub("", alias)
        if alias not in out:
            out.append(alias)
    return out


def address_country(address: str) -> str | None:
    """ISO code of the trailing ``, XX`` country code CSL appends to addresses."""
    match = _COUNTRY_TAIL.search(address.strip())
    return country_code(match.group(1)) if match else None


def us_date(text: str | None) -> str | None:
    """ISO date from ``MM/DD/YYYY`` (BIS) or ``YYYY-MM-DD`` (CSL); None if unreadable."""
    if not text or not text.strip():
        return None
    match = _US_DATE.match(text.strip())
    if match:
        return parse_point(f"{match.group(3)}-{int(match.group(1)):02d}-{int(match.group(2)):02d}")
    return parse_point(text)


def name_key(name: str) -> str:
    """Grouping key of a listed name: case, spacing and accents do not make a new party."""
    return " ".join(strip_marks(name).casefold().split())


def short_hash(*parts: str) -> str:
    text = "\x1f".join(parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def checked_csv(path: Path, delimiter: str = ",") -> Iterator[tuple[int, dict[str, str]]]:
    """``iter_csv`` rows as dicts; a decoding error names the exact line, not the chunk
    the text reader had buffered when it failed."""
    try:
        for line, row in iter_csv(path, delimiter=delimiter):
            assert isinstance(row, dict)
            yield line, row
    except FormatError as exc:
        if "encoding" not in exc.detail or path.suffix == ".gz":
            raise
        raise FormatError(exc.detail, path=path, line=_first_bad_line(path) or exc.line) from exc


def required_rows(path: Path, required: tuple[str, ...] | list[str], what: str,
                  delimiter: str = ",") -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a headed CSV/TSV that must carry ``required`` columns; blank rows skipped.

    A missing column means the wrong file; a short row means a truncated download. Both
    are refused with the file, line and column, never silently read as empty values.
    """
    columns: list[str] | None = None
    for line, row in checked_csv(path, delimiter=delimiter):
        if columns is None:
            columns = list(row)
            missing = [c for c in required if c not in row]
            if missing:
                raise FormatError(f"not {what}: no {', '.join(missing)} column", path=path, line=1,
                                  field=missing[0])
        if len(row) < len(columns):
            raise FormatError(f"row has {len(row)} of {len(columns)} columns (truncated download?)",
                              path=path, line=line, field=columns[len(row)])
        if any(v.strip() for v in row.values()):
            yield line, row
    if columns is None:
        raise FormatError(f"no header row: empty or not {what}", path=path, line=1)


def _first_bad_line(path: Path) -> int | None:
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None
