"""redline's own endpoints: party screening with reasons, and list versions.

Screeners for payments, shipments, vessels and documents add their routers beside this
one (see ``app.OPTIONAL_ROUTERS`` / ``create_app(extra_routers=...)``) using the same
``require`` and ``worker_of`` dependencies.
"""

from __future__ import annotations

import asyncio
import builtins
import os
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from redline.api.problems import PROBLEM_RESPONSES, ApiError
from redline.api.routes_yente import worker_of
from redline.api.security import Principal, require
from redline.engine import Engine
from redline.model import SCHEMAS, Identifier, Query
from redline.store.lists import ListStore
from redline.text.countries import country_code
from redline.updater import update_from_mirror

router = APIRouter(responses=PROBLEM_RESPONSES)


class IdentifierIn(BaseModel):
    type: str = Field(..., max_length=40, examples=["inn"])
    value: str = Field(..., max_length=200, examples=["7707083893"])


class PartyIn(BaseModel):
    name: str = Field("", max_length=500, examples=["Sberbank"])
    schema_: str = Field("LegalEntity", alias="schema", examples=["Company"], json_schema_extra={"enum": list(SCHEMAS)})
    birth_date: str | None = Field(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", examples=["1952-10-07"])
    countries: list[Annotated[str, Field(max_length=60)]] = Field([], max_length=20, examples=[["ru"]])
    identifiers: list[IdentifierIn] = Field([], max_length=20)
    threshold: float | None = Field(None, ge=0.0, le=1.0)
    limit: int = Field(10, ge=1, le=100)

    model_config = {"populate_by_name": True}


class ReasonOut(BaseModel):
    feature: str
    score: float
    detail: str
    query_value: str | None = None
    listed_value: str | None = None


class HitOut(BaseModel):
    entity_id: str
    list: str
    list_version: str
    schema_: str = Field(alias="schema")
    caption: str
    score: float
    matched_name: str
    query_name: str
    reasons: builtins.list[ReasonOut]  # ``list`` is a field name here


class ScreenOut(BaseModel):
    query: dict[str, Any]
    hits: list[HitOut]
    list_versions: dict[str, str]


class UpdateIn(BaseModel):
    mirror: str | None = Field(None, max_length=1000, description="a folder under an allowed mirror (REDLINE_MIRROR)")
    lists: list[Annotated[str, Field(max_length=60)]] = Field([], max_length=50)


@router.post("/screen/party", tags=["screening"], response_model=ScreenOut, response_model_by_alias=True)
async def screen_party(request: Request, body: PartyIn,
                       _who: Annotated[Principal, Depends(require("screen"))]) -> dict[str, Any]:
    """Screen one party (person, company, vessel, ...) against every loaded list; hits with reasons."""
    if body.schema_ not in SCHEMAS:
        raise ApiError(422, "unusable-query", f"schema must be one of {', '.join(SCHEMAS)}")
    countries = [c for c in (country_code(x) for x in body.countries) if c]
    query = Query(name=body.name, schema=body.schema_, birth_date=body.birth_date, countries=countries,
                  identifiers=[Identifier(i.type.strip().lower(), i.value.strip()) for i in body.identifiers])

    def run(engine: Engine) -> dict[str, Any]:
        hits = engine.screen(query, threshold=body.threshold, limit=body.limit)
        return {"query": asdict(query), "hits": [h.to_dict() for h in hits], "list_versions": engine.list_versions()}

    return await worker_of(request).run(run)


@router.get("/lists", tags=["lists"])
async def lists(request: Request, _who: Annotated[Principal, Depends(require("screen"))]) -> dict[str, Any]:
    """Serving versions (`active`) and every version ever loaded (`history`), with load failures."""

    def run(engine: Engine) -> dict[str, Any]:
        store = engine.store
        return {
            "active": [asdict(v) for v in store.active_versions()],
            "history": [asdict(v) for v in store.versions()],
            "failures": [dict(zip(("at", "list", "source", "error"), f, strict=True)) for f in store.failures(20)],
        }

    return await worker_of(request).run(run)


@router.get("/lists/{list_name}/diff", tags=["lists"])
async def list_diff(request: Request, list_name: str, _who: Annotated[Principal, Depends(require("analyst"))],
                    old: str | None = None, new: str | None = None) -> dict[str, Any]:
    """Entries added, removed and changed between two versions (default: previous vs serving)."""

    def run(engine: Engine) -> dict[str, Any] | None:
        store = engine.store
        versions = [v.version_id for v in store.versions(list_name)]
        if not versions:
            return None
        target = new or store.active_version(list_name) or versions[-1]
        base = old
        if base is None:
            earlier = [v for v in versions if v != target]
            base = earlier[-1] if earlier else None
        for version in (base, target):
            if version is not None and version not in versions:
                raise ApiError(404, "no-version", f"no version {version!r} of list {list_name!r}")
        return asdict(store.diff(base, target))

    found = await worker_of(request).run(run)
    if found is None:
        raise ApiError(404, "no-list", f"no versions of list {list_name!r}")
    return found


def allowed_mirror(requested: str | None, allowed: tuple[Path, ...]) -> Path:
    """The folder to read, only if it lies inside a configured mirror (symlinks resolved)."""
    if not allowed:
        raise ApiError(403, "mirror-not-allowed", "no mirror folder is configured on the server (REDLINE_MIRROR)")
    roots = [Path(os.path.realpath(a)) for a in allowed]
    if not requested:
        return roots[0]
    if "\x00" in requested:
        raise ApiError(403, "mirror-not-allowed", "mirror path refused")
    path = Path(requested)
    if not path.is_absolute():
        path = roots[0] / path
    real = Path(os.path.realpath(path))
    if not any(real == root or root in real.parents for root in roots):
        raise ApiError(403, "mirror-not-allowed", "mirror path is outside the folders the server may read")
    try:
        is_dir = real.is_dir()
    except OSError:  # name too long, permission denied, ...
        is_dir = False
    if not is_dir:
        raise ApiError(404, "no-mirror", "mirror folder does not exist")
    return real


@router.post("/lists/update", tags=["lists"])
async def lists_update(request: Request, body: UpdateIn,
                       who: Annotated[Principal, Depends(require("admin"))]) -> dict[str, Any]:
    """Load lists from an allowed mirror folder; each list switches atomically or keeps serving."""
    folder = allowed_mirror(body.mirror, request.app.state.api_config.mirrors)
    worker = worker_of(request)
    lock: asyncio.Lock = request.app.state.update_lock
    if lock.locked():
        raise ApiError(409, "update-running", "a list update is already running")
    async with lock:
        def load() -> tuple[list[Any], list[str]]:
            # Its own connection and thread: screening keeps serving the current versions meanwhile.
            store = ListStore(worker.settings.sqlite_path)
            try:
                return update_from_mirror(store, folder, set(body.lists))
            finally:
                store.close()

        results, notes = await asyncio.to_thread(load)
        worker.warm()  # rebuild the index for the new versions before the next screen needs it
    return {
        "by": who.name,
        "results": [{"list": r.list_name, "status": r.status, "version": r.version.version_id if r.version else None,
                     "entities": r.version.entity_count if r.version else None, "error": r.error,
                     "seconds": round(r.seconds, 2)} for r in results],
        "skipped": notes,
    }
