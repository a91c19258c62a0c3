"""Structured facts from the legacy CSV ``Remarks`` field.

The legacy CSV has no columns for birth dates, documents or weak aliases: OFAC writes
them into one remarks string ("DOB 07 Oct 1952; POB Leningrad, Russia; nationality
Russia; Passport 760508990 (Russia); a.k.a. 'BNC'."). Only patterns OFAC uses
consistently are read; anything else stays in ``Entity.remarks`` for the analyst.
"""

from __future__ import annotations

import functools
import re

from redline.model import Entity
from redline.sources.ofac.common import (
    add_name,
    add_property,
    add_unique,
    ofac_country,
    person_name,
    plain_name,
    split_listed_name,
)
from redline.sources.ofac.dates import parse_birth_date
from redline.sources.ofac.labels import apply_fact, known_labels

_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_ALIAS = re.compile(r"^([afn])\.k\.a\.,?\s+'(.+)'$", re.IGNORECASE)
_ALIAS_KINDS = {"a": "weak", "f": "former", "n": "alias"}
_SIMPLE = re.compile(
    r"^(DOB|POB|nationality|citizen|Linked To:|Gender|Title)\s+(.+)$", re.IGNORECASE
)
_ID_TAIL = re.compile(
    r"^(?P<value>.+?)(?:\s+\((?P<country>[^()]+)\))?(?:\s+issued\s+(?P<issued>[^;]+?))?"
    r"(?:\s+expires\s+(?P<expires>[^;]+))?$"
)
_CRYPTO = re.compile(r"^(Digital Currency Address - [A-Z0-9]+)\s+(\S+)$")
_NOTE = re.compile(
    r"^(Secondary sanctions risk:|Additional Sanctions Information -|Transactions Prohibited"
    r"[^:]*:|Executive Order [^:-]+(?:-|:)|Listing Date \([^)]*\):?|Effective Date \([^)]*\):?|"
    r"Organization Type:|CAATSA Section 235 Information:|IFCA Determination -|"
    r"PEESA Information:)\s*(.*)$"
)


@functools.cache
def _label_pattern() -> re.Pattern[str]:
    """One alternation of every known label, longest first, so the longest label wins."""
    labels = "|".join(re.escape(label) for label in known_labels())
    return re.compile(rf"^({labels})[:\s]+(.+)$", re.IGNORECASE)


def split_remarks(remarks: str) -> list[str]:
    """Remark items: OFAC separates them with "; " and ends the list with a full stop."""
    text = remarks.strip()
    if text.endswith("."):
        text = text[:-1]
    return [part.strip() for part in re.split(r";\s+", text) if part.strip()]


def apply_remarks(entity: Entity, remarks: str) -> None:
    """Add every fact the remarks state clearly to ``entity``."""
    for part in split_remarks(remarks):
        _apply_part(entity, _ALT.sub("", part))


def _apply_part(entity: Entity, part: str) -> None:
    if match := _ALIAS.match(part):
        kind = _ALIAS_KINDS[match.group(1).lower()]
        value = match.group(2).strip()
        first, last = split_listed_name(value, entity.schema)
        if first:
            add_name(entity, person_name(first, last, kind))
        else:
            add_name(entity, plain_name(value, kind))
        return
    if match := _SIMPLE.match(part):
        _apply_simple(entity, match.group(1).casefold(), match.group(2).strip())
        return
    if match := _NOTE.match(part):
        label = match.group(1).rstrip(":").rstrip(" -").strip()
        if label == "Organization Type":
            add_property(entity, "sector", match.group(2).strip())
        else:
            add_property(entity, "notes", f"{label}: {match.group(2).strip()}")
        return
    if match := _CRYPTO.match(part):
        apply_fact(entity, match.group(1), match.group(2))
        return
    if match := _label_pattern().match(part):
        label, rest = match.group(1), match.group(2).strip()
        tail = _ID_TAIL.match(rest)
        if tail is None:  # pragma: no cover - the pattern accepts any non-empty text
            return
        country = tail.group("country")
        value = tail.group("value")
        if country and ofac_country(country) is None:
            value, country = rest, None  # brackets that are part of the number
        apply_fact(entity, label, value.strip(), country)


def _apply_simple(entity: Entity, key: str, value: str) -> None:
    if key == "dob":
        date = parse_birth_date(value)
        if date is not None and date not in entity.birth_dates:
            entity.birth_dates.append(date)
    elif key == "pob":
        add_unique(entity.birth_places, value)
    elif key in ("nationality", "citizen"):
        add_unique(entity.nationalities, ofac_country(value))
    elif key == "linked to:":
        add_property(entity, "linkedTo", value)
    elif key == "gender":
        add_property(entity, "gender", value.casefold())
    elif key == "title":
        add_property(entity, "position", value)
