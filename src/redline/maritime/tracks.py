"""Per-track detectors: dark periods, impossible jumps, loitering and oil-terminal calls.

All work on one array pass over positions sorted by (MMSI, time); consecutive-pair
quantities (gap, distance, implied speed) are computed once for every detector.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from redline.maritime.events import Event, iso
from redline.maritime.geo import haversine_m, knots, runs
from redline.maritime.positions import Positions
from redline.maritime.reference import Zone
from redline.model import Reason


@dataclass(slots=True)
class Steps:
    """Quantities of the step from position i to i+1 (length n-1)."""

    same: np.ndarray
    dt: np.ndarray
    dist: np.ndarray

    @classmethod
    def of(cls, p: Positions) -> Steps:
        same = p.mmsi[1:] == p.mmsi[:-1]
        dt = np.diff(p.t)
        dist = haversine_m(p.lat[:-1], p.lon[:-1], p.lat[1:], p.lon[1:])
        return cls(same, dt, dist)


def in_zones(p: Positions, zones: list[Zone], kinds: set[str]) -> np.ndarray:
    mask = np.zeros(len(p), bool)
    for zone in zones:
        if zone.kind in kinds:
            mask |= zone.contains(p.lon, p.lat)
    return mask


def dark_periods(p: Positions, s: Steps, zones: list[Zone], cfg: dict[str, Any]) -> list[Event]:
    gap_s = float(cfg["min_gap_hours"]) * 3600
    idx = np.flatnonzero(s.same & (s.dt > gap_s))
    if cfg.get("exclude_coverage_holes", True) and idx.size:
        hole = in_zones(p, zones, {"coverage_hole"})
        idx = idx[~(hole[idx] | hole[idx + 1])]
    events = []
    for i in idx.tolist():
        hours = float(s.dt[i]) / 3600
        km = float(s.dist[i]) / 1000
        speed = float(knots(s.dist[i : i + 1], s.dt[i : i + 1])[0])
        events.append(Event(
            "dark_period", int(p.mmsi[i]), int(p.t[i]), int(p.t[i + 1]), float(p.lat[i]), float(p.lon[i]),
            f"no AIS for {hours:.1f} h; reappeared {km:.0f} km away",
            [Reason("ais.gap_hours", hours, f"gap {hours:.1f} h exceeds {cfg['min_gap_hours']} h"),
             Reason("ais.gap_distance_km", km,
                    f"last seen {iso(p.t[i])} at {p.lat[i]:.4f},{p.lon[i]:.4f}; next {iso(p.t[i + 1])} at "
                    f"{p.lat[i + 1]:.4f},{p.lon[i + 1]:.4f} (mean {speed:.1f} kn while dark)")],
            data={"next_lat": round(float(p.lat[i + 1]), 5), "next_lon": round(float(p.lon[i + 1]), 5),
                  "distance_km": round(km, 1)}))
    return events


def impossible_speeds(p: Positions, s: Steps, cfg: dict[str, Any]) -> list[Event]:
    speed = knots(s.dist, s.dt)
    jump = s.same & (s.dist >= float(cfg["min_jump_km"]) * 1000) & (speed > float(cfg["max_implied_knots"]))
    events = []
    for i in np.flatnonzero(jump).tolist():
        events.append(Event(
            "impossible_speed", int(p.mmsi[i]), int(p.t[i]), int(p.t[i + 1]), float(p.lat[i + 1]),
            float(p.lon[i + 1]),
            f"position jumped {s.dist[i] / 1000:.0f} km in {s.dt[i] / 60:.0f} min ({speed[i]:.0f} kn)",
            [Reason("ais.implied_speed_knots", float(speed[i]),
                    f"implied {speed[i]:.0f} kn exceeds {cfg['max_implied_knots']} kn: spoofed or shared MMSI; "
                    f"from {p.lat[i]:.4f},{p.lon[i]:.4f} to {p.lat[i + 1]:.4f},{p.lon[i + 1]:.4f}")],
            data={"from_lat": round(float(p.lat[i]), 5), "from_lon": round(float(p.lon[i]), 5)}))
    limit = float(cfg["max_reported_sog_knots"])
    fast = np.flatnonzero(p.sog >= limit)
    if fast.size:
        mm = p.mmsi[fast]
        for m in np.unique(mm).tolist():
            sel = fast[mm == m]
            i = int(sel[0])
            events.append(Event(
                "impossible_speed", int(m), int(p.t[i]), int(p.t[sel[-1]]), float(p.lat[i]), float(p.lon[i]),
                f"reported SOG up to {np.nanmax(p.sog[sel]):.0f} kn in {sel.size} reports",
                [Reason("ais.reported_sog_knots", float(np.nanmax(p.sog[sel])),
                        f"{sel.size} reports at or above {limit} kn")]))
    return events


def loitering(p: Positions, s: Steps, zones: list[Zone], cfg: dict[str, Any]) -> list[Event]:
    excluded = in_zones(p, zones, set(cfg.get("exclude_zone_kinds", [])))
    cond = (p.sog <= float(cfg["max_sog_knots"])) & ~excluded
    starts, ends = runs(cond, s.same, s.dt, float(cfg["max_gap_minutes"]) * 60)
    hours = (p.t[ends] - p.t[starts]) / 3600.0
    keep = hours >= float(cfg["min_hours"])
    events = []
    for a, b, h in zip(starts[keep].tolist(), ends[keep].tolist(), hours[keep].tolist(), strict=True):
        lat, lon = float(p.lat[a : b + 1].mean()), float(p.lon[a : b + 1].mean())
        events.append(Event(
            "loitering", int(p.mmsi[a]), int(p.t[a]), int(p.t[b]), lat, lon,
            f"at or below {cfg['max_sog_knots']} kn for {h:.1f} h outside ports",
            [Reason("ais.loitering_hours", h, f"{h:.1f} h at <= {cfg['max_sog_knots']} kn "
                    f"(threshold {cfg['min_hours']} h), {b - a + 1} positions, not in a port or anchorage")]))
    return events


def port_calls(p: Positions, s: Steps, zones: list[Zone], cfg: dict[str, Any]) -> list[Event]:
    events = []
    kinds = set(cfg.get("zone_kinds", ["oil_terminal"]))
    for zone in zones:
        if zone.kind not in kinds:
            continue
        inside = zone.contains(p.lon, p.lat)
        if not inside.any():
            continue
        starts, ends = runs(inside, s.same, s.dt, float(cfg["max_gap_minutes"]) * 60)
        hours = (p.t[ends] - p.t[starts]) / 3600.0
        keep = hours >= float(cfg["min_hours"])
        for a, b, h in zip(starts[keep].tolist(), ends[keep].tolist(), hours[keep].tolist(), strict=True):
            events.append(Event(
                "port_call", int(p.mmsi[a]), int(p.t[a]), int(p.t[b]), float(p.lat[a : b + 1].mean()),
                float(p.lon[a : b + 1].mean()), f"{h:.1f} h at {zone.name}",
                [Reason("ais.port_call", h, f"{b - a + 1} positions inside zone {zone.id} from {iso(p.t[a])} "
                        f"to {iso(p.t[b])} (threshold {cfg['min_hours']} h); zone source: {zone.source}")],
                zone=zone.id))
    return events
