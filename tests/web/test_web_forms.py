"""Fast checks without a browser: login failure, CSRF refusal, cookie flags, redirects, highlighting."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from webserver import PASSWORD, Home, make_app, prepare

from redline.commands.cases import case_service
from redline.engine import Engine
from redline.web.highlight import explain, matched_tokens
from redline.web.session import COOKIE, Session, SessionCodec

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    return prepare(tmp_path_factory.mktemp("web-forms"))


@pytest.fixture()
def client(home: Home) -> Iterator[TestClient]:
    with TestClient(make_app(home.settings), follow_redirects=False) as client:
        yield client


def login(client: TestClient, user: str, password: str = PASSWORD) -> str:
    """Log in and return the CSRF token of the new session."""
    token = CSRF.search(client.get("/ui/login").text).group(1)  # type: ignore[union-attr]
    response = client.post("/ui/login", data={"csrf": token, "username": user, "password": password})
    assert response.status_code == 303, response.text
    return CSRF.search(client.get("/ui/queue").text).group(1)  # type: ignore[union-attr]


def case_version(home: Home, case_id: str) -> int:
    engine = Engine(settings=home.settings)
    try:
        return case_service(engine).store.get(case_id).version
    finally:
        engine.close()


def test_login_failure_is_refused_without_saying_which_part_was_wrong(client: TestClient) -> None:
    page = client.get("/ui/login")
    assert page.status_code == 200
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    for user, password in (("alice", "wrong-password"), ("nobody", PASSWORD)):
        response = client.post("/ui/login", data={"csrf": token, "username": user, "password": password})
        assert response.status_code == 401
        assert "Unknown user name or wrong password." in response.text
    assert client.get("/ui/queue").status_code == 303  # still not logged in


def test_login_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/ui/login")
    response = client.post("/ui/login", data={"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert "expired" in response.text
    assert client.get("/ui/queue").status_code == 303


def test_post_without_or_with_a_foreign_csrf_token_changes_nothing(client: TestClient, home: Home) -> None:
    login(client, "alice")
    case_id = home.cases["Bashar al-Assad"]
    before = case_version(home, case_id)
    form = {"decision": "true_match", "comment": "forged", "version": str(before)}
    for extra in ({}, {"csrf": "not-the-token"}):
        response = client.post(f"/ui/cases/{case_id}/decide", data={**form, **extra})
        assert response.status_code == 403
        assert "security token did not match" in response.text
    assert case_version(home, case_id) == before


def test_session_cookie_is_signed_http_only_and_same_site_strict(client: TestClient) -> None:
    response = client.get("/ui/login")
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    forged = SessionCodec(b"another-key", "/ui").dumps(Session.new("root"))
    client.cookies.set(COOKIE, forged)
    assert client.get("/ui/queue").status_code == 303


def test_login_redirects_only_inside_the_ui(client: TestClient) -> None:
    token = CSRF.search(client.get("/ui/login").text).group(1)  # type: ignore[union-attr]
    response = client.post("/ui/login", data={"csrf": token, "username": "alice", "password": PASSWORD,
                                               "next": "https://evil.example/ui/x"})
    assert response.headers["location"] == "/ui/queue"


def test_report_csv_and_audit_export_need_a_login(client: TestClient) -> None:
    assert client.get("/ui/report.csv").status_code == 303
    login(client, "alice")
    response = client.get("/ui/report.csv")
    assert response.status_code == 200 and response.text.startswith("section,key,count")
    assert client.get("/ui/audit/export?format=json").json()[0]["action"] == "user.created"


def test_name_reason_marks_the_paired_tokens_in_both_names() -> None:
    detail = ("'Герман Греф' met 'German Oskarovich GREF': query read as 'german gref' (Cyrillic → Latin); "
              "tokens german=german, gref~href (phonetic, 0.90); not in query: oskarovich")
    assert matched_tokens(detail) == ({"german", "gref"}, {"german", "href"})
    marks = explain({"query_name": "Герман Греф", "matched_name": "German Oskarovich HREF",
                     "reasons": [{"feature": "name", "score": 0.96, "detail": detail}]})
    assert [w for w, marked in marks["query_name"] if marked] == ["Герман", "Греф"]
    assert [w for w, marked in marks["matched_name"] if marked] == ["German", "HREF"]


def test_the_router_mounts_into_the_api_app_and_stays_out_of_its_schema(home: Home) -> None:
    from redline.api.app import create_app
    from redline.web import create_web_router, web_factories

    app = create_app(settings=home.settings, extra_routers=[create_web_router(*web_factories(home.settings))])
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/ui/login").status_code == 200
        assert client.get("/ui/static/redline.css").headers["content-type"].startswith("text/css")
        assert client.get("/ui/static/../router.py").status_code == 404
        login(client, "alice")
        assert home.cases["Sberbank"] in client.get("/ui/queue").text
        assert not [p for p in client.get("/openapi.json").json()["paths"] if p.startswith("/ui")]
