"""yente-compatible endpoints: ``/match``, ``/entities``, ``/search``, ``/catalog``, ``/algorithms``.

Existing yente / OpenSanctions clients point their base URL here and work unchanged;
yente's algorithm names are accepted and the answer names redline's matcher.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from redline.api import yente_map
from redline.api.problems import PROBLEM_RESPONSES, ApiError, FastJSONResponse
from redline.api.security import Principal, require
from redline.api.service import EngineWorker
from redline.api.yente_models import (
    AlgorithmResponse,
    CatalogResponse,
    EntityMatchQuery,
    EntityMatchResponse,
    EntityResponse,
    SearchResponse,
)
from redline.engine import Engine
from redline.model import Query as RQuery
from redline.sources.registry import LISTS

router = APIRouter(tags=["yente-compatible"], responses=PROBLEM_RESPONSES)
Screen = Annotated[Principal, Depends(require("screen"))]
DatasetPath = Annotated[str, Path(description="`default` (all loaded lists) or a list name", max_length=100,
                                  examples=["default"])]


def worker_of(request: Request) -> EngineWorker:
    worker: EngineWorker = request.app.state.worker
    return worker


class MatchOptions(BaseModel):
    """The query string of ``/match`` as one model.

    FastAPI validates a parameter model in one pydantic call; ten separate ``Query``
    parameters cost it ~10 µs each per request in introspection (measured with
    cProfile: most of the framework time of a ``/match`` request). Same names, bounds
    and OpenAPI entries as separate parameters.
    """

    limit: int = Field(5, ge=1, le=500)
    threshold: float | None = Field(None, ge=0.0, le=1.0, description="match flag at or above")
    cutoff: float | None = Field(None, ge=0.0, le=1.0, deprecated=True)
    algorithm: str = Field("best", max_length=50, description="yente names accepted")
    include_dataset: list[str] = []
    exclude_dataset: list[str] = []
    exclude_schema: list[str] = []
    exclude_entity_ids: list[str] = Field([], max_length=50)
    topics: list[str] = Field([], description="accepted, ignored: every listed entry is sanctioned")


@router.post("/match/{dataset}", response_model=EntityMatchResponse, summary="Query-by-example matcher (yente)")
async def match(
    request: Request,
    body: EntityMatchQuery,
    dataset: DatasetPath,
    _who: Screen,
    options: Annotated[MatchOptions, Query()],
) -> FastJSONResponse:
    """Match a batch of FollowTheMoney-shaped examples against the loaded lists (yente request and
    response shape). Each result also carries redline's `reasons` and its `list_version`."""
    # ``cutoff`` is marked deprecated for clients; reading it through ``vars`` skips pydantic's per-access
    # DeprecationWarning, which is meant for callers of the model, not for the route that parses it.
    algorithm, limit, threshold, cutoff = options.algorithm, options.limit, options.threshold, vars(options)["cutoff"]
    if algorithm.lower().strip() not in yente_map.YENTE_ALGORITHMS:
        raise ApiError(400, "invalid-algorithm", f"Invalid algorithm: {algorithm}")
    config = request.app.state.api_config
    if not body.queries:
        raise ApiError(400, "no-queries", "No queries provided.")
    if len(body.queries) > config.max_batch:
        raise ApiError(400, "batch-too-large", f"Too many queries in one batch (limit: {config.max_batch})")
    worker = worker_of(request)
    if threshold is None:
        threshold = worker.config.threshold
    params = yente_map.MatchParams(
        threshold=threshold, cutoff=threshold if cutoff is None else cutoff, limit=limit, dataset=dataset,
        include=tuple(options.include_dataset), exclude_datasets=tuple(options.exclude_dataset),
        exclude_schemas=tuple(options.exclude_schema), exclude_ids=tuple(options.exclude_entity_ids),
    )
    examples = {k: (q.id, q.schema_, q.properties) for k, q in body.queries.items()}
    try:
        responses, versions = await worker.run(
            lambda engine: yente_map.match_batch(worker, engine, examples, params))
    except LookupError:
        raise ApiError(404, "no-dataset", f"No such dataset: {dataset}") from None
    return FastJSONResponse({
        "responses": responses,
        "matcher": {"name": yente_map.ALGORITHM, "requested": algorithm, "threshold": params.threshold,
                    "cutoff": min(params.cutoff, params.threshold), "features": yente_map.FEATURES},
        "limit": limit,
        "list_versions": versions,
    }, headers={"x-batch-size": str(len(responses))})


@router.get("/entities/{entity_id:path}", response_model=EntityResponse, summary="One listed entity")
async def get_entity(request: Request, entity_id: Annotated[str, Path(max_length=300)], _who: Screen,
                     nested: bool = True) -> FastJSONResponse:
    """A listed entity of an active list version, by redline id (`<list>:<source id>`)."""
    worker = worker_of(request)

    def fetch(engine: Engine) -> dict[str, Any] | None:
        entity = engine.store.get_entity(entity_id)
        if entity is None:
            return None
        versions = engine.list_versions()
        return yente_map.entity_dict(entity, entity.id, entity.list, versions.get(entity.list),
                                     entity.caption, entity.schema)

    found = await worker.run(fetch)
    if found is None:
        raise ApiError(404, "no-entity", f"No entity with id {entity_id!r} in the active lists")
    return FastJSONResponse(found)


@router.get("/search/{dataset}", response_model=SearchResponse, summary="Name search (yente)")
async def search(
    request: Request,
    dataset: DatasetPath,
    _who: Screen,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    schema: Annotated[str, Query(max_length=50)] = "LegalEntity",
    limit: Annotated[int, Query(ge=1, le=500)] = 10,
    offset: Annotated[int, Query(ge=0, le=500)] = 0,
) -> FastJSONResponse:
    """Names similar to `q`, best first (redline's matcher with a low threshold)."""
    worker = worker_of(request)
    target = yente_map.SCHEMAS.get(schema)
    if target is None:
        raise ApiError(422, "unusable-query", f"unknown schema {schema!r}")

    def run(engine: Engine) -> dict[str, Any] | None:
        versions = engine.list_versions()
        if dataset != "default" and dataset not in versions:
            return None
        fingerprint = engine.store.fingerprint()
        hits = engine.screen(RQuery(name=q, schema=target), threshold=0.5, limit=500)
        hits = [h for h in hits if dataset == "default" or h.list == dataset]
        page = hits[offset:offset + limit]
        results = [yente_map.entity_dict(worker.entity(engine, fingerprint, h.entity_id), h.entity_id, h.list,
                                         h.list_version, h.caption, h.schema) for h in page]
        return {"limit": limit, "offset": offset, "total": {"value": len(hits), "relation": "eq"},
                "results": results, "facets": {}}

    found = await worker.run(run)
    if found is None:
        raise ApiError(404, "no-dataset", f"No such dataset: {dataset}")
    return FastJSONResponse(found)


@router.get("/catalog", response_model=CatalogResponse, summary="Loaded lists as yente datasets")
async def catalog(request: Request, _who: Screen) -> dict[str, Any]:
    """Every active list version as a yente dataset, plus `default` (the collection of all)."""
    versions = await worker_of(request).run(lambda engine: engine.store.active_versions())
    info = {i.name: i for i in LISTS}
    datasets: list[dict[str, Any]] = [{
        "name": "default", "title": "All loaded lists", "children": [v.list_name for v in versions],
        "entity_count": sum(v.entity_count for v in versions), "load": True,
        "version": "|".join(v.version_id for v in versions) or None,
    }]
    for v in versions:
        meta = info.get(v.list_name)
        datasets.append({
            "name": v.list_name, "title": meta.title if meta else v.list_name,
            "summary": "DEMO list written by the redline authors; not an official list" if v.demo else None,
            "version": v.version_id, "index_version": v.version_id, "entity_count": v.entity_count,
            "updated_at": v.loaded_at, "load": True, "index_current": True,
            "publisher": {"name": meta.publisher, "official": True} if meta else None,
        })
    names = [d["name"] for d in datasets]
    return {"datasets": datasets, "current": names, "outdated": [], "index_stale": False}


@router.get("/algorithms", response_model=AlgorithmResponse, summary="Matching algorithms (yente)")
async def algorithms(_who: Screen) -> dict[str, Any]:
    """redline has one matcher; yente's algorithm names are accepted as aliases of it."""
    return {"algorithms": [{"name": yente_map.ALGORITHM, "description": "redline weighted-feature matcher; "
                            "answers for every yente algorithm name", "docs": yente_map.FEATURES}],
            "default": yente_map.ALGORITHM, "best": yente_map.ALGORITHM}
