"""Shipment screening: parties through the matcher, goods through the control tables,
route and counterparties through the diversion red flags — one explained risk score.

The party matcher is passed in as a callable ``screen_party(Query) -> list[Hit]`` so this
module never imports the engine (data flows one way) and the goods/route logic can be
benchmarked without it. Every party hit keeps the field it came from (shipper, consignee,
end_user, notify_party) because an analyst acts differently on a listed end user than on
a listed carrier.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from redline.errors import QueryError
from redline.goods.check import GoodsCheck, check_goods
from redline.goods.describe import Suggestion
from redline.goods.routes import RedFlag, Route, flag, read_route, route_config, route_flags
from redline.goods.tables import Control
from redline.model import Hit, Query

PartyScreen = Callable[[Query], list[Hit]]
PARTY_FIELDS = ("shipper", "consignee", "end_user", "notify_party")
MAX_HITS_PER_PARTY = 3


@dataclass(frozen=True, slots=True)
class PartyHit:
    field: str
    name: str
    hit: Hit

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "name": self.name, **self.hit.to_dict()}


@dataclass
class ShipmentResult:
    shipment_id: str
    decision: str  # clear | review | block
    score: int
    goods: GoodsCheck | None = None
    flags: list[RedFlag] = field(default_factory=list)
    party_hits: list[PartyHit] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    line: int | None = None

    @property
    def controls(self) -> list[Control]:
        return self.goods.controls if self.goods else []

    @property
    def suggestions(self) -> list[Suggestion]:
        return self.goods.suggestions if self.goods else []

    @property
    def exemption(self) -> str | None:
        return self.goods.exemption if self.goods else None

    @property
    def error(self) -> str | None:
        return "; ".join(self.errors) or None

    def explain(self) -> list[str]:
        """The result in sentences, strongest evidence first, for a person to check."""
        lines = [f"[party {p.field}] {p.name!r} ~ {p.hit.caption} ({p.hit.list}, score {p.hit.score:.2f})"
                 for p in self.party_hits]
        lines += [f"[{c.table}] {c.reason}" for c in self.controls]
        lines += [f"[+{f.weight} {f.code}] {f.text}: {f.detail}" for f in self.flags if f.code != "party_hit"]
        if self.exemption:
            lines.append(f"[exempt] {self.exemption}")
        if self.goods and not self.goods.code:
            lines += [f"[suggested {s.hs}] '{s.evidence}' ({s.rule}, {s.strength}): {s.note}" for s in self.suggestions]
        lines += [f"[error] {e}" for e in self.errors]
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "shipment_id": self.shipment_id, "line": self.line, "decision": self.decision, "score": self.score,
            "goods": self.goods.to_dict() if self.goods else None,
            "controls": [c.to_dict() for c in self.controls],
            "exemption": self.exemption,
            "flags": [f.to_dict() for f in self.flags],
            "party_hits": [p.to_dict() for p in self.party_hits],
            "errors": self.errors, "error": self.error,
        }

    def to_row(self) -> dict[str, Any]:
        """One flat record (strings and numbers) for Parquet / CSV outputs."""
        return {
            "shipment_id": self.shipment_id, "line": self.line, "decision": self.decision, "score": self.score,
            "hs_code": ("; ".join(c.digits for c in self.goods.codes) or None) if self.goods else None,
            "controlled": bool(self.goods and self.goods.facts.controlled),
            "controls": "; ".join(f"{c.table}:{c.code} {c.label}" for c in self.controls),
            "exemption": self.exemption,
            "flags": "; ".join(f"{f.code}(+{f.weight})" for f in self.flags),
            "party_hits": "; ".join(f"{p.field}:{p.hit.entity_id}" for p in self.party_hits),
            "explanation": "\n".join(self.explain()),
            "error": self.error,
        }


def decide(score: int) -> str:
    bands = route_config()["decision"]
    return "block" if score >= int(bands["block_at"]) else "review" if score >= int(bands["review_at"]) else "clear"


class ShipmentScreener:
    """Screens shipment lines (dicts in the standard column names) one at a time."""

    def __init__(self, screen_party: PartyScreen, today: date | None = None, cache_size: int = 10_000) -> None:
        self.screen_party = screen_party
        self.today = today
        self._cache: OrderedDict[tuple[str, tuple[str, ...]], tuple[Hit, ...]] = OrderedDict()
        self._cache_size = cache_size

    def screen_row(self, row: Mapping[str, str], line: int | None = None) -> ShipmentResult:
        shipment_id = (row.get("shipment_id") or "").strip() or (f"line {line}" if line else "?")
        route = read_route(row)
        goods = check_goods(row.get("hs_code"), row.get("description"))
        flags = list(goods.flags)
        flags += route_flags(row, goods.facts, self.today or date.today(), route=route)
        errors = list(goods.errors)
        party_hits = self._parties(row, route_countries(route), errors)
        for field_name in dict.fromkeys(p.field for p in party_hits):
            names = ", ".join(p.hit.caption for p in party_hits if p.field == field_name)
            flags.append(flag("party_hit", f"{field_name}: {names}"))
        score = sum(f.weight for f in flags)
        decision = decide(score)
        if errors and decision == "clear":
            decision = "review"
        return ShipmentResult(shipment_id, decision, score, goods, flags, party_hits, errors, line)

    def screen_rows(self, rows: Iterable[Mapping[str, str]]) -> Iterator[ShipmentResult]:
        for row in rows:
            yield self.screen_row(row)

    def _parties(self, row: Mapping[str, str], countries: dict[str, list[str]], errors: list[str]) -> list[PartyHit]:
        out: list[PartyHit] = []
        for role in PARTY_FIELDS:
            name = " ".join((row.get(role) or "").split())
            if not name:
                continue
            key = (name, tuple(countries.get(role, [])[:1]))
            try:
                hits = self._screen(key)
            except QueryError as exc:
                errors.append(f"{role} {name!r}: {exc}")
                continue
            out += [PartyHit(role, name, hit) for hit in hits[:MAX_HITS_PER_PARTY]]
        return out

    def _screen(self, key: tuple[str, tuple[str, ...]]) -> tuple[Hit, ...]:
        """The party screener, remembered per (name, country): shipment files repeat parties."""
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        hits = tuple(self.screen_party(Query(key[0], "LegalEntity", countries=list(key[1]))))
        self._cache[key] = hits
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return hits


def route_countries(route: Route) -> dict[str, list[str]]:
    """Country evidence per party field, for the party queries."""
    return {"shipper": route.shipper, "consignee": route.consignee, "end_user": route.end_user,
            "notify_party": []}
