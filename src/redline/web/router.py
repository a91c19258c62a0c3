"""The analyst web UI: server-rendered pages over the case service, as one mountable router.

Why a router and not an app: the HTTP API owns the application, its middleware and its
lifecycle; the UI only adds pages under ``/ui``. Every library call runs on one worker
thread owned by this router, because SQLite connections belong to the thread that opened
them and the case store's transactions must not interleave on a shared connection; the
factories ``get_engine``/``get_cases`` are only ever called on that thread, so they can
create their objects lazily there (``web_factories`` does). Pages are plain forms: every
POST carries the session's CSRF token, and the service (not the page) enforces roles,
four-eyes and version conflicts; the UI only turns its refusals into clear pages.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse

from redline.cases.report import summarise, to_csv
from redline.cases.service import CaseService, PermissionDenied
from redline.engine import Engine
from redline.errors import ConflictError, QueryError, RedlineError
from redline.settings import Settings, get_settings
from redline.web import pages
from redline.web.render import page
from redline.web.session import Session, SessionCodec, csrf_ok, secret_key

T = TypeVar("T")
STATIC = Path(__file__).parent / "static"
STATIC_FILES = {"redline.css": "text/css", "redline.js": "text/javascript"}
MAX_FORM = 64 * 1024
MESSAGES = {"decided": "Decision saved.", "approved": "Decision approved: the case is closed.",
            "rejected": "Decision rejected: the case is open again.", "loggedout": "You are logged out."}


def web_factories(settings: Settings | None = None) -> tuple[Callable[[], Engine], Callable[[], CaseService]]:
    """(get_engine, get_cases) that build their objects lazily on first call (on the UI thread)."""
    settings = settings or get_settings()
    made: dict[str, Any] = {}
    lock = threading.Lock()

    def get_engine() -> Engine:
        with lock:
            if "engine" not in made:
                made["engine"] = Engine(settings=settings)
            return made["engine"]  # type: ignore[no-any-return]

    def get_cases() -> CaseService:
        engine = get_engine()
        with lock:
            if "cases" not in made:
                from redline.commands.cases import case_service

                made["cases"] = case_service(engine)
            return made["cases"]  # type: ignore[no-any-return]

    return get_engine, get_cases


class _UI:
    def __init__(self, get_engine: Callable[[], Engine], get_cases: Callable[[], CaseService],
                 codec: SessionCodec, prefix: str) -> None:
        self.get_engine, self.get_cases, self.codec, self.prefix = get_engine, get_cases, codec, prefix
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="redline-ui")

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.pool, fn, *args)

    def base(self, request: Request) -> str:
        return str(request.scope.get("root_path", "")) + self.prefix

    def redirect(self, request: Request, path: str) -> RedirectResponse:
        return RedirectResponse(self.base(request) + path, status_code=303)

    async def viewer(self, request: Request) -> tuple[pages.Viewer | None, Session | None]:
        session = self.codec.read(request)
        if session is None or session.user is None:
            return None, session
        role = await self.run(lambda: self.get_cases().role_of(str(session.user)))
        return (pages.Viewer(session.user, role, session.csrf) if role else None), session

    def login_redirect(self, request: Request) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        response = self.redirect(request, f"/login?next={quote(target, safe='')}")
        self.codec.clear(response)
        return response

    async def form(self, request: Request) -> dict[str, str] | None:
        """The urlencoded form (first value of each field), or None if too big or not a form."""
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return None
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM:
                return None
        try:
            parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50)
        except (UnicodeDecodeError, ValueError):
            return None
        return {k: v[0] for k, v in parsed.items()}

    def render(self, request: Request, template: str, viewer: pages.Viewer | None, status: int = 200,
               **context: Any) -> HTMLResponse:
        return page(template, status, base=self.base(request), viewer=viewer,
                    message=MESSAGES.get(request.query_params.get("msg", ""), ""), **context)

    def refuse(self, request: Request, viewer: pages.Viewer | None, status: int, title: str,
               detail: str) -> HTMLResponse:
        return self.render(request, "error.html", viewer, status, title=title, detail=detail)

    async def posted(self, request: Request) -> tuple[pages.Viewer | None, dict[str, str] | Response]:
        """Common POST guard: logged in, a form, and the CSRF token of this session."""
        viewer, session = await self.viewer(request)
        data = await self.form(request)
        if data is None:
            return viewer, self.refuse(request, viewer, 400, "Bad request", "The form could not be read.")
        if not csrf_ok(session, data.get("csrf")):
            return viewer, self.refuse(request, viewer, 403, "Form expired",
                                       "The form's security token did not match your session. Reload the page "
                                       "and submit it again.")
        if viewer is None:
            return viewer, self.login_redirect(request)
        return viewer, data


def create_web_router(get_engine: Callable[[], Engine], get_cases: Callable[[], CaseService], *,
                      secret: str | bytes | None = None, prefix: str = "/ui") -> APIRouter:
    """The analyst UI under ``prefix``; include it with ``app.include_router(...)``.

    ``get_engine``/``get_cases`` are called on the UI's own worker thread only.
    ``secret`` signs session cookies (default: REDLINE_SECRET_KEY, else random per process).
    """
    ui = _UI(get_engine, get_cases, SessionCodec(secret_key(secret), prefix), prefix)
    router = APIRouter(prefix=prefix, include_in_schema=False)

    @router.get("/static/{name}")
    async def static(name: str) -> Response:
        if name not in STATIC_FILES:
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(STATIC / name, media_type=STATIC_FILES[name], headers={"Cache-Control": "max-age=3600"})

    @router.get("/")
    async def home(request: Request) -> Response:
        return ui.redirect(request, "/queue")

    @router.get("/login")
    async def login_form(request: Request, next: str = "") -> Response:
        session = ui.codec.read(request) or Session.new()
        response = ui.render(request, "login.html", None, csrf=session.csrf, next=next, username="", error="")
        ui.codec.write(response, request, session)
        return response

    @router.post("/login")
    async def login(request: Request) -> Response:
        session = ui.codec.read(request)
        data = await ui.form(request) or {}
        target = data.get("next", "")
        if not target.startswith(ui.base(request) + "/") or "//" in target[1:] or "\\" in target:
            target = ui.base(request) + "/queue"
        if not csrf_ok(session, data.get("csrf")):
            fresh = Session.new()
            refused = ui.render(request, "login.html", None, 403, csrf=fresh.csrf, next=target,
                                username=data.get("username", ""),
                                error="The login form expired or was not sent by this site. Please try again.")
            ui.codec.write(refused, request, fresh)
            return refused
        username = data.get("username", "").strip()
        password = data.get("password", "")
        role = await ui.run(lambda: ui.get_cases().authenticate(username, password)) if username else None
        if role is None:
            assert session is not None
            return ui.render(request, "login.html", None, 401, csrf=session.csrf, next=target, username=username,
                             error="Unknown user name or wrong password.")
        response = RedirectResponse(target, status_code=303)
        ui.codec.write(response, request, Session.new(username))  # a new token: no session fixation
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        _, result = await ui.posted(request)
        if isinstance(result, Response):
            return result
        response = ui.redirect(request, "/login?msg=loggedout")
        ui.codec.clear(response)
        return response

    @router.get("/queue")
    async def queue(request: Request, state: str = "", list: str = "", source: str = "") -> Response:
        viewer, _ = await ui.viewer(request)
        if viewer is None:
            return ui.login_redirect(request)
        ctx = await ui.run(lambda: pages.queue_context(ui.get_engine(), ui.get_cases(), state, list, source))
        return ui.render(request, "queue.html", viewer, **ctx)

    async def case_page(request: Request, viewer: pages.Viewer, case_id: str, status: int = 200,
                        **extra: Any) -> Response:
        try:
            ctx = await ui.run(lambda: pages.case_context(ui.get_engine(), ui.get_cases(), case_id))
        except RedlineError:
            return ui.refuse(request, viewer, 404, "No such case", f"There is no case {case_id!r}.")
        extra.setdefault("error", "")
        extra.setdefault("form", {})
        return ui.render(request, "case.html", viewer, status, **ctx, **extra)

    @router.get("/cases/{case_id}")
    async def show_case(request: Request, case_id: str) -> Response:
        viewer, _ = await ui.viewer(request)
        if viewer is None:
            return ui.login_redirect(request)
        return await case_page(request, viewer, case_id)

    @router.post("/cases/{case_id}/decide")
    async def decide(request: Request, case_id: str) -> Response:
        viewer, data = await ui.posted(request)
        if isinstance(data, Response):
            return data
        assert viewer is not None
        return await act(request, viewer, case_id, data, "decide")

    @router.post("/cases/{case_id}/approve")
    async def approve(request: Request, case_id: str) -> Response:
        viewer, data = await ui.posted(request)
        if isinstance(data, Response):
            return data
        assert viewer is not None
        return await act(request, viewer, case_id, data, "approve")

    async def act(request: Request, viewer: pages.Viewer, case_id: str, data: dict[str, str], kind: str) -> Response:
        """Decide or approve; every refusal keeps what the user typed on the page."""
        comment = data.get("comment", "")
        try:
            version = int(data.get("version", ""))
        except ValueError:
            return ui.refuse(request, viewer, 400, "Bad request", "The form did not say which case version you read.")

        def work() -> str:
            svc = ui.get_cases()
            if kind == "decide":
                svc.decide(case_id, viewer.user, data.get("decision", ""), comment, version, role=viewer.role)
                return "decided"
            approving = data.get("action") != "reject"
            svc.approve(case_id, viewer.user, comment, version, approve=approving, role=viewer.role)
            return "approved" if approving else "rejected"

        form = {"kind": kind, "comment": comment, "decision": data.get("decision", "")}
        try:
            done = await ui.run(work)
        except PermissionDenied as exc:
            return ui.refuse(request, viewer, 403, "Not allowed", str(exc))
        except ConflictError as exc:
            return await case_page(request, viewer, case_id, 409, form=form,
                                   error=f"Not saved: {exc}. Your comment is kept below; review the case as it "
                                         "is now before acting again.")
        except QueryError as exc:
            return await case_page(request, viewer, case_id, 400, form=form, error=f"Not saved: {exc}.")
        except RedlineError as exc:
            return ui.refuse(request, viewer, 404, "Not saved", str(exc))
        return ui.redirect(request, f"/cases/{quote(case_id)}?msg={done}")

    @router.get("/lists")
    async def lists(request: Request, list: str = "", old: str | None = None, new: str | None = None) -> Response:
        viewer, _ = await ui.viewer(request)
        if viewer is None:
            return ui.login_redirect(request)
        try:
            ctx = await ui.run(lambda: pages.lists_context(ui.get_engine(), list or None, old, new))
        except RedlineError as exc:
            return ui.refuse(request, viewer, 400, "Cannot compare", str(exc))
        return ui.render(request, "lists.html", viewer, **ctx)

    @router.get("/audit")
    async def audit(request: Request, verify: str = "") -> Response:
        viewer, _ = await ui.viewer(request)
        if viewer is None:
            return ui.login_redirect(request)
        ctx = await ui.run(lambda: pages.audit_context(ui.get_cases(), bool(verify)))
        return ui.render(request, "audit.html", viewer, **ctx)

    @router.get("/audit/export")
    async def audit_export(request: Request, format: str = "csv") -> Response:
        viewer, _ = await ui.viewer(request)
        if viewer is None:
            return ui.login_redirect(request)
        fmt = "json" if format == "json" else "csv"
        text = await ui.run(lambda: ui.get_cases().audit.export(fmt))
        return PlainTextResponse(text, media_type="application/json" if fmt == "json" else "text/csv",
                                 headers={"Content-Disposition": f'attachment; filename="redline-audit.{fmt}"'})

    @router.get("/report")
    async def report(request: Request, day: str = "") -> Response:
        viewer, _ = await ui.viewer(request)
        if viewer is None:
            return ui.login_redirect(request)
        ctx = await ui.run(lambda: pages.report_context(ui.get_cases(), pages.valid_day(day)))
        return ui.render(request, "report.html", viewer, **ctx)

    @router.get("/report.csv")
    async def report_csv(request: Request, day: str = "") -> Response:
        viewer, _ = await ui.viewer(request)
        if viewer is None:
            return ui.login_redirect(request)
        valid = pages.valid_day(day)
        text = await ui.run(lambda: to_csv(summarise(ui.get_cases().store.list(limit=1_000_000), valid)))
        return PlainTextResponse(text, media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="redline-report-{valid or "today"}.csv"'})

    return router
