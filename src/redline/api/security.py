"""Who is calling, may they, and how often: API-key roles and a per-key token bucket.

``require(role)`` is the one dependency every protected route declares, so a route
cannot forget half of the checks. Keys come as ``Authorization: Bearer <key>``,
``Authorization: ApiKey <key>`` (what yente clients send) or ``X-API-Key``. A key that
is presented but wrong is refused even in open mode: a typo should not silently
downgrade a caller to anonymous.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request, Security
from fastapi.security import APIKeyHeader, HTTPBearer

from redline.api.config import ApiConfig
from redline.api.keys import KeyStore, role_rank
from redline.api.problems import ApiError

_BEARER = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
_HEADER = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key")


@dataclass(frozen=True)
class Principal:
    """The caller of one request: a key (id, name, role) or the anonymous open-mode user."""

    key_id: str | None
    name: str
    role: str


class TokenBucket:
    """Per-caller token buckets in memory (per server process; enough for one host)."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, who: str) -> float:
        """0.0 when allowed; otherwise seconds until a token is free."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(who, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[who] = (tokens - 1.0, now)
                return 0.0
            self._buckets[who] = (tokens, now)
            if len(self._buckets) > 100_000:  # bounded memory under address churn
                self._buckets.clear()
            return (1.0 - tokens) / self.rate


def presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() in ("bearer", "apikey") and value.strip():
            return value.strip()
        raise ApiError(401, "unauthorized", "Authorization header must be 'Bearer <key>' or 'ApiKey <key>'",
                       headers={"WWW-Authenticate": "Bearer"})
    return request.headers.get("x-api-key") or None


def require(role: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency admitting callers with at least ``role``, within their rate limit."""

    async def dependency(
        request: Request,
        _bearer: object = Security(_BEARER),
        _header: object = Security(_HEADER),
    ) -> Principal:
        config: ApiConfig = request.app.state.api_config
        keys: KeyStore = request.app.state.keys
        text = presented_key(request)
        if text is None:
            if not config.open_mode:
                raise ApiError(401, "unauthorized", "an API key is required (Authorization: Bearer <key>)",
                               headers={"WWW-Authenticate": "Bearer"})
            client = request.client.host if request.client else "unknown"
            principal = Principal(None, f"open:{client}", config.open_role)
        else:
            key = keys.verify(text)
            if key is None:
                raise ApiError(401, "unauthorized", "unknown or revoked API key",
                               headers={"WWW-Authenticate": "Bearer"})
            principal = Principal(key.key_id, key.name, key.role)
        if role_rank(principal.role) < role_rank(role):
            raise ApiError(403, "forbidden", f"this operation needs the {role!r} role; the key has {principal.role!r}")
        bucket: TokenBucket = request.app.state.rate_limiter
        wait = bucket.take(principal.key_id or principal.name)
        if wait > 0:
            raise ApiError(429, "rate-limited", f"rate limit of {bucket.rate:g} requests/s exceeded",
                           headers={"Retry-After": str(max(1, math.ceil(wait)))})
        request.state.principal = principal
        return principal

    return dependency
