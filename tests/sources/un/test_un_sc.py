"""UN Security Council Consolidated List XML, read from three real snapshots."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError, HostileInputError
from redline.model import BirthDate, Entity, Identifier
from redline.sources.un import FORMATS
from redline.sources.un.consolidated import date_generated, is_un_consolidated, read_un

SNAPSHOTS = {  # date: (INDIVIDUAL, ENTITY) counts from SOURCES.md, checked against the files
    "2024-05-15": (682, 193),
    "2026-02-27": (730, 273),
    "2023-03-09": (702, 254),
}


def _path(date: str) -> Path:
    return shared_file("un", f"UN_consolidated_{date}.xml")


@pytest.fixture(scope="module")
def un2024() -> dict[str, Entity]:
    return {e.source_id: e for e in read_un(_path("2024-05-15"))}


@pytest.mark.parametrize(("date", "counts"), SNAPSHOTS.items())
def test_snapshot_counts_and_dates(date: str, counts: tuple[int, int]) -> None:
    path = _path(date)
    entities = list(read_un(path))
    assert Counter(e.schema for e in entities) == {"Person": counts[0], "Organization": counts[1]}
    assert len({e.id for e in entities}) == len(entities)
    assert all(e.id == f"un_sc:{e.source_id}" and e.programs and e.listed_on for e in entities)
    assert all(sum(n.kind == "primary" for n in e.names) == 1 for e in entities)
    assert is_un_consolidated(path)
    assert date_generated(path) == date
    json.dumps([e.to_dict() for e in entities[:50]])


def test_name_kinds_and_scripts(un2024: dict[str, Entity]) -> None:
    kinds = Counter(n.kind for e in un2024.values() for n in e.names)
    assert kinds == {"alias": 2063, "primary": 875, "weak": 619, "original": 383, "former": 18}
    originals = Counter(n.script for e in un2024.values() for n in e.names if n.kind == "original")
    assert originals == {"Arab": 371, "Cyrl": 11, "Latn": 1}


def test_taliban_individual_with_arabic_name(un2024: dict[str, Entity]) -> None:
    person = un2024["110447"]
    assert person.schema == "Person"
    primary = person.names[0]
    assert (primary.value, primary.first, primary.middle, primary.last) == (
        "MUHAMMAD TAHER ANWARI", "MUHAMMAD", "TAHER", "ANWARI")
    original = person.names[1]
    assert (original.value, original.kind, original.script) == ("محمد طاهر أنوري", "original", "Arab")
    assert [(n.value, n.kind) for n in person.names[2:]] == [
        ("Mohammad Taher Anwari", "alias"), ("Muhammad Tahir Anwari", "alias"),
        ("Mohammad Tahre Anwari", "alias"), ("Haji Mudir", "weak")]
    assert person.birth_dates == [BirthDate("1961", circa=True)]
    assert person.birth_places == ["Zurmat District, Paktia Province, Afghanistan"]
    assert person.nationalities == ["af"]
    assert person.programs == ["Taliban"]
    assert person.listed_on == "2001-02-23"
    assert person.properties["unscId"] == ["TAi.005"]
    assert person.properties["title"] == ["Mullah"]
    assert person.properties["modifiedAt"] == ["2011-11-29"]
    assert person.remarks.startswith("Belongs to Andar tribe.")
    assert person.raw["REFERENCE_NUMBER"] == "TAi.005"


def test_year_range_dates(un2024: dict[str, Entity]) -> None:
    akhund = un2024["110577"]
    assert akhund.birth_dates == [BirthDate("1955", end="1958", circa=True),
                                  BirthDate("1945", end="1950", circa=True)]


def test_documents_with_issuing_country(un2024: dict[str, Entity]) -> None:
    passports = [i for e in un2024.values() for i in e.identifiers if i.type == "passport"]
    assert len(passports) == 288
    assert Identifier(type="passport", value="OA 454044", country="af", label="Passport") in passports
    ids = Counter(i.type for e in un2024.values() for i in e.identifiers)
    assert ids["national_id"] == 136


def test_entity_with_imo_in_comments_and_addresses() -> None:
    company = next(e for e in read_un(_path("2026-02-27")) if e.source_id == "6908516")
    assert company.schema == "Organization"
    assert company.caption == "CHONGCHONGANG SHIPPING COMPANY"
    assert {n.value for n in company.names[1:]} == {"Chong Chon Gang Shipping Co. Ltd.",
                                                    "Chongchongang Shipping Co LTD"}
    assert Identifier(type="imo", value="5342883", label="IMO number (COMMENTS1)") in company.identifiers
    assert company.countries == ["kp"]
    assert company.addresses[0].city == "Pyongyang" and company.addresses[0].country == "kp"
    assert company.programs == ["DPRK"] and company.properties["unscId"] == ["KPe.022"]


def test_formats_entry() -> None:
    fmt = FORMATS[0]
    assert (fmt.list_name, fmt.main_file, fmt.sniff, fmt.snapshot_date) == (
        "un_sc", "*.xml", is_un_consolidated, date_generated)
    assert not is_un_consolidated(shared_file("ofac", "cons_non_sdn_xml_2024-05-06", "consolidated.xml"))


def test_truncated_download(tmp_path: Path) -> None:
    data = _path("2024-05-15").read_bytes()[:300_000]
    path = tmp_path / "consolidated.xml"
    path.write_bytes(data[: data.rindex(b"\n") + 1])
    with pytest.raises(FormatError) as info:
        list(read_un(path))
    assert str(path) in str(info.value) and "ends early" in str(info.value) and info.value.line


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
])
def test_hostile_xml_is_refused(tmp_path: Path, doctype: str) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text(f"<?xml version='1.0'?>{doctype}<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>"
                    "<DATAID>1</DATAID><FIRST_NAME>&xxe;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
                    "</CONSOLIDATED_LIST>", encoding="utf-8")
    with pytest.raises(HostileInputError) as info:
        list(read_un(path))
    assert str(path) in str(info.value)
    assert not is_un_consolidated(path)


def test_missing_dataid_and_wrong_root(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text("<CONSOLIDATED_LIST dateGenerated='2024-01-01T00:00:00Z'>\n<INDIVIDUALS>\n<INDIVIDUAL>\n"
                    "<FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        list(read_un(path))
    assert info.value.field == "DATAID" and info.value.line == 3 and str(path) in str(info.value)
    other = tmp_path / "export.xml"
    other.write_text('<export xmlns="http://eu.europa.ec/fpi/fsd/export"/>', encoding="utf-8")
    with pytest.raises(FormatError, match="expected <CONSOLIDATED_LIST>"):
        list(read_un(other))


def test_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_bytes("<?xml version='1.0' encoding='UTF-8'?>\n<CONSOLIDATED_LIST>\n<INDIVIDUALS><INDIVIDUAL>"
                     "<DATAID>1</DATAID>\n<FIRST_NAME>Jos\xe9</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
                     "</CONSOLIDATED_LIST>".encode("latin-1"))
    with pytest.raises(FormatError) as info:
        list(read_un(path))
    assert info.value.line == 4 and str(path) in str(info.value)
    assert "declared UTF-8" in str(info.value) and "Latin-1" in str(info.value)
    # without a declaration XML is UTF-8, and the error says so
    path.write_bytes(path.read_bytes().replace(b" encoding='UTF-8'", b""))
    with pytest.raises(FormatError, match="none declared, so UTF-8"):
        list(read_un(path))
