"""Which FollowTheMoney properties mean what to redline, in one reviewable table.

FollowTheMoney keeps every fact as a typed property; redline lifts the ones the matcher
compares (names, dates, countries, identifiers) into Entity fields and keeps the rest in
``Entity.properties`` under their FtM names, so nothing the file said is lost and the
export (``entity_to_ftm``) can put each value back where it came from.
"""

from __future__ import annotations

import re

from redline.text.countries import country_code

#: FtM party schemata that become screening entities, and the redline schema they map to.
#: ``Airplane`` is FtM's word for what redline (and the lists) call an aircraft.
PARTY_SCHEMATA: dict[str, str] = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Company",
    "LegalEntity": "LegalEntity",
    "PublicBody": "Organization",
    "Vessel": "Vessel",
    "Airplane": "Aircraft",
    "Aircraft": "Aircraft",
}

#: Side entities whose facts are folded onto the party they reference (property naming
#: the party). They stay available raw through ``read_ftm_relations`` too.
SIDE_REFERENCES: dict[str, str] = {
    "Sanction": "entity",
    "Passport": "holder",
    "Identification": "holder",
}

#: Name properties and the redline name kind each one gives.
NAME_KINDS: dict[str, str] = {
    "name": "alias",  # the first ``name`` value becomes the primary name
    "alias": "alias",
    "previousName": "former",
    "weakAlias": "weak",
    "abbreviation": "weak",
}

#: Person name parts: kept as properties and attached to the names they occur in.
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")

#: FtM identifier properties -> redline identifier type. The FtM property name is kept
#: as ``Identifier.label`` so the export can write the value back to the same property.
IDENTIFIER_PROPS: dict[str, str] = {
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "kppCode": "kpp",
    "okpoCode": "okpo",
    "swiftBic": "bic",
    "leiCode": "lei",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "callSign": "call_sign",
    "taxNumber": "tax_id",
    "vatCode": "tax_id",
    "registrationNumber": "registration",
    "idNumber": "national_id",
    "passportNumber": "passport",
    "socialSecurityNumber": "ssn",
    "serialNumber": "aircraft_serial",
    "icaoCode": "aircraft_tail",
    "email": "email",
    "website": "website",
    "phone": "phone",
    "uniqueEntityId": "other",
    "permId": "other",
    "dunsCode": "other",
}

#: Per identifier type, the FtM property the export writes it to when the identifier
#: came from another source (an OFAC "Tax ID No." becomes ``taxNumber``).
EXPORT_PROPS: dict[str, str] = {
    "inn": "innCode", "ogrn": "ogrnCode", "kpp": "kppCode", "okpo": "okpoCode",
    "bic": "swiftBic", "lei": "leiCode", "imo": "imoNumber", "mmsi": "mmsi",
    "call_sign": "callSign", "tax_id": "taxNumber", "registration": "registrationNumber",
    "national_id": "idNumber", "passport": "passportNumber", "ssn": "socialSecurityNumber",
    "aircraft_serial": "serialNumber", "aircraft_tail": "registrationNumber",
    "email": "email", "website": "website", "phone": "phone",
    "crypto_wallet": "notes", "iban": "notes", "driver_license": "idNumber",
    "other": "notes",
}

NATIONALITY_PROPS = ("nationality", "citizenship")
COUNTRY_PROPS = ("country", "jurisdiction", "mainCountry")
#: Country-valued properties kept in ``properties`` (as codes) rather than ``countries``.
CODED_PROPS = ("flag", "pastFlags", "birthCountry")
PROGRAM_PROPS = ("program", "programId")
#: Properties lifted into Entity fields; everything else lands in ``properties``.
LIFTED = frozenset({
    *NAME_KINDS, *IDENTIFIER_PROPS, *NATIONALITY_PROPS, *COUNTRY_PROPS, *PROGRAM_PROPS,
    "birthDate", "birthPlace", "address", "addressEntity", "notes",
})

_FTM_CODE = re.compile(r"^[a-z]{2}(?:-[a-z0-9]{2,4})?$|^[a-z]{4}$")


def ftm_country(value: str | None) -> str | None:
    """An FtM country value as redline's code.

    FtM already stores ISO codes in lower case plus its own territory codes (``ua-cri``,
    ``suhh`` for the Soviet Union, ``xk``); those are kept as they are. Anything else
    (a name written by a hand-made file) goes through the shared country table.
    """
    if not value:
        return None
    text = value.strip()
    if _FTM_CODE.match(text):
        return text
    return country_code(text)
