"""The yente wire format, re-declared from ``yente/data/common.py`` (opensanctions/yente).

Request models validate what clients send; response models document the shapes in
OpenAPI (responses are built as plain dicts for speed and match these fields). Extra
fields redline adds (``list_version``, ``reasons``, ``features``, ``matcher``) are
allowed by yente clients, which ignore unknown fields.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Union

from pydantic import BaseModel, ConfigDict, Field

EntityProperties = dict[str, list[Union[str, "EntityResponse"]]]


class EntityExample(BaseModel):
    id: str | None = Field(None, examples=["my-entity-id"], max_length=200)
    schema_: str = Field(..., examples=["Person"], alias="schema", max_length=50)
    properties: dict[str, str | list[Any]] = Field(..., examples=[{"name": ["John Doe"]}])

    model_config = ConfigDict(populate_by_name=True)


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field({}, examples=[{"name_literal": 0.8}])
    config: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    queries: dict[str, EntityExample] = Field(..., examples=[{
        "q1": {"schema": "Person", "properties": {"name": ["Vladimir Putin"], "birthDate": ["1952-10-07"],
                                                  "nationality": ["ru"]}},
    }])


class EntityResponse(BaseModel):
    id: str = Field(..., examples=["ofac_sdn:35096"])
    caption: str = Field(..., examples=["John Doe"])
    schema_: str = Field(..., examples=["Person"], alias="schema")
    properties: EntityProperties = Field(..., examples=[{"name": ["John Doe"]}])
    datasets: list[str] = Field([], examples=[["ofac_sdn"]])
    referents: list[str] = Field([])
    target: bool = False
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_change: datetime | None = None
    list_version: str | None = Field(None, description="redline: the list version this entity was read from")

    model_config = ConfigDict(populate_by_name=True)


class FeatureResult(BaseModel):
    score: float
    detail: str | None = None
    query: str | None = None
    candidate: str | None = None


class ReasonModel(BaseModel):
    feature: str
    score: float
    detail: str
    query_value: str | None = None
    listed_value: str | None = None


class ScoredEntityResponse(EntityResponse):
    score: float = Field(..., examples=[0.95])
    match: bool = Field(..., description="Whether the score is at or above the match threshold.")
    features: dict[str, float] = Field({}, description="Feature name -> contribution (older yente field)")
    explanations: dict[str, FeatureResult] = Field({})
    reasons: list[ReasonModel] = Field([], description="redline: every reason behind the score, in order")


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class MatcherInfo(BaseModel):
    name: str
    requested: str
    threshold: float
    cutoff: float
    features: dict[str, str]


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: MatcherInfo
    limit: int
    list_versions: dict[str, str] = Field({}, description="redline: list -> version that served this answer")


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, Any] = {}


class StatusResponse(BaseModel):
    status: str = "ok"


class Publisher(BaseModel):
    name: str
    official: bool | None = None


class DatasetModel(BaseModel):
    name: str
    title: str | None = None
    summary: str | None = None
    version: str | None = None
    entity_count: int | None = None
    updated_at: datetime | None = None
    publisher: Publisher | None = None
    load: bool = True
    index_current: bool | None = True
    index_version: str | None = None
    children: list[str] = []


class CatalogResponse(BaseModel):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class AlgorithmModel(BaseModel):
    name: str
    description: str | None = None
    docs: dict[str, Any] = {}


class AlgorithmResponse(BaseModel):
    algorithms: list[AlgorithmModel]
    default: str
    best: str


EntityResponse.model_rebuild()
