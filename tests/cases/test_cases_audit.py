"""Cases, four-eyes, good-guy suppression and the audit chain — on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from shared_paths import service_missing

from redline.cases.service import CaseService, PermissionDenied
from redline.errors import ConflictError, QueryError
from redline.model import Hit, Reason
from redline.store.db import Database, PostgresDatabase, SQLiteDatabase
from redline.store.lists import ListStore
from redline.updater import load_demo

PG_ADMIN = os.environ.get("REDLINE_TEST_PG", "postgresql://redline:redline@127.0.0.1:5432/postgres")


def _pg_database() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        service_missing(f"PostgreSQL not reachable at {PG_ADMIN} ({exc}); run scripts/system-deps.sh")
    name = f"redline_test_{uuid.uuid4().hex[:8]}"
    admin.execute(f"CREATE DATABASE {name}")
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cases.db'}"
    else:
        yield from _pg_database()


def _connect(url: str) -> Database:
    return SQLiteDatabase(Path(url[len("sqlite:///"):])) if url.startswith("sqlite") else PostgresDatabase(url)


@pytest.fixture()
def service(db_url: str, tmp_path: Path) -> Iterator[CaseService]:
    lists = ListStore(tmp_path / "lists.db")
    load_demo(lists)
    svc = CaseService(_connect(db_url), lists)
    svc.create_user("alice", "alice-password", "analyst")
    svc.create_user("bob", "bob-password!", "approver")
    svc.create_user("carol", "carol-password", "analyst")
    yield svc
    svc.db.close()


def _hit(entity: str = "demo:gref", score: float = 0.97) -> Hit:
    version = "demo@2026-11-28-23c46f08b2"
    return Hit(entity, "demo", version, "Person", "Herman Oskarovich GREF", score, "Герман Греф", "Herman Gref",
               [Reason("name", 0.97, "'Herman Gref' met 'Герман Греф'")])


def _versions() -> dict[str, str]:
    return {"demo": "demo@2026-11-28-23c46f08b2"}


def test_alert_opens_case_and_audit_names_list_version(service: CaseService) -> None:
    case = service.open_alert("party", "C-1002", {"name": "Herman Gref"}, [_hit()], _versions())
    assert case is not None and case.state == "open" and case.risk == "high"
    record = service.audit.records(case.id)[0]
    assert record.action == "case.opened" and record.list_versions == _versions()


def test_four_eyes_decision_then_approval(service: CaseService) -> None:
    case = service.open_alert("party", "C-1", {"name": "Herman Gref"}, [_hit()], _versions())
    assert case is not None
    decided = service.decide(case.id, "alice", "true_match", "DOB and nationality agree", case.version)
    assert decided.state == "decided"
    with pytest.raises(PermissionDenied, match="different person"):
        service.approve(case.id, "alice", "self-approval", decided.version, role="approver")
    with pytest.raises(PermissionDenied, match="may not approve"):
        service.approve(case.id, "carol", "analysts cannot approve", decided.version)
    approved = service.approve(case.id, "bob", "confirmed", decided.version)
    assert approved.state == "closed" and approved.approved_by == "bob"
    actions = [r.action for r in service.audit.records(case.id)]
    assert actions == ["case.opened", "case.decided", "case.approved"]


def test_comment_is_mandatory(service: CaseService) -> None:
    case = service.open_alert("party", "C-2", {"name": "x"}, [_hit()], _versions())
    assert case is not None
    with pytest.raises(QueryError, match="comment is mandatory"):
        service.decide(case.id, "alice", "false_positive", "  ", case.version)


def test_concurrent_decisions_one_wins_other_conflicts(service: CaseService, db_url: str) -> None:
    case = service.open_alert("party", "C-3", {"name": "x"}, [_hit()], _versions())
    assert case is not None
    results: list[str] = []

    def decide(user: str) -> None:
        other = CaseService(_connect(db_url), service.lists)
        try:
            other.decide(case.id, user, "false_positive", f"{user} says no", case.version)
            results.append("won")
        except ConflictError as exc:
            results.append(f"conflict: {exc}")
        finally:
            other.db.close()

    threads = [threading.Thread(target=decide, args=(u,)) for u in ("alice", "carol")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.split(":")[0] for r in results) == ["conflict", "won"]
    assert "reload" in next(r for r in results if r.startswith("conflict"))
    final = service.store.get(case.id)
    assert final.version == 2 and final.decision == "false_positive"
    assert [r.action for r in service.audit.records(case.id)].count("case.decided") == 1


def test_false_positive_suppresses_until_entry_changes(service: CaseService) -> None:
    case = service.open_alert("party", "C-4", {"name": "Sber Bank"}, [_hit("demo:sberbank", 0.86)], _versions())
    assert case is not None and case.risk == "medium"
    decided = service.decide(case.id, "alice", "false_positive", "different bank, different country", case.version)
    service.approve(case.id, "bob", "agree", decided.version)
    again = service.open_alert("party", "C-4", {"name": "Sber Bank"}, [_hit("demo:sberbank", 0.86)], _versions())
    assert again is None
    assert service.audit.records("C-4")[-1].action == "alert.suppressed"
    # the same customer against a different listed entry still alerts
    other = service.open_alert("party", "C-4", {"name": "Sber Bank"}, [_hit("demo:vtb", 0.86)], _versions())
    assert other is not None


def test_audit_verify_detects_edit_and_delete(service: CaseService) -> None:
    case = service.open_alert("party", "C-5", {"name": "x"}, [_hit()], _versions())
    assert case is not None
    service.decide(case.id, "alice", "true_match", "confirmed", case.version)
    assert service.audit.verify().ok
    seq = service.audit.records(case.id)[-1].seq
    service.db.execute("UPDATE audit_log SET payload=? WHERE seq=?", ('{"decision":"false_positive"}', seq))
    report = service.audit.verify()
    assert not report.ok and any(f"record {seq}: content does not match" in p for p in report.problems)


def test_audit_verify_detects_deleted_record(service: CaseService) -> None:
    for key in ("a", "b", "c"):
        service.open_alert("party", key, {"name": key}, [_hit()], _versions())
    first = service.audit.records()[4].seq
    service.db.execute("DELETE FROM audit_log WHERE seq=?", (first,))
    problems = service.audit.verify().problems
    assert any("missing" in p for p in problems)


def test_audit_export_csv_and_json(service: CaseService) -> None:
    service.open_alert("party", "k", {"name": "k"}, [_hit()], _versions())
    csv_text = service.audit.export("csv")
    assert csv_text.splitlines()[0].startswith("seq,at,actor,action")
    assert '"case.opened"' in service.audit.export("json")
    with pytest.raises(ValueError, match="unknown export format"):
        service.audit.export("xml")


def test_reopen_when_listed_entry_changes(service: CaseService) -> None:
    case = service.open_alert("party", "C-6", {"name": "x"}, [_hit()], _versions())
    assert case is not None
    service.db.execute("UPDATE cases SET risk='low' WHERE id=?", (case.id,))
    closed = service.decide(case.id, "alice", "true_match", "ok", case.version)
    assert closed.state == "closed"
    reopened = service.reopen_changed({"demo:gref"}, {"demo": "demo@next"})
    assert [c.id for c in reopened] == [case.id]
    assert service.store.get(case.id).state == "open"


def test_passwords_are_hashed_and_checked(service: CaseService) -> None:
    stored = service.store.user("alice")
    assert stored is not None and "alice-password" not in stored[0] and stored[0].startswith("scrypt$")
    assert service.authenticate("alice", "alice-password") == "analyst"
    assert service.authenticate("alice", "wrong") is None
    assert service.authenticate("nobody", "whatever") is None
    with pytest.raises(QueryError, match="at least 8"):
        service.create_user("dave", "short", "analyst")


def test_list_update_reopens_cases_on_changed_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case closed against one list version reopens when the next version amends that entry."""
    from redline.commands.cases import case_service
    from redline.engine import Engine
    from redline.model import Name, Query
    from redline.services import reopen_after_update
    from redline.updater import demo_entities

    monkeypatch.setenv("REDLINE_HOME", str(tmp_path / "home"))
    engine = Engine()
    load_demo(engine.store)
    svc = case_service(engine)
    svc.create_user("alice", "alice-password", "analyst")
    hits = engine.screen(Query("Herman Gref", "Person"))
    case = svc.open_alert("party", "K-1", {"name": "Herman Gref"}, hits, engine.list_versions())
    assert case is not None
    svc.db.execute("UPDATE cases SET risk='low' WHERE id=?", (case.id,))
    assert svc.decide(case.id, "alice", "true_match", "same person", case.version).state == "closed"
    before = engine.list_versions()
    amended = list(demo_entities())
    for entity in amended:
        if entity.id == "demo:gref":
            entity.names.append(Name("Gref German Oskarovich", "alias"))  # the list amends the entry
    engine.store.load("demo", iter(amended), format="test", source="amended", sha256="f" * 64, source_date="2026-12-01")
    assert reopen_after_update(engine, before) == [case.id]
    assert svc.store.get(case.id).state == "open"
    assert svc.audit.records(case.id)[-1].action == "case.reopened"
