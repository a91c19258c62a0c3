"""OFAC Advanced XML, on a hand-made sample that follows the official XSD.

No real sdn_advanced.xml is staged (the file is ~120 MB); the sample is validated
against the official schema so it cannot drift from the published layout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from shared_paths import shared_file

from redline.errors import FormatError, HostileInputError
from redline.model import BirthDate, Entity
from redline.sources.ofac.advanced import is_advanced, issue_date, read_advanced

SAMPLE = Path(__file__).parent / "fixtures" / "sdn_advanced_sample.xml"
REAL_NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"


@pytest.fixture(scope="module")
def parties() -> dict[str, Entity]:
    return {e.source_id: e for e in read_advanced(SAMPLE, "ofac_sdn")}


def test_sample_follows_official_xsd() -> None:
    schema = etree.XMLSchema(etree.parse(str(shared_file("ofac", "schemas",
                                                         "sdn_advanced.xsd"))))
    assert schema.validate(etree.parse(str(SAMPLE))), schema.error_log
    broken = SAMPLE.read_text("utf-8").replace('AliasTypeID="1401"', 'AliasTypeID="9"', 1)
    assert not schema.validate(etree.fromstring(broken.encode("utf-8")))  # keyrefs checked


def test_person_with_cyrillic_alias(parties: dict[str, Entity]) -> None:
    person = parties["90001"]
    assert person.id == "ofac_sdn:90001" and person.schema == "Person"
    names = [(n.value, n.kind, n.script) for n in person.names]
    assert names == [
        ("Pyotr Sergeyevich IVANOV", "primary", "Latn"),
        ("Пётр Сергеевич ИВАНОВ", "alias", "Cyrl"),
        ("PETYA", "weak", "Latn"),
    ]
    assert (person.names[0].first, person.names[0].last) == ("Pyotr Sergeyevich", "IVANOV")
    assert person.birth_dates == [BirthDate("1961-03-15")]
    assert person.birth_places == ["Leningrad, Russia"]
    assert person.nationalities == ["ru"]
    assert person.properties == {"gender": ["male"],
                                 "position": ["Deputy Minister of Fictional Affairs"]}
    assert [(i.type, i.value, i.country) for i in person.identifiers] == [
        ("passport", "710000001", "ru")]
    assert person.programs == ["RUSSIA-EO14024"]
    assert person.listed_on == "2022-02-24"


def test_vessel_with_imo(parties: dict[str, Entity]) -> None:
    vessel = parties["90002"]
    assert vessel.schema == "Vessel"
    assert [(n.value, n.kind) for n in vessel.names] == [
        ("OCEAN FICTION", "primary"), ("SEA PRETENDER", "former")]
    assert {(i.type, i.value) for i in vessel.identifiers} == {
        ("imo", "IMO 9123453"), ("mmsi", "273456789"), ("call_sign", "3FAB9")}
    assert vessel.properties["flag"] == ["pa"]
    assert vessel.properties["type"] == ["Crude Oil Tanker"]
    assert vessel.properties["grossRegisteredTonnage"] == ["81479"]


def test_bank_with_bic(parties: dict[str, Entity]) -> None:
    bank = parties["90003"]
    assert bank.schema == "Organization"
    kinds = {n.value: n.kind for n in bank.names}
    assert kinds == {"FICTITIOUS BANK OF NOWHERE JSC": "primary", "FBN": "weak",
                     "FICTIONAL SAVINGS BANK": "former", "ФИКТИВНЫЙ БАНК": "alias"}
    assert {(i.type, i.value) for i in bank.identifiers} == {
        ("bic", "FICTRUMM"), ("tax_id", "7700000017"), ("registration", "1027700000010"),
        ("website", "www.fictitious-bank.example")}
    assert bank.addresses[0].full == "12 Fictional Embankment, Moscow, 101000, Russia"
    assert (bank.addresses[0].city, bank.addresses[0].postal_code) == ("Moscow", "101000")
    assert bank.countries == ["ru"]
    assert bank.properties["incorporationDate"] == ["1991"]
    assert bank.properties["notes"][0].startswith("Secondary sanctions risk: Ukraine-")
    assert bank.programs == ["RUSSIA-EO14024", "UKRAINE-EO13662"]
    assert bank.remarks == "Fictional bank for reader tests."
    json.dumps(bank.raw)


def test_approximate_year_range(parties: dict[str, Entity]) -> None:
    assert parties["90004"].birth_dates == [BirthDate("1960", end="1962", circa=True)]
    assert parties["90004"].nationalities == ["ir"]


def test_current_namespace_and_issue_date(tmp_path: Path) -> None:
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(SAMPLE.read_text("utf-8").replace("http://www.un.org/sanctions/1.0",
                                                      REAL_NS), "utf-8")
    assert issue_date(path) == "2024-05-07"
    assert is_advanced(path) and not is_advanced(shared_file(
        "ofac", "sdn_xml_2024-05-07", "sdn.xml"))
    assert [e.caption for e in read_advanced(path, "ofac_cons")] == [
        "Pyotr Sergeyevich IVANOV", "OCEAN FICTION", "FICTITIOUS BANK OF NOWHERE JSC",
        "Reza FICTIONALI"]


def test_reference_values_come_from_the_file(tmp_path: Path) -> None:
    """Renumbered reference ids still resolve: nothing is hard-coded."""
    text = SAMPLE.read_text("utf-8").replace('"1626"', '"77"').replace('"1580"', '"78"')
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text, "utf-8")
    types = {i.value: i.type for e in read_advanced(path, "ofac_sdn") for i in e.identifiers}
    assert types["IMO 9123453"] == "imo" and types["FICTRUMM"] == "bic"


def test_unknown_party_subtype(tmp_path: Path) -> None:
    text = SAMPLE.read_text("utf-8").replace('PartySubTypeID="3">', 'PartySubTypeID="99">')
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text, "utf-8")
    with pytest.raises(FormatError) as info:
        list(read_advanced(path, "ofac_sdn"))
    assert info.value.field == "PartySubTypeID" and info.value.line is not None


def test_truncated_file(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    path = tmp_path / "sdn_advanced.xml"
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(FormatError, match="malformed XML") as info:
        list(read_advanced(path, "ofac_sdn"))
    assert info.value.path == str(path)


def test_entity_expansion_refused(tmp_path: Path) -> None:
    bomb = ('<!DOCTYPE Sanctions [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    text = SAMPLE.read_text("utf-8").replace("<Sanctions ", bomb + "\n<Sanctions ", 1)
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text, "utf-8")
    with pytest.raises(HostileInputError):
        list(read_advanced(path, "ofac_sdn"))
