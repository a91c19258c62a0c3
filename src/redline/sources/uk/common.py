"""What the two UK formats (OFSI ConList CSV, FCDO UK Sanctions List XML) share.

Both inherit HM Treasury's conventions: six name columns where ``Name 6`` is the
family name (or an organisation's whole name) and ``Name 1``..``Name 5`` the given
names; dates as ``dd/mm/yyyy`` where an unknown part is written ``00``, ``dd`` or
``mm``; and group types Individual / Entity / Ship.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import pycountry

from redline.model import Name
from redline.text.scripts import detect_script

SCHEMATA = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}

_DMY = re.compile(r"^\s*(\d{1,2}|dd|DD)\s*[/.-]\s*(\d{1,2}|mm|MM)\s*[/.-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?\s*$")


def parse_dmy(text: str | None) -> str | None:
    """ISO date at the precision the list gives: ``1980``, ``1980-05`` or ``1980-05-17``.

    ``00/00/1980`` and ``dd/mm/1980`` mean "1980, day and month unknown"; a day without
    a month is dropped rather than invented. Returns None for text that is no date
    (lists put "circa 1970" or blanks here), so callers keep the raw text instead.
    """
    if not text:
        return None
    match = _DMY.match(text)
    if match:
        day_s, month_s, year_s = match.groups()
    else:
        iso = _ISO.match(text)
        if not iso:
            return None
        year_s, month_s, day_s = iso.group(1), iso.group(2) or "00", iso.group(3) or "00"
    year = int(year_s)
    month = int(month_s) if month_s.isdigit() else 0
    day = int(day_s) if day_s.isdigit() else 0
    if year == 0:
        return None
    if not 1 <= month <= 12:
        return f"{year:04d}"
    if day == 0:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def clean(text: str | None) -> str | None:
    """Collapse whitespace; empty cells become None."""
    if text is None:
        return None
    value = " ".join(text.split())
    return value or None


def hmt_name(parts: Sequence[str | None], kind: str, schema: str, lang: str | None = None) -> Name | None:
    """A name from the six HMT columns, in reading order (given names, then ``Name 6``)."""
    given = [p for p in (clean(x) for x in parts[:5]) if p]
    family = clean(parts[5]) if len(parts) > 5 else None
    value = " ".join([*given, *([family] if family else [])])
    if not value:
        return None
    name = Name(value=value, kind=kind, script=detect_script(value), lang=lang)
    if schema == "Person" and given and family:
        name.first = given[0]
        name.middle = " ".join(given[1:]) or None
        name.last = family
    return name


def name_kind(name_type: str | None, quality: str | None = None) -> str:
    """Name kind from HMT's name/alias type and alias quality words.

    "Prime Alias" (ConList before 2022) and "Primary name" are the listed name;
    "Primary name variation" is another spelling of it; "FKA" a former name;
    "Low quality" aliases are weak, as the UN and OFAC call them.
    """
    words = " ".join((name_type or "").split()).casefold()
    if words in ("prime alias", "primary name", "primary"):
        return "primary"
    if words in ("fka", "f.k.a.", "formerly known as"):
        return "former"
    if quality and "low" in quality.casefold():
        return "weak"
    return "alias"


def language_code(text: str | None) -> str | None:
    """ISO 639-1 code for a language name ("Russian" -> "ru"), or None."""
    name = clean(text)
    if not name:
        return None
    try:
        found = pycountry.languages.lookup(name.split(";")[0].strip())
    except LookupError:
        return None
    return getattr(found, "alpha_2", None)
