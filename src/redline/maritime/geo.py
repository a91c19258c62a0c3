"""Vectorised great-circle helpers (haversine on a 6,371 km sphere; < 0.5 % error)."""

from __future__ import annotations

import numpy as np

EARTH_M = 6_371_008.8
M_PER_NM = 1852.0


def haversine_m(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Metres between point arrays (degrees); computed in float64 whatever the input."""
    p1, p2 = np.radians(np.asarray(lat1, np.float64)), np.radians(np.asarray(lat2, np.float64))
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2, np.float64) - np.asarray(lon1, np.float64))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def knots(metres: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Speed in knots; zero-length intervals count as one second (no division by zero)."""
    return (metres / M_PER_NM) / (np.maximum(seconds, 1) / 3600.0)


def runs(cond: np.ndarray, same_next: np.ndarray, dt_next: np.ndarray, max_gap_s: float
         ) -> tuple[np.ndarray, np.ndarray]:
    """Start and end indices of runs of consecutive True in ``cond`` within one track.

    ``same_next[i]``/``dt_next[i]`` describe the step from i to i+1 (same MMSI? seconds);
    a step longer than ``max_gap_s`` breaks a run. Inclusive end indices.
    """
    n = cond.size
    if n == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    link = np.zeros(n, bool)  # link[i]: i and i+1 belong to the same run
    link[:-1] = cond[:-1] & cond[1:] & same_next & (dt_next <= max_gap_s)
    prev_link = np.concatenate([[False], link[:-1]])
    starts = np.flatnonzero(cond & ~prev_link)
    ends = np.flatnonzero(cond & ~link)
    return starts, ends
