"""Signed session cookies and CSRF tokens for the analyst UI, with the standard library only.

Why not Starlette's SessionMiddleware: the UI is a router mounted into an app it does not
own, so it cannot add middleware; and a stateless HMAC-signed cookie needs no server-side
store. The cookie carries only the user name, a CSRF token and the issue time; the role is
looked up on every request so that a changed or removed account takes effect at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass

from fastapi import Request, Response

COOKIE = "redline_ui"
MAX_AGE = 12 * 3600  # one working day; after that the analyst logs in again

#: Used when REDLINE_SECRET_KEY is unset: sessions then end when the process restarts, and
#: several server processes (``--workers``) need the variable so that they agree.
_PROCESS_KEY = secrets.token_bytes(32)


def secret_key(explicit: str | bytes | None = None) -> bytes:
    """The signing key: explicit argument, else REDLINE_SECRET_KEY, else a per-process random key."""
    value = explicit if explicit is not None else os.environ.get("REDLINE_SECRET_KEY")
    if not value:
        return _PROCESS_KEY
    return value.encode("utf-8") if isinstance(value, str) else value


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Session:
    """What the cookie says: ``user`` is None before login (the token still guards the login form)."""

    user: str | None
    csrf: str
    issued: int

    @classmethod
    def new(cls, user: str | None = None) -> Session:
        return cls(user=user, csrf=secrets.token_urlsafe(32), issued=int(time.time()))


class SessionCodec:
    def __init__(self, key: bytes, path: str = "/") -> None:
        self.key = key
        self.path = path

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self.key, body.encode("ascii"), hashlib.sha256).digest())

    def dumps(self, session: Session) -> str:
        body = _b64(json.dumps({"u": session.user, "c": session.csrf, "t": session.issued},
                               separators=(",", ":")).encode("utf-8"))
        return f"{body}.{self._sign(body)}"

    def loads(self, value: str | None) -> Session | None:
        """The session if the signature is right and it has not expired, else None."""
        if not value or value.count(".") != 1:
            return None
        body, signature = value.split(".")
        try:
            if not hmac.compare_digest(signature, self._sign(body)):
                return None
            data = json.loads(_unb64(body))
            session = Session(user=data["u"], csrf=str(data["c"]), issued=int(data["t"]))
        except (ValueError, KeyError, TypeError, UnicodeError):
            return None
        if session.user is not None and not isinstance(session.user, str):
            return None
        if not 0 <= time.time() - session.issued <= MAX_AGE:
            return None
        return session

    def read(self, request: Request) -> Session | None:
        return self.loads(request.cookies.get(COOKIE))

    def write(self, response: Response, request: Request, session: Session) -> None:
        response.set_cookie(COOKIE, self.dumps(session), max_age=MAX_AGE, path=self.path, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https")

    def clear(self, response: Response) -> None:
        response.delete_cookie(COOKIE, path=self.path, httponly=True, samesite="strict")


def csrf_ok(session: Session | None, submitted: str | None) -> bool:
    """The form's token must equal the session's (double submit, bound to a signed cookie)."""
    return bool(session and submitted and hmac.compare_digest(session.csrf, submitted))
