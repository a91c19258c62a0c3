"""Shipment screening: parties through the matcher, goods through the control tables,
route and counterparty through the diversion red flags — one explained risk score.

The party matcher is passed in as a callable so this module never imports the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from redline.errors import QueryError
from redline.goods.describe import Suggestion, mismatch, suggest
from redline.goods.hs import normalize
from redline.goods.routes import RedFlag, countries, route_config, route_flags
from redline.goods.tables import Control, classify, exemption_for
from redline.model import Hit, Query

PartyScreen = Callable[[Query], list[Hit]]
PARTY_FIELDS = ("shipper", "consignee", "notify_party", "end_user")


@dataclass
class ShipmentResult:
    shipment_id: str
    decision: str  # clear | review | block | error
    score: int
    controls: list[Control] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    flags: list[RedFlag] = field(default_factory=list)
    party_hits: list[tuple[str, Hit]] = field(default_factory=list)
    exemption: str | None = None
    error: str | None = None

    def explain(self) -> list[str]:
        lines = [f"[{c.table}] {c.reason}" for c in self.controls]
        lines += [f"[party {role}] {hit.caption} ({hit.list}, {hit.score:.2f})" for role, hit in self.party_hits]
        lines += [f"[+{f.weight}] {f.text}: {f.detail}" for f in self.flags]
        if self.exemption:
            lines.append(f"[exempt] {self.exemption}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "shipment_id": self.shipment_id, "decision": self.decision, "score": self.score, "error": self.error,
            "controls": [c.__dict__ | {"reason": c.reason} for c in self.controls],
            "suggestions": [s.__dict__ for s in self.suggestions],
            "flags": [f.__dict__ for f in self.flags],
            "party_hits": [{"role": r, **h.to_dict()} for r, h in self.party_hits],
            "exemption": self.exemption,
        }


class ShipmentScreener:
    def __init__(self, screen_party: PartyScreen) -> None:
        self.screen_party = screen_party

    def screen_row(self, row: dict[str, str]) -> ShipmentResult:
        shipment_id = (row.get("shipment_id") or "").strip() or "?"
        try:
            return self._screen(shipment_id, row)
        except QueryError as exc:
            return ShipmentResult(shipment_id, "error", 0, error=str(exc))

    def _screen(self, shipment_id: str, row: dict[str, str]) -> ShipmentResult:
        description = row.get("description") or ""
        suggestions = suggest(description)
        controls: list[Control] = []
        flags: list[RedFlag] = []
        exemption = None
        raw_code = (row.get("hs_code") or "").strip()
        if raw_code:
            code, controls = classify(raw_code)
            why = mismatch(code, suggestions)
            if why:
                flags.append(_flag("declared_code_mismatch", why))
            exempt = exemption_for(code)
            if exempt:
                exemption = f"{exempt['description']} (code {code.formatted()})"
                controls = []
        else:
            seen: set[str] = set()
            for s in suggestions:
                if s.hs6 not in seen:
                    seen.add(s.hs6)
                    controls += [c for c in classify(s.hs6)[1] if c.how == "covers"]
            if suggestions and all(exemption_for(normalize(s.hs6)) for s in suggestions):
                exemption, controls = "description suggests exempt medical / pharmaceutical goods", []
        controlled = any(c.how == "covers" for c in controls)
        flags += route_flags(row, controlled)
        party_hits = list(self._parties(row))
        if party_hits:
            flags.append(_flag("party_hit", ", ".join(f"{r}: {h.caption}" for r, h in party_hits)))
        score = sum(f.weight for f in flags)
        bands = route_config()["decision"]
        decision = "block" if score >= bands["block_at"] else "review" if score >= bands["review_at"] else "clear"
        return ShipmentResult(shipment_id, decision, score, controls, suggestions, flags, party_hits, exemption)

    def _parties(self, row: dict[str, str]) -> Iterator[tuple[str, Hit]]:
        for role in PARTY_FIELDS:
            name = (row.get(role) or "").strip()
            if not name:
                continue
            country = countries(row.get(f"{role}_country"))
            try:
                hits = self.screen_party(Query(name, "LegalEntity", countries=country[:1]))
            except QueryError:
                continue
            for hit in hits[:3]:
                yield role, hit

    def screen_rows(self, rows: Iterable[dict[str, str]]) -> Iterator[ShipmentResult]:
        for row in rows:
            yield self.screen_row(row)


def _flag(code: str, detail: str) -> RedFlag:
    spec = route_config()["flags"][code]
    return RedFlag(code, int(spec["weight"]), spec["text"], detail)
