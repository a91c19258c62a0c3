"""Building blocks the three OFAC readers share, so one listing reads the same in each.

An SDN entry published as classic XML, legacy CSV or Advanced XML must come out as the
same Entity (same id, names, kinds, identifier types): a list version loaded from one
format can then be compared with one loaded from another without false "changes".
"""

from __future__ import annotations

from typing import Any

from redline.model import Address, Entity, Identifier, Name
from redline.text.countries import country_code
from redline.text.scripts import detect_script

SDN = "ofac_sdn"
CONS = "ofac_cons"
DETAILS_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={uid}"

#: OFAC sdnType / PartyType / PartySubType words to FollowTheMoney schemata. Entities
#: stay Organization: OFAC does not say which of them are companies.
SCHEMATA = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Aircraft",
}

#: Name kinds by OFAC alias type; "weak" (low quality) is decided by the category.
ALIAS_KINDS = {
    "a.k.a.": "alias", "aka": "alias",
    "f.k.a.": "former", "fka": "former",
    "n.k.a.": "alias", "nka": "alias",
    "name": "primary",
}

#: OFAC country spellings that the shared country table does not know. They belong in
#: redline/text/countries.yaml eventually; kept here so OFAC loads are complete today.
_OFAC_COUNTRIES = {
    "region: gaza": "ps",
    "region: west bank": "ps",
    "region: crimea": "ua-cri",
    "region: northern mali": "ml",
    "cote d ivoire": "ci",
    "north macedonia, the republic of": "mk",
    "st. vincent and the grenadines": "vc",
    "st. kitts & nevis": "kn",
    "st. kitts and nevis": "kn",
    "man, isle of": "im",
}


def ofac_country(name: str | None) -> str | None:
    """ISO code for an OFAC country spelling, or None ("undetermined", unknown regions)."""
    if not name:
        return None
    key = " ".join(name.split()).casefold()
    if key in _OFAC_COUNTRIES:
        return _OFAC_COUNTRIES[key]
    return country_code(name)


def schema_for(sdn_type: str | None) -> str | None:
    """Schema for an OFAC type word; None when the word is not one OFAC uses."""
    if sdn_type is None:
        return "Organization"  # the legacy CSV writes -0- for entities
    return SCHEMATA.get(sdn_type.strip().casefold())


def new_entity(list_name: str, uid: str, schema: str) -> Entity:
    return Entity(
        id=f"{list_name}:{uid}", list=list_name, source_id=uid, schema=schema,
        source_url=DETAILS_URL.format(uid=uid),
    )


def person_name(first: str | None, last: str | None, kind: str) -> Name | None:
    """A name in reading order ("Vladimir Vladimirovich PUTIN"), parts kept for matching."""
    first = " ".join(first.split()) if first else None
    last = " ".join(last.split()) if last else None
    value = " ".join(p for p in (first, last) if p)
    if not value:
        return None
    return Name(value=value, kind=kind, script=detect_script(value), first=first, last=last)


def plain_name(value: str | None, kind: str) -> Name | None:
    text = " ".join(value.split()) if value else ""
    if not text:
        return None
    return Name(value=text, kind=kind, script=detect_script(text))


def split_listed_name(value: str, schema: str) -> tuple[str | None, str]:
    """Split "LAST, First" (legacy CSV spelling of persons) into (first, last)."""
    if schema == "Person" and ", " in value:
        last, first = value.split(", ", 1)
        return first.strip() or None, last.strip()
    return None, value.strip()


def add_name(entity: Entity, name: Name | None) -> None:
    if name is None:
        return
    for known in entity.names:
        if known.value == name.value and known.kind == name.kind:
            return
    entity.names.append(name)


def add_identifier(entity: Entity, ident: Identifier) -> None:
    if not ident.value:
        return
    for known in entity.identifiers:
        if known.type == ident.type and known.value == ident.value:
            if known.country is None:
                known.country = ident.country
            return
    entity.identifiers.append(ident)


def add_property(entity: Entity, key: str, value: str | None) -> None:
    if not value:
        return
    values = entity.properties.setdefault(key, [])
    if value not in values:
        values.append(value)


def add_unique(values: list[str], value: str | None) -> None:
    if value and value not in values:
        values.append(value)


def add_address(entity: Entity, parts: list[str | None], *, city: str | None = None,
                region: str | None = None, postal_code: str | None = None,
                country: str | None = None) -> None:
    """Add an address and its country; a country-only address still tells us the country."""
    code = ofac_country(country)
    full = ", ".join(p.strip() for p in [*parts, city, region, postal_code, country] if p)
    if not full:
        return
    add_unique(entity.countries, code)
    if all(p is None for p in (*parts, city, region, postal_code)):
        address = Address(full=full, country=code)
    else:
        address = Address(full=full, city=city, region=region, postal_code=postal_code,
                          country=code)
    if address not in entity.addresses:
        entity.addresses.append(address)


def compact_raw(value: Any) -> Any:
    """Drop empty values so the kept source record stays small but complete."""
    if isinstance(value, dict):
        out = {k: compact_raw(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [x for x in (compact_raw(v) for v in value) if x not in (None, "", [], {})]
    return value
