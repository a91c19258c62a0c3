"""The append-only, hash-chained audit log.

Each record carries the hash of the one before it, so editing or deleting any record
breaks the chain from that point on, and ``verify`` names the first record that no
longer fits. A head row stores the last sequence number and hash, so cutting records
off the end is detected too. Every record names the list versions the action was taken
against: a decision can always be shown with the list it was made on.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redline.store.db import Database

GENESIS = "0" * 64

MIGRATIONS = (
    """
    CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        object_type TEXT NOT NULL,
        object_id TEXT NOT NULL,
        list_versions TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
    );
    INSERT INTO audit_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')
    """,
)

COLUMNS = ("seq", "at", "actor", "action", "object_type", "object_id", "list_versions", "payload", "prev_hash", "hash")


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    list_versions: dict[str, str]
    payload: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Verification:
    ok: bool
    records: int
    problems: list[str]


def record_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, object_type: str,
                object_id: str, list_versions: str, payload: str) -> str:
    body = json.dumps([prev_hash, seq, at, actor, action, object_type, object_id, list_versions, payload],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db
        db.migrate("audit", MIGRATIONS)

    def append(self, actor: str, action: str, object_type: str, object_id: str,
               list_versions: dict[str, str], payload: dict[str, Any]) -> AuditRecord:
        """Append one record; must run inside the caller's transaction or opens its own."""
        with self.db.transaction(exclusive=True):
            lock = " FOR UPDATE" if self.db.dialect == "postgresql" else ""
            seq, prev = self.db.execute(f"SELECT seq, hash FROM audit_head WHERE id=1{lock}")[0]
            seq = int(seq) + 1
            at = datetime.now(UTC).isoformat(timespec="microseconds")
            versions, body = _canonical(list_versions), _canonical(payload)
            digest = record_hash(prev, seq, at, actor, action, object_type, object_id, versions, body)
            self.db.execute(
                "INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?)",
                (seq, at, actor, action, object_type, object_id, versions, body, prev, digest),
            )
            self.db.execute("UPDATE audit_head SET seq=?, hash=? WHERE id=1", (seq, digest))
        return AuditRecord(seq, at, actor, action, object_type, object_id, list_versions, payload, prev, digest)

    def records(self, object_id: str | None = None, limit: int | None = None) -> list[AuditRecord]:
        sql = f"SELECT {', '.join(COLUMNS)} FROM audit_log"
        params: tuple[Any, ...] = ()
        if object_id:
            sql += " WHERE object_id=?"
            params = (object_id,)
        sql += " ORDER BY seq"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [
            AuditRecord(int(r[0]), r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), json.loads(r[7]), r[8], r[9])
            for r in self.db.execute(sql, params)
        ]

    def verify(self) -> Verification:
        """Recompute the chain; name every record that was edited, removed or reordered."""
        problems: list[str] = []
        prev = GENESIS
        expected_seq = 1
        rows = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM audit_log ORDER BY seq")
        for row in rows:
            seq, at, actor, action, otype, oid, versions, payload, prev_hash, digest = row
            seq = int(seq)
            if seq != expected_seq:
                problems.append(f"record(s) {expected_seq}..{seq - 1} missing (deleted?)")
            if prev_hash != prev:
                problems.append(f"record {seq}: previous-hash link broken (a record before it was changed or removed)")
            recomputed = record_hash(prev_hash, seq, at, actor, action, otype, oid, versions, payload)
            if recomputed != digest:
                problems.append(f"record {seq}: content does not match its hash (edited: {action} on {otype} {oid})")
            prev = digest
            expected_seq = seq + 1
        head_seq, head_hash = self.db.execute("SELECT seq, hash FROM audit_head WHERE id=1")[0]
        if int(head_seq) != expected_seq - 1 or head_hash != prev:
            problems.append(
                f"chain head says record {head_seq} is last but the log ends at {expected_seq - 1} "
                "(records cut from the end?)"
            )
        return Verification(ok=not problems, records=len(rows), problems=problems)

    def export(self, fmt: str) -> str:
        records = self.records()
        if fmt == "json":
            return json.dumps([r.__dict__ for r in records], ensure_ascii=False, indent=2)
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            for r in records:
                writer.writerow([r.seq, r.at, r.actor, r.action, r.object_type, r.object_id,
                                 _canonical(r.list_versions), _canonical(r.payload), r.prev_hash, r.hash])
            return out.getvalue()
        raise ValueError(f"unknown export format {fmt!r}; use csv or json")
