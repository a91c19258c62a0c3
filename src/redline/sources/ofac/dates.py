"""OFAC's written dates ("07 Oct 1952", "circa 1960", "1960 to 1962") as ISO prefixes.

The matcher compares dates at the precision the list gives, so a year-only birth date
must stay ``"1960"`` rather than become ``"1960-01-01"``: padding would invent a day
that can then disagree with a screened customer's real birthday.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from redline.model import BirthDate

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_RANGE = re.compile(r"\s+(?:to|-|and)\s+", re.IGNORECASE)
_CIRCA = re.compile(r"^(?:circa|c\.|approximately|approx\.?|about)\s*", re.IGNORECASE)


def _checked(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO prefix for a date, or None when the parts cannot exist (31 Feb, month 13)."""
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_point(text: str) -> str | None:
    """One date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None if it is not a date."""
    value = text.strip().rstrip(".").strip()
    if match := _DAY_MONTH_YEAR.match(value):
        month = _MONTHS.get(match.group(2).lower())
        if month is None:
            return None
        return _checked(int(match.group(3)), month, int(match.group(1)))
    if match := _MONTH_YEAR.match(value):
        month = _MONTHS.get(match.group(1).lower())
        return _checked(int(match.group(2)), month) if month else None
    if match := _YEAR.match(value):
        return _checked(int(match.group(1)))
    if match := _ISO.match(value):
        day = int(match.group(3)) if match.group(3) else None
        return _checked(int(match.group(1)), int(match.group(2)), day)
    if match := _US.match(value):
        return _checked(int(match.group(3)), int(match.group(1)), int(match.group(2)))
    return None


def parse_birth_date(text: str | None) -> BirthDate | None:
    """A BirthDate from OFAC wording, keeping ranges and ``circa``; None if unreadable."""
    if not text:
        return None
    value = text.strip().rstrip(".").strip()
    circa = False
    if match := _CIRCA.match(value):
        circa = True
        value = value[match.end():]
    parts = _RANGE.split(value, maxsplit=1)
    if len(parts) == 2:
        start, end = parse_point(parts[0]), parse_point(parts[1])
        if start and end:
            if start == end:
                return BirthDate(start, circa=circa)
            return BirthDate(start, end=end, circa=circa)
        return None
    point = parse_point(value)
    return BirthDate(point, circa=circa) if point else None


def parse_publish_date(text: str | None) -> str | None:
    """``Publish_Date`` (always MM/DD/YYYY in the classic XML) as ISO ``YYYY-MM-DD``."""
    if not text:
        return None
    match = _US.match(text.strip())
    if not match:
        return parse_point(text)
    return _checked(int(match.group(3)), int(match.group(1)), int(match.group(2)))
