"""Listed banks by BIC: the exact lookup every agent in a payment goes through.

A list names a bank by its BIC8 or by its head-office BIC11 (``...XXX``); sanctions on
the institution cover every branch, so ``SABRRUMM`` listed makes ``SABRRUMM012`` a hit.
A listed *branch* BIC11 is matched exactly, and a query for that institution's other
codes still hits with a lower score, because it is the same bank and an analyst must look.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from redline.model import Entity, Hit, Reason
from redline.text.identifiers import bic8, is_valid, normalize

BRANCH_OF_LISTED_SCORE = 0.8


class BicIndex:
    """In-memory map from BIC8 to listed entities, built once per list version."""

    def __init__(self, entities: Iterable[Entity], versions: dict[str, str] | None = None):
        self.versions = dict(versions or {})
        self._by_bic8: dict[str, list[tuple[str, Entity]]] = defaultdict(list)
        for entity in entities:
            for ident in entity.identifiers:
                if ident.type != "bic":
                    continue
                code = normalize("bic", ident.value)
                if len(code) not in (8, 11) or not is_valid("bic", code):
                    continue
                self._by_bic8[code[:8]].append((code, entity))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_bic8.values())

    def lookup(self, bic: str) -> list[Hit]:
        """Hits for a BIC seen in a message (BIC8 or BIC11), best first."""
        code = normalize("bic", bic)
        if len(code) not in (8, 11):
            return []
        hits: dict[str, Hit] = {}
        for listed, entity in self._by_bic8.get(bic8(code), []):
            whole = len(listed) == 8 or listed.endswith("XXX")
            if listed == code or (whole and listed[:8] == code[:8]):
                score = 1.0
                detail = (f"BIC {code} is the listed BIC" if listed == code else
                          f"BIC {code} is a branch or office of listed institution {listed}")
            else:
                score = BRANCH_OF_LISTED_SCORE
                detail = f"BIC {code} belongs to the same institution as listed branch {listed}"
            hit = hits.get(entity.id)
            if hit is not None and hit.score >= score:
                continue
            hits[entity.id] = Hit(
                entity_id=entity.id, list=entity.list,
                list_version=self.versions.get(entity.list, ""), schema=entity.schema,
                caption=entity.caption, score=score, matched_name=listed, query_name=code,
                reasons=[Reason("bic", score, detail, query_value=code, listed_value=listed)],
                entity=entity,
            )
        return sorted(hits.values(), key=lambda h: -h.score)
