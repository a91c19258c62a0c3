"""Identity anomalies from what vessels broadcast about themselves.

Shadow-fleet tankers change names and flags often and sometimes borrow or invent
identities. From static reports (AIS 5/19/24, CSV columns) this finds: one MMSI with
several IMO numbers, names or call signs; IMO numbers failing their checksum; MMSIs
whose MID is not an assigned flag (likely invented); and one IMO seen under MMSIs of
different flags (reflagging, ``flag_mismatch``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from redline.maritime.events import Event
from redline.maritime.positions import StaticRecord
from redline.maritime.reference import mid_table, mmsi_flag
from redline.model import Reason


def _span(recs: list[StaticRecord]) -> tuple[int | None, int | None]:
    firsts = [r.first for r in recs if r.first is not None]
    lasts = [r.last for r in recs if r.last is not None]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def _history(recs: list[StaticRecord], attr: str) -> str:
    seen: dict[str, int] = defaultdict(int)
    for r in recs:
        value = getattr(r, attr)
        if value:
            seen[value] += r.count
    return "; ".join(f"{v} ({n}x)" for v, n in sorted(seen.items()))


def identity_anomalies(static: list[StaticRecord], cfg: dict[str, Any]) -> list[Event]:
    by_mmsi: dict[int, list[StaticRecord]] = defaultdict(list)
    for rec in static:
        by_mmsi[rec.mmsi].append(rec)
    limits = {"imo": cfg["max_imos_per_mmsi"], "name": cfg["max_names_per_mmsi"],
              "call_sign": cfg["max_call_signs_per_mmsi"]}
    events = []
    for mmsi, recs in sorted(by_mmsi.items()):
        first, last = _span(recs)
        reasons = []
        for attr, limit in limits.items():
            values = {getattr(r, attr) for r in recs if getattr(r, attr)}
            if len(values) > int(limit):
                reasons.append(Reason(f"ais.{attr}s_per_mmsi", float(len(values)),
                                      f"{len(values)} different {attr.replace('_', ' ')}s broadcast "
                                      f"(limit {limit}): {_history(recs, attr)}"))
        bad_imos = sorted({r.imo for r in recs if r.imo and not r.imo_valid})
        if bad_imos:
            reasons.append(Reason("ais.imo_checksum", 1.0,
                                  f"broadcast IMO number(s) failing the check digit: {', '.join(bad_imos)}"))
        if 200_000_000 <= mmsi <= 799_999_999 and mmsi // 1_000_000 not in mid_table():
            reasons.append(Reason("ais.mid_unassigned", 1.0,
                                  f"MID {mmsi // 1_000_000} of MMSI {mmsi} is not an ITU-assigned flag"))
        if reasons:
            events.append(Event("identity_anomaly", mmsi, first, last, None, None,
                                "; ".join(r.detail.split(":")[0] for r in reasons), reasons))
    events.extend(flag_changes(static))
    return events


def flag_changes(static: list[StaticRecord]) -> list[Event]:
    """One valid IMO broadcast from MMSIs of different flags (MID → flag)."""
    by_imo: dict[str, list[StaticRecord]] = defaultdict(list)
    for rec in static:
        if rec.imo and rec.imo_valid:
            by_imo[rec.imo].append(rec)
    events = []
    for imo, recs in sorted(by_imo.items()):
        flags: dict[str, list[StaticRecord]] = defaultdict(list)
        for r in recs:
            flags[mmsi_flag(r.mmsi) or "?"].append(r)
        if len(flags) < 2:
            continue
        ordered = sorted(flags.items(), key=lambda kv: min((r.first or 0) for r in kv[1]))
        story = " → ".join(f"{flag} (MMSI {', '.join(sorted({str(r.mmsi) for r in rs}))})" for flag, rs in ordered)
        first, last = _span(recs)
        for mmsi in sorted({r.mmsi for r in recs}):
            events.append(Event("flag_mismatch", mmsi, first, last, None, None,
                                f"IMO {imo} seen under {len(flags)} flags: {story}",
                                [Reason("ais.flag_change", float(len(flags)),
                                        f"IMO {imo} broadcast from MMSIs with MIDs of {len(flags)} flags: {story}")],
                                data={"imo": imo, "flags": [f for f, _ in ordered]}))
    return events
