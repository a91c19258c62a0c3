"""List versions in SQLite: immutable versions, switched atomically.

A load writes a whole new version inside one transaction and moves the list's
"active" pointer in that same transaction. If anything fails (a parser error half-way
through a truncated file, a crash), the transaction rolls back and the previous version
keeps serving: there is never a moment where screening sees half a list.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from redline.errors import RedlineError, StoreError
from redline.model import Entity

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE list_versions (
        version_id TEXT PRIMARY KEY,
        list_name TEXT NOT NULL,
        format TEXT NOT NULL,
        source TEXT NOT NULL,
        source_date TEXT,
        sha256 TEXT NOT NULL,
        loaded_at TEXT NOT NULL,
        entity_count INTEGER NOT NULL,
        name_count INTEGER NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE entities (
        version_id TEXT NOT NULL REFERENCES list_versions(version_id),
        entity_id TEXT NOT NULL,
        schema TEXT NOT NULL,
        caption TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (version_id, entity_id)
    );
    CREATE TABLE active_lists (
        list_name TEXT PRIMARY KEY,
        version_id TEXT NOT NULL REFERENCES list_versions(version_id),
        switched_at TEXT NOT NULL
    );
    CREATE TABLE load_failures (
        at TEXT NOT NULL,
        list_name TEXT NOT NULL,
        source TEXT NOT NULL,
        error TEXT NOT NULL
    );
    """,
    # the reader revision a version was read with: a newer reader re-reads an unchanged file
    "ALTER TABLE list_versions ADD COLUMN reader_revision INTEGER NOT NULL DEFAULT 1",
)


@dataclass(frozen=True)
class ListVersion:
    version_id: str
    list_name: str
    format: str
    source: str
    source_date: str | None
    sha256: str
    loaded_at: str
    entity_count: int
    name_count: int
    demo: bool
    active: bool = False
    reader_revision: int = 1


@dataclass(frozen=True)
class VersionDiff:
    old: str | None
    new: str
    added: list[str]
    removed: list[str]
    changed: list[str]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def version_id_of(list_name: str, source_date: str | None, sha256: str, reader_revision: int = 1) -> str:
    """``list@date-sha``; a reader revision past the first is appended (``-r2``).

    The first revision keeps the bare form, so versions loaded before revisions were
    counted keep their ids and the decisions recorded against them stay resolvable.
    """
    version_id = f"{list_name}@{source_date or 'undated'}-{sha256[:10]}"
    return version_id if reader_revision <= 1 else f"{version_id}-r{reader_revision}"


def file_sha256(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


class ListStore:
    """SQLite store of list versions (WAL: readers keep reading while a load runs)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (component TEXT, version INTEGER, "
            "applied_at TEXT, PRIMARY KEY (component, version))"
        )
        done = {
            row[0] for row in self.db.execute(
                "SELECT version FROM migrations WHERE component='lists'"
            )
        }
        for number, script in enumerate(MIGRATIONS, start=1):
            if number in done:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(
                    "INSERT INTO migrations VALUES ('lists', ?, ?)", (number, _now())
                )
                self.db.execute("COMMIT")
            except sqlite3.Error:
                self.db.execute("ROLLBACK")
                raise

    # -- loading ------------------------------------------------------------------------
    def load(
        self,
        list_name: str,
        entities: Iterator[Entity],
        *,
        format: str,
        source: str,
        sha256: str,
        source_date: str | None = None,
        demo: bool = False,
        reader_revision: int = 1,
    ) -> tuple[ListVersion, bool]:
        """Store a new version from ``entities`` and make it active, all or nothing.

        Returns the version and whether anything changed (an identical file already
        active is not loaded twice). Any exception while reading ``entities`` leaves
        the store exactly as it was and is recorded in ``load_failures``.

        A version is the file *as read*: the same file read by a newer reader revision
        (one that fixed an alias or reads a new field) is a new version, or a site that
        upgrades would keep screening against what the old reader made of the file
        until the publisher next changes it. Decisions made against the old version
        keep pointing at it.
        """
        version_id = version_id_of(list_name, source_date, sha256, reader_revision)
        existing = self.version(version_id)
        if existing is not None:
            changed = self.active_version(list_name) != version_id
            if changed:
                self._switch(list_name, version_id)
            return existing, changed
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute(
                "INSERT INTO list_versions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (version_id, list_name, format, source, source_date, sha256, _now(), 0, 0, int(demo),
                 reader_revision),
            )
            count = names = 0
            seen: set[str] = set()
            batch: list[tuple[str, str, str, str, str, str]] = []
            for entity in entities:
                if entity.id in seen:
                    raise StoreError(f"{source}: duplicate entity id {entity.id}")
                seen.add(entity.id)
                count += 1
                names += len(entity.names)
                batch.append((
                    version_id, entity.id, entity.schema, entity.caption,
                    entity.content_hash(),
                    json.dumps(entity.to_dict(), ensure_ascii=False, separators=(",", ":")),
                ))
                if len(batch) >= 2000:
                    self.db.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?)", batch)
                    batch.clear()
            if batch:
                self.db.executemany("INSERT INTO entities VALUES (?,?,?,?,?,?)", batch)
            if count == 0:
                raise StoreError(f"{source}: no entities read; refusing to replace the list")
            self.db.execute(
                "UPDATE list_versions SET entity_count=?, name_count=? WHERE version_id=?",
                (count, names, version_id),
            )
            self.db.execute(
                "INSERT INTO active_lists VALUES (?,?,?) ON CONFLICT(list_name) DO UPDATE "
                "SET version_id=excluded.version_id, switched_at=excluded.switched_at",
                (list_name, version_id, _now()),
            )
            self.db.execute("COMMIT")
        except BaseException as exc:
            self.db.execute("ROLLBACK")
            if isinstance(exc, (RedlineError, sqlite3.Error, ValueError, KeyError)):
                self.db.execute(
                    "INSERT INTO load_failures VALUES (?,?,?,?)",
                    (_now(), list_name, source, str(exc)),
                )
            raise
        version = self.version(version_id)
        assert version is not None
        return version, True

    def _switch(self, list_name: str, version_id: str) -> None:
        self.db.execute(
            "INSERT INTO active_lists VALUES (?,?,?) ON CONFLICT(list_name) DO UPDATE "
            "SET version_id=excluded.version_id, switched_at=excluded.switched_at",
            (list_name, version_id, _now()),
        )

    # -- reading ------------------------------------------------------------------------
    def _row_to_version(self, row: tuple[object, ...], active: set[str]) -> ListVersion:
        values = list(row)
        return ListVersion(
            version_id=str(values[0]), list_name=str(values[1]), format=str(values[2]),
            source=str(values[3]), source_date=values[4] if values[4] else None,  # type: ignore[arg-type]
            sha256=str(values[5]), loaded_at=str(values[6]), entity_count=int(values[7]),  # type: ignore[call-overload]
            name_count=int(values[8]), demo=bool(values[9]),  # type: ignore[call-overload]
            active=str(values[0]) in active, reader_revision=int(values[10]),  # type: ignore[call-overload]
        )

    def _active_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT version_id FROM active_lists")}

    def version(self, version_id: str) -> ListVersion | None:
        row = self.db.execute(
            "SELECT * FROM list_versions WHERE version_id=?", (version_id,)
        ).fetchone()
        return self._row_to_version(row, self._active_ids()) if row else None

    def versions(self, list_name: str | None = None) -> list[ListVersion]:
        sql = "SELECT * FROM list_versions"
        args: tuple[str, ...] = ()
        if list_name:
            sql += " WHERE list_name=?"
            args = (list_name,)
        active = self._active_ids()
        rows = self.db.execute(sql + " ORDER BY list_name, loaded_at", args).fetchall()
        return [self._row_to_version(r, active) for r in rows]

    def active_versions(self) -> list[ListVersion]:
        return [v for v in self.versions() if v.active]

    def active_version(self, list_name: str) -> str | None:
        row = self.db.execute(
            "SELECT version_id FROM active_lists WHERE list_name=?", (list_name,)
        ).fetchone()
        return str(row[0]) if row else None

    def deactivate(self, list_name: str) -> None:
        self.db.execute("DELETE FROM active_lists WHERE list_name=?", (list_name,))

    def failures(self, limit: int = 20) -> list[tuple[str, str, str, str]]:
        return list(self.db.execute(
            "SELECT * FROM load_failures ORDER BY at DESC LIMIT ?", (limit,)
        ))

    def iter_entities(self, version_id: str, schema: str | None = None) -> Iterator[Entity]:
        sql = "SELECT data FROM entities WHERE version_id=?"
        params: tuple[str, ...] = (version_id,)
        if schema:
            sql += " AND schema=?"
            params = (version_id, schema)
        for (data,) in self.db.execute(sql + " ORDER BY entity_id", params):
            yield Entity.from_dict(json.loads(data))

    def iter_active(self, schema: str | None = None) -> Iterator[tuple[Entity, str]]:
        for version in self.active_versions():
            for entity in self.iter_entities(version.version_id, schema):
                yield entity, version.version_id

    def get_entity(self, entity_id: str, version_id: str | None = None) -> Entity | None:
        if version_id is None:
            row = self.db.execute(
                "SELECT e.data FROM entities e JOIN active_lists a ON a.version_id=e.version_id "
                "WHERE e.entity_id=?", (entity_id,),
            ).fetchone()
        else:
            row = self.db.execute(
                "SELECT data FROM entities WHERE version_id=? AND entity_id=?",
                (version_id, entity_id),
            ).fetchone()
        return Entity.from_dict(json.loads(row[0])) if row else None

    def diff(self, old: str | None, new: str) -> VersionDiff:
        """Entries added, removed and changed (content hash) between two versions."""
        def hashes(version_id: str | None) -> dict[str, str]:
            if version_id is None:
                return {}
            if self.version(version_id) is None:
                raise StoreError(f"unknown list version {version_id!r}")
            return dict(self.db.execute(
                "SELECT entity_id, content_hash FROM entities WHERE version_id=?", (version_id,)
            ))
        a, b = hashes(old), hashes(new)
        return VersionDiff(
            old=old, new=new,
            added=sorted(set(b) - set(a)),
            removed=sorted(set(a) - set(b)),
            changed=sorted(k for k in set(a) & set(b) if a[k] != b[k]),
        )

    def fingerprint(self) -> str:
        """Identifies the set of active versions (cache key for the screening index)."""
        ids = sorted(self._active_ids())
        return hashlib.sha256("|".join(ids).encode()).hexdigest()[:16] if ids else "empty"

    def wait_unlocked(self, seconds: float = 5.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.execute("ROLLBACK")
                return
            except sqlite3.OperationalError:
                time.sleep(0.05)
