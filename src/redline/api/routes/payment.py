"""POST /screen/payment: one ISO 20022 or SWIFT MT message in the body → pass or hold."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from redline.api.problems import PROBLEM_RESPONSES, ApiError
from redline.api.routes._common import cached
from redline.api.routes_yente import worker_of
from redline.api.security import Principal, require
from redline.engine import Engine
from redline.services import document_screener, payment_screener

router = APIRouter(responses=PROBLEM_RESPONSES)


@router.post("/screen/payment", tags=["screening"], openapi_extra={"requestBody": {
    "required": True,
    "content": {"application/xml": {"schema": {"type": "string"}}, "text/plain": {"schema": {"type": "string"}}},
}})
async def screen_payment(request: Request, _who: Annotated[Principal, Depends(require("screen"))]) -> dict[str, Any]:
    """Screen a pacs.008/009/004, pain.001 or MT103/202/202COV message; every hit names its field path."""
    data = await request.body()
    if not data.strip():
        raise ApiError(422, "empty-message", "the request body must contain one payment message")

    def run(engine: Engine) -> dict[str, Any]:
        # the document route's screener reads the free text too: one automaton per process
        screener = cached(engine, "payment", lambda e: payment_screener(
            e, lambda: cached(e, "document", document_screener)))
        results = screener.screen_bytes(data, "request", engine.list_versions())
        return {"results": [r.to_dict() for r in results],
                "decision": "hold" if any(r.decision == "hold" for r in results) else
                            "error" if all(r.decision == "error" for r in results) else "pass"}

    return await worker_of(request).run(run)
