"""API keys: issued once, stored only as salted hashes, checked in constant time.

A key reads ``rl_<key id>_<secret>``. The key id (not secret) finds the row; the secret
is compared as ``HMAC-SHA256(salt, secret)`` with ``hmac.compare_digest``. A slow KDF
(scrypt) protects low-entropy *passwords* against guessing; these secrets are 256 random
bits, so a fast salted hash is as safe and keeps per-request checks in microseconds.
Revoked keys stay in the table (who had access when is audit evidence); they just stop
working. The table lives in the same database as the lists (SQLite under
REDLINE_HOME or PostgreSQL by REDLINE_DATABASE_URL), so the CLI and the server agree.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from redline.api.config import ROLES
from redline.errors import StoreError
from redline.settings import Settings
from redline.store.db import Database, connect

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE api_keys (
        key_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        salt TEXT NOT NULL,
        digest TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    )
    """,
)
PREFIX = "rl"
_DUMMY_SALT = secrets.token_hex(16)


def role_rank(role: str) -> int:
    """screen < analyst < admin; unknown roles rank below everything."""
    return ROLES.index(role) if role in ROLES else -1


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    name: str
    role: str
    created_at: str
    revoked_at: str | None = None

    def allows(self, role: str) -> bool:
        return self.revoked_at is None and role_rank(self.role) >= role_rank(role)


def _digest(salt: str, secret: str) -> str:
    return hmac.new(bytes.fromhex(salt), secret.encode("utf-8"), hashlib.sha256).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class KeyStore:
    """Create, list, revoke and verify API keys (thread-safe: one lock per store)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        with self._lock:
            db.migrate("api_keys", MIGRATIONS)

    @classmethod
    def open(cls, settings: Settings) -> KeyStore:
        return cls(connect(settings.database_url, settings.home))

    def close(self) -> None:
        self.db.close()

    def create(self, name: str, role: str) -> tuple[ApiKey, str]:
        """A new key and its secret text; the text is shown once and never stored."""
        if role not in ROLES:
            raise StoreError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
        if not name.strip():
            raise StoreError("an API key needs a name (who or what uses it)")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        salt = secrets.token_hex(16)
        key = ApiKey(key_id, name.strip(), role, _now())
        with self._lock:
            self.db.execute(
                "INSERT INTO api_keys VALUES (?,?,?,?,?,?,NULL)",
                (key_id, key.name, role, salt, _digest(salt, secret), key.created_at),
            )
        return key, f"{PREFIX}_{key_id}_{secret}"

    def list(self) -> list[ApiKey]:
        with self._lock:
            rows = self.db.execute(
                "SELECT key_id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id"
            )
        return [ApiKey(*row) for row in rows]

    def revoke(self, key_id_or_name: str) -> int:
        """Revoke by key id (or by name: every active key of that name); returns the count."""
        with self._lock:
            return self.db.execute_count(
                "UPDATE api_keys SET revoked_at=? WHERE revoked_at IS NULL AND (key_id=? OR name=?)",
                (_now(), key_id_or_name, key_id_or_name),
            )

    def verify(self, presented: str) -> ApiKey | None:
        """The active key ``presented`` belongs to, or None (bad format, unknown, revoked, wrong secret).

        Read from the store on every request, deliberately without a cache: the lookup and HMAC take
        ~7 µs (measured; a ``/match`` costs the server ~1.5 ms), so a cache would save nothing worth
        the window in which a revoked key still works. Revocation takes effect on the next request.
        """
        parts = presented.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2] or len(presented) > 200:
            return None
        _, key_id, secret = parts
        with self._lock:
            rows = self.db.execute(
                "SELECT key_id, name, role, created_at, revoked_at, salt, digest FROM api_keys WHERE key_id=?",
                (key_id,),
            )
        if not rows:
            # Same work as a real check, so response time does not tell which key ids exist.
            hmac.compare_digest(_digest(_DUMMY_SALT, secret), _digest(_DUMMY_SALT, ""))
            return None
        *fields, salt, digest = rows[0]
        key = ApiKey(*fields)
        if not hmac.compare_digest(_digest(salt, secret), digest) or key.revoked_at is not None:
            return None
        return key
