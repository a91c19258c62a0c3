"""redline's own endpoints over real HTTP: /screen/party, /lists, /lists/update, docs."""

from __future__ import annotations

import os
import shutil

import pytest
from apiserver import assert_problem


def test_screen_party_with_reasons(live):  # type: ignore[no-untyped-def]
    with live.client("screen") as http:
        by_name = http.post("/screen/party", json={"name": "Путин Владимир", "schema": "Person",
                                                   "birth_date": "1952-10-07", "countries": ["Russia"]}).json()
        by_id = http.post("/screen/party", json={"name": "", "schema": "Company",
                                                 "identifiers": [{"type": "inn", "value": "7707083893"}]}).json()
    hit = by_name["hits"][0]
    assert hit["entity_id"] == "demo:putin" and hit["schema"] == "Person" and hit["score"] >= 0.9
    assert {r["feature"] for r in hit["reasons"]} >= {"name", "birth_date"}
    assert hit["list_version"] == by_name["list_versions"]["demo"]
    assert by_name["query"]["countries"] == ["ru"]
    assert by_id["hits"][0]["entity_id"] == "demo:sberbank" and by_id["hits"][0]["score"] >= 0.98


def test_lists_and_diff(live):  # type: ignore[no-untyped-def]
    with live.client("screen") as http:
        data = http.get("/lists").json()
    assert [v["list_name"] for v in data["active"]] == ["demo"] and data["active"][0]["active"]
    assert data["history"] and data["history"][0]["entity_count"] == 12
    with live.client("analyst") as http:
        diff = http.get("/lists/demo/diff").json()
        assert diff["old"] is None and len(diff["added"]) == 12
        assert_problem(http.get("/lists/nothing/diff"), 404)


def test_update_refuses_paths_outside_the_mirror(live, tmp_path):  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    outside.mkdir()
    (live.mirror / "escape").symlink_to(outside, target_is_directory=True)
    with live.client("admin") as http:
        for path in (str(outside), "/etc", "../", "escape", str(live.mirror / ".." / outside.name)):
            assert_problem(http.post("/lists/update", json={"mirror": path}), 403)
        assert_problem(http.post("/lists/update", json={"mirror": "missing"}), 404)
    (live.mirror / "escape").unlink()


def test_update_from_allowed_mirror(live, shared_data):  # type: ignore[no-untyped-def]
    source = shared_data / "un" / "UN_consolidated_2023-03-09.xml"
    if not source.exists():
        pytest.skip(f"real file not available: {source}")
    folder = live.mirror / "un"
    folder.mkdir(exist_ok=True)
    shutil.copy(source, folder / source.name)  # a copy under tmp, never in the repo
    try:
        with live.client("admin") as http:
            result = http.post("/lists/update", json={"mirror": "un"}, timeout=120).json()
            assert result["results"][0]["status"] == "loaded" and result["results"][0]["entities"] > 900
            assert result["by"] == "test-admin"
            assert {v["list_name"] for v in http.get("/lists").json()["active"]} == {"demo", "un_sc"}
            found = http.post("/match/un_sc", json={"queries": {"q": {"schema": "LegalEntity", "properties": {
                "name": ["Al-Qaida"]}}}}).json()["responses"]["q"]["results"]
            assert found and found[0]["datasets"] == ["un_sc"]
    finally:
        # leave the shared server as the other tests expect it: demo only
        from apiserver import home_settings

        from redline.store.lists import ListStore

        store = ListStore(home_settings(live.home).sqlite_path)
        store.deactivate("un_sc")
        store.close()


def test_docs_load_no_cdn(live):  # type: ignore[no-untyped-def]
    page = live.client(None).get("/docs")
    assert page.status_code == 200 and "/docs-static/swagger-ui-bundle.js" in page.text
    assert "cdn." not in page.text and "googleapis" not in live.client(None).get("/redoc").text
    assert live.client(None).get("/docs-static/swagger-ui-bundle.js").status_code == 200
    spec = live.client(None).get("/openapi.json").json()
    assert {"/match/{dataset}", "/screen/party", "/lists/update", "/catalog"} <= set(spec["paths"])
    assert os.environ.get("REDLINE_API_OPEN") in (None, "", "0")
