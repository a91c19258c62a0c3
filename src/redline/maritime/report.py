"""Vessel risk report: list hits, behaviour events and one explained score.

The score is ``1 - Π(1 - w)`` over the evidence (weights in config.yaml ``score``),
so independent signals accumulate, no single weak signal dominates, and the result
stays in [0, 1]. Every contribution is kept as a ``Reason`` so the number explains
itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redline.maritime.detect import detect
from redline.maritime.events import Event
from redline.maritime.ingest import AisData, IngestReport
from redline.maritime.reference import Zone, load_config, load_zones, mmsi_flag
from redline.model import Hit, Reason
from redline.screeners.vessel import VesselIdentity, VesselScreener
from redline.text.countries import country_code


@dataclass(slots=True)
class VesselReport:
    query: dict[str, str | None]
    hits: list[Hit]
    identity: VesselIdentity
    mmsis: list[int]
    events: list[Event]
    score: float
    level: str
    contributions: list[Reason] = field(default_factory=list)
    ingest: IngestReport | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "score": round(self.score, 3), "level": self.level,
            "contributions": [{"feature": r.feature, "weight": round(r.score, 3), "detail": r.detail}
                              for r in self.contributions],
            "hits": [h.to_dict() for h in self.hits], "identity": self.identity.to_dict(),
            "mmsis": self.mmsis, "events": [e.to_dict() for e in self.events],
            "ingest": self.ingest.to_dict() if self.ingest else None,
        }


def risk_score(hits: list[Hit], events: list[Event], cfg: dict[str, Any]) -> tuple[float, str, list[Reason]]:
    weights = cfg["weights"]
    parts: list[Reason] = []
    for hit in hits:
        by_id = any(r.feature.startswith("identifier.") for r in hit.reasons)
        w = float(weights["list_hit_exact_id" if by_id else "list_hit_name"]) * float(hit.score)
        parts.append(Reason("list_hit", w, f"{hit.list}: {hit.caption} ({'identifier' if by_id else 'name'} "
                                            f"match, score {hit.score:.2f})"))
    per_kind: dict[str, int] = {}
    for event in events:
        n = per_kind.get(event.kind, 0)
        if n >= int(cfg["max_per_kind"]):
            continue
        per_kind[event.kind] = n + 1
        parts.append(Reason(event.kind, float(weights.get(event.kind, 0.0)), event.summary))
    rest = 1.0
    for part in parts:
        rest *= 1.0 - min(max(part.score, 0.0), 1.0)
    score = 1.0 - rest
    level = next(name for name, low in sorted(cfg["levels"].items(), key=lambda kv: -kv[1]) if score >= low)
    return score, level, parts


def listed_flag_events(identity: VesselIdentity, hits: list[Hit], mmsis: list[int]) -> list[Event]:
    """AIS flag (from the MMSI's MID) that no list ever recorded for the ship."""
    listed: set[str] = set()
    for hit in hits:
        if hit.entity is not None:
            for prop in ("flag", "pastFlags"):
                listed.update(c for c in (country_code(v) for v in hit.entity.properties.get(prop, [])) if c)
    if not listed:
        return []
    events = []
    for mmsi in mmsis:
        flag = mmsi_flag(mmsi)
        if flag and flag not in listed:
            detail = f"AIS MMSI {mmsi} carries the MID of {flag}; lists record flag(s) {', '.join(sorted(listed))}"
            events.append(Event("flag_mismatch", mmsi, None, None, None, None, detail,
                                [Reason("ais.flag_vs_list", 1.0, detail)]))
    return events


def build_report(screener: VesselScreener, *, imo: str | None = None, mmsi: str | None = None,
                 call_sign: str | None = None, name: str | None = None, ais: AisData | None = None,
                 config: dict[str, Any] | None = None, zones: list[Zone] | None = None) -> VesselReport:
    cfg = config or load_config()
    static = ais.static if ais else []
    hits, identity = screener.investigate(imo=imo, mmsi=mmsi, call_sign=call_sign, name=name, ais_static=static)
    mmsis = sorted({int(m) for m in identity.mmsis if m.isdigit()} | ({int(mmsi)} if mmsi else set()))
    events: list[Event] = []
    if ais is not None and mmsis:
        events = detect(ais, cfg, load_zones() if zones is None else zones, set(mmsis))
    events += listed_flag_events(identity, hits, mmsis)
    score, level, parts = risk_score(hits, events, cfg["score"])
    query = {"imo": imo, "mmsi": mmsi, "call_sign": call_sign, "name": name}
    return VesselReport(query, hits, identity, mmsis, events, score, level, parts, ais.report if ais else None)
