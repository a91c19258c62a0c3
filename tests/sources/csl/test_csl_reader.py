"""US Consolidated Screening List and BIS Denied Persons List from the real files."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError
from redline.model import Entity
from redline.sources.csl import FORMATS, is_csl, is_dpl, iter_rows, read_csl, read_dpl
from redline.sources.csl.dpl import dpl_snapshot_date
from redline.sources.csl.ids import parse_ids


@pytest.fixture(scope="module")
def csl() -> dict[str, Entity]:
    path = shared_file("us_csl", "consolidated_2025-02.csv.gz")
    return {e.source_id: e for e in read_csl(path)}


def test_rows_per_sub_list(csl: dict[str, Entity]) -> None:
    rows = Counter(r["source"].split(" - ")[0] for e in csl.values() for r in e.raw["rows"])
    assert sum(rows.values()) == 14160
    assert rows["Specially Designated Nationals (SDN)"] == 10026
    assert rows["Entity List (EL)"] == 2001
    assert rows["ITAR Debarred (DTC)"] == 727
    assert rows["Denied Persons List (DPL)"] == 462
    assert rows["Sectoral Sanctions Identifications List (SSI)"] == 290
    assert rows["Unverified List (UVL)"] == 201
    assert rows["Nonproliferation Sanctions (ISN)"] == 163
    # 71 _ids are listed on more than one sub-list: 14,160 rows -> 14,048 parties
    assert len(csl) == 14048
    # (7 more read as organisations since FSUE, state corporation and the like are legal forms)
    assert Counter(e.schema for e in csl.values()) == {
        "Organization": 5743, "Person": 5284, "LegalEntity": 2305, "Vessel": 433,
        "Aircraft": 283}


def test_party_on_several_sub_lists_is_one_entity(csl: dict[str, Entity]) -> None:
    bank = csl["18725"]  # BANCO VTB AFRICA SA: SDN, SSI and Capta rows
    assert bank.id == "us_csl:18725" and len(bank.raw["rows"]) == 3
    assert {"SDN", "SSI", "CAP", "UKRAINE-EO13662", "RUSSIA-EO14024"} <= set(bank.programs)
    assert [(i.type, i.value) for i in bank.identifiers if i.type == "bic"] == [
        ("bic", "VTBLAOLU")]
    assert bank.countries == ["ao"]


def test_vessel_with_imo(csl: dict[str, Entity]) -> None:
    vessels = [e for e in csl.values() if e.schema == "Vessel"]
    assert len(vessels) == 433
    assert sum(any(i.type == "imo" for i in v.identifiers) for v in vessels) == 430
    ship = csl["23156"]
    assert ship.caption == "7-28" and ship.properties["flag"] == ["kp"]
    assert [(i.type, i.value) for i in ship.identifiers] == [("imo", "IMO 8898831")]
    assert ship.properties["linkedTo"] == ["YUSONG SHIPPING CO"]
    assert {"SDN", "DPRK4"} == set(ship.programs)


def test_entity_list_company_in_china(csl: dict[str, Entity]) -> None:
    hygon = csl["812c8a5356a572cbccd54db118fde0abb031291e"]
    assert hygon.caption == "Chengdu Haiguang Integrated Circuit"
    assert hygon.programs == ["EL"] and hygon.countries == ["cn"]
    assert hygon.schema == "LegalEntity"  # EL gives no type and the name has no legal form
    assert {n.value for n in hygon.names if n.kind == "alias"} == {
        "Hygon", "Chengdu Haiguang Jincheng Dianlu Sheji"}
    assert hygon.listed_on == "2019-06-24"
    assert hygon.properties["federalRegisterNotice"] == ["84 FR 29373"]
    assert hygon.properties["licensePolicy"] == ["Presumption of denial"]


def test_sdn_person_fields(csl: dict[str, Entity]) -> None:
    person = csl["21944"]
    assert person.schema == "Person"
    name = person.names[0]
    assert (name.value, name.first, name.last) == ("Rim 'ABBAS", "Rim", "'ABBAS")
    assert [b.value for b in person.birth_dates] == ["1973-03-25"]
    assert person.nationalities == ["sy"] and person.countries == ["sy"]
    assert person.properties["position"] == ["Scientific Studies and Research Center Employee"]


def test_ids_in_both_layouts() -> None:
    new = parse_ids("LB, 2020-08-28, RL 3367620, Passport; Male, Gender")
    old = parse_ids("Passport, AA8908881, PK; Identification Number, 35200-5407888-5, PK")
    assert [(e.label, e.value, e.country) for e in new] == [
        ("Passport", "RL 3367620", "LB"), ("Gender", "Male", None)]
    assert [(e.label, e.value, e.country) for e in old] == [
        ("Passport", "AA8908881", "PK"), ("Identification Number", "35200-5407888-5", "PK")]


def test_old_layout_repeated_header_and_truncated_tail(tmp_path: Path) -> None:
    path = shared_file("us_csl", "csl_2023-11_full.csv")
    rows: list[dict[str, str]] = []
    with pytest.raises(FormatError) as err:
        for _, row in iter_rows(path):
            rows.append(row)
    # line 2 repeats the header (skipped silently); the last row is cut mid-field
    assert len(rows) == 4226 and rows[0]["name"] == "China Telecom Corporation Limited"
    assert err.value.line == 4233 and "truncated" in str(err.value)
    whole = path.read_bytes().split(b"\n")
    cut = tmp_path / "csl.csv"
    cut.write_bytes(b"\n".join(whole[:-1]) + b"\n")  # drop the cut-off last line
    entities = list(read_csl(cut))
    assert sum(len(e.raw["rows"]) for e in entities) == 4226
    cmic = next(e for e in entities if e.source_id == "30882")
    assert ("registration", "9111000071093019X7", "cn") in {
        (i.type, i.value, i.country) for i in cmic.identifiers}


def test_dpl_grouped_by_name() -> None:
    path = shared_file("us_bis", "dpl_2022-09.txt")
    entities = list(read_dpl(path))
    assert sum(len(e.raw["rows"]) for e in entities) == 581
    assert len(entities) == 459
    airline = next(e for e in entities if e.caption == "AL NASER AIRLINES")
    assert len(airline.raw["rows"]) == 4 and len(airline.addresses) == 4
    assert airline.countries == ["iq", "ae", "jo"]
    assert airline.schema == "LegalEntity" and airline.programs == ["DPL"]
    # " I. ASH" (2003 order) and "I. ASH" (2002 order, citations written differently)
    # are one denied person: grouped, the earliest effective date is the listing date
    ash = next(e for e in entities if e.caption == "I. ASH")
    assert len(ash.raw["rows"]) == 3 and len(ash.properties["federalRegisterNotice"]) == 3
    assert ash.listed_on == "2002-03-04" and ash.properties["endDate"] == ["2056-06-29"]
    assert ash.addresses[0].region == "TX" and ash.addresses[0].postal_code == "75159"
    assert dpl_snapshot_date(path) == "2022-09-02"  # ignores the typo "2922-09-01"


def test_sniffs_and_formats() -> None:
    csl_path = shared_file("us_csl", "consolidated_2025-02.csv.gz")
    dpl_path = shared_file("us_bis", "dpl_2022-09.txt")
    eu = shared_file("eu", "journal_sanctions", "32014R0833.csv")
    assert is_csl(csl_path) and not is_csl(dpl_path) and not is_csl(eu)
    assert is_dpl(dpl_path) and not is_dpl(csl_path)
    assert {f.list_name for f in FORMATS} == {"us_csl", "us_bis_dpl"}


# ---- bad input ---------------------------------------------------------------------

def test_truncated_gzip(tmp_path: Path) -> None:
    data = shared_file("us_csl", "consolidated_2025-02.csv.gz").read_bytes()
    path = tmp_path / "consolidated.csv.gz"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(FormatError, match="truncated or corrupt"):
        list(read_csl(path))


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    text = gzip.decompress(shared_file("us_csl", "consolidated_2025-02.csv.gz").read_bytes())
    lines = text.split(b"\n")[:3000]
    lines[2500] = lines[2500] + "Ünïcode".encode("latin-1")
    path = tmp_path / "consolidated.csv"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(FormatError, match="encoding") as err:
        list(read_csl(path))
    assert err.value.line == 2501


def test_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("_id,type,name\n1,Entity,ACME\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        list(read_csl(path))
    assert err.value.field == "source" and err.value.line == 1
    dpl = tmp_path / "dpl.txt"
    dpl.write_text('"Name"\t"City"\n"JOHN DOE"\t"X"\n', encoding="utf-8")
    with pytest.raises(FormatError, match="Country"):
        list(read_dpl(dpl))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(FormatError, match="no header"):
        list(read_csl(empty))
    nameless = tmp_path / "n.csv"
    nameless.write_text("_id,source,name\n1,Entity List (EL),\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        list(read_csl(nameless))
    assert err.value.field == "name" and err.value.line == 2


def test_prose_words_before_an_alias_are_dropped(csl: dict[str, Entity]) -> None:
    """The CSL copies aliases from prose ("Jalal Nejad; and Jia Yuntao"): the "and" is no
    word of the name, and a Person query "I Ji-A" must not meet "and Jia Yuntao"."""
    jalal = next(e for e in csl.values() if e.caption == "Jalal Rohollahnejad")
    assert {n.value for n in jalal.names} >= {"Jalal Nejad", "Jia Yuntao"}
    aliases = [n.value for e in csl.values() for n in e.names]
    assert not [a for a in aliases if a.lower().startswith(("and ", "f.k.a. ", "a.k.a. "))]
    assert "Office of Scientific and Industrial Studies (OSIS)" in aliases  # was "F.K.A. Office ..."


def test_upgraded_reader_rereads_an_unchanged_csl_file(tmp_path: Path) -> None:
    """Sites loaded the CSL before the reader dropped the prose "and": re-running the
    update on the very same file must now serve the fixed aliases."""
    import dataclasses

    from redline.sources.discovery import Snapshot
    from redline.store.lists import ListStore
    from redline.updater import load_snapshot

    path = tmp_path / "consolidated.csv"
    path.write_text("_id,source,name,alt_names,type\n"
                    "1,Entity List (EL) - Bureau of Industry and Security,Jalal Rohollahnejad,"
                    "Jalal Nejad; and Jia Yuntao,Individual\n", encoding="utf-8")
    store = ListStore(tmp_path / "store.db")
    fmt = next(f for f in FORMATS if f.format == "csl_csv")
    assert fmt.revision >= 2
    old = load_snapshot(store, Snapshot("us_csl", dataclasses.replace(fmt, revision=1), path))
    new = load_snapshot(store, Snapshot("us_csl", fmt, path))
    assert old.status == new.status == "loaded"
    assert new.version and old.version and new.version.version_id.startswith(old.version.version_id + "-r")
    assert store.active_version("us_csl") == new.version.version_id
    assert load_snapshot(store, Snapshot("us_csl", fmt, path)).status == "unchanged"
