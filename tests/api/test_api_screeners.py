"""Screener endpoints over real HTTP: payment, shipment, vessel; and the web UI is mounted."""

from __future__ import annotations

from importlib import resources

import httpx
from apiserver import Live


def _headers(live: Live, role: str = "screen") -> dict[str, str]:
    return {"Authorization": f"Bearer {live.keys[role]}"}


def test_payment_hold_with_field_paths(live: Live) -> None:
    data = resources.files("redline.demo").joinpath("payment_pacs008.xml").read_bytes()
    response = httpx.post(f"{live.url}/screen/payment", content=data, timeout=60,
                          headers={**_headers(live), "Content-Type": "application/xml"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["decision"] == "hold"
    paths = {h["path"] for h in body["results"][0]["hits"]}
    assert any("CdtrAgt" in p for p in paths) and any("RmtInf" in p for p in paths)


def test_payment_requires_a_key_and_a_body(live: Live) -> None:
    assert httpx.post(f"{live.url}/screen/payment", content=b"x", timeout=30).status_code == 401
    empty = httpx.post(f"{live.url}/screen/payment", content=b"  ", headers=_headers(live), timeout=30)
    assert empty.status_code == 422 and empty.headers["content-type"].startswith("application/problem+json")


def test_hostile_payment_is_an_error_result_not_a_crash(live: Live) -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><Document>&x;</Document>'
    response = httpx.post(f"{live.url}/screen/payment", content=xml, headers=_headers(live), timeout=30)
    assert response.status_code == 200 and response.json()["decision"] == "error"


def test_shipment_endpoint_blocks_gpus_to_hub(live: Live) -> None:
    row = {"shipment_id": "S1", "consignee": "Astana Digital LLP", "consignee_country": "KZ",
           "destination_country": "KZ", "hs_code": "8473.30", "description": "NVIDIA H100 80GB PCIe",
           "consignee_history": "none", "no_russia_clause": "no", "consignee_business": "furniture"}
    response = httpx.post(f"{live.url}/screen/shipment", json={"shipments": [row]}, headers=_headers(live), timeout=60)
    assert response.status_code == 200, response.text
    result = response.json()["results"][0]
    assert result["decision"] in ("review", "block") and {f["code"] for f in result["flags"]} >= {"hub_destination"}


def test_vessel_by_imo_and_bad_checksum(live: Live) -> None:
    ok = httpx.post(f"{live.url}/screen/vessel", json={"imo": "9421960"}, headers=_headers(live), timeout=60)
    assert ok.status_code == 200, ok.text
    assert ok.json()["hits"][0]["entity_id"] == "demo:scf-primorye"
    bad = httpx.post(f"{live.url}/screen/vessel", json={"imo": "9421961"}, headers=_headers(live), timeout=60)
    assert bad.status_code == 422 and "IMO" in bad.json()["detail"]


def test_web_ui_is_served(live: Live) -> None:
    page = httpx.get(f"{live.url}/ui/login", timeout=30)
    assert page.status_code == 200 and "<form" in page.text and 'lang="en"' in page.text


def test_document_mentions_with_offsets(live: Live) -> None:
    text = "Сбербанк и Герман Греф встретились в Москве.".encode()
    response = httpx.post(f"{live.url}/screen/document", content=text, timeout=60,
                          headers={**_headers(live), "Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code == 200, response.text
    mentions = response.json()["mentions"]
    assert {m["entity_id"] for m in mentions} >= {"demo:sberbank", "demo:gref"}
    assert mentions[0]["start"] == 0


def test_payments_read_free_text_with_the_document_route_screener(live: Live) -> None:
    """One name automaton per process: the payment route reads remittance lines with the
    screener the document route serves (it costs seconds and hundreds of MB to build)."""
    from redline.api.routes._common import _CACHE

    data = resources.files("redline.demo").joinpath("payment_pacs008.xml").read_bytes()
    response = httpx.post(f"{live.url}/screen/payment", content=data, timeout=60,
                          headers={**_headers(live), "Content-Type": "application/xml"})
    assert any("RmtInf" in h["path"] for h in response.json()["results"][0]["hits"])
    engines = {key[1] for key in _CACHE if key[0] == "payment"}
    assert engines and engines <= {key[1] for key in _CACHE if key[0] == "document"}
    documents = [screener for key, screener in _CACHE.items() if key[0] == "document"]
    text = b"Payment for Sberbank services"
    assert httpx.post(f"{live.url}/screen/document", content=text, timeout=60,
                      headers={**_headers(live), "Content-Type": "text/plain"}).status_code == 200
    assert any(screener is kept for screener in documents
               for key, kept in _CACHE.items() if key[0] == "document")
