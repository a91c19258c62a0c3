"""Every refusal over real HTTP, each as RFC 9457 problem+json."""

from __future__ import annotations

import httpx
from apiserver import assert_problem, home_settings, start

from redline.api.app import create_app
from redline.api.config import ApiConfig
from redline.api.keys import KeyStore

QUERY = {"queries": {"q": {"schema": "Company", "properties": {"name": ["Sberbank"]}}}}


def test_missing_and_wrong_keys_are_401(live):  # type: ignore[no-untyped-def]
    with live.client(None) as http:
        body = assert_problem(http.post("/match/default", json=QUERY), 401)
        assert body["instance"] == "/match/default"
        assert http.post("/match/default", json=QUERY).headers["www-authenticate"] == "Bearer"
        assert_problem(http.post("/screen/party", json={"name": "x"}), 401)
        assert_problem(http.get("/lists"), 401)
        wrong = live.keys["admin"][:-3] + "xyz"
        for headers in ({"Authorization": f"Bearer {wrong}"}, {"X-API-Key": wrong},
                        {"Authorization": "Basic dXNlcjpwYXNz"}, {"X-API-Key": "rl_nokey_secret"}):
            assert_problem(http.post("/match/default", json=QUERY, headers=headers), 401)
        # every form of the right key works
        for headers in ({"Authorization": f"Bearer {live.keys['screen']}"}, {"X-API-Key": live.keys["screen"]},
                        {"Authorization": f"ApiKey {live.keys['screen']}"}):
            assert http.post("/match/default", json=QUERY, headers=headers).status_code == 200
        # health and docs stay public
        assert http.get("/healthz").json() == {"status": "ok"}
        assert http.get("/openapi.json").status_code == 200


def test_roles_are_403_below_need(live):  # type: ignore[no-untyped-def]
    with live.client("screen") as http:
        assert_problem(http.post("/lists/update", json={}), 403)
        assert_problem(http.get("/lists/demo/diff"), 403)
    with live.client("analyst") as http:
        assert_problem(http.post("/lists/update", json={}), 403)
        assert http.get("/lists/demo/diff").status_code == 200


def test_revoked_key_stops_working(live):  # type: ignore[no-untyped-def]
    keys = KeyStore.open(home_settings(live.home))
    key, secret = keys.create("short-lived", "screen")
    headers = {"X-API-Key": secret}
    assert httpx.post(live.url + "/match/default", json=QUERY, headers=headers).status_code == 200
    assert keys.revoke(key.key_id) == 1
    keys.close()
    assert_problem(httpx.post(live.url + "/match/default", json=QUERY, headers=headers), 401)


def test_body_too_large_is_413(live):  # type: ignore[no-untyped-def]
    big = {"queries": {f"q{i}": {"schema": "Person", "properties": {"name": ["x" * 400]}} for i in range(200)}}
    with live.client("screen") as http:
        body = assert_problem(http.post("/match/default", json=big), 413)
        assert "65536" in body["detail"]

        def chunks():  # no Content-Length: the streamed count must stop it too
            for _ in range(100):
                yield b" " * 1024

        assert_problem(http.post("/match/default", content=chunks(),
                                 headers={"content-type": "application/json"}), 413)


def test_bad_bodies_are_422(live):  # type: ignore[no-untyped-def]
    with live.client("screen") as http:
        body = assert_problem(http.post("/match/default", json={"queries": "nope"}), 422)
        assert body["errors"] and body["errors"][0]["loc"][:2] == ["body", "queries"]
        assert_problem(http.post("/match/default", content=b"{not json", headers={"content-type":
                                                                                  "application/json"}), 422)
        assert_problem(http.post("/screen/party", json={"name": "x", "birth_date": "yesterday"}), 422)
        assert_problem(http.post("/screen/party", json={"name": "!!!"}), 422)  # no letters: QueryError
        assert_problem(http.get("/match/default"), 405)
        assert_problem(http.get("/no/such/route"), 404)


def test_unexpected_error_is_generic_500_with_id(live):  # type: ignore[no-untyped-def]
    with live.client("screen") as http:
        response = http.get("/boom")
    body = assert_problem(response, 500)
    assert "secret internal detail" not in response.text and "RuntimeError" not in response.text
    assert body["id"] in body["detail"] and body["instance"].startswith("urn:uuid:")


def test_cors_off_by_default(live):  # type: ignore[no-untyped-def]
    response = httpx.options(live.url + "/match/default", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in response.headers


def test_rate_limit_is_429_with_retry_after(make_live):  # type: ignore[no-untyped-def]
    server = make_live(ApiConfig(rate=0.5, burst=3))
    with server.client("screen") as http:
        codes = [http.post("/match/default", json=QUERY).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        limited = http.post("/match/default", json=QUERY)
        assert_problem(limited, 429)
        assert int(limited.headers["retry-after"]) >= 1
    with server.client("analyst") as other:  # buckets are per key
        assert other.post("/match/default", json=QUERY).status_code == 200


def test_open_mode_serves_without_key_but_not_admin(make_live):  # type: ignore[no-untyped-def]
    server = make_live(ApiConfig(open_mode=True, rate=0))
    with server.client(None) as http:
        assert http.post("/match/default", json=QUERY).status_code == 200
        assert_problem(http.post("/lists/update", json={}), 403)
        assert_problem(http.post("/match/default", json=QUERY, headers={"X-API-Key": "rl_x_y"}), 401)


def test_no_lists_loaded_is_503_not_500(tmp_path):  # type: ignore[no-untyped-def]
    settings = home_settings(tmp_path / "empty")
    keys = KeyStore.open(settings)
    secret = keys.create("t", "screen")[1]
    keys.close()
    url, stop = start(create_app(settings=settings, config=ApiConfig()), ready=503)
    try:
        body = assert_problem(httpx.get(url + "/readyz"), 503)
        assert body["detail"] == "no lists loaded"
        response = httpx.post(url + "/match/default", json=QUERY, headers={"X-API-Key": secret})
        assert_problem(response, 503)
        assert response.headers["retry-after"]
    finally:
        stop()
