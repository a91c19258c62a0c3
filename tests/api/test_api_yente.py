"""yente compatibility over real HTTP: the official yente-client, and the raw request shape."""

from __future__ import annotations

import pytest
from yente_client import Client, Company, Person, Vessel
from yente_client.exceptions import AuthenticationError, NotFoundError
from yente_client.models import DatasetsResponse, MatchResponse

from redline.api.yente_models import EntityMatchResponse


def test_yente_client_round_trip(live):  # type: ignore[no-untyped-def]
    with Client(base_url=live.url, api_key=live.keys["screen"]) as client:
        assert client.healthz().status == "ok"
        assert client.readyz().status == "ok"
        found = client.match(Person(name=["Vladimir Putin"], birthDate=["1952-10-07"], nationality=["ru"]),
                             algorithm="logic-v2", threshold=0.7)
        assert found.top is not None and found.top.id == "demo:putin"
        assert found.top.match and found.top.score >= 0.9
        assert found.top.schema_ == "Person" and found.top.datasets == ["demo"]
        assert "birthDate" in found.top.properties and found.top.properties["name"]
        assert found.top.explanations["name"].candidate and found.top.explanations["birth_date"].score > 0
        datasets = client.datasets()
        assert {d.name for d in datasets.datasets} >= {"default", "demo"}
        entity = client.fetch("demo:sberbank")
        assert entity.caption.endswith("SBERBANK OF RUSSIA") and entity.properties["innCode"] == ["7707083893"]
        assert client.algorithms().best == "redline-v1"
        assert client.search("Sberbank").results[0].id == "demo:sberbank"
        with pytest.raises(NotFoundError):
            client.fetch("demo:nobody")
    with Client(base_url=live.url, api_key="rl_bad_key") as client, pytest.raises(AuthenticationError):
        client.match(Company(name=["Sberbank"]))


def test_match_raw_yente_shape(live):  # type: ignore[no-untyped-def]
    body = {"queries": {
        "p": {"schema": "Person", "properties": {"name": ["Герман Греф"], "birthDate": ["1964-02-08"]}},
        "c": {"schema": "Company", "properties": {"name": ["Some Other Name"], "innCode": ["7707083893"],
                                                  "country": ["Russia"]}},
        "v": {"schema": "Vessel", "properties": {"name": ["Unrelated"], "imoNumber": ["IMO 9421960"]}},
        "none": {"schema": "Person", "properties": {"name": ["Jane Nobody Example"]}},
    }, "weights": {}, "config": {}}
    with live.client("screen") as http:
        response = http.post("/match/default", json=body, params={"algorithm": "best", "limit": 3})
    assert response.status_code == 200, response.text
    data = response.json()
    EntityMatchResponse.model_validate(data)  # redline's re-declaration of yente's models
    for key in body["queries"]:  # the official client's response models, per query
        MatchResponse.model_validate({**data["responses"][key], "limit": data["limit"]})
    top = {k: (r["results"][0]["id"] if r["results"] else None) for k, r in data["responses"].items()}
    assert top == {"p": "demo:gref", "c": "demo:sberbank", "v": "demo:scf-primorye", "none": None}
    identifier = data["responses"]["c"]["results"][0]["explanations"]["identifier"]
    assert identifier["query"] == "7707083893" and identifier["score"] > 0
    assert data["matcher"]["name"] == "redline-v1" and data["matcher"]["requested"] == "best"
    assert data["list_versions"]["demo"].startswith("demo@")
    assert data["responses"]["none"]["total"] == {"value": 0, "relation": "eq"}


def test_match_dataset_and_params(live):  # type: ignore[no-untyped-def]
    query = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Sberbank"]}}}}
    with live.client("screen") as http:
        assert http.post("/match/demo", json=query).json()["responses"]["q"]["results"]
        missing = http.post("/match/ofac_sdn", json=query)
        assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
        bad_algo = http.post("/match/default", json=query, params={"algorithm": "nope"})
        assert bad_algo.status_code == 400 and bad_algo.json()["detail"] == "Invalid algorithm: nope"
        excluded = http.post("/match/default", json=query, params={"exclude_entity_ids": "demo:sberbank"})
        assert all(r["id"] != "demo:sberbank" for r in excluded.json()["responses"]["q"]["results"])
        low = http.post("/match/default", json={"queries": {"q": {"schema": "Person", "properties": {
            "name": ["Vladimir Putn"]}}}}, params={"threshold": 0.99, "cutoff": 0.5}).json()
        result = low["responses"]["q"]["results"][0]
        assert result["id"] == "demo:putin" and result["match"] is False
        unmatchable = http.post("/match/default", json={"queries": {"q": {"schema": "Address", "properties": {
            "full": ["x"]}}}})
        assert unmatchable.status_code == 422 and unmatchable.json()["type"].endswith("unusable-query")
        empty = http.post("/match/default", json={"queries": {}})
        assert empty.status_code == 400


def test_catalog_is_yente_shaped(live):  # type: ignore[no-untyped-def]
    with live.client("screen") as http:
        catalog = DatasetsResponse.model_validate(http.get("/catalog").json())
    demo = next(d for d in catalog.datasets if d.name == "demo")
    assert demo.load and demo.entity_count == 12 and demo.version and "DEMO" in (demo.summary or "")


def test_vessel_client_match(live):  # type: ignore[no-untyped-def]
    with Client(base_url=live.url, api_key=live.keys["screen"]) as client:
        found = client.match(Vessel(name=["SCF Primorye"], imoNumber=["9421960"]))
    assert found.top is not None and found.top.id == "demo:scf-primorye" and found.top.score == 1.0
