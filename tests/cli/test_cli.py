"""The `redline` command end to end, in a subprocess like a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REDLINE = [sys.executable, "-m", "redline"]


def run(args: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "REDLINE_HOME": str(home), "COLUMNS": "200", **env}
    environ.pop("REDLINE_MIRROR", None)
    return subprocess.run([*REDLINE, *args], capture_output=True, text=True, env=environ,
                          timeout=600, check=False)


def test_run_sample_offline_uses_labelled_demo_list(tmp_path: Path) -> None:
    result = run(["run-sample", "--offline"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "DEMO list" in result.stderr and "NOT an official" in result.stderr
    assert "C-1002" in result.stdout and "ALERT" in result.stdout
    assert "GREF" in result.stdout
    assert "Anna Schmidt': clear" in result.stdout
    assert "DEMO LIST" in result.stdout


def test_run_sample_without_network_says_so(tmp_path: Path) -> None:
    result = run(["run-sample"], tmp_path, REDLINE_DOWNLOAD_TIMEOUT="3")
    assert result.returncode == 0, result.stderr
    assert "cannot be reached" in result.stderr or "already stored" in result.stderr


def test_screen_json_after_demo(tmp_path: Path) -> None:
    assert run(["lists", "demo"], tmp_path).returncode == 0
    result = run(["screen", "Sberbank", "--type", "Organization", "--country", "ru", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["hits"][0]["entity_id"] == "demo:sberbank"
    assert data["hits"][0]["score"] == 1.0
    assert data["list_versions"]["demo"].startswith("demo@")
    assert {r["feature"] for r in data["hits"][0]["reasons"]} >= {"name", "country"}


def test_screen_without_lists_fails_clearly(tmp_path: Path) -> None:
    result = run(["screen", "Putin"], tmp_path)
    assert result.returncode == 2
    assert "no lists loaded" in result.stderr


def test_garbage_name_fails_clearly(tmp_path: Path) -> None:
    run(["lists", "demo"], tmp_path)
    result = run(["screen", "%%%"], tmp_path)
    assert result.returncode == 2 and "no letters" in result.stderr


@pytest.mark.slow
def test_mirror_update_status_screen_and_diff(shared_data: Path, tmp_path: Path) -> None:
    result = run(["lists", "update", "--mirror", str(shared_data), "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = {r["list_name"]: r for r in json.loads(result.stdout)}
    assert loaded["ofac_sdn"]["status"] == "loaded"
    status = json.loads(run(["lists", "status", "--json"], tmp_path).stdout)
    sdn = next(v for v in status if v["list_name"] == "ofac_sdn")
    assert sdn["entity_count"] == 14966 and sdn["source_date"] == "2024-05-07"
    hits = json.loads(run(["screen", "Герман Греф", "--json"], tmp_path).stdout)["hits"]
    assert any("GREF" in h["caption"] for h in hits)
    putin = json.loads(run(["screen", "Putin", "--json"], tmp_path).stdout)["hits"]
    assert putin[0]["caption"] == "Vladimir Vladimirovich PUTIN"
    again = json.loads(run(["lists", "update", "--mirror", str(shared_data), "--json"], tmp_path).stdout)
    assert {r["status"] for r in again} == {"unchanged"}


@pytest.mark.slow
def test_truncated_file_keeps_serving_version(shared_data: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror" / "ofac_2024-05-06"
    mirror.mkdir(parents=True)
    good = shared_data / "ofac" / "cons_non_sdn_xml_2024-05-06" / "consolidated.xml"
    (mirror / "consolidated.xml").write_bytes(good.read_bytes())
    home = tmp_path / "home"
    assert run(["lists", "update", "--mirror", str(tmp_path / "mirror")], home).returncode == 0
    bad_dir = tmp_path / "mirror2" / "ofac_2024-06-01"
    bad_dir.mkdir(parents=True)
    (bad_dir / "consolidated.xml").write_bytes(good.read_bytes()[:200_000])
    result = run(["lists", "update", "--mirror", str(tmp_path / "mirror2"), "--json"], home)
    assert result.returncode == 1
    report = json.loads(result.stdout)[0]
    assert report["status"] == "failed" and "consolidated.xml" in report["error"]
    status = json.loads(run(["lists", "status", "--json"], home).stdout)
    assert [v["entity_count"] for v in status if v["list_name"] == "ofac_cons"] == [443]


def test_good_guy_entry_suppresses_until_listed_entry_changes(tmp_path: Path) -> None:
    run(["lists", "demo"], tmp_path)
    from redline.cases.service import CaseService
    from redline.store.db import connect

    svc = CaseService(connect(None, tmp_path))
    svc.create_user("alice", "alice-password", "analyst")
    svc.db.close()
    added = run(["cases", "good-guy", "C-77", "demo:sberbank", "--user", "alice", "--comment", "our Sber Bank GmbH"],
                tmp_path)
    assert added.returncode == 0, added.stderr
    result = json.loads(run(["screen", "Sber Bank", "--key", "C-77", "--json"], tmp_path).stdout)
    assert result["hits"] == [] and result["suppressed"][0]["entity_id"] == "demo:sberbank"
    other = json.loads(run(["screen", "Sber Bank", "--key", "C-78", "--json"], tmp_path).stdout)
    assert other["hits"][0]["entity_id"] == "demo:sberbank"
    assert run(["audit", "verify"], tmp_path).returncode == 0
