"""One small database interface over SQLite (embedded default) and PostgreSQL (teams).

Both run the same versioned SQL migrations; the only dialect differences we allow are
the parameter style and how a writer takes the exclusive lock that keeps the audit
chain strictly ordered (SQLite: BEGIN IMMEDIATE; PostgreSQL: a row lock on the chain
head). Keeping SQL portable instead of adding an ORM keeps migrations reviewable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from redline.errors import ConfigError, StoreError

Row = tuple[Any, ...]


class Database:
    """A connection plus the dialect knowledge the stores need."""

    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def execute_count(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a write and return the number of rows it changed (optimistic locking)."""
        raise NotImplementedError

    _depth = 0

    @contextmanager
    def transaction(self, exclusive: bool = False) -> Iterator[Database]:
        """A transaction; nested calls join the outer one (audit appends inside a decision)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self._outer_transaction(exclusive):
                yield self
        finally:
            self._depth = 0

    def _outer_transaction(self, exclusive: bool) -> AbstractContextManager[None]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def migrate(self, component: str, migrations: Sequence[str]) -> None:
        """Apply the component's migrations not applied yet, each in its own transaction."""
        self.execute(
            "CREATE TABLE IF NOT EXISTS migrations (component TEXT NOT NULL, version INTEGER NOT NULL, "
            "applied_at TEXT NOT NULL, PRIMARY KEY (component, version))"
        )
        done = {int(r[0]) for r in self.execute("SELECT version FROM migrations WHERE component=?", (component,))}
        for number, script in enumerate(migrations, start=1):
            if number in done:
                continue
            with self.transaction(exclusive=True):
                for statement in script.split(";"):
                    if statement.strip():
                        self.execute(statement)
                self.execute(
                    "INSERT INTO migrations VALUES (?, ?, CURRENT_TIMESTAMP)", (component, number)
                )


class SQLiteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=30000")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return list(self.conn.execute(sql, tuple(params)).fetchall())
        except sqlite3.Error as exc:
            raise StoreError(f"database error: {exc}") from exc

    def execute_count(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return self.conn.execute(sql, tuple(params)).rowcount
        except sqlite3.Error as exc:
            raise StoreError(f"database error: {exc}") from exc

    @contextmanager
    def _outer_transaction(self, exclusive: bool) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE" if exclusive else "BEGIN")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


class PostgresDatabase(Database):
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
            raise ConfigError("PostgreSQL support needs the psycopg package") from exc
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {exc}") from exc
        self._psycopg = psycopg

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            cursor = self.conn.execute(self._sql(sql), tuple(params))
            return list(cursor.fetchall()) if cursor.description else []
        except self._psycopg.Error as exc:
            raise StoreError(f"database error: {exc}") from exc

    def execute_count(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return int(self.conn.execute(self._sql(sql), tuple(params)).rowcount)
        except self._psycopg.Error as exc:
            raise StoreError(f"database error: {exc}") from exc

    @contextmanager
    def _outer_transaction(self, exclusive: bool) -> Iterator[None]:
        with self.conn.transaction():
            yield

    def close(self) -> None:
        self.conn.close()


def connect(url: str | None, home: Path) -> Database:
    """``sqlite:///path``, ``postgresql://...`` or empty (SQLite file under REDLINE_HOME)."""
    if not url:
        return SQLiteDatabase(home / "redline.db")
    if url.startswith("sqlite:///"):
        return SQLiteDatabase(Path(url[len("sqlite:///"):]))
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(url)
    raise ConfigError(f"unsupported database URL {url.split('://')[0]}://… (use sqlite:/// or postgresql://)")
