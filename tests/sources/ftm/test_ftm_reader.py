"""FollowTheMoney JSON lines read from the real OpenSanctions / yente fixture files."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError, HostileInputError
from redline.model import Entity
from redline.sources.ftm import (
    FORMATS,
    apply_ftm_delta,
    dataset_name,
    entity_to_ftm,
    is_ftm,
    map_entities,
    read_ftm,
    read_ftm_relations,
    sanction_to_ftm,
    snapshot_date,
)
from redline.sources.ftm.export import ALLOWED


def _ftm(name: str) -> Path:
    return shared_file("opensanctions", "ftm", name)


@pytest.fixture(scope="module")
def zala() -> dict[str, Entity]:
    return {e.source_id: e for e in read_ftm(_ftm("zala_entities.ftm.json"))}


def test_zala_parties_and_relations(zala: dict[str, Entity]) -> None:
    # 91 lines: 11 Company + 6 Person are parties; the other 74 are side entities
    assert Counter(e.schema for e in zala.values()) == {"Company": 11, "Person": 6}
    assert all(e.list == "ftm_zala" and e.id == f"ftm_zala:{e.source_id}"
               for e in zala.values())
    relations = Counter(r["schema"] for r in read_ftm_relations(_ftm("zala_entities.ftm.json")))
    assert relations == {"Sanction": 41, "Ownership": 14, "Address": 11, "Family": 4,
                         "Directorship": 3, "Passport": 1}


def test_russian_person_with_inn_and_cyrillic_names(zala: dict[str, Entity]) -> None:
    person = zala["NK-2Tbri3s6GgNtAwsSXh4qpL"]
    assert person.schema == "Person"
    assert person.names[0].value == "OSETROVA, Maria Aleksandrovna"
    assert person.names[0].kind == "primary"
    assert person.names[0].last == "OSETROVA"
    cyrillic = [n for n in person.names if n.script == "Cyrl"]
    assert "Мария Александровна Осетрова" in {n.value for n in cyrillic}
    assert {n.kind for n in person.names} == {"primary", "alias", "former"}
    mid = next(n for n in cyrillic if n.value == "Мария Александровна Осетрова")
    assert (mid.first, mid.middle, mid.last) == ("Мария", "Александровна", "Осетрова")
    inn = [i for i in person.identifiers if i.type == "inn"]
    assert [(i.value, i.label) for i in inn] == [("183116181362", "innCode")]
    assert [b.value for b in person.birth_dates] == ["1988-01-07"]
    assert person.nationalities == ["ru"] and person.countries == ["ru"]
    assert "corp.disqual" in person.properties["topics"]
    assert person.source_url and person.source_url.startswith("https://")


def test_sanctions_and_passport_folded_onto_party(zala: dict[str, Entity]) -> None:
    company = zala["NK-abdzbEBkqyT29GyREbiURZ"]
    # Sanction entities point at the company; their programs and dates land on it
    assert {"AU-RUSSIA", "US-BIS-EL"} <= set(company.programs)
    assert company.listed_on == "2021-10-30"
    assert len(company.raw["sanctions"]) >= 2
    assert company.raw["entity"]["id"] == "NK-abdzbEBkqyT29GyREbiURZ"
    # addressEntity references resolved through the Address entities of the file
    assert any(a.postal_code or a.city for a in company.addresses)
    person = zala["NK-aU5ybkbRFJucf8YMwsJvDw"]
    assert person.raw["identifications"] == [{"schema": "Passport"}]  # holder only
    assert person.listed_on == "2023-07-01"


def test_other_files_and_formats() -> None:
    t1 = list(read_ftm(_ftm("t1_entities.ftm.json")))
    assert Counter(e.schema for e in t1) == {"Person": 4, "Organization": 2}
    payments = list(read_ftm(_ftm("parteispenden_entities.ftm.json")))
    assert Counter(e.schema for e in payments) == {"Company": 56, "Person": 22,
                                                   "Organization": 18}
    assert sum(1 for _ in read_ftm_relations(_ftm("parteispenden_entities.ftm.json"))) == 379
    assert dataset_name(Path("x/zala_entities.ftm.json")) == "zala"
    assert dataset_name(Path("sanctions/entities.ftm.json")) == "sanctions"
    assert next(read_ftm(_ftm("t1_entities.ftm.json"), dataset="mine")).list == "ftm_mine"
    assert snapshot_date(_ftm("zala_entities.ftm.json")) == "2026-04-29"
    assert is_ftm(_ftm("zala_entities.ftm.json"))
    assert [f.list_name for f in FORMATS] == ["ftm"]


def test_delta_stream_applied_in_order() -> None:
    base = shared_file("opensanctions", "ftm", "yente_delta_fixture", "t2")
    entities: dict[str, dict] = {}
    ops: Counter[str] = Counter()
    for version in sorted(p for p in base.iterdir() if p.is_dir()):
        ops += apply_ftm_delta(entities, version / "entities.delta.json")
    assert ops == {"ADD": 4, "MOD": 1, "DEL": 1}
    assert set(entities) == {"NK-2T3S8Hu29ktYnKSTgQp2wL", "NK-2sJaJRaPJcWUfMbHjTtWcL",
                             "Q4365364"}  # NK-500Poltergeist added, then deleted
    mapped = {e.source_id: e for e in map_entities(list(entities.values()), "ftm_t2")}
    assert mapped["NK-2T3S8Hu29ktYnKSTgQp2wL"].caption == "Foobar Foobargroup"  # the MOD
    assert "Владимир Николаевич ПЛОТНИКОВ" in {n.value for n in mapped["Q4365364"].names}


def test_export_is_valid_followthemoney(zala: dict[str, Entity]) -> None:
    ftm = pytest.importorskip("followthemoney")
    for entity in zala.values():
        data = entity_to_ftm(entity)
        assert data["id"] == entity.source_id
        proxy = ftm.model.get_proxy(data, cleaned=False)
        for prop in data["properties"]:
            assert proxy.get(prop), f"{entity.source_id}: FtM dropped {prop}"
    vessel = Entity(id="eu_833:imo-9179842", list="eu_833", source_id="imo-9179842",
                    schema="Vessel", nationalities=["ru"], programs=["EU-RUS"],
                    listed_on="2024-06-25", properties={"owner": ["SOME SHIPPING LLC"]})
    data = entity_to_ftm(vessel)
    assert data["id"] == "eu-833-imo-9179842"
    # FtM wants an entity reference for a vessel owner: the text survives as a note
    assert data["properties"]["notes"] == ["owner: SOME SHIPPING LLC"]
    assert data["properties"]["country"] == ["ru"]
    sanction = sanction_to_ftm(vessel)
    assert sanction is not None
    assert ftm.model.get_proxy(sanction, cleaned=False).get("entity") == [data["id"]]


def test_allowed_table_matches_followthemoney() -> None:
    ftm = pytest.importorskip("followthemoney")
    for schema, props in ALLOWED.items():
        known = set(ftm.model[schema].properties)
        assert props <= known, f"{schema}: {sorted(props - known)}"


# ---- bad input ---------------------------------------------------------------------

def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_invalid_json_line_names_file_and_line(tmp_path: Path) -> None:
    good = _ftm("t1_entities.ftm.json").read_bytes().splitlines(keepends=True)
    path = _write(tmp_path, "bad.ftm.json", b"".join(good[:3]) + b'{"id": "x", "sch\n')
    with pytest.raises(FormatError) as err:
        list(read_ftm(path))
    assert err.value.line == 4 and "bad.ftm.json" in str(err.value)
    assert "invalid JSON" in str(err.value)


def test_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress(_ftm("zala_entities.ftm.json").read_bytes())
    path = _write(tmp_path, "zala.ftm.json.gz", data[: len(data) // 2])
    with pytest.raises(FormatError, match="truncated"):
        list(read_ftm(path))


def test_wrong_encoding(tmp_path: Path) -> None:
    line = json.dumps({"id": "p1", "schema": "Person",
                       "properties": {"name": ["Мария"]}}, ensure_ascii=False)
    path = _write(tmp_path, "cp.ftm.json", b"\n" + line.encode("cp1251") + b"\n")
    with pytest.raises(FormatError, match="UTF-8") as err:
        list(read_ftm(path))
    assert err.value.line == 2


def test_missing_fields_and_bad_delta(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.ftm.json", b'{"id": "a", "properties": {}}\n')
    with pytest.raises(FormatError) as err:
        list(read_ftm(path))
    assert err.value.field == "schema" and err.value.line == 1
    path = _write(tmp_path, "y.ftm.json",
                  b'{"id": "a", "schema": "Person", "properties": {"name": "X"}}\n')
    with pytest.raises(FormatError, match="lists of values"):
        list(read_ftm(path))
    path = _write(tmp_path, "entities.delta.json",
                  b'{"op": "ADD", "entity": {"id": "a", "schema": "Person"}}\n'
                  b'{"op": "UPSERT", "entity": {"id": "a"}}\n')
    with pytest.raises(FormatError) as err:
        apply_ftm_delta({}, path)
    assert err.value.line == 2 and err.value.field == "op"


def test_hostile_json(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.ftm.json", b"[" * 200_000 + b"]" * 200_000 + b"\n")
    with pytest.raises(HostileInputError):
        list(read_ftm(path))
    path = _write(tmp_path, "list.ftm.json", b"[1, 2]\n")
    with pytest.raises(FormatError, match="one JSON object per line"):
        list(read_ftm(path))
