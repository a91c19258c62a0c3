"""What an OFAC label means: identifier, fact or sanctions note (mapping in labels.yaml).

OFAC publishes identifiers, facts and legal notes through one channel (the classic
``idList``, the CSV remarks, Advanced ``IDRegDocType``/``FeatureType``). Screening needs
them apart: only real identifiers may produce a decisive identifier match, facts feed
schema properties, and notes are shown to analysts but never matched on.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from redline.model import Entity, Identifier
from redline.sources.ofac.common import add_identifier, add_property, ofac_country
from redline.sources.ofac.dates import parse_point

_IMO = re.compile(r"^IMO\s*\d{7}$", re.IGNORECASE)
_SEVEN_DIGITS = re.compile(r"^\d{7}$")
#: Words OFAC writes where a country is unknown; they are not values to match on.
_NO_COUNTRY = frozenset({"none identified", "undetermined", "unknown"})
_CRYPTO = "digital currency address"


@dataclass(frozen=True)
class _Table:
    identifiers: dict[str, str]
    properties: dict[str, str]
    country_properties: frozenset[str]
    date_properties: frozenset[str]
    note_prefixes: tuple[str, ...]


def normalize_label(label: str) -> str:
    """Comparable form of a label: OFAC appends ':' or ' -' inconsistently."""
    text = " ".join(label.split()).casefold()
    return text.rstrip(":").rstrip(" -").rstrip(":").strip()


@functools.cache
def _table() -> _Table:
    text = resources.files("redline.sources.ofac").joinpath("labels.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return _Table(
        identifiers={normalize_label(k): v for k, v in data["identifiers"].items()},
        properties={normalize_label(k): v for k, v in data["properties"].items()},
        country_properties=frozenset(data["country_properties"]),
        date_properties=frozenset(data["date_properties"]),
        note_prefixes=tuple(data["note_prefixes"]),
    )


def known_labels() -> list[str]:
    """Every label the table names, longest first (for prefix matching in CSV remarks)."""
    table = _table()
    labels = set(table.identifiers) | set(table.properties)
    return sorted(labels, key=len, reverse=True)


def is_note(label: str) -> bool:
    key = normalize_label(label)
    return key.startswith(_table().note_prefixes)


def identifier_type(label: str, value: str, schema: str) -> str | None:
    """redline identifier type for an OFAC label, or None when the label is not an id."""
    key = normalize_label(label)
    table = _table()
    if key in table.properties or is_note(label):
        return None
    if key.startswith(_CRYPTO):
        return "crypto_wallet"
    # "IMO 1234567" is an IMO number whatever the label (ships, and the IMO company
    # numbers OFAC gives shipowners); a bare 7-digit number only under a vessel label.
    if _IMO.match(value.strip()) or ("vessel" in key and _SEVEN_DIGITS.match(value.strip())):
        return "imo"
    if key == "identification number":  # OFAC uses it for people and companies alike
        return "national_id" if schema == "Person" else "registration"
    id_type = table.identifiers.get(key)
    if id_type == "imo":
        return "registration"  # a vessel registration that is not an IMO number
    if id_type is not None:
        return id_type
    if "passport" in key:
        return "passport"
    return "other"


def apply_fact(
    entity: Entity, label: str, value: str | None, country: str | None = None
) -> None:
    """Put one labelled OFAC value where it belongs on the entity."""
    if not label or not value:
        return
    value = " ".join(value.split())
    table = _table()
    key = normalize_label(label)
    prop = table.properties.get(key)
    if prop is not None:
        if prop in table.country_properties:
            if value.casefold() in _NO_COUNTRY:
                return
            value = ofac_country(value) or value
        elif prop in table.date_properties:
            value = parse_point(value) or value
        elif prop == "gender":
            value = value.casefold()
        add_property(entity, prop, value)
        return
    if is_note(label):
        add_property(entity, "notes", f"{label.strip().rstrip(':').rstrip(' -')}: {value}")
        return
    id_type = identifier_type(label, value, entity.schema)
    if id_type is None:
        return
    ident = Identifier(type=id_type, value=value, country=ofac_country(country),
                       label=label.strip())
    add_identifier(entity, ident)
    if id_type == "call_sign":
        add_property(entity, "callSign", value)
