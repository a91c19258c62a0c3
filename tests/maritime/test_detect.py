"""Behaviour detectors on generated tracks: every planted event found, none on clean data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from synth import HOLE_ZONE, clean_fleet, planted_scenario, write_dma, write_noaa

from redline.errors import ConfigError
from redline.maritime import read_ais
from redline.maritime.detect import detect
from redline.maritime.reference import load_config, load_zones, mmsi_flag
from redline.maritime.sts import candidate_pairs


@pytest.fixture()
def zones(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "zones.yaml"
    path.write_text(yaml.safe_dump(HOLE_ZONE))
    return load_zones(path)


@pytest.mark.parametrize("writer", [write_noaa, write_dma])
def test_every_planted_event_and_nothing_else(tmp_path: Path, zones, writer) -> None:  # type: ignore[no-untyped-def]
    sc = planted_scenario()
    events = detect(read_ais(writer(sc, tmp_path / "ais.csv")), zones=zones)
    found = {(e.kind, e.mmsi) for e in events}
    assert found == sc.planted
    by_kind = {e.kind: e for e in events}
    dark = by_kind["dark_period"]
    assert 19.9 < dark.hours < 20.1 and 120 < dark.data["distance_km"] < 140
    sts = by_kind["sts_candidate"]
    assert sts.other_mmsi == 636_000_001 and 3.5 <= sts.hours <= 4.1 and sts.data["min_distance_m"] < 200
    call = by_kind["port_call"]
    assert call.zone == "ru-primorsk" and call.hours >= 19
    assert by_kind["loitering"].hours >= 9.5
    for event in events:  # every event explains itself against its threshold
        assert event.reasons and all(r.detail for r in event.reasons)


def test_clean_tracks_raise_nothing(tmp_path: Path, zones) -> None:  # type: ignore[no-untyped-def]
    sc = clean_fleet(8)
    assert detect(read_ais(write_noaa(sc, tmp_path / "ais.csv")), zones=zones) == []


def test_port_exclusion_is_what_silences_berthed_ships(tmp_path: Path) -> None:
    data = read_ais(write_noaa(clean_fleet(2), tmp_path / "ais.csv"))
    kinds = {e.kind for e in detect(data, zones=load_zones())}  # package zones: no test port
    assert {"sts_candidate", "loitering"} <= kinds


def test_coverage_hole_can_be_switched_off(tmp_path: Path, zones) -> None:  # type: ignore[no-untyped-def]
    cfg = load_config()
    cfg["dark"]["exclude_coverage_holes"] = False
    events = detect(read_ais(write_noaa(planted_scenario(), tmp_path / "a.csv")), cfg, zones)
    assert ("dark_period", 273_100_002) in {(e.kind, e.mmsi) for e in events}


def test_thresholds_are_data(tmp_path: Path, zones) -> None:  # type: ignore[no-untyped-def]
    cfg_file = tmp_path / "cfg.yaml"
    cfg_file.write_text("dark:\n  min_gap_hours: 24\nsts:\n  min_hours: 5\n")
    events = detect(read_ais(write_noaa(planted_scenario(), tmp_path / "a.csv")), load_config(cfg_file), zones)
    kinds = {e.kind for e in events}
    assert "dark_period" not in kinds and "sts_candidate" not in kinds and "port_call" in kinds
    bad = tmp_path / "bad.yaml"
    bad.write_text("nonsense: {a: 1}\n")
    with pytest.raises(ConfigError, match="nonsense"):
        load_config(bad)


def test_restricting_to_one_vessel_keeps_its_sts_partner(tmp_path: Path, zones) -> None:  # type: ignore[no-untyped-def]
    data = read_ais(write_noaa(planted_scenario(), tmp_path / "a.csv"))
    events = detect(data, zones=zones, mmsis={636_000_001})
    assert [(e.kind, e.mmsi, e.other_mmsi) for e in events] == [("sts_candidate", 620_000_002, 636_000_001)]


def test_grid_pairs_equal_brute_force() -> None:
    rng = np.random.default_rng(7)
    n = 3000
    lat = (59.5 + rng.random(n) * 0.05).astype(np.float32)
    lon = (24.0 + rng.random(n) * 0.1).astype(np.float32)
    tbin = rng.integers(0, 3, n)
    mmsi = rng.permutation(n).astype(np.int64) + 200_000_000
    i, j = candidate_pairs(lat, lon, tbin, mmsi, 300.0)
    got = {(int(a), int(b)) for a, b in zip(i, j, strict=True)}
    from redline.maritime.geo import haversine_m

    want = set()
    for a in range(n):
        d = haversine_m(np.full(n, lat[a]), np.full(n, lon[a]), lat, lon)
        for b in np.flatnonzero((d <= 300.0) & (tbin == tbin[a]) & (mmsi > mmsi[a])).tolist():
            want.add((a, b))
    assert got == want and len(want) > 50


def test_mid_table() -> None:
    assert mmsi_flag(273_100_001) == "ru"
    assert mmsi_flag(636_000_001) == "lr"
    assert mmsi_flag(111_000_001) is None  # SAR aircraft, not a flag
    assert load_zones() and all(z.kind in {"oil_terminal"} for z in load_zones())
