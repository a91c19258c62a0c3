"""POST /screen/vessel: IMO, MMSI, call sign and/or name → list hits."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from redline.api.problems import PROBLEM_RESPONSES, ApiError
from redline.api.routes._common import cached
from redline.api.routes_yente import worker_of
from redline.api.security import Principal, require
from redline.engine import Engine
from redline.errors import QueryError
from redline.screeners.vessel import VesselScreener
from redline.services import vessel_context

router = APIRouter(responses=PROBLEM_RESPONSES)


class VesselIn(BaseModel):
    imo: str | None = Field(None, max_length=20, examples=["9421960"])
    mmsi: str | None = Field(None, max_length=20)
    call_sign: str | None = Field(None, max_length=20)
    name: str | None = Field(None, max_length=200)


def _screener(engine: Engine) -> VesselScreener:
    vessels, screen = vessel_context(engine)
    return VesselScreener(vessels, screen, list_versions=engine.list_versions())


@router.post("/screen/vessel", tags=["screening"])
async def screen_vessel(request: Request, body: VesselIn,
                        _who: Annotated[Principal, Depends(require("screen"))]) -> dict[str, Any]:
    """Vessel identifiers (IMO checksum validated) and name against every list's vessels."""
    if not any((body.imo, body.mmsi, body.call_sign, body.name)):
        raise ApiError(422, "unusable-query", "give at least one of imo, mmsi, call_sign, name")

    def run(engine: Engine) -> dict[str, Any]:
        screener = cached(engine, "vessel", _screener)
        try:
            hits = screener.screen(imo=body.imo, mmsi=body.mmsi, call_sign=body.call_sign, name=body.name)
        except QueryError as exc:
            raise ApiError(422, "unusable-query", str(exc)) from exc
        return {"hits": [h.to_dict() for h in hits], "list_versions": engine.list_versions()}

    return await worker_of(request).run(run)
