"""Classic OFAC XML (sdn.xml, consolidated.xml) read from the real official files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError, HostileInputError
from redline.model import BirthDate, Entity
from redline.sources.ofac.xml_classic import is_classic, publish_date, read_classic

SDN_XML = ("ofac", "sdn_xml_2024-05-07", "sdn.xml")


@pytest.fixture(scope="module")
def sdn() -> dict[str, Entity]:
    """The full SDN list, parsed once for the module (about 3 s)."""
    return {e.source_id: e for e in read_classic(shared_file(*SDN_XML), "ofac_sdn")}


def test_full_sdn_counts(sdn: dict[str, Entity]) -> None:
    assert len(sdn) == 14966
    assert Counter(e.schema for e in sdn.values()) == {
        "Organization": 6884, "Person": 6855, "Vessel": 851, "Aircraft": 376}
    vessel_regs = [i for e in sdn.values() for i in e.identifiers
                   if i.label == "Vessel Registration Identification"]
    assert len(vessel_regs) == 857
    assert sum(i.type == "imo" for i in vessel_regs) == 854  # 3 are national registrations


def test_putin(sdn: dict[str, Entity]) -> None:
    putin = sdn["35096"]
    assert putin.id == "ofac_sdn:35096"
    assert putin.schema == "Person"
    assert putin.caption == "Vladimir Vladimirovich PUTIN"
    primary = putin.names[0]
    assert (primary.first, primary.last, primary.script) == ("Vladimir Vladimirovich", "PUTIN",
                                                             "Latn")
    assert [(n.value, n.kind) for n in putin.names[1:]] == [("Vladimir PUTIN", "alias")]
    assert putin.birth_dates == [BirthDate("1952-10-07")]
    assert putin.birth_places == ["Leningrad, Russia"]
    assert putin.nationalities == ["ru"]
    assert putin.countries == ["ru"]
    assert putin.programs == ["RUSSIA-EO14024"]
    assert putin.properties["position"] == ["President of the Russian Federation"]
    assert putin.properties["gender"] == ["male"]
    assert putin.source_url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=35096"
    assert putin.raw["uid"] == "35096"
    json.dumps(putin.raw)  # the store keeps raw as JSON


def test_gref_documents(sdn: dict[str, Entity]) -> None:
    gref = sdn["34796"]
    assert gref.caption == "Herman Oskarovich GREF"
    assert {n.value for n in gref.names} >= {"German Oskarovich GREF", "Herman GRAF"}
    assert gref.birth_dates == [BirthDate("1964-02-08")]
    ids = {(i.type, i.value, i.country, i.label) for i in gref.identifiers}
    assert ids == {("passport", "760508990", "ru", "Passport"),
                   ("national_id", "4509555545", "ru", "National ID No.")}


def test_sberbank_identifiers_and_former_names(sdn: dict[str, Entity]) -> None:
    sber = sdn["17018"]
    assert sber.schema == "Organization"
    ids = {(i.type, i.value) for i in sber.identifiers}
    assert {("bic", "SABRRUMM"), ("tax_id", "7707083893"),
            ("registration", "1027700132195")} <= ids
    kinds = {n.value: n.kind for n in sber.names}
    assert kinds["SBERBANK ROSSII OAO"] == "former"
    assert kinds["SBERBANK ROSSII"] == "alias"
    # sanctions notes are kept for analysts but never become identifiers
    assert not any("Directive" in (i.label or "") for i in sber.identifiers)
    assert any(n.startswith("Secondary sanctions risk") for n in sber.properties["notes"])


def test_vessel_and_aircraft_facts(sdn: dict[str, Entity]) -> None:
    tug = sdn["4238"]
    assert tug.schema == "Vessel" and tug.caption == "MAR AZUL"
    assert tug.properties["flag"] == ["cu"]
    assert tug.properties["grossRegisteredTonnage"] == ["212"]
    assert [(i.type, i.value) for i in tug.identifiers] == [("call_sign", "CL2192")]
    tankers = [e for e in sdn.values() if e.schema == "Vessel"
               and any(i.type == "imo" and i.value == "IMO 9187629" for i in e.identifiers)]
    assert [e.caption for e in tankers] == ["ARTAVIL"]
    plane = sdn["15431"]
    assert plane.schema == "Aircraft"
    assert ("aircraft_serial", "1023409321") in {(i.type, i.value) for i in plane.identifiers}
    assert plane.properties["model"] == ["IL76-TD"]
    assert plane.properties["linkedTo"] == ["POUYA AIR"]


def test_weak_aliases_and_ranges(sdn: dict[str, Entity]) -> None:
    weak = [n for e in sdn.values() for n in e.names if n.kind == "weak"]
    assert len(weak) > 3000
    cuba = sdn["306"]
    assert ("BNC", "weak") in {(n.value, n.kind) for n in cuba.names}
    ranges = [b for e in sdn.values() for b in e.birth_dates if b.end]
    assert len(ranges) > 100 and all(b.value < b.end for b in ranges if b.end)
    assert any(b.circa for e in sdn.values() for b in e.birth_dates)


def test_publish_date_and_sniff() -> None:
    path = shared_file(*SDN_XML)
    assert publish_date(path) == "2024-05-07"
    assert is_classic(path)
    assert not is_classic(shared_file("un", "UN_consolidated_2024-05-15.xml"))


@pytest.mark.parametrize(("folder", "count", "date"), [
    ("cons_non_sdn_xml_2024-05-06", 443, "2024-05-06"),
    ("cons_non_sdn_xml_2023-03-08", 445, "2023-03-08"),  # tempuri.org namespace
])
def test_consolidated_both_namespaces(folder: str, count: int, date: str) -> None:
    path = shared_file("ofac", folder, "consolidated.xml")
    entities = list(read_classic(path, "ofac_cons"))
    assert len(entities) == count
    assert publish_date(path) == date
    assert all(e.id.startswith("ofac_cons:") for e in entities)
    assert Counter(e.schema for e in entities)["Person"] == 79


def test_un_file_is_refused_by_root() -> None:
    path = shared_file("un", "UN_consolidated_2024-05-15.xml")
    with pytest.raises(FormatError, match="CONSOLIDATED_LIST"):
        next(read_classic(path, "ofac_cons"))


def test_truncated_download(tmp_path: Path) -> None:
    data = shared_file(*SDN_XML).read_bytes()[: 200 * 1024]
    path = tmp_path / "sdn.xml"
    path.write_bytes(data)
    with pytest.raises(FormatError) as info:
        list(read_classic(path, "ofac_sdn"))
    assert info.value.path == str(path)
    assert info.value.line is not None and info.value.line > 4000


def test_record_count_mismatch(tmp_path: Path) -> None:
    text = shared_file("ofac", "cons_non_sdn_xml_2024-05-06", "consolidated.xml").read_text()
    path = tmp_path / "consolidated.xml"
    path.write_text(text.replace("<Record_Count>443<", "<Record_Count>444<"))
    with pytest.raises(FormatError, match="Record_Count says 444 entries but the file holds 443"):
        list(read_classic(path, "ofac_cons"))


def test_unknown_sdn_type_names_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<sdnList xmlns="http://tempuri.org/sdnList.xsd">\n'
        "<sdnEntry><uid>1</uid><lastName>X</lastName>\n<sdnType>Spaceship</sdnType>"
        "<programList/></sdnEntry></sdnList>\n")
    with pytest.raises(FormatError) as info:
        list(read_classic(path, "ofac_sdn"))
    assert info.value.field == "sdnType" and info.value.line == 3


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE sdnList [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE sdnList [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
])
def test_hostile_xml_is_refused(tmp_path: Path, doctype: str) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n<sdnList><sdnEntry><uid>1</uid>'
                    "<lastName>&xxe;</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>")
    with pytest.raises(HostileInputError) as info:
        list(read_classic(path, "ofac_sdn"))
    assert info.value.path == str(path)
