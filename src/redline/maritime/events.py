"""Behaviour events: what a detector found, when, where, and why (in analyst words).

Each event carries ``Reason`` objects (the same type a list hit uses) stating the
measured value next to the configured threshold, so the explanation survives into the
report and the case file unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from redline.model import Reason

KINDS = ("dark_period", "sts_candidate", "sts_listed_vessel", "port_call", "identity_anomaly",
         "flag_mismatch", "impossible_speed", "loitering")


def iso(t: int | float | None) -> str | None:
    """UTC ISO text; a time no calendar can hold (a unit error upstream) reads as an explicit
    marker rather than raising, because a report must never die on one bad timestamp."""
    if t is None:
        return None
    try:
        return datetime.fromtimestamp(int(t), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError, OSError):
        return f"invalid-time({int(t)})"


@dataclass(slots=True)
class Event:
    kind: str
    mmsi: int
    start: int | None
    end: int | None
    lat: float | None
    lon: float | None
    summary: str
    reasons: list[Reason] = field(default_factory=list)
    other_mmsi: int | None = None
    zone: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def hours(self) -> float | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start) / 3600.0

    def involves(self, mmsis: set[int]) -> bool:
        return self.mmsi in mmsis or (self.other_mmsi is not None and self.other_mmsi in mmsis)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "mmsi": self.mmsi, "other_mmsi": self.other_mmsi,
            "start": iso(self.start), "end": iso(self.end),
            "hours": None if self.hours is None else round(self.hours, 2),
            "lat": None if self.lat is None else round(self.lat, 5),
            "lon": None if self.lon is None else round(self.lon, 5),
            "zone": self.zone, "summary": self.summary,
            "reasons": [{"feature": r.feature, "score": r.score, "detail": r.detail} for r in self.reasons],
            "data": self.data,
        }
