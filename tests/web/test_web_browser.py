"""The analyst UI in real headless Chromium (Debian's /usr/bin/chromium, never a downloaded one).

One server and one browser for the module; each test uses its own cases and browser contexts
(one context per user), so the tests stay independent apart from the last, which tampers with
the audit log on purpose.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from shared_paths import service_missing
from webserver import PASSWORD, Home, make_app, prepare, serve

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    service_missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Home]]:
    home = prepare(tmp_path_factory.mktemp("web-browser"))
    url, stop = serve(make_app(home.settings))
    yield url, home
    stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def open_as(browser: Any, live: tuple[str, Home]) -> Iterator[Any]:
    """``open_as(user)`` -> a logged-in page in a fresh browser context."""
    contexts: list[Any] = []

    def make(user: str) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live[0])
        contexts.append(context)
        page = context.new_page()
        page.goto("/ui/queue")  # redirected to the login form
        page.get_by_label("User name").fill(user)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/ui/queue$"))
        return page

    yield make
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def unlabelled_controls(page: Any) -> list[str]:
    return list(page.evaluate("""() => [...document.querySelectorAll(
        'input:not([type=hidden]), select, textarea')].filter(e => !e.labels.length && !e.getAttribute('aria-label'))
        .map(e => e.outerHTML)"""))


def follow(page: Any, link: str) -> None:
    """Click a link and wait for the page it opens: checking the page while the click's
    navigation is under way read a document with no root element (a flaky CI run)."""
    with page.expect_navigation():
        page.get_by_role("link", name=link).click()


def check_accessible(page: Any) -> None:
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").count() == 1
    assert unlabelled_controls(page) == []
    assert page.locator("thead th:not([scope])").count() == 0


def test_login_by_keyboard_then_the_queue_shows_the_cases(browser: Any, live: tuple[str, Home]) -> None:
    url, home = live
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "/ui/queue")
    assert page.url.startswith(url + "/ui/login")
    check_accessible(page)
    page.get_by_label("User name").fill("alice")
    page.get_by_label("Password").fill("not-the-password")
    page.keyboard.press("Enter")
    page.get_by_text("Unknown user name or wrong password.").wait_for()
    page.get_by_label("Password").fill(PASSWORD)
    shot(page, "login")
    page.keyboard.press("Enter")
    page.wait_for_url(url + "/ui/queue")
    check_accessible(page)
    rows = page.locator("#queue tbody tr")
    assert rows.count() == len(home.cases)
    assert page.locator("[data-state=open] .n").inner_text() == str(len(home.cases))
    assert page.get_by_role("link", name=home.cases["Vladimir Putin"]).is_visible()
    page.get_by_label("State", exact=True).select_option("decided")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"state=decided"))
    page.goto(url + "/ui/queue")
    page.keyboard.press("Tab")  # keyboard users first meet the skip link
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    shot(page, "queue")
    context.close()


def test_open_a_case_and_decide_it_with_a_comment(open_as: Any, live: tuple[str, Home]) -> None:
    _, home = live
    page = open_as("alice")
    case_id = home.cases["Герман Греф"]
    page.get_by_role("link", name=case_id).click()
    page.wait_for_url(re.compile(case_id))
    check_accessible(page)
    compare = page.locator("table.compare").first
    name_row = compare.locator("tbody tr").first
    assert name_row.locator("td").nth(0).locator("mark").all_inner_texts() == ["Герман", "Греф"]  # query words
    assert "GREF" in name_row.locator("td").nth(1).locator("mark").all_inner_texts()  # listed words they met
    assert "Herman Oskarovich GREF" in compare.inner_text()  # entity fetched by id and version
    assert page.locator("tr.reason-name mark", has_text="gref").count() >= 1
    shot(page, "case")
    page.get_by_label("false positive").check()
    page.get_by_label("Comment (mandatory: why)").fill("Customer born 1990 in Minsk; not the listed banker.")
    page.get_by_role("button", name="Save decision").click()
    page.get_by_text("Decision saved.").wait_for()
    assert page.locator("#case-state").inner_text() == "decided"
    assert "not the listed banker" in page.locator("#case-decision").inner_text()


def test_four_eyes_the_decider_is_refused_a_second_approver_closes(open_as: Any, live: tuple[str, Home]) -> None:
    _, home = live
    case_id = home.cases["Vladimir Putin"]
    bob = open_as("bob")
    bob.goto(f"/ui/cases/{case_id}")
    bob.get_by_label("true match").check()
    bob.get_by_label("Comment (mandatory: why)").fill("Name, birth date and country agree.")
    bob.get_by_role("button", name="Save decision").click()
    bob.get_by_text("Decision saved.").wait_for()
    assert bob.get_by_text("four-eyes requires a different approver").is_visible()
    bob.get_by_label("Comment (mandatory)", exact=True).fill("approving my own decision")
    bob.get_by_role("button", name="Approve decision").click()
    assert bob.get_by_role("heading", name="Not allowed").is_visible()
    assert "four-eyes" in bob.locator("[role=alert]").inner_text()
    carol = open_as("carol")
    carol.goto(f"/ui/cases/{case_id}")
    carol.get_by_label("Comment (mandatory)", exact=True).fill("Checked the designation; agree.")
    carol.get_by_role("button", name="Approve decision").click()
    carol.get_by_text("Decision approved: the case is closed.").wait_for()
    assert carol.locator("#case-state").inner_text() == "closed"


def test_an_analyst_posting_an_approval_gets_403(open_as: Any, live: tuple[str, Home]) -> None:
    _, home = live
    case_id = home.cases["Sberbank"]
    alice = open_as("alice")
    alice.goto(f"/ui/cases/{case_id}")
    alice.get_by_label("true match").check()
    alice.get_by_label("Comment (mandatory: why)").fill("Same bank.")
    alice.get_by_role("button", name="Save decision").click()
    alice.get_by_text("Decision saved.").wait_for()
    assert alice.locator("#approve-form").count() == 0  # not offered to an analyst ...
    with alice.expect_navigation() as nav:  # ... and refused when posted anyway
        alice.evaluate("""() => {
            const form = document.createElement('form');
            form.method = 'post'; form.action = location.pathname + '/approve';
            const fields = {csrf: document.querySelector('input[name=csrf]').value, comment: 'self-approved',
                            version: document.querySelector("dl.facts").dataset.version, action: 'approve'};
            for (const [k, v] of Object.entries(fields)) {
                const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; form.append(i);
            }
            document.body.append(form); form.submit();
        }""")
    assert nav.value.status == 403
    assert alice.get_by_role("heading", name="Not allowed").is_visible()
    assert "may not approve" in alice.locator("[role=alert]").inner_text()
    shot(alice, "refused")


def test_two_analysts_deciding_the_same_case_one_wins_the_other_keeps_their_comment(
        open_as: Any, live: tuple[str, Home]) -> None:
    _, home = live
    case_id = home.cases["Kim Jong Un"]
    alice, dave = open_as("alice"), open_as("dave")
    for page in (alice, dave):
        page.goto(f"/ui/cases/{case_id}")
        page.get_by_label("true match").check()
    alice.get_by_label("Comment (mandatory: why)").fill("Alice: listed leader.")
    dave.get_by_label("Comment (mandatory: why)").fill("Dave: my careful reasoning.")
    alice.get_by_role("button", name="Save decision").click()
    alice.get_by_text("Decision saved.").wait_for()
    with dave.expect_navigation() as nav:
        dave.get_by_role("button", name="Save decision").click()
    assert nav.value.status == 409
    error = dave.locator("#action-error").inner_text()
    assert "Not saved" in error and "changed" in error
    assert dave.get_by_label("Copy it if you still need it").input_value() == "Dave: my careful reasoning."
    assert "Alice: listed leader." in dave.locator("#case-decision").inner_text()


def test_list_versions_and_their_diff(open_as: Any, live: tuple[str, Home]) -> None:
    _, home = live
    page = open_as("alice")
    follow(page, "List versions")
    check_accessible(page)
    assert page.locator("#versions tbody tr").count() == 2
    assert page.get_by_label("Older version").input_value() == home.old_version
    assert page.get_by_label("Newer version").input_value() == home.new_version
    for label, count in (("added", "1"), ("removed", "1"), ("changed", "1")):
        assert page.locator(f"[data-count={label}]").inner_text() == count
    diff = page.locator("#diff").inner_text()
    assert "demo:new-entry" in diff and "demo:huawei" in diff and "demo:putin" in diff
    shot(page, "versions")
    page.get_by_label("Older version").select_option("")
    page.get_by_role("button", name="Compare").click()
    assert page.locator("[data-count=added]").inner_text() == "12"


def test_daily_report_page_and_csv(open_as: Any) -> None:
    page = open_as("bob")
    follow(page, "Daily report")
    check_accessible(page)
    assert page.get_by_role("heading", name="alerts by list").is_visible()
    shot(page, "report")
    response = page.request.get(page.get_by_role("link", name="Download CSV").get_attribute("href"))
    assert response.ok and response.text().startswith("section,key,count")


def test_audit_page_says_intact_then_names_an_edited_record(open_as: Any, live: tuple[str, Home]) -> None:
    _, home = live
    page = open_as("root")
    follow(page, "Audit log")
    check_accessible(page)
    assert page.locator("#audit tbody tr").count() > 10
    assert page.locator("#audit", has_text="case.decided").count() == 1
    page.get_by_role("button", name="Verify the chain").click()
    assert "Audit log intact" in page.locator("#verification").inner_text()
    shot(page, "audit")
    with sqlite3.connect(home.settings.sqlite_path) as db:  # an insider edits a decision's comment
        seq = db.execute("SELECT min(seq) FROM audit_log WHERE action='case.decided'").fetchone()[0]
        db.execute("UPDATE audit_log SET payload=replace(payload, 'not the listed banker', 'whatever') "
                   "WHERE seq=?", (seq,))
    page.get_by_role("button", name="Verify the chain").click()
    verdict = page.locator("#verification").inner_text()
    assert "TAMPERED" in verdict
    assert f"record {seq}: content does not match its hash" in verdict
    shot(page, "audit-tampered")
