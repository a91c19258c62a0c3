"""HM Treasury / OFSI ConList.csv, read from the real 2020-04-27 file (cp1252, CRLF)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError
from redline.model import BirthDate, Entity, Identifier
from redline.sources.uk import FORMATS
from redline.sources.uk.conlist import conlist_date, detect_encoding, is_conlist, read_conlist

CONLIST = ("uk", "hmt_ofsi_conlist_2020-04-27", "ConList.csv")
HEADER = ("Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,"
          "Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,"
          "Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID")


@pytest.fixture(scope="module")
def conlist() -> dict[str, Entity]:
    return {e.source_id: e for e in read_conlist(shared_file(*CONLIST))}


def test_rows_and_groups(conlist: dict[str, Entity]) -> None:
    path = shared_file(*CONLIST)
    text = path.read_bytes().decode("cp1252")
    rows = list(csv.DictReader(io.StringIO(text.split("\r\n", 1)[1])))
    assert len(rows) == 9492  # one row per name (and date of birth)
    assert Counter(r["Group Type"] for r in rows) == {"Individual": 7051, "Entity": 2441}
    assert len(conlist) == 2114  # one entity per Group ID
    assert Counter(e.schema for e in conlist.values()) == {"Person": 1523, "Organization": 578, "Vessel": 13}
    assert all(sum(n.kind == "primary" for n in e.names) == 1 for e in conlist.values())
    assert all(e.names[0].kind == "primary" for e in conlist.values())
    assert Counter(n.kind for e in conlist.values() for n in e.names) == {
        "primary": 2114, "alias": 3653, "former": 14}
    assert len({p for e in conlist.values() for p in e.programs}) == 30


def test_group_with_many_aliases_dates_and_passport(conlist: dict[str, Entity]) -> None:
    person = conlist["13349"]
    assert person.id == "uk_ofsi:13349" and person.schema == "Person"
    assert person.caption == "Nayef Salam Muhammad Ujaym AL-HABABI"
    first = person.names[0]
    assert (first.first, first.middle, first.last) == ("Nayef", "Salam Muhammad Ujaym", "AL-HABABI")
    assert {"Sheikh Farooq AL-QAHTANI", "Faruq AL-QATARI", "Imran Farouk SHAYKH"} <= {n.value for n in person.names}
    assert len(person.names) == 8
    assert person.birth_dates == [BirthDate("1980"), BirthDate("1981")]  # 00/00/1980, 00/00/1981
    assert person.birth_places == ["Saudi Arabia"]
    assert person.nationalities == ["sa", "qa"]  # "1) Saudi Arabia 2) Qatar"
    assert person.identifiers == [Identifier(type="passport", value="592667", label="Passport Details")]
    assert person.countries == ["af"]  # "Afghanistan (since 2009)"
    assert person.listed_on == "2016-04-01"
    assert person.programs == ["The ISIL (Da'esh) and Al-Qaida organisations"]
    assert person.remarks.startswith("UN Ref QDe.004.")
    assert person.raw["Group ID"] == "13349" and person.raw["DOB"] == ["00/00/1980", "00/00/1981"]


def test_vessel_filed_as_entity(conlist: dict[str, Entity]) -> None:
    ship = conlist["13556"]
    assert ship.schema == "Vessel"  # "The following vessel ..." with a valid ship IMO number
    assert ship.caption == "TONG SAN 2"
    assert Identifier(type="imo", value="8937675", label="IMO number") in ship.identifiers
    assert Identifier(type="mmsi", value="445539000", label="MMSI") in ship.identifiers
    assert ship.properties["imoNumber"] == ["8937675"]


def test_windows_1252_text_is_decoded(conlist: dict[str, Entity]) -> None:
    brigade = conlist["13222"]
    assert [(n.value, n.kind) for n in brigade.names] == [
        ("PRIZRAK BRIGADE", "primary"), ("14TH MOTORIZED RIFLE BATTALION", "alias")]
    assert "so-called ’2nd Army Corps’ of the ‘Lugansk People´s Republic’" in brigade.remarks
    assert detect_encoding(shared_file(*CONLIST)) == "cp1252"


def test_sniff_and_snapshot_date() -> None:
    path = shared_file(*CONLIST)
    assert is_conlist(path)
    assert conlist_date(path) == "2020-04-27"
    assert not is_conlist(shared_file("ofac", "sdn_csv_2024-05-03", "sdn.csv"))
    fmt = next(f for f in FORMATS if f.list_name == "uk_ofsi")
    assert (fmt.main_file, fmt.sniff, fmt.snapshot_date) == ("*conlist*.csv", is_conlist, conlist_date)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "ConList.csv"
    path.write_bytes(data)
    return path


def _row(gid: str = "1", kind: str = "Individual", alias: str = "Prime Alias", name: str = "DOE",
         dob: str = "00/05/1970", other: str = "") -> str:
    return (f'{name},John,,,,,,{dob},,,Russian,,,,,,,,,,,Russia,"{other}",{kind},{alias},Russia,'
            f"01/03/2022,01/03/2022,{gid}")


def test_utf8_with_bom_and_non_contiguous_groups(tmp_path: Path) -> None:
    body = "\r\n".join(["Last Updated,02/01/2024", HEADER, _row("7"), _row("8", "Entity", name="ÄCME"),
                        _row("7", alias="AKA", name="DOUGH"), ""])
    path = _write(tmp_path, b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert detect_encoding(path) == "utf-8-sig"
    assert conlist_date(path) == "2024-01-02"
    entities = list(read_conlist(path))
    assert [e.source_id for e in entities] == ["7", "8"]
    assert [(n.value, n.kind) for n in entities[0].names] == [("John DOE", "primary"), ("John DOUGH", "alias")]
    assert entities[0].birth_dates == [BirthDate("1970-05")]
    assert entities[0].nationalities == ["ru"] and entities[0].listed_on == "2022-03-01"
    assert entities[1].caption == "John ÄCME"


def test_bytes_invalid_in_utf8_and_cp1252(tmp_path: Path) -> None:
    body = "\r\n".join(["Last Updated,02/01/2024", HEADER, _row("7"), _row("8", other="@"), ""]).encode("cp1252")
    path = _write(tmp_path, body.replace(b"@", b"caf\xe9 \x81"))
    with pytest.raises(FormatError) as info:
        list(read_conlist(path))
    assert info.value.line == 4 and str(path) in str(info.value) and "0x81" in str(info.value)


def test_malformed_and_truncated_rows(tmp_path: Path) -> None:
    good = ["Last Updated,02/01/2024", HEADER, _row("7")]
    path = _write(tmp_path, "\r\n".join([*good, _row("8")[:40]]).encode())
    with pytest.raises(FormatError) as info:
        list(read_conlist(path))
    assert info.value.line == 4 and "expected 29 fields" in str(info.value)
    path = _write(tmp_path, "\r\n".join([*good, _row("9", kind="Spaceship")]).encode())
    with pytest.raises(FormatError) as info:
        list(read_conlist(path))
    assert (info.value.line, info.value.field) == (4, "Group Type")
    path = _write(tmp_path, "\r\n".join([*good, _row("", kind="Entity")]).encode())
    with pytest.raises(FormatError) as info:
        list(read_conlist(path))
    assert info.value.field == "Group ID"
    path = _write(tmp_path, "\r\n".join([*good, _row("10", dob="31/31/19x0")]).encode())
    with pytest.raises(FormatError) as info:
        list(read_conlist(path))
    assert (info.value.line, info.value.field) == (4, "DOB")


def test_not_a_conlist(tmp_path: Path) -> None:
    path = _write(tmp_path, b"ent_num,name\r\n1,X\r\n")
    assert not is_conlist(path)
    with pytest.raises(FormatError, match="not an OFSI ConList header"):
        list(read_conlist(path))
