"""The FastAPI app factory: wiring only (state, middleware, error handlers, routers).

``create_app()`` with no arguments reads REDLINE_* settings, which is what
``uvicorn --factory`` calls in every worker process. Screeners add endpoints without
editing this file: pass ``extra_routers`` or drop a module exposing ``router`` under one
of the names in ``OPTIONAL_ROUTERS``.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

import redline
from redline.api import routes_redline, routes_yente
from redline.api.config import ApiConfig
from redline.api.keys import KeyStore
from redline.api.problems import BoundaryMiddleware, FastJSONResponse, install_handlers, problem
from redline.api.security import TokenBucket
from redline.api.service import EngineWorker
from redline.api.yente_models import StatusResponse
from redline.engine import Engine
from redline.settings import Settings, get_settings

log = logging.getLogger("redline.api")

#: Routers that join the app when their module exists (each exposes ``router``).
OPTIONAL_ROUTERS = (
    "redline.api.routes.payment", "redline.api.routes.shipment", "redline.api.routes.vessel",
    "redline.api.routes.document",
)

health = APIRouter(tags=["health"])


@health.get("/healthz", response_model=StatusResponse)
async def healthz() -> dict[str, str]:
    """The process is up (liveness)."""
    return {"status": "ok"}


@health.get("/readyz", response_model=StatusResponse, responses={503: {"description": "not ready"}})
async def readyz(request: Request) -> Any:
    """Lists are loaded and the screening index is built (readiness)."""
    worker: EngineWorker = request.app.state.worker
    if worker.ready.is_set():
        return {"status": "ok"}
    return problem(request, 503, worker.warm_error or "building the screening index", slug="not-ready",
                   headers={"Retry-After": "5"})


def _optional_routers() -> list[APIRouter]:
    found = []
    for name in OPTIONAL_ROUTERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and name.startswith(exc.name):
                continue  # that screener is not part of this build
            raise
        found.append(module.router)
    return found


def _docs(app: FastAPI) -> None:
    """Swagger UI and ReDoc from files shipped in the fastapi-offline wheel: no CDN at run time."""
    try:
        import fastapi_offline
    except ImportError:  # documented fallback: no interactive docs, /openapi.json still served
        return
    from fastapi.staticfiles import StaticFiles

    static = Path(fastapi_offline.__file__).parent / "static"
    app.mount("/docs-static", StaticFiles(directory=static), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="redline API",
                                   swagger_js_url="/docs-static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-static/swagger-ui.css",
                                   swagger_favicon_url="/docs-static/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title="redline API",
                              redoc_js_url="/docs-static/redoc.standalone.js",
                              redoc_favicon_url="/docs-static/favicon.png", with_google_fonts=False)


def create_app(
    engine: Engine | None = None,
    *,
    settings: Settings | None = None,
    config: ApiConfig | None = None,
    extra_routers: Iterable[APIRouter] = (),
    web_ui: bool = True,
) -> FastAPI:
    """The HTTP API over ``engine``'s settings and match config (or REDLINE_* when None).

    The engine's own store connection is not shared: SQLite connections belong to one
    thread, so the API opens its own on its engine thread (see ``service``).
    """
    settings = settings or (engine.settings if engine is not None else get_settings())
    config = config or ApiConfig.from_env()
    worker = EngineWorker(settings, engine.config if engine is not None else None)
    keys = KeyStore.open(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if config.gil_switch > 0:
            # The engine thread is CPU-bound; with Python's default 5 ms GIL switch interval the
            # event loop waits up to 5 ms per wake-up (convoy effect). Measured in bench/api.py:
            # p99 at 50 clients 526 ms -> 114 ms with 0.5 ms. Only set when actually serving.
            sys.setswitchinterval(config.gil_switch)
        worker.warm()
        try:
            yield
        finally:
            await asyncio.to_thread(worker.close)
            keys.close()

    app = FastAPI(
        title="redline", version=getattr(redline, "__version__", "0"), lifespan=lifespan,
        description="Sanctions and export-control screening. yente-compatible `/match`; every hit explains "
                    "itself. Authenticate with `Authorization: Bearer <API key>` (or `X-API-Key`).",
        docs_url=None, redoc_url=None, default_response_class=FastJSONResponse,
    )
    app.state.worker = worker
    app.state.keys = keys
    app.state.api_config = config
    app.state.rate_limiter = TokenBucket(config.rate, config.burst)
    app.state.update_lock = asyncio.Lock()
    install_handlers(app)
    if config.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "X-API-Key", "Content-Type"])
    app.add_middleware(BoundaryMiddleware, max_body=config.max_body)
    app.include_router(health)
    app.include_router(routes_yente.router)
    app.include_router(routes_redline.router)
    for extra in [*_optional_routers(), *extra_routers]:
        app.include_router(extra)
    if web_ui:
        from redline.web import create_web_router, web_factories

        app.include_router(create_web_router(*web_factories(settings)))
    _docs(app)
    return app
