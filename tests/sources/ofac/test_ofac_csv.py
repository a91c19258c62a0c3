"""OFAC legacy CSV sets read from the real official files."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError
from redline.model import BirthDate, Entity
from redline.sources.ofac import (
    CONS_CSV_COMPANIONS,
    SDN_CSV_COMPANIONS,
    read_cons_csv,
    read_sdn_csv,
)


def _set(folder: str, main: str, companions: tuple[str, ...]) -> tuple[Path, dict[str, Path]]:
    path = shared_file("ofac", folder, main)
    found = {name: path.parent / name for name in companions if (path.parent / name).exists()}
    return path, found


@pytest.fixture(scope="module")
def sdn_2021() -> dict[str, Entity]:
    main, companions = _set("sdn_csv_2021-07", "sdn.csv", SDN_CSV_COMPANIONS)
    assert len(companions) == 3
    return {e.source_id: e for e in read_sdn_csv(main, companions)}


def test_full_four_file_set(sdn_2021: dict[str, Entity]) -> None:
    assert len(sdn_2021) == 8976
    assert Counter(e.schema for e in sdn_2021.values()) == {
        "Person": 4620, "Organization": 3673, "Vessel": 406, "Aircraft": 277}
    # every alt.csv and add.csv row found its entry (the files are joined on ent_num)
    assert sum(len(e.raw.get("aliases", [])) for e in sdn_2021.values()) == 11910
    assert sum(len(e.raw.get("addresses", [])) for e in sdn_2021.values()) == 13837


def test_aliases_from_alt_and_remarks(sdn_2021: dict[str, Entity]) -> None:
    bank = sdn_2021["306"]
    assert [(n.value, n.kind) for n in bank.names] == [
        ("BANCO NACIONAL DE CUBA", "primary"), ("NATIONAL BANK OF CUBA", "alias"),
        ("BNC", "weak")]
    assert {a.country for a in bank.addresses} == {"ch", "es", "jp", "pa"}
    person = sdn_2021["12300"]
    assert person.names[0].first == "Jorge Milton"
    assert person.names[0].last == "CIFUENTES VILLA"
    assert "Elkin de Jesus LOPEZ SALAZAR" in {n.value for n in person.names}


def test_comments_continue_remarks(sdn_2021: dict[str, Entity]) -> None:
    person = sdn_2021["12300"]
    # sdn.csv stops at "...PROMO RAI"; sdn_comments.csv goes on with "Z S.A.S.; ..."
    assert "Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL" in (person.remarks or "")
    assert "PROMO RAIZ S.A.S." in person.properties["linkedTo"]
    hacker = sdn_2021["28264"]
    assert {"blackjack1987", "khaleesi"} <= {n.value for n in hacker.names if n.kind == "weak"}
    assert ("national_id", "210302198701102136", "cn") in {
        (i.type, i.value, i.country) for i in hacker.identifiers}


def test_remarks_become_structure(sdn_2021: dict[str, Entity]) -> None:
    vessel = next(e for e in sdn_2021.values() if e.caption == "ARTAVIL")
    assert {(i.type, i.value) for i in vessel.identifiers} >= {
        ("imo", "IMO 9187629"), ("mmsi", "572469210"), ("call_sign", "T2EU4")}
    assert vessel.properties["flag"] == ["ir"]
    assert vessel.properties["grossRegisteredTonnage"] == ["56068"]
    with_dob = [e for e in sdn_2021.values() if e.birth_dates]
    assert len(with_dob) == 4428
    assert all(e.schema == "Person" for e in with_dob)


def test_sdn_csv_alone_2024() -> None:
    main, _ = _set("sdn_csv_2024-05-03", "sdn.csv", ())
    entities = {e.source_id: e for e in read_sdn_csv(main, {})}
    assert len(entities) == 14965
    assert sum(e.schema == "Vessel" for e in entities.values()) == 851
    putin = entities["35096"]
    assert putin.caption == "Vladimir Vladimirovich PUTIN"
    assert putin.birth_dates == [BirthDate("1952-10-07")]
    assert putin.birth_places == ["Leningrad, Russia"]
    assert putin.nationalities == ["ru"]
    assert putin.properties["gender"] == ["male"]
    gref = entities["34796"]
    assert ("passport", "760508990", "ru") in {(i.type, i.value, i.country)
                                               for i in gref.identifiers}
    assert ("bic", "SABRRUMM") in {(i.type, i.value) for i in entities["17018"].identifiers}


def test_consolidated_csv_set() -> None:
    main, companions = _set("cons_non_sdn_csv_2025-12", "cons_prim.csv", CONS_CSV_COMPANIONS)
    entities = {e.source_id: e for e in read_cons_csv(main, companions)}
    assert len(entities) == 442
    assert all(e.id.startswith("ofac_cons:") for e in entities.values())
    assert sum(len(e.raw.get("aliases", [])) for e in entities.values()) == 1073
    sber = entities["17018"]
    ids = {(i.type, i.value, i.country) for i in sber.identifiers}
    assert {("tax_id", "7707083893", "ru"), ("registration", "1027700132195", "ru")} <= ids
    assert {"SBERBANK INDIA", "SBERBANK MUMBAI"} <= {n.value for n in sber.names
                                                    if n.kind == "weak"}
    haniya = entities["9639"]
    assert haniya.birth_dates == [BirthDate("1962")] and haniya.birth_places == ["Shati"]


def test_unsorted_files_still_join(tmp_path: Path) -> None:
    main, companions = _set("cons_non_sdn_csv_2025-12", "cons_prim.csv", CONS_CSV_COMPANIONS)
    lines = main.read_bytes().split(b"\r\n")
    (tmp_path / "cons_prim.csv").write_bytes(b"\r\n".join([*reversed(lines[:-1]), lines[-1]]))
    for name, path in companions.items():
        shutil.copy(path, tmp_path / name)
    moved = {n: tmp_path / n for n in companions}
    entities = list(read_cons_csv(tmp_path / "cons_prim.csv", moved))
    assert len(entities) == 442
    assert sum(len(e.raw.get("aliases", [])) for e in entities) == 1073


def test_wrong_column_count_names_line(tmp_path: Path) -> None:
    lines = shared_file("ofac", "sdn_csv_2021-07", "sdn.csv").read_bytes().split(b"\r\n")[:50]
    lines[41] = b'12345,"BROKEN ROW","individual"'
    path = tmp_path / "sdn.csv"
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(FormatError, match="expected 12 columns, found 3") as info:
        list(read_sdn_csv(path, {}))
    assert info.value.path == str(path) and info.value.line == 42


def test_wrong_encoding_names_line(tmp_path: Path) -> None:
    lines = shared_file("ofac", "sdn_csv_2021-07", "sdn.csv").read_bytes().split(b"\r\n")[:30]
    row = '999,"MU\u00d1OZ, Jos\u00e9",individual,SDNT,-0-,-0-,-0-,-0-,-0-,-0-,-0-,-0-'
    lines[19] = row.encode("cp1252")
    path = tmp_path / "sdn.csv"
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(FormatError, match="wrong encoding") as info:
        list(read_sdn_csv(path, {}))
    assert info.value.path == str(path) and info.value.line == 20


def test_truncated_download_and_bad_ent_num(tmp_path: Path) -> None:
    data = shared_file("ofac", "sdn_csv_2021-07", "sdn.csv").read_bytes()
    path = tmp_path / "sdn.csv"
    cut = data.index(b"\r\n306,") + len(b"\r\n306,\"BANCO NACIONAL DE CUBA\",-0- ,")
    path.write_bytes(data[:cut])  # the download stopped in the middle of row 3
    with pytest.raises(FormatError, match="expected 12 columns, found 4") as info:
        list(read_sdn_csv(path, {}))
    assert info.value.path == str(path) and info.value.line == 3
    path.write_bytes(b'X1,"NAME",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n')
    with pytest.raises(FormatError, match="ent_num") as info:
        list(read_sdn_csv(path, {}))
    assert info.value.field == "ent_num" and info.value.line == 1
