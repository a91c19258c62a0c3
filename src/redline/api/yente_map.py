"""Translate between yente's FollowTheMoney-shaped examples and redline queries and hits.

yente queries carry lists of FtM properties; redline's matcher takes one name with its
evidence. A query with several names is screened once per name and the best score per
listed entity wins, which is what an analyst expects ("any of these names"). Every
function here runs on the engine's thread (see ``service``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from redline.api.service import EngineWorker
from redline.engine import Engine
from redline.errors import QueryError
from redline.model import Entity, Hit, Identifier, Query
from redline.sources.ftm.export import entity_to_ftm, ftm_id
from redline.sources.ftm.props import IDENTIFIER_PROPS
from redline.text.countries import country_code

ALGORITHM = "redline-v1"
#: yente's algorithm names (nomenklatura) are accepted and answered by redline's matcher.
YENTE_ALGORITHMS = frozenset({"best", "logic-v2", "logic-v1", "name-based", "name-qualified",
                              "regression-v1", "ofac", "ofac-249", ALGORITHM, "redline"})
FEATURES = {
    "name": "best agreement of a query name with a listed name, after transliteration",
    "birth_date": "birth date agrees (day or year) or conflicts",
    "country": "country or nationality agrees or conflicts",
    "identifier": "an official identifier (INN, IMO, BIC, passport, ...) agrees: decisive",
}
#: yente / FtM schema -> redline schema.
SCHEMAS = {"Person": "Person", "Company": "Company", "Organization": "Organization",
           "LegalEntity": "LegalEntity", "PublicBody": "Organization", "Vessel": "Vessel",
           "Airplane": "Aircraft", "Aircraft": "Aircraft"}
NAME_PROPS = ("name", "alias", "previousName")
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry", "flag")
MAX_NAMES = 20
MAX_VALUE = 500
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


@dataclass
class MatchParams:
    threshold: float
    cutoff: float
    limit: int
    dataset: str
    include: tuple[str, ...] = ()
    exclude_datasets: tuple[str, ...] = ()
    exclude_schemas: tuple[str, ...] = ()
    exclude_ids: tuple[str, ...] = ()
    lists: set[str] = field(default_factory=set)


def clean_properties(properties: dict[str, Any]) -> dict[str, list[str]]:
    """String values only (numbers become text), bounded lengths; nested objects dropped."""
    out: dict[str, list[str]] = {}
    for key, raw in properties.items():
        items = raw if isinstance(raw, list) else [raw]
        values = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                continue
            text = str(item).strip()
            if len(text) > MAX_VALUE:
                raise QueryError(f"property {key!r}: value longer than {MAX_VALUE} characters")
            if text:
                values.append(text)
        if values:
            out[str(key)] = values
    return out


def example_queries(schema: str, props: dict[str, list[str]]) -> list[Query]:
    """One redline Query per name of the example (all sharing its other evidence)."""
    target = SCHEMAS.get(schema)
    if target is None:
        raise QueryError(f"schema {schema!r} cannot be matched; use one of {', '.join(sorted(SCHEMAS))}")
    names = [v for key in NAME_PROPS for v in props.get(key, [])]
    if not names:
        parts = [props[k][0] for k in NAME_PARTS if props.get(k)]
        if parts:
            names = [" ".join(parts)]
    if len(names) > MAX_NAMES:
        raise QueryError(f"at most {MAX_NAMES} names per query")
    birth = next((m.group(0) for v in props.get("birthDate", []) if (m := _DATE.match(v))), None)
    countries: list[str] = []
    for key in COUNTRY_PROPS:
        for value in props.get(key, []):
            code = country_code(value)
            if code and code not in countries:
                countries.append(code)
    identifiers = [Identifier(id_type, value, label=key)
                   for key, id_type in IDENTIFIER_PROPS.items() for value in props.get(key, [])]
    if not names and not identifiers:
        raise QueryError("the query needs a name (name, alias, firstName/lastName) or an identifier")
    return [Query(name=name, schema=target, birth_date=birth, countries=countries, identifiers=identifiers)
            for name in dict.fromkeys(names or [""])]


def best_hits(engine: Engine, queries: Iterable[Query], threshold: float, limit: int) -> list[Hit]:
    best: dict[str, Hit] = {}
    for query in queries:
        for hit in engine.screen(query, threshold=threshold, limit=limit):
            if hit.entity_id not in best or hit.score > best[hit.entity_id].score:
                best[hit.entity_id] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.entity_id))


def _keep(hit: Hit, p: MatchParams) -> bool:
    if p.dataset != "default" and hit.list != p.dataset:
        return False
    if p.include and hit.list not in p.include:
        return False
    return (hit.list not in p.exclude_datasets and hit.schema not in p.exclude_schemas
            and hit.entity_id not in p.exclude_ids)


def entity_dict(entity: Entity | None, entity_id: str, list_name: str, version: str | None,
                caption: str, schema: str) -> dict[str, Any]:
    """yente's EntityResponse for a listed entity; properties come from ``entity_to_ftm``."""
    ftm = entity_to_ftm(entity) if entity is not None else {"id": entity_id, "properties": {},
                                                             "schema": schema}
    referent = ftm_id(entity) if entity is not None else entity_id
    return {
        "id": entity_id, "caption": entity.caption if entity else caption, "schema": ftm["schema"],
        "properties": ftm["properties"], "datasets": [list_name],
        "referents": [referent] if referent != entity_id else [], "target": True,
        "first_seen": None, "last_seen": None, "last_change": None, "list_version": version,
    }


def result_dict(worker: EngineWorker, engine: Engine, fingerprint: str, hit: Hit, threshold: float
                ) -> dict[str, Any]:
    entity = worker.entity(engine, fingerprint, hit.entity_id)
    out = entity_dict(entity, hit.entity_id, hit.list, hit.list_version, hit.caption, hit.schema)
    explanations: dict[str, dict[str, Any]] = {}
    features: dict[str, float] = {}
    reasons = hit.reasons
    for reason in reasons:
        key = reason.feature
        n = 2
        while key in explanations:
            key, n = f"{reason.feature}_{n}", n + 1
        features[key] = reason.score
        explanations[key] = {"score": reason.score, "detail": reason.detail,
                             "query": reason.query_value, "candidate": reason.listed_value}
    out.update(score=hit.score, match=hit.score >= threshold, features=features, explanations=explanations,
               reasons=[asdict(r) for r in reasons])
    return out


def match_batch(worker: EngineWorker, engine: Engine, examples: dict[str, tuple[str | None, str, dict[str, Any]]],
                p: MatchParams) -> tuple[dict[str, Any], dict[str, str]]:
    """Screen every example of a yente batch; returns the ``responses`` map and list versions."""
    fingerprint = engine.store.fingerprint()
    versions = engine.list_versions()
    if p.dataset != "default" and p.dataset not in versions:
        raise LookupError(p.dataset)
    floor = min(p.cutoff, p.threshold)
    # A list filter drops hits after ranking; ask for more so the page still fills.
    fetch = p.limit if p.dataset == "default" and not p.include else min(500, p.limit * 10)
    fetch += len(p.exclude_ids)
    responses: dict[str, Any] = {}
    for key, (example_id, schema, raw_props) in examples.items():
        props = clean_properties(raw_props)
        hits = [h for h in best_hits(engine, example_queries(schema, props), floor, fetch) if _keep(h, p)]
        responses[key] = {
            "status": 200,
            "results": [result_dict(worker, engine, fingerprint, h, p.threshold) for h in hits[:p.limit]],
            "total": {"value": len(hits), "relation": "eq"},
            "query": {"id": example_id, "schema": schema, "properties": props},
        }
    return responses, versions
