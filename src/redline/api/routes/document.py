"""POST /screen/document: free text, HTML or PDF in the body → mentions of listed parties."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from redline.api.problems import PROBLEM_RESPONSES, ApiError
from redline.api.routes._common import cached
from redline.api.routes_yente import worker_of
from redline.api.security import Principal, require
from redline.engine import Engine
from redline.errors import RedlineError
from redline.services import document_screener

router = APIRouter(responses=PROBLEM_RESPONSES)

_KINDS = {"text/html": "html", "application/pdf": "pdf", "text/plain": "text"}


@router.post("/screen/document", tags=["screening"], openapi_extra={"requestBody": {
    "required": True,
    "content": {"text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}},
}})
async def screen_document(request: Request, _who: Annotated[Principal, Depends(require("screen"))]) -> dict[str, Any]:
    """Mentions of listed parties with character offsets, the listed entry and the reasons."""
    data = await request.body()
    if not data.strip():
        raise ApiError(422, "empty-document", "the request body must contain the document")
    kind = _KINDS.get(request.headers.get("content-type", "text/plain").split(";")[0].strip(), "text")

    def run(engine: Engine) -> dict[str, Any]:
        screener = cached(engine, "document", document_screener)
        try:
            result = screener.screen_bytes(data, "request", kind=kind)
        except RedlineError as exc:
            raise ApiError(422, "unreadable-document", str(exc)) from exc
        return {"mentions": [m.to_dict() for m in result.mentions], "list_versions": engine.list_versions()}

    return await worker_of(request).run(run)
