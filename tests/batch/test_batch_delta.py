"""`redline rescreen`: only entries added or changed since a version are screened; removed ones are reported."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from batch_books import REDLINE, shared_file

from redline.batch import JobSpec, read_output, run_job
from redline.batch.delta import compute_delta, rescreen
from redline.engine import Engine
from redline.errors import StoreError
from redline.model import Entity, Name
from redline.store.lists import ListStore


def _entity(source_id: str, name: str, schema: str = "Person", **kw: object) -> Entity:
    return Entity(id=f"testlist:{source_id}", list="testlist", source_id=source_id, schema=schema,
                  names=[Name(name)], **kw)  # type: ignore[arg-type]


def _load(store: ListStore, entities: list[Entity], date: str) -> str:
    sha = hashlib.sha256(date.encode()).hexdigest()
    version, _ = store.load("testlist", iter(entities), format="test", source="constructed", sha256=sha,
                            source_date=date)
    return version.version_id


def _book(path: Path, names: list[tuple[str, str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["customer_id", "name", "type"])
        writer.writerows(names)
    return path


def test_rescreen_finds_added_and_changed_entries_and_reports_removed(redline_home: Path, tmp_path: Path) -> None:
    engine = Engine()
    old = _load(engine.store, [
        _entity("a", "Viktor Petrovich Medvedchuk"), _entity("b", "Ivan Sergeyevich Koval"),
        _entity("c", "Arkady Romanovich Rotenberg"), _entity("bank", "Promsvyazbank", "Company"),
    ], "2024-01-01")
    new = _load(engine.store, [
        _entity("a", "Viktor Petrovich Medvedchuk"),  # unchanged
        _entity("b", "Ivan Sergeyevich Koval", birth_dates=[]),  # changed below
        _entity("bank", "Promsvyazbank", "Company"),
        _entity("d", "Oleg Vladimirovich Deripaska"),  # added
    ], "2024-02-01")
    changed = engine.store.get_entity("testlist:b", new)
    assert changed is not None
    # a changed entry: same id, new alias (a new version of the list)
    newer = _load(engine.store, [
        _entity("a", "Viktor Petrovich Medvedchuk"),
        Entity(id="testlist:b", list="testlist", source_id="b", schema="Person",
               names=[Name("Ivan Sergeyevich Koval"), Name("Ivan Kovalenko", kind="alias")]),
        _entity("bank", "Promsvyazbank", "Company"),
        _entity("d", "Oleg Vladimirovich Deripaska"),
    ], "2024-03-01")
    assert engine.store.active_version("testlist") == newer
    book = _book(tmp_path / "book.csv", [
        ("K1", "Viktor Medvedchuk", "Person"), ("K2", "Ivan Kovalenko", "Person"),
        ("K3", "Oleg Deripaska", "Person"), ("K4", "Anna Schmidt", "Person"), ("K5", "Promsvyazbank", "Company"),
    ])
    result, delta = rescreen(engine, JobSpec(book, tmp_path / "delta.jsonl"), [old], workers=1)
    assert delta.since == {"testlist": old} and delta.now == {"testlist": newer}
    assert delta.change == {"testlist:b": "changed", "testlist:d": "added"}
    rows = read_output(tmp_path / "delta.jsonl")
    hits = {(r["key"], r["entity_id"], r["change"]) for r in rows if r["status"] == "hit"}
    assert hits == {("K2", "testlist:b", "changed"), ("K3", "testlist:d", "added")}  # K1, K5: unchanged entries
    removed = [r for r in rows if r["status"] == "removed"]
    assert [(r["entity_id"], r["key"], r["list_version"]) for r in removed] == [("testlist:c", None, newer)]
    assert "Arkady Romanovich Rotenberg" in json.loads(removed[0]["reasons"])[0]["detail"]
    assert result.records == 5 and result.extra_rows == 1

    # scores equal a full screen: the small index is weighted like the whole list
    full = run_job(JobSpec(book, tmp_path / "full.jsonl"), engine.matcher(), engine.list_versions(), workers=1)
    assert full.records == 5
    full_scores = {(r["key"], r["entity_id"]): r["score"] for r in read_output(tmp_path / "full.jsonl")}
    for r in rows:
        if r["status"] == "hit":
            assert r["score"] == full_scores[(r["key"], r["entity_id"])]
    # the list name means "since its previous version"
    assert compute_delta(engine.store, ["testlist"]).since == {"testlist": new}
    with pytest.raises(StoreError, match="neither a list version nor a list name; lists: testlist"):
        compute_delta(engine.store, ["ofac_sdn@2024-01-01"])


def test_rescreen_cli_on_two_real_ofac_snapshots(redline_home: Path, tmp_path: Path) -> None:
    from redline.sources.discovery import discover
    from redline.updater import load_snapshot

    engine = Engine()
    versions = []
    for folder in ("sdn_csv_2024-04-26", "sdn_csv_2024-05-03"):
        snapshots, _ = discover(shared_file("ofac", folder))
        result = load_snapshot(engine.store, next(s for s in snapshots if s.list_name == "ofac_sdn"))
        assert result.status == "loaded", result.error
        assert result.version is not None
        versions.append(result.version.version_id)
    diff = engine.store.diff(versions[0], versions[1])
    assert diff.added and diff.removed
    added = next(e for e in (engine.store.get_entity(i, versions[1]) for i in diff.added)
                 if e is not None and e.schema == "Person" and len(e.caption.split()) >= 2)
    unchanged_id = next(i for i in sorted(set(_ids(engine, versions[1])) - set(diff.added) - set(diff.changed)))
    unchanged = engine.store.get_entity(unchanged_id, versions[1])
    assert unchanged is not None
    engine.close()
    book = _book(tmp_path / "book.csv", [
        ("NEW", added.caption, "Person"), ("OLD", unchanged.caption, unchanged.schema),
        ("CLEAN", "Annegret Vogelsang", "Person"),
    ])
    env = {**os.environ, "REDLINE_HOME": str(redline_home)}
    out = tmp_path / "delta.parquet"
    proc = subprocess.run([*REDLINE, "rescreen", str(book), "--since", "ofac_sdn", "--out", str(out), "--quiet",
                           "--workers", "1"], capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    assert f"added: {len(diff.added)}" in proc.stdout and f"removed: {len(diff.removed)}" in proc.stdout
    rows = read_output(out)
    hits = [r for r in rows if r["status"] == "hit"]
    assert ("NEW", added.id, "added", versions[1]) in {(r["key"], r["entity_id"], r["change"], r["list_version"])
                                                       for r in hits}
    assert not [r for r in hits if r["key"] == "OLD" and r["entity_id"] == unchanged.id]
    assert {r["entity_id"] for r in rows if r["status"] == "removed"} == set(diff.removed)


def _ids(engine: Engine, version: str) -> list[str]:
    return [row[0] for row in engine.store.db.execute(
        "SELECT entity_id FROM entities WHERE version_id=? LIMIT 200", (version,))]
