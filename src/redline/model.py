"""The plain data every layer passes around.

Schema names follow FollowTheMoney (Person, Organization, Company, LegalEntity, Vessel,
Aircraft) so that entities can be exchanged with OpenSanctions tooling unchanged.
Everything here is a dataclass with ``to_dict``/``from_dict`` so that the store can keep
an entity as JSON and give back exactly what the parser produced, raw record included.
"""

from __future__ import annotations

import builtins
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft")

#: Which schemas a query of a given schema may be compared with. A Person query never
#: meets a Vessel; a LegalEntity query (type unknown, "some party") meets every
#: non-person party.
COMPATIBLE: dict[str, frozenset[str]] = {
    "Person": frozenset({"Person", "LegalEntity"}),
    "Organization": frozenset({"Organization", "Company", "LegalEntity"}),
    "Company": frozenset({"Organization", "Company", "LegalEntity"}),
    "LegalEntity": frozenset(SCHEMAS),
    "Vessel": frozenset({"Vessel", "LegalEntity"}),
    "Aircraft": frozenset({"Aircraft", "LegalEntity"}),
}

#: Name kinds, strongest first. ``weak`` follows OFAC's "weak a.k.a." / UN "Low quality".
NAME_KINDS = ("primary", "alias", "former", "original", "weak")

#: Identifier types redline understands; sources map their own labels onto these and
#: keep the original label in ``Identifier.label``.
IDENTIFIER_TYPES = (
    "passport", "national_id", "tax_id", "inn", "ogrn", "kpp", "okpo", "registration",
    "imo", "mmsi", "call_sign", "bic", "lei", "iban", "aircraft_serial",
    "aircraft_tail", "ssn", "driver_license", "email", "website", "phone", "crypto_wallet",
    "other",
)


@dataclass(slots=True)
class Name:
    """One written form of a party's name, as the list publishes it."""

    value: str
    kind: str = "primary"
    script: str | None = None
    lang: str | None = None
    first: str | None = None
    middle: str | None = None
    last: str | None = None


@dataclass(slots=True)
class Identifier:
    """An official number; ``type`` is one of IDENTIFIER_TYPES, ``label`` the source's words."""

    type: str
    value: str
    country: str | None = None
    label: str | None = None


@dataclass(slots=True)
class BirthDate:
    """A date as precise as the list gives it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Ranges ("between 1950 and 1955") keep ``end``; ``circa`` marks approximate dates.
    """

    value: str
    end: str | None = None
    circa: bool = False


@dataclass(slots=True)
class Address:
    full: str
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


@dataclass(slots=True)
class Entity:
    """A listed party with everything the source says about it.

    ``id`` is globally unique (``<list>:<source_id>``); ``raw`` keeps the source record so
    that an auditor can see what the official file said, not only our reading of it.
    Countries are ISO 3166-1 alpha-2 lower case (plus a few sanctions territories such
    as ``ua-cri``) and ``properties`` carries schema-specific facts (flag, tonnage,
    gender, position, ...), keyed by FollowTheMoney property names.
    """

    id: str
    list: str
    source_id: str
    schema: str
    names: builtins.list[Name] = field(default_factory=builtins.list)
    birth_dates: builtins.list[BirthDate] = field(default_factory=builtins.list)
    birth_places: builtins.list[str] = field(default_factory=builtins.list)
    nationalities: builtins.list[str] = field(default_factory=builtins.list)
    countries: builtins.list[str] = field(default_factory=builtins.list)
    addresses: builtins.list[Address] = field(default_factory=builtins.list)
    identifiers: builtins.list[Identifier] = field(default_factory=builtins.list)
    programs: builtins.list[str] = field(default_factory=builtins.list)
    listed_on: str | None = None
    source_url: str | None = None
    remarks: str | None = None
    properties: dict[str, builtins.list[str]] = field(default_factory=dict)
    raw: Any = None

    @property
    def caption(self) -> str:
        for name in self.names:
            if name.kind == "primary":
                return name.value
        return self.names[0].value if self.names else self.id

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        data = dict(data)
        data["names"] = [Name(**n) for n in data.get("names", [])]
        data["birth_dates"] = [BirthDate(**b) for b in data.get("birth_dates", [])]
        data["addresses"] = [Address(**a) for a in data.get("addresses", [])]
        data["identifiers"] = [Identifier(**i) for i in data.get("identifiers", [])]
        return cls(**data)

    def content_hash(self) -> str:
        """Hash of what the entity says, used to tell changed entries between versions."""
        body = self.to_dict()
        body.pop("raw", None)
        text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(slots=True)
class Query:
    """What a screener asks the matcher: one party, with whatever evidence it has."""

    name: str
    schema: str = "LegalEntity"
    birth_date: str | None = None
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    key: str | None = None


@dataclass(slots=True)
class Reason:
    """One feature's contribution to a score, in words an analyst can check."""

    feature: str
    score: float
    detail: str
    query_value: str | None = None
    listed_value: str | None = None


@dataclass(slots=True)
class Hit:
    entity_id: str
    list: str
    list_version: str
    schema: str
    caption: str
    score: float
    matched_name: str
    query_name: str
    reasons: builtins.list[Reason] = field(default_factory=builtins.list)
    entity: Entity | None = None

    def to_dict(self, with_entity: bool = False) -> dict[str, Any]:
        out = asdict(self)
        out.pop("entity")
        if with_entity and self.entity is not None:
            out["entity"] = self.entity.to_dict()
        return out
