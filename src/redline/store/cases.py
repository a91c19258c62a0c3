"""Cases (alerts with their evidence), good-guy entries and users, in SQL both dialects run.

Every case row carries a ``version`` that each update must name: two analysts deciding
the same case at once cannot both win (the second gets ConflictError and reloads).
Cases are never deleted; a decision is a state change recorded in the audit log.
"""

from __future__ import annotations

import builtins
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redline.errors import ConflictError, StoreError
from redline.store.db import Database

MIGRATIONS = (
    """
    CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        state TEXT NOT NULL,
        source TEXT NOT NULL,
        input_key TEXT NOT NULL,
        input TEXT NOT NULL,
        hits TEXT NOT NULL,
        list_versions TEXT NOT NULL,
        risk TEXT NOT NULL,
        top_score REAL NOT NULL,
        top_list TEXT NOT NULL,
        decision TEXT,
        decided_by TEXT,
        decided_at TEXT,
        decision_comment TEXT,
        approved_by TEXT,
        approved_at TEXT,
        approval_comment TEXT,
        version INTEGER NOT NULL
    );
    CREATE INDEX cases_state ON cases(state);
    CREATE INDEX cases_key ON cases(source, input_key);
    CREATE TABLE good_guys (
        input_key TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        entry_hash TEXT NOT NULL,
        case_id TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (input_key, entity_id, entry_hash)
    );
    CREATE TABLE users (
        username TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
)

CASE_COLUMNS = (
    "id", "created_at", "updated_at", "state", "source", "input_key", "input", "hits", "list_versions", "risk",
    "top_score", "top_list", "decision", "decided_by", "decided_at", "decision_comment", "approved_by",
    "approved_at", "approval_comment", "version",
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Case:
    id: str
    created_at: str
    updated_at: str
    state: str
    source: str
    input_key: str
    input: dict[str, Any]
    hits: list[dict[str, Any]]
    list_versions: dict[str, str]
    risk: str
    top_score: float
    top_list: str
    decision: str | None
    decided_by: str | None
    decided_at: str | None
    decision_comment: str | None
    approved_by: str | None
    approved_at: str | None
    approval_comment: str | None
    version: int

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Case:
        data = dict(zip(CASE_COLUMNS, row, strict=True))
        for key in ("input", "hits", "list_versions"):
            data[key] = json.loads(data[key])
        data["top_score"] = float(data["top_score"])
        data["version"] = int(data["version"])
        return cls(**data)


class CaseStore:
    def __init__(self, db: Database) -> None:
        self.db = db
        db.migrate("cases", MIGRATIONS)

    def insert(self, source: str, input_key: str, input: dict[str, Any], hits: list[dict[str, Any]],
               list_versions: dict[str, str], risk: str) -> Case:
        stamp = now()
        top = max(hits, key=lambda h: h.get("score", 0)) if hits else {}
        case = Case(
            id=f"C-{uuid.uuid4().hex[:12]}", created_at=stamp, updated_at=stamp, state="open", source=source,
            input_key=input_key, input=input, hits=hits, list_versions=list_versions, risk=risk,
            top_score=float(top.get("score", 0.0)), top_list=str(top.get("list", "")), decision=None,
            decided_by=None, decided_at=None, decision_comment=None, approved_by=None, approved_at=None,
            approval_comment=None, version=1,
        )
        self.db.execute(
            f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) VALUES ({', '.join('?' * len(CASE_COLUMNS))})",
            self._row(case),
        )
        return case

    @staticmethod
    def _row(case: Case) -> tuple[Any, ...]:
        values = []
        for col in CASE_COLUMNS:
            value = getattr(case, col)
            if col in ("input", "hits", "list_versions"):
                value = json.dumps(value, ensure_ascii=False, sort_keys=True)
            values.append(value)
        return tuple(values)

    def get(self, case_id: str) -> Case:
        rows = self.db.execute(f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE id=?", (case_id,))
        if not rows:
            raise StoreError(f"no case {case_id!r}")
        return Case.from_row(rows[0])

    def find_open(self, source: str, input_key: str) -> Case | None:
        rows = self.db.execute(
            f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE source=? AND input_key=? "
            "AND state IN ('open', 'needs_info', 'decided') ORDER BY created_at DESC", (source, input_key),
        )
        return Case.from_row(rows[0]) if rows else None

    def list(self, state: str | None = None, source: str | None = None, list_name: str | None = None,
             limit: int = 200, offset: int = 0) -> list[Case]:
        where, params = [], []
        for column, value in (("state", state), ("source", source), ("top_list", list_name)):
            if value:
                where.append(f"{column}=?")
                params.append(value)
        sql = f"SELECT {', '.join(CASE_COLUMNS)} FROM cases"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY top_score DESC, created_at LIMIT {int(limit)} OFFSET {int(offset)}"
        return [Case.from_row(r) for r in self.db.execute(sql, params)]

    def counts(self) -> dict[str, int]:
        return {str(s): int(n) for s, n in self.db.execute("SELECT state, COUNT(*) FROM cases GROUP BY state")}

    def update(self, case: Case, expected_version: int, **changes: Any) -> Case:
        """Apply ``changes`` only if nobody changed the case since ``expected_version``."""
        changes["updated_at"] = now()
        changes["version"] = expected_version + 1
        columns = ", ".join(f"{k}=?" for k in changes)
        values = [json.dumps(v, ensure_ascii=False, sort_keys=True) if k in ("hits", "list_versions", "input") else v
                  for k, v in changes.items()]
        changed = self.db.execute_count(
            f"UPDATE cases SET {columns} WHERE id=? AND version=?", (*values, case.id, expected_version)
        )
        if changed != 1:
            current = self.get(case.id)
            raise ConflictError(
                f"case {case.id} was changed by {current.decided_by or current.approved_by or 'someone else'} "
                f"(now {current.state}, version {current.version}); reload it before deciding"
            )
        return self.get(case.id)

    # -- good-guy list -------------------------------------------------------------------
    def add_good_guy(self, input_key: str, entity_id: str, entry_hash: str, case_id: str, user: str) -> None:
        existing = self.db.execute(
            "SELECT 1 FROM good_guys WHERE input_key=? AND entity_id=? AND entry_hash=?",
            (input_key, entity_id, entry_hash),
        )
        if not existing:
            self.db.execute("INSERT INTO good_guys VALUES (?,?,?,?,?,?)",
                            (input_key, entity_id, entry_hash, case_id, user, now()))

    def good_guys(self, input_key: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for entity_id, entry_hash in self.db.execute(
            "SELECT entity_id, entry_hash FROM good_guys WHERE input_key=?", (input_key,)
        ):
            out.setdefault(entity_id, set()).add(entry_hash)
        return out

    # -- users ---------------------------------------------------------------------------
    def add_user(self, username: str, password_hash: str, role: str) -> None:
        self.db.execute("INSERT INTO users VALUES (?,?,?,?)", (username, password_hash, role, now()))

    def user(self, username: str) -> tuple[str, str] | None:
        rows = self.db.execute("SELECT password_hash, role FROM users WHERE username=?", (username,))
        return (rows[0][0], rows[0][1]) if rows else None

    def users(self) -> builtins.list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT username, role FROM users ORDER BY username")]
