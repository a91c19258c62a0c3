"""RFC 9457 problem details for every error, and the outermost guard of the app.

Clients get ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` and ``instance`` for any 4xx/5xx, including FastAPI's own validation errors
and unknown routes. An unexpected exception is logged with its traceback under a fresh
id and the client only sees that id: stack traces tell an attacker about the server
and tell the client nothing it can act on.
"""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from redline.errors import QueryError, RedlineError, StoreError

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a declared dependency
    orjson = None  # type: ignore[assignment]

log = logging.getLogger("redline.api")
MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "urn:redline:problem:"


class FastJSONResponse(JSONResponse):
    """JSON via orjson: match responses carry whole entities, and encoding them is per-request work."""

    def render(self, content: Any) -> bytes:
        if orjson is None:  # pragma: no cover
            return super().render(content)
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


class Problem(BaseModel):
    """RFC 9457 problem details (documented in OpenAPI for every error response)."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": HTTPStatus(code).phrase}
    for code in (400, 401, 403, 404, 413, 422, 429, 500, 503)
}


class ApiError(HTTPException):
    """An HTTP error with a redline problem type (``urn:redline:problem:<slug>``)."""

    def __init__(self, status: int, slug: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=detail, headers=headers)
        self.slug = slug


class BodyTooLarge(ApiError):
    """Raised while reading a body; FastAPI passes HTTPExceptions through unchanged."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, "body-too-large", f"request body larger than {limit} bytes")


def problem_body(status: int, detail: str | None, *, slug: str | None = None, instance: str | None = None,
                 **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug if slug else "about:blank",
        "title": HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error",
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    body.update(extra)
    return body


def problem(request: Request | None, status: int, detail: str | None, *, slug: str | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    instance = request.url.path if request is not None else None
    body = problem_body(status, detail, slug=slug, instance=instance, **extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=MEDIA_TYPE)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem(request, exc.status_code, detail, slug=getattr(exc, "slug", None),
                   headers=dict(exc.headers) if exc.headers else None)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Only location, message and type: echoing ``input`` would reflect whatever was sent.
    errors = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
              for e in exc.errors()]
    summary = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors[:5])
    return problem(request, 422, summary or "invalid request", slug="invalid-request",
                   errors=jsonable_encoder(errors[:50]))


async def _redline_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, QueryError):
        return problem(request, 422, str(exc), slug="unusable-query")
    if isinstance(exc, StoreError) and "no lists loaded" in str(exc):
        return problem(request, 503, "no lists loaded yet", slug="no-lists", headers={"Retry-After": "30"})
    return _internal(request.url.path, exc)


def _internal(path: str, exc: BaseException) -> JSONResponse:
    error_id = uuid.uuid4().hex
    log.error("unhandled error %s on %s", error_id, path, exc_info=exc)
    body = problem_body(500, f"internal error; quote id {error_id} to the operator",
                        slug="internal", instance=f"urn:uuid:{uuid.UUID(error_id)}", id=error_id)
    return JSONResponse(body, status_code=500, media_type=MEDIA_TYPE)


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(RedlineError, _redline_error)


class BoundaryMiddleware:
    """Body size limit (declared and streamed) and the last-resort 500 problem.

    A pure ASGI middleware: BaseHTTPMiddleware would buffer and cost a task per request.
    """

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > limit:
                    response = JSONResponse(
                        problem_body(413 if declared > limit else 400,
                                     f"request body larger than {limit} bytes" if declared > limit
                                     else "bad Content-Length", slug="body-too-large" if declared > limit
                                     else "bad-request", instance=scope.get("path")),
                        status_code=413 if declared > limit else 400, media_type=MEDIA_TYPE,
                        headers={"Connection": "close"})
                    await response(scope, receive, send)
                    return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as exc:
            if not started:
                body = problem_body(413, str(exc.detail), slug=exc.slug, instance=scope.get("path"))
                await JSONResponse(body, status_code=413, media_type=MEDIA_TYPE)(scope, receive, send)
        except Exception as exc:  # the guard: nothing unexpected reaches the client raw
            if started:
                raise
            await _internal(str(scope.get("path")), exc)(scope, receive, send)
