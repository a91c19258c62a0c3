"""EU Financial Sanctions Files XML v1.1, read from the real 2024-05-13 full file."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError, HostileInputError
from redline.model import BirthDate, Entity, Identifier
from redline.sources.eu import FORMATS
from redline.sources.eu.fsf import generation_date, is_eu_fsf, read_fsf

FSF = ("eu", "fsf_2024-05-13", "20240513-FULL-1_1(xsd).xml")


@pytest.fixture(scope="module")
def fsf() -> dict[str, Entity]:
    """The full EU list, parsed once for the module (about 3 s)."""
    return {e.source_id: e for e in read_fsf(shared_file(*FSF))}


def test_full_file_counts(fsf: dict[str, Entity]) -> None:
    # 4,811 sanctionEntity elements (person 3,755 / enterprise 1,056), but three
    # logicalIds are published twice, once per programme: 4,808 entities.
    assert len(fsf) == 4808
    assert Counter(e.schema for e in fsf.values()) == {"Person": 3753, "Organization": 1055}
    # 25,257 nameAlias elements; repeats of the same spelling within an entity collapse.
    assert sum(len(e.names) for e in fsf.values()) == 25025
    assert all(sum(n.kind == "primary" for n in e.names) == 1 for e in fsf.values())
    ids = Counter(i.type for e in fsf.values() for i in e.identifiers)
    assert ids["passport"] == 498 and ids["imo"] == 17 and ids["bic"] == 6
    assert all(e.listed_on and e.source_url and e.programs for e in fsf.values())
    assert all(e.id == f"eu_fsf:{e.source_id}" and e.list == "eu_fsf" for e in fsf.values())


def test_russian_person_with_cyrillic_alias(fsf: dict[str, Entity]) -> None:
    person = fsf["159677"]
    assert person.schema == "Person"
    assert person.caption == "Anna Civiljova"  # the first nameAlias (Czech spelling)
    cyrillic = [n for n in person.names if n.script == "Cyrl"]
    assert [(n.value, n.lang) for n in cyrillic] == [
        ("Анна Цивильова", "bg"), ("Анна Евгеньевна ЦИВИЛЁВА", "ru")]
    ru = cyrillic[1]
    assert (ru.first, ru.middle, ru.last, ru.kind) == ("Анна", "Евгеньевна", "ЦИВИЛЁВА", "alias")
    assert person.birth_dates == [BirthDate("1972-05-09")]
    assert person.birth_places == ["Ivanovo, RUSSIAN FEDERATION"]
    assert person.nationalities == ["ru"]
    assert person.identifiers == [
        Identifier(type="tax_id", value="771921270207", label="National Fiscal Code")]
    assert person.programs == ["UKR"]
    assert person.listed_on == "2023-12-18"
    assert person.properties["gender"] == ["female"]
    assert person.raw["logicalId"] == "159677"
    json.dumps(person.to_dict())


def test_entity_published_once_per_programme_is_merged(fsf: dict[str, Entity]) -> None:
    asem = fsf["547"]
    assert asem.programs == ["AFG", "TAQA"]
    assert asem.caption == "Sayed Esmatullah Asem"
    assert [n.kind for n in asem.names].count("primary") == 1
    assert len({n.value for n in asem.names}) == len(asem.names)
    assert asem.listed_on == "2001-02-23"  # the designationDate of the AFG copy
    assert asem.properties["euReferenceNumber"] == ["EU.334.4"]
    assert len(asem.raw["copies"]) == 1
    assert fsf["120128"].programs == ["TAQA", "UNLI"]


def test_regulation_dates_remarks_and_birth_place(fsf: dict[str, Entity]) -> None:
    saddam = fsf["13"]
    assert saddam.caption == "Saddam Hussein Al-Tikriti"
    assert [(n.value, n.kind, n.lang) for n in saddam.names[1:]] == [
        ("Abu Ali", "alias", None), ("Abou Ali", "alias", "fr")]
    assert saddam.birth_dates == [BirthDate("1937-04-28")]
    assert saddam.birth_places == ["al-Awja, near Tikrit, IRAQ"]
    assert saddam.listed_on == "2003-07-08"
    assert saddam.remarks == "UNSC RESOLUTION 1483"
    assert saddam.properties["euReferenceNumber"] == ["EU.27.28"]
    assert saddam.source_url.startswith("http://eur-lex.europa.eu/")


def test_year_ranges_and_circa(fsf: dict[str, Entity]) -> None:
    ranges = [b for e in fsf.values() for b in e.birth_dates if b.end]
    assert ranges and all(len(b.value) == 4 and b.end > b.value for b in ranges)
    assert fsf["521"].caption == "Haji Ahmad Jan"
    assert BirthDate("1953", end="1958", circa=True) in fsf["521"].birth_dates


def test_shipping_company_imo_and_address(fsf: dict[str, Entity]) -> None:
    company = fsf["107840"]
    assert company.schema == "Organization"
    assert Identifier(type="imo", value="5342883", label="IMO (vessel identification)") in company.identifiers
    assert company.properties["imoNumber"] == ["5342883"]
    assert company.countries == ["kp"]
    assert {a.city for a in company.addresses} == {"Pyongyang"}


def test_sniff_and_snapshot_date(tmp_path: Path) -> None:
    path = shared_file(*FSF)
    assert is_eu_fsf(path)
    assert generation_date(path) == "2024-05-13"
    un = shared_file("un", "UN_consolidated_2024-05-15.xml")
    assert not is_eu_fsf(un)
    fmt = FORMATS[0]
    assert (fmt.list_name, fmt.main_file, fmt.sniff, fmt.snapshot_date) == (
        "eu_fsf", "*.xml", is_eu_fsf, generation_date)


def _write(tmp_path: Path, body: str, name: str = "eu.xml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize("cut_at_line_end", [True, False])
def test_truncated_download(tmp_path: Path, cut_at_line_end: bool) -> None:
    data = shared_file(*FSF).read_bytes()[:200_000]
    if cut_at_line_end:
        data = data[: data.rindex(b"\n") + 1]
    path = tmp_path / "cut.xml"
    path.write_bytes(data)
    with pytest.raises(FormatError) as info:
        list(read_fsf(path))
    assert str(path) in str(info.value) and "malformed XML" in str(info.value)
    assert info.value.line and info.value.line >= data.count(b"\n")
    if cut_at_line_end:
        assert "ends early" in str(info.value)


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE export [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE export [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
])
def test_hostile_xml_is_refused(tmp_path: Path, doctype: str) -> None:
    path = _write(tmp_path, f'<?xml version="1.0"?>{doctype}<export xmlns="http://eu.europa.ec/fpi/fsd/export">'
                            '<sanctionEntity logicalId="1"><remark>&xxe;</remark></sanctionEntity></export>')
    with pytest.raises(HostileInputError) as info:
        list(read_fsf(path))
    assert str(path) in str(info.value)
    assert not is_eu_fsf(path)


def test_wrong_root_and_bad_subject_type(tmp_path: Path) -> None:
    other = _write(tmp_path, "<sdnList><sdnEntry/></sdnList>", "other.xml")
    with pytest.raises(FormatError, match="expected <export>"):
        list(read_fsf(other))
    bad = _write(tmp_path, '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2024-01-02T00:00:00">\n'
                           '<sanctionEntity logicalId="7">\n<subjectType code="vessel" classificationCode="V"/>\n'
                           '<nameAlias wholeName="X"/></sanctionEntity></export>')
    with pytest.raises(FormatError) as info:
        list(read_fsf(bad))
    assert info.value.line == 2 and info.value.field == "subjectType" and "'vessel'" in str(info.value)
    assert generation_date(bad) == "2024-01-02"


def test_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.xml"
    path.write_bytes('<?xml version="1.0" encoding="UTF-8"?>\n<export xmlns="http://eu.europa.ec/fpi/fsd/export">\n'
                     '<sanctionEntity logicalId="1"><subjectType code="person"/>\n'
                     '<nameAlias wholeName="Jos\xe9"/></sanctionEntity></export>'.encode("latin-1"))
    with pytest.raises(FormatError) as info:
        list(read_fsf(path))
    assert info.value.line == 4 and str(path) in str(info.value)
