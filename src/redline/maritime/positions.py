"""Columnar AIS positions and per-vessel static (identity) records.

Positions are kept as parallel numpy arrays (about 24 bytes per fix) rather than
objects (~300 bytes each), so 10 million fixes fit comfortably in memory and every
detector can work with vectorised numpy instead of a Python loop per row.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import numpy as np

#: Time sentinel for positions whose receive time is unknown (NMEA without tag block).
NO_TIME = np.iinfo(np.int64).min
#: SOG sentinel for "not available" (AIS 102.3 kn).
NO_SOG = np.float32(np.nan)
#: Plausible AIS times (UTC epoch s): AIS began in the 1990s, and a time after 2100 is a unit
#: or parse error (milliseconds read as seconds), not a position report.
MIN_TIME, MAX_TIME = 631_152_000, 4_102_444_800  # 1990-01-01, 2100-01-01


def time_in_range(t: int) -> bool:
    return MIN_TIME <= t < MAX_TIME


@dataclass(slots=True)
class Positions:
    """Parallel arrays, one element per position fix.

    ``t`` is UTC epoch seconds (``NO_TIME`` when unknown); ``sog`` knots (NaN unknown);
    ``lat``/``lon`` degrees as float32 (about 0.5 m resolution, ample for AIS).
    """

    mmsi: np.ndarray  # int32
    t: np.ndarray  # int64
    lat: np.ndarray  # float32
    lon: np.ndarray  # float32
    sog: np.ndarray  # float32

    def __len__(self) -> int:
        return int(self.mmsi.size)

    @classmethod
    def empty(cls) -> Positions:
        return cls(np.empty(0, np.int32), np.empty(0, np.int64), np.empty(0, np.float32),
                   np.empty(0, np.float32), np.empty(0, np.float32))

    def take(self, idx: np.ndarray) -> Positions:
        return Positions(self.mmsi[idx], self.t[idx], self.lat[idx], self.lon[idx], self.sog[idx])

    def sorted(self) -> Positions:
        """Sorted by (mmsi, t): the order every per-track detector relies on."""
        order = np.lexsort((self.t, self.mmsi))
        return self.take(order)

    def timed(self) -> Positions:
        return self.take(np.flatnonzero(self.t != NO_TIME))

    def for_mmsi(self, mmsis: set[int]) -> Positions:
        mask = np.isin(self.mmsi, np.fromiter(mmsis, dtype=np.int64, count=len(mmsis)))
        return self.take(np.flatnonzero(mask))

    @staticmethod
    def concat(parts: list[Positions]) -> Positions:
        if not parts:
            return Positions.empty()
        return Positions(*(np.concatenate([getattr(p, f) for p in parts])
                           for f in ("mmsi", "t", "lat", "lon", "sog")))


class PositionBuilder:
    """Appends fixes one at a time into compact typed arrays (used by the NMEA reader)."""

    __slots__ = ("_lat", "_lon", "_mmsi", "_sog", "_t")

    def __init__(self) -> None:
        self._mmsi = array("q")
        self._t = array("q")
        self._lat = array("f")
        self._lon = array("f")
        self._sog = array("f")

    def add(self, mmsi: int, t: int, lat: float, lon: float, sog: float) -> None:
        self._mmsi.append(mmsi)
        self._t.append(t)
        self._lat.append(lat)
        self._lon.append(lon)
        self._sog.append(sog)

    def build(self) -> Positions:
        return Positions(
            np.frombuffer(self._mmsi, dtype=np.int64).astype(np.int32),
            np.frombuffer(self._t, dtype=np.int64).copy(),
            np.frombuffer(self._lat, dtype=np.float32).copy(),
            np.frombuffer(self._lon, dtype=np.float32).copy(),
            np.frombuffer(self._sog, dtype=np.float32).copy(),
        )


@dataclass(slots=True)
class StaticRecord:
    """One identity an MMSI broadcast (AIS type 5/19/24 or CSV static columns).

    Identical broadcasts are merged: ``first``/``last`` seen (epoch s, None if untimed)
    and ``count``. IMO is kept as broadcast (string) with ``imo_valid`` from its checksum.
    """

    mmsi: int
    imo: str | None = None
    name: str | None = None
    call_sign: str | None = None
    ship_type: int | None = None
    first: int | None = None
    last: int | None = None
    count: int = 1
    imo_valid: bool = False
    sources: list[str] = field(default_factory=list)

    def key(self) -> tuple[int, str | None, str | None, str | None]:
        return (self.mmsi, self.imo, self.name, self.call_sign)


def clean_text(value: object) -> str | None:
    """AIS six-bit text: strip '@' padding and blanks; empty means not broadcast."""
    if value is None:
        return None
    text = " ".join(str(value).replace("@", " ").split()).upper()
    return text or None


def merge_static(records: list[StaticRecord]) -> list[StaticRecord]:
    """Merge identical broadcasts, keeping first/last seen and counts."""
    merged: dict[tuple[int, str | None, str | None, str | None], StaticRecord] = {}
    for rec in records:
        old = merged.get(rec.key())
        if old is None:
            merged[rec.key()] = rec
            continue
        old.count += rec.count
        if rec.first is not None:
            old.first = rec.first if old.first is None else min(old.first, rec.first)
        if rec.last is not None:
            old.last = rec.last if old.last is None else max(old.last, rec.last)
        if old.ship_type is None:
            old.ship_type = rec.ship_type
        for src in rec.sources:
            if src not in old.sources:
                old.sources.append(src)
    return list(merged.values())
