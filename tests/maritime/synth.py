"""Generated AIS tracks with planted behaviour events, and writers for NMEA and CSV.

Everything is generic physics (great-circle steps at a given speed), so the detectors
are tested on behaviour, not on fixture quirks.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

T0 = 1_704_067_200  # 2024-01-01T00:00:00Z
STEP = 180  # seconds between reports


@dataclass
class Fix:
    mmsi: int
    t: int
    lat: float
    lon: float
    sog: float


@dataclass
class Scenario:
    fixes: list[Fix] = field(default_factory=list)
    static: list[tuple[int, str | None, str | None, str | None]] = field(default_factory=list)  # mmsi, imo, name, cs
    planted: set[tuple[str, int]] = field(default_factory=set)


def move(lat: float, lon: float, course_deg: float, metres: float) -> tuple[float, float]:
    d = metres / 6_371_008.8
    c = math.radians(course_deg)
    la = lat + math.degrees(d * math.cos(c))
    lo = lon + math.degrees(d * math.sin(c) / math.cos(math.radians(lat)))
    return la, lo


def sail(mmsi: int, t: int, lat: float, lon: float, course: float, knots: float, hours: float,
         step: int = STEP) -> tuple[list[Fix], int, float, float]:
    out = []
    for _ in range(int(hours * 3600 / step)):
        out.append(Fix(mmsi, t, lat, lon, knots))
        lat, lon = move(lat, lon, course, knots * 1852 * step / 3600)
        t += step
    return out, t, lat, lon


def clean_fleet(n: int = 6) -> Scenario:
    """Vessels on open-sea passages at 10–14 kn, far apart, no gaps; plus two ships
    berthed side by side in a port zone (kind 'port') for a day."""
    sc = Scenario()
    for k in range(n):
        fixes, *_ = sail(219_000_100 + k, T0, 56.0 + k * 0.4, 4.0 + k * 0.3, 60 + k * 20, 10 + k % 5, 36)
        sc.fixes += fixes
        sc.static.append((219_000_100 + k, None, f"CLEAN {k}", f"OXC{k}"))
    for k, dlat in enumerate((0.0, 0.0005)):
        sc.fixes += sail(244_000_000 + k, T0, 51.9 + dlat, 4.05, 0, 0.0, 24)[0]
    return sc


def planted_scenario() -> Scenario:
    sc = clean_fleet(3)
    # dark period: 20 h silence, reappears ~130 km on at ~3.5 kn
    a, t, lat, lon = sail(273_100_001, T0, 55.5, 15.0, 90, 12, 6)
    b, *_ = sail(273_100_001, t + 20 * 3600, *move(lat, lon, 90, 130_000), 90, 12, 6)
    sc.fixes += a + b
    sc.planted.add(("dark_period", 273_100_001))
    # gap inside a coverage hole (test zone 'hole' around 58N 20E): must not be reported
    a, t, lat, lon = sail(273_100_002, T0, 58.0, 19.8, 90, 10, 3)
    b, *_ = sail(273_100_002, t + 18 * 3600, 58.0, 20.3, 90, 10, 3)
    sc.fixes += a + b
    # STS: two tankers drifting 120 m apart at 0.5 kn for 4 h in open sea (Laconian Gulf)
    for mmsi, dlon in ((636_000_001, 0.0), (620_000_002, 0.0018)):
        pre, t, lat, lon = sail(mmsi, T0, 36.0, 22.8 + dlon, 0, 11, 3)
        drift, t, lat, lon = sail(mmsi, t, lat, lon, 45, 0.5, 4)
        post, *_ = sail(mmsi, t, lat, lon, 180 if dlon else 0, 11, 3)
        sc.fixes += pre + drift + post
    sc.planted.add(("sts_candidate", 620_000_002))
    # port call: 20 h at the Primorsk terminal, arriving and leaving at speed
    a, t, lat, lon = sail(273_100_003, T0, 60.03, 28.66, 0, 12, 1.5)  # 18 nm north into the terminal box
    b, t, lat, lon = sail(273_100_003, t, lat, lon, 0, 0.0, 20)
    c, *_ = sail(273_100_003, t, lat, lon, 180, 12, 6)
    sc.fixes += a + b + c
    sc.planted.add(("port_call", 273_100_003))
    # loitering: 10 h drifting at 1 kn alone in the Atlantic
    a, t, lat, lon = sail(538_000_004, T0, 45.0, -20.0, 270, 13, 4)
    b, t, lat, lon = sail(538_000_004, t, lat, lon, 10, 1.0, 10)
    c, *_ = sail(538_000_004, t, lat, lon, 270, 13, 4)
    sc.fixes += a + b + c
    sc.planted.add(("loitering", 538_000_004))
    # spoofing: one position 400 km away, ten minutes later back on track
    a, t, lat, lon = sail(636_000_005, T0, 40.0, -30.0, 90, 12, 4)
    c, *_ = sail(636_000_005, t + STEP, lat, lon, 90, 12, 4)
    sc.fixes += [*a, Fix(636_000_005, t, *move(lat, lon, 0, 400_000), 12), *c]
    sc.planted.add(("impossible_speed", 636_000_005))
    # identity: one MMSI with two IMOs/names; one IMO reflagged RU → Comoros (MID 273 → 616)
    sc.static += [(538_000_006, "9176187", "OCEAN STAR", "V7AB1"), (538_000_006, "9321483", "SEA STAR", "V7AB1")]
    sc.fixes += sail(538_000_006, T0, 30.0, -40.0, 90, 12, 3)[0]
    sc.planted.add(("identity_anomaly", 538_000_006))
    sc.static += [(273_200_007, "9305609", "KAPITAN X", "UBCD2"), (616_200_007, "9305609", "KAPITAN X", "D6AB2")]
    sc.fixes += sail(273_200_007, T0, 33.0, -45.0, 90, 12, 3)[0]
    sc.fixes += sail(616_200_007, T0 + 4 * 3600, 33.0, -44.0, 90, 12, 3)[0]
    sc.planted |= {("flag_mismatch", 273_200_007), ("flag_mismatch", 616_200_007)}
    return sc


HOLE_ZONE = {"zones": [{"id": "hole", "name": "test coverage hole", "kind": "coverage_hole",
                        "polygon": [[19.5, 57.8], [20.6, 57.8], [20.6, 58.2], [19.5, 58.2]]},
                       {"id": "rotterdam-test", "name": "test port", "kind": "port",
                        "polygon": [[4.0, 51.85], [4.1, 51.85], [4.1, 51.95], [4.0, 51.95]]}]}


def _static_for(sc: Scenario) -> dict[int, list[tuple[str | None, str | None, str | None]]]:
    """Identities per MMSI; a vessel with several alternates between them row by row."""
    names: dict[int, list[tuple[str | None, str | None, str | None]]] = {}
    for m, imo, name, cs in sc.static:
        names.setdefault(m, []).append((imo, name, cs))
    return names


def write_noaa(sc: Scenario, path: Path) -> Path:
    """NOAA MarineCadastre layout; static columns repeated on every row, as NOAA does."""
    names = _static_for(sc)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading", "VesselName", "IMO",
                    "CallSign", "VesselType", "Status", "Length", "Width", "Draft", "Cargo", "TransceiverClass"])
        for k, f in enumerate(sc.fixes):
            opts = names.get(f.mmsi, [(None, None, None)])
            imo, name, cs = opts[k % len(opts)]
            stamp = datetime.fromtimestamp(f.t, UTC).strftime("%Y-%m-%dT%H:%M:%S")
            w.writerow([f.mmsi, stamp, f"{f.lat:.6f}", f"{f.lon:.6f}", f"{f.sog:.1f}", "90.0", "90", name or "",
                        f"IMO{imo}" if imo else "", cs or "", "80", "0", "200", "32", "10", "", "A"])
    return path


def write_dma(sc: Scenario, path: Path) -> Path:
    static = _static_for(sc)
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["# Timestamp", "Type of mobile", "MMSI", "Latitude", "Longitude", "Navigational status",
                    "ROT", "SOG", "COG", "Heading", "IMO", "Callsign", "Name", "Ship type"])
        for k, f in enumerate(sc.fixes):
            opts = static.get(f.mmsi, [(None, None, None)])
            imo, name, cs = opts[k % len(opts)]
            stamp = datetime.fromtimestamp(f.t, UTC).strftime("%d/%m/%Y %H:%M:%S")
            w.writerow([stamp, "Class A", f.mmsi, f"{f.lat:.6f}", f"{f.lon:.6f}", "Under way using engine",
                        "0.0", f"{f.sog:.1f}", "90.0", "90", imo or "Unknown", cs or "Unknown", name or "",
                        "Tanker"])
    return path
