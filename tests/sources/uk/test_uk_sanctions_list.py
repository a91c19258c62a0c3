"""FCDO UK Sanctions List XML, read from a hand-made fixture that follows the public layout.

No official file is staged (every copy found is 4 MiB or more), so the counts here are
those of the fixture; the field mapping follows the published element names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError, HostileInputError
from redline.model import BirthDate, Entity, Identifier
from redline.sources.uk import FORMATS
from redline.sources.uk.sanctions_list import generated_date, is_uk_sanctions_list, read_uk_sanctions_list

FIXTURE = Path(__file__).parent / "fixtures" / "UK-Sanctions-List.xml"


@pytest.fixture(scope="module")
def designations() -> dict[str, Entity]:
    return {e.source_id: e for e in read_uk_sanctions_list(FIXTURE)}


def test_fixture_designations(designations: dict[str, Entity]) -> None:
    assert {k: e.schema for k, e in designations.items()} == {
        "RUS0999": "Person", "RUS0998": "Organization", "RUS1997": "Vessel"}
    assert all(e.id == f"uk_sanctions_list:{k}" and e.list == "uk_sanctions_list" for k, e in designations.items())
    assert is_uk_sanctions_list(FIXTURE)
    assert generated_date(FIXTURE) == "2025-03-14"


def test_individual(designations: dict[str, Entity]) -> None:
    person = designations["RUS0999"]
    assert [(n.value, n.kind) for n in person.names] == [
        ("Ivan Petrovich SIDOROV", "primary"), ("Ivan SIDOROFF", "alias"), ("VANYA", "weak"),
        ("Iwan Petrowitsch SIDOROW", "alias"), ("Иван Петрович СИДОРОВ", "original")]
    assert (person.names[0].first, person.names[0].middle, person.names[0].last) == (
        "Ivan", "Petrovich", "SIDOROV")
    assert (person.names[-1].script, person.names[-1].lang) == ("Cyrl", "ru")
    assert person.birth_dates == [BirthDate("1961"), BirthDate("1962-11-07")]  # dd/mm/1961
    assert person.birth_places == ["Tula, Russia"]
    assert person.nationalities == ["ru"] and person.countries == ["ru"]
    assert person.identifiers == [
        Identifier(type="passport", value="720123456", label="PassportNumber"),
        Identifier(type="national_id", value="770812345678", label="NationalIdentifierNumber")]
    assert person.addresses[0].postal_code == "125009" and person.addresses[0].country == "ru"
    assert person.listed_on == "2022-03-16"
    assert person.properties["provisions"] == ["Asset freeze", "Travel Ban"]
    assert person.properties["ofsiGroupId"] == ["14999"] and person.properties["gender"] == ["male"]
    assert person.remarks.startswith("(UK Sanctions List Ref):RUS0999.")
    assert person.remarks.endswith("benefit from the Government of Russia.")  # statement of reasons
    assert person.raw["UniqueID"] == "RUS0999"


def test_entity_and_ship(designations: dict[str, Entity]) -> None:
    company = designations["RUS0998"]
    assert Identifier(type="registration", value="1021600000000",
                      label="Business Registration Number") in company.identifiers
    assert company.properties["website"] == ["www.example-avia.ru"]
    assert company.properties["parent"] == ["Example Holding"]
    assert company.names[-1].kind == "original" and company.names[-1].script == "Cyrl"
    ship = designations["RUS1997"]
    assert ship.identifiers == [Identifier(type="imo", value="9176187", label="IMONumber")]
    assert ship.properties["imoNumber"] == ["9176187"]
    assert ship.properties["flag"] == ["ga"] and ship.properties["pastFlags"] == ["lr"]
    assert ship.properties["type"] == ["Crude Oil Tanker"] and ship.properties["buildDate"] == ["2000"]
    assert ship.countries == ["ga"]


def test_sniff_rejects_other_lists() -> None:
    assert not is_uk_sanctions_list(shared_file("un", "UN_consolidated_2024-05-15.xml"))
    fmt = next(f for f in FORMATS if f.list_name == "uk_sanctions_list")
    assert (fmt.main_file, fmt.sniff, fmt.snapshot_date) == ("*.xml", is_uk_sanctions_list, generated_date)


def test_truncated_file(tmp_path: Path) -> None:
    data = FIXTURE.read_bytes()
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_bytes(data[: data.index(b"<Designation>", data.index(b"RUS0998"))])
    with pytest.raises(FormatError) as info:
        list(read_uk_sanctions_list(path))
    assert "ends early" in str(info.value) and str(path) in str(info.value)


def test_hostile_xml(tmp_path: Path) -> None:
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE Designations [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                    "<Designations><Designation><UniqueID>&b;</UniqueID></Designation></Designations>")
    with pytest.raises(HostileInputError):
        list(read_uk_sanctions_list(path))
    assert not is_uk_sanctions_list(path)


def test_bad_designations(tmp_path: Path) -> None:
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_text("<Designations>\n<Designation>\n<UniqueID>X1</UniqueID>"
                    "<IndividualEntityShip>Aircraft</IndividualEntityShip></Designation></Designations>")
    with pytest.raises(FormatError) as info:
        list(read_uk_sanctions_list(path))
    assert (info.value.line, info.value.field) == (2, "IndividualEntityShip")
    path.write_text("<Designations><Designation><IndividualEntityShip>Entity</IndividualEntityShip>"
                    "</Designation></Designations>")
    with pytest.raises(FormatError, match="no UniqueID"):
        list(read_uk_sanctions_list(path))
    path.write_text("<export/>")
    with pytest.raises(FormatError, match="expected <Designations>"):
        list(read_uk_sanctions_list(path))
