"""Vessel risk report: list hits, behaviour events and one explained score.

The score is ``1 - Π(1 - w)`` over the evidence (weights in config.yaml ``score``),
so independent signals accumulate, no single weak signal dominates, and the result
stays in [0, 1]. Every contribution is kept as a ``Reason`` so the number explains
itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redline.errors import QueryError
from redline.maritime.detect import detect
from redline.maritime.events import Event
from redline.maritime.ingest import AisData, IngestReport
from redline.maritime.positions import StaticRecord
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
    #: "assessed", "not assessed" (AIS given but unusable for this ship) or "not requested" (no AIS)
    behaviour: str = "not requested"
    warnings: list[str] = field(default_factory=list)
    #: False when an AIS file was given but yielded no timed, positioned row at all
    ais_usable: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "score": round(self.score, 3), "level": self.level,
            "behaviour": self.behaviour, "warnings": list(self.warnings), "ais_usable": self.ais_usable,
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
        # an event may carry its own weight when it depends on evidence (a counterpart's hit score)
        weight = float(event.data["weight"]) if "weight" in event.data else float(weights.get(event.kind, 0.0))
        parts.append(Reason(event.kind, weight, event.summary))
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


def ais_problem(ais: AisData, mmsis: list[int]) -> tuple[str | None, bool]:
    """Why behaviour cannot be assessed from ``ais`` (None when it can) and whether the file had
    any usable row. Checked explicitly because "no events" from an unusable file otherwise reads
    as a clean ship."""
    r = ais.report
    timed = ais.positions.timed()
    if len(ais.positions) == 0:
        return (f"AIS file {r.source} yielded no usable positions ({r.skipped_total} rows rejected: "
                f"{dict(r.skipped) or 'none'}); behaviour checks could not run"), False
    if len(timed) == 0:
        return (f"AIS file {r.source} has {len(ais.positions)} positions but none carries a time (no tag "
                "block or timestamp); behaviour checks (dark periods, STS, loitering, port calls) could not run"
                ), False
    if mmsis and len(timed.for_mmsi(set(mmsis))) == 0:
        return f"AIS file {r.source} has no timed position for MMSI(s) {mmsis}; behaviour not assessed", True
    if not mmsis:
        return "no MMSI known for this vessel, so its AIS track could not be selected; behaviour not assessed", True
    return None, True


def sts_listed_events(screener: VesselScreener, events: list[Event], own: set[int],
                      static: list[StaticRecord], weights: dict[str, Any]) -> list[Event]:
    """Screen every STS counterpart (MMSI, plus the IMO/name AIS broadcast for it) against the
    lists: meeting a sanctioned ship at sea is the classic sanctions-evasion transfer, far more
    telling than the meeting alone."""
    out: list[Event] = []
    cache: dict[int, Hit | None] = {}
    for event in events:
        if event.kind != "sts_candidate" or event.other_mmsi is None:
            continue
        other = event.other_mmsi if event.mmsi in own else event.mmsi
        if other not in cache:
            cache[other] = _best_counterpart_hit(screener, other, static)
        hit = cache[other]
        if hit is not None:
            out.append(_sts_listed_event(event, other, hit, weights))
    return out


def _best_counterpart_hit(screener: VesselScreener, mmsi: int, static: list[StaticRecord]) -> Hit | None:
    try:
        hits = screener.screen(mmsi=f"{mmsi:09d}", ais_static=static)
    except QueryError:
        return None  # not a ship MMSI (e.g. a base station): nothing to screen
    return hits[0] if hits else None


def _sts_listed_event(sts: Event, other: int, hit: Hit, weights: dict[str, Any]) -> Event:
    by_id = any(r.feature.startswith("identifier.") for r in hit.reasons)
    key = "sts_listed_vessel_id" if by_id else "sts_listed_vessel_name"
    weight = float(weights.get(key, 1.0 if by_id else 0.5)) * float(hit.score)
    detail = (f"{sts.hours or 0:.1f} h alongside MMSI {other}, listed on {hit.list} as {hit.caption} "
              f"({'identifier' if by_id else 'name'} match, score {hit.score:.2f}): "
              + "; ".join(r.detail for r in hit.reasons[:2]))
    return Event("sts_listed_vessel", sts.mmsi, sts.start, sts.end, sts.lat, sts.lon,
                 f"STS with listed vessel {hit.caption} (MMSI {other}, {hit.list})",
                 [Reason("ais.sts_listed_vessel", weight, detail)], other_mmsi=sts.other_mmsi,
                 data={"counterpart_mmsi": other, "entity_id": hit.entity_id, "list": hit.list,
                       "hit_score": hit.score, "weight": round(weight, 4)})


def build_report(screener: VesselScreener, *, imo: str | None = None, mmsi: str | None = None,
                 call_sign: str | None = None, name: str | None = None, ais: AisData | None = None,
                 config: dict[str, Any] | None = None, zones: list[Zone] | None = None) -> VesselReport:
    cfg = config or load_config()
    static = ais.static if ais else []
    hits, identity = screener.investigate(imo=imo, mmsi=mmsi, call_sign=call_sign, name=name, ais_static=static)
    mmsis = sorted({int(m) for m in identity.mmsis if m.isdigit()} | ({int(mmsi)} if mmsi else set()))
    events: list[Event] = []
    behaviour, warnings, usable = "not requested", [], True
    if ais is not None:
        problem, usable = ais_problem(ais, mmsis)
        behaviour = "not assessed" if problem else "assessed"
        warnings += [problem] if problem else []
    if ais is not None and mmsis:
        events = detect(ais, cfg, load_zones() if zones is None else zones, set(mmsis))
        events += sts_listed_events(screener, events, set(mmsis), static, cfg["score"]["weights"])
    events += listed_flag_events(identity, hits, mmsis)
    score, level, parts = risk_score(hits, events, cfg["score"])
    query = {"imo": imo, "mmsi": mmsi, "call_sign": call_sign, "name": name}
    return VesselReport(query, hits, identity, mmsis, events, score, level, parts, ais.report if ais else None,
                        behaviour, warnings, usable)
