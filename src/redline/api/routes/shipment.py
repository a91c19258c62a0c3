"""POST /screen/shipment: shipment lines (JSON) → clear / review / block with reasons."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from redline.api.problems import PROBLEM_RESPONSES
from redline.api.routes_yente import worker_of
from redline.api.security import Principal, require
from redline.engine import Engine
from redline.screeners.goods import ShipmentScreener

router = APIRouter(responses=PROBLEM_RESPONSES)


class ShipmentsIn(BaseModel):
    shipments: list[dict[str, Annotated[str, Field(max_length=2000)]]] = Field(..., min_length=1, max_length=500)


@router.post("/screen/shipment", tags=["screening"])
async def screen_shipment(request: Request, body: ShipmentsIn,
                          _who: Annotated[Principal, Depends(require("screen"))]) -> dict[str, Any]:
    """Parties, goods (HS code / description) and route of each line, with the red flags that scored it."""

    def run(engine: Engine) -> dict[str, Any]:
        screener = ShipmentScreener(engine.screen)
        results = [screener.screen_row(row).to_dict() for row in body.shipments]
        return {"results": results, "list_versions": engine.list_versions()}

    return await worker_of(request).run(run)
