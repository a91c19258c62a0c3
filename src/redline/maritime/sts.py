"""Ship-to-ship transfer candidates: two vessels close together, both slow, for hours.

Comparing every position with every other is O(n²); instead slow positions outside
ports are resampled to one per vessel per time bin and hashed into a (time bin,
lat cell, lon cell) grid whose cells are at least ``max_distance_m`` wide. Only
positions in the same time bin and the 3 × 3 neighbouring cells are compared, with
numpy ``searchsorted`` rather than a Python loop, so cost grows with the number of
*nearby* pairs, not with n². Cells are widened in longitude by 1/cos(latitude) of the
most poleward sample (capped at 85°), so neighbours are never missed; exact distances
are then checked with haversine. Tracks crossing the antimeridian are not paired
across it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from redline.maritime.events import Event, iso
from redline.maritime.geo import haversine_m
from redline.maritime.positions import Positions
from redline.maritime.reference import Zone
from redline.maritime.tracks import in_zones
from redline.model import Reason

_M_PER_DEG = 111_195.0


def _resample(p: Positions, bin_s: float) -> tuple[Positions, np.ndarray]:
    """First position per (MMSI, time bin); input must be sorted by (mmsi, t)."""
    tbin = (p.t // int(bin_s)).astype(np.int64)
    keep = np.ones(len(p), bool)
    keep[1:] = (p.mmsi[1:] != p.mmsi[:-1]) | (tbin[1:] != tbin[:-1])
    idx = np.flatnonzero(keep)
    return p.take(idx), tbin[idx]


def candidate_pairs(lat: np.ndarray, lon: np.ndarray, tbin: np.ndarray, mmsi: np.ndarray, max_m: float
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j), mmsi[i] < mmsi[j], same time bin and within ``max_m`` metres."""
    if lat.size < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    cell_deg = max_m / _M_PER_DEG
    max_lat = min(float(np.abs(lat).max()), 85.0)
    lon_cell_deg = cell_deg / math.cos(math.radians(max_lat))
    iy = np.floor(lat.astype(np.float64) / cell_deg).astype(np.int64)
    ix = np.floor(lon.astype(np.float64) / lon_cell_deg).astype(np.int64)
    # pack (tbin, iy, ix) into one sortable int64 key; each field offset to be non-negative
    ny = int(iy.max() - iy.min()) + 3
    nx = int(ix.max() - ix.min()) + 3
    iy, ix = iy - iy.min() + 1, ix - ix.min() + 1
    tb = tbin - tbin.min()
    key = (tb * ny + iy) * nx + ix
    order = np.argsort(key, kind="stable")
    skey = key[order]
    out_i, out_j = [], []
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            target = key + dy * nx + dx
            lo = np.searchsorted(skey, target, "left")
            hi = np.searchsorted(skey, target, "right")
            counts = hi - lo
            if not counts.any():
                continue
            src = np.repeat(np.arange(key.size), counts)
            offs = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            dst = order[np.repeat(lo, counts) + offs]
            sel = mmsi[src] < mmsi[dst]
            src, dst = src[sel], dst[sel]
            close = haversine_m(lat[src], lon[src], lat[dst], lon[dst]) <= max_m
            out_i.append(src[close])
            out_j.append(dst[close])
    if not out_i:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(out_i), np.concatenate(out_j)


def sts_candidates(p: Positions, zones: list[Zone], cfg: dict[str, Any]) -> list[Event]:
    """Encounters per config ``sts``; ``p`` sorted by (mmsi, t), timed positions only."""
    slow = (p.sog <= float(cfg["max_sog_knots"])) & ~in_zones(p, zones, set(cfg.get("exclude_zone_kinds", [])))
    q, tbin = _resample(p.take(np.flatnonzero(slow)), float(cfg["time_bin_minutes"]) * 60)
    max_m = float(cfg["max_distance_m"])
    i, j = candidate_pairs(q.lat, q.lon, tbin, q.mmsi, max_m)
    if i.size == 0:
        return []
    a, b, t = q.mmsi[i].astype(np.int64), q.mmsi[j].astype(np.int64), np.minimum(q.t[i], q.t[j])
    dist = haversine_m(q.lat[i], q.lon[i], q.lat[j], q.lon[j])
    order = np.lexsort((t, b, a))
    a, b, t, i, j, dist = a[order], b[order], t[order], i[order], j[order], dist[order]
    same = (a[1:] == a[:-1]) & (b[1:] == b[:-1])
    # drop duplicate (pair, time) rows from neighbouring-cell overlaps
    dup = np.concatenate([[False], same & (t[1:] == t[:-1])])
    keep = ~dup
    a, b, t, i, j, dist = a[keep], b[keep], t[keep], i[keep], j[keep], dist[keep]
    link = (a[1:] == a[:-1]) & (b[1:] == b[:-1]) & (np.diff(t) <= float(cfg["max_contact_gap_minutes"]) * 60)
    prev = np.concatenate([[False], link])
    nxt = np.concatenate([link, [False]])
    starts, ends = np.flatnonzero(~prev), np.flatnonzero(~nxt)
    hours = (t[ends] - t[starts]) / 3600.0
    events = []
    for s, e, h in zip(starts.tolist(), ends.tolist(), hours.tolist(), strict=True):
        if h < float(cfg["min_hours"]):
            continue
        lat = float(q.lat[i[s : e + 1]].mean())
        lon = float(q.lon[i[s : e + 1]].mean())
        mind = float(dist[s : e + 1].min())
        events.append(Event(
            "sts_candidate", int(a[s]), int(t[s]), int(t[e]), lat, lon,
            f"alongside MMSI {int(b[s])} for {h:.1f} h (closest {mind:.0f} m)",
            [Reason("ais.sts_hours", h, f"{e - s + 1} joint samples within {max_m:.0f} m, both at <= "
                    f"{cfg['max_sog_knots']} kn, from {iso(t[s])} (threshold {cfg['min_hours']} h), outside "
                    "ports and anchorages")],
            other_mmsi=int(b[s]), data={"min_distance_m": round(mind, 1)}))
    return events
