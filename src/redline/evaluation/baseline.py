"""OpenSanctions' logic-v2 (nomenklatura) scored on the same deck and candidates.

A dev-only comparison: the baseline sees exactly the candidate entities redline's index
retrieves for each query, so the comparison is of scoring, not of retrieval luck.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from redline.evaluation.deck import Case
from redline.evaluation.run import Outcome
from redline.match.matcher import Matcher
from redline.model import Query


def available() -> bool:
    try:
        import nomenklatura.matching  # noqa: F401
    except ImportError:
        return False
    return True


def run_logic_v2(
    matcher: Matcher, cases: list[Case], max_candidates: int = 20,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Outcome], float]:
    """Outcomes under logic-v2 and its pairs/s rate."""
    from followthemoney import model
    from nomenklatura.matching import get_algorithm

    algo: Any = get_algorithm("logic-v2")
    config = algo.default_config()
    index = matcher.index
    names: dict[int, list[str]] = defaultdict(list)
    for entry in index.names:
        if entry.value not in names[entry.entity]:
            names[entry.entity].append(entry.value)
    proxies: dict[int, Any] = {}

    def proxy(ent_idx: int) -> Any:
        if ent_idx not in proxies:
            entity = index.entities[ent_idx]
            known = ("Person", "Organization", "Company", "Vessel")
            schema = entity.schema if entity.schema in known else "LegalEntity"
            p = model.make_entity(schema)
            p.id = entity.id
            p.add("name", names[ent_idx], quiet=True)
            p.add("birthDate", list(entity.birth_dates), quiet=True) if schema == "Person" else None
            proxies[ent_idx] = p
        return proxies[ent_idx]

    outcomes = []
    pairs = 0
    elapsed = 0.0
    for n, case in enumerate(cases, start=1):
        schema = case.schema if case.schema in ("Person", "Organization", "Company", "Vessel") else "LegalEntity"
        query = model.make_entity(schema)
        query.id = f"q{n}"
        query.add("name", case.query, quiet=True)
        candidates = matcher.candidate_entities(Query(case.query, case.schema))[:max_candidates]
        start = time.perf_counter()
        scored = [(index.entities[c].id, algo.compare(query, proxy(c), config).score) for c in candidates]
        took = time.perf_counter() - start
        elapsed += took
        pairs += len(candidates)
        label = max((s for eid, s in scored if eid == case.label), default=0.0)
        top = max((s for _, s in scored), default=0.0)
        outcomes.append(Outcome(case, label, top, took))
        if progress:
            progress(n)
    return outcomes, (pairs / elapsed if elapsed else 0.0)
