"""Regressions from the vessel sweep: time units and formats, unusable AIS, STS with a listed
vessel, vessel names meeting banks, and identifier prefixes."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from pyais.encode import encode_dict
from typer.testing import CliRunner

from redline.commands.vessel import parse_identifier, register
from redline.maritime import read_ais
from redline.maritime.events import iso
from redline.maritime.nmea import decode_lines
from redline.maritime.report import build_report
from redline.model import Entity, Hit, Identifier, Name, Query
from redline.screeners.vessel import VesselScreener

T0 = 1_709_251_200  # 2024-03-01T00:00:00Z
OWN, OTHER = 538_009_999, 626_372_000
LISTED_OTHER = Entity(id="t:ns", list="t", source_id="ns", schema="Vessel", names=[Name("NS ANTARCTIC")],
                      identifiers=[Identifier("mmsi", str(OTHER))])


def _csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _app(entities: list[Entity], party: object = None) -> typer.Typer:
    app = typer.Typer()
    register(app, lambda: (entities, party or (lambda q: [])))
    app.command("noop")(lambda: None)
    return app


def test_epoch_milliseconds_are_read_as_seconds_and_absurd_times_rejected(tmp_path: Path) -> None:
    path = _csv(tmp_path / "ms.csv", "timestamp,mmsi,lat,lon", [
        f"{T0 * 1000},{OWN},36,22", f"{(T0 + 600) * 1000},{OWN},36,22.1", f"{T0 * 10**7},{OWN},36,22"])
    data = read_ais(path)
    assert data.positions.t.tolist() == [T0, T0 + 600]
    assert data.report.skipped == {"time_out_of_range": 1}
    assert any("line 4: time_out_of_range" in e for e in data.report.examples)


def test_iso_never_raises_on_a_time_no_calendar_holds() -> None:
    assert iso(T0 * 1000).startswith("invalid-time")  # was "ValueError: year 56134 is out of range"


def test_zoned_iso_us_clock_and_decimal_commas_are_accepted(tmp_path: Path) -> None:
    zoned = _csv(tmp_path / "z.csv", "timestamp,mmsi,lat,lon", [
        f"2024-03-01T00:00:00+00:00,{OWN},36,22", f"2024-03-01T02:10:00+02:00,{OWN},36,22",
        f"2024-03-01T00:20:00Z,{OWN},36,22", f"2024-03-01T00:30:00.5Z,{OWN},36,22"])
    assert read_ais(zoned).positions.t.tolist() == [T0, T0 + 600, T0 + 1200, T0 + 1800]
    us = _csv(tmp_path / "us.csv", "timestamp,mmsi,lat,lon", [
        f"03/01/2024 12:00:00 AM,{OWN},36,22", f"03/01/2024 01:00:00 PM,{OWN},36,22"])
    data = read_ais(us)
    assert data.positions.t.tolist() == [T0, T0 + 13 * 3600]
    assert data.report.warnings["time_read_as_us_month_first"] == 2
    eu = _csv(tmp_path / "eu.csv", "timestamp;mmsi;lat;lon;sog", [f"2024-03-01T00:00:00;{OWN};36,5;22,25;12,5"])
    p = read_ais(eu).positions
    assert (p.lat.tolist(), p.lon.tolist(), p.sog.tolist()) == ([36.5], [22.25], [12.5])


def test_all_rows_rejected_is_not_assessed_and_exits_2(tmp_path: Path) -> None:
    bad = _csv(tmp_path / "bad.csv", "timestamp,mmsi,lat,lon", [f"someday,{OWN},36,22"] * 3)
    report = build_report(VesselScreener([], lambda q: []), mmsi=str(OWN), ais=read_ais(bad))
    assert report.behaviour == "not assessed" and not report.ais_usable
    assert "no usable positions" in report.warnings[0] and "bad_time" in report.warnings[0]
    result = CliRunner().invoke(_app([]), ["vessel", str(OWN), "--ais", str(bad), "--no-pictures", "--json"])
    assert result.exit_code == 2, result.output
    assert json.loads(result.stdout)["behaviour"] == "not assessed"


def test_untimed_nmea_warns_that_behaviour_checks_cannot_run() -> None:
    line = encode_dict({"type": 1, "mmsi": OWN, "lat": 36.0, "lon": 22.0, "speed": 1.0},
                       radio_channel="A", talker_id="AI", sentence_type="VDM")[0]
    data = decode_lines([line.encode()] * 3)
    assert data.report.warnings["untimed_positions"] == 3
    report = build_report(VesselScreener([], lambda q: []), mmsi=str(OWN), ais=data)
    assert report.behaviour == "not assessed" and "none carries a time" in report.warnings[0]


def _meeting(path: Path) -> Path:
    """OWN and OTHER drifting 100 m apart for 3 h (10-minute fixes)."""
    rows = []
    for k in range(19):
        t = T0 + k * 600
        rows += [f"{t},{OWN},36.0,22.0,0.3", f"{t},{OTHER},36.0009,22.0,0.4"]
    return _csv(path, "timestamp,mmsi,lat,lon,sog", rows)


def test_sts_with_a_listed_vessel_is_high_risk(tmp_path: Path) -> None:
    ais = read_ais(_meeting(tmp_path / "sts.csv"))
    report = build_report(VesselScreener([LISTED_OTHER], lambda q: []), mmsi=str(OWN), ais=ais, zones=[])
    listed = [e for e in report.events if e.kind == "sts_listed_vessel"]
    assert listed and listed[0].data["entity_id"] == "t:ns" and listed[0].data["counterpart_mmsi"] == OTHER
    assert report.level == "high" and report.behaviour == "assessed"
    clean = build_report(VesselScreener([], lambda q: []), mmsi=str(OWN), ais=ais, zones=[])
    assert clean.level != "high" and not any(e.kind == "sts_listed_vessel" for e in clean.events)


def _party(query: Query) -> list[Hit]:
    bank = Hit("eu:alfa", "eu", "v1", "LegalEntity", "JSC ALFA-BANK", 0.87, "ALFA-BANK", query.name or "")
    ship = Hit("eu:alpha", "eu", "v1", "Vessel", "ALPHA", 0.9, "ALPHA", query.name or "")
    return [bank, ship]


def test_vessel_name_never_hits_a_bank() -> None:
    hits = VesselScreener([], _party).screen(imo="9074729", name="ALPHA")
    assert [h.entity_id for h in hits] == ["eu:alpha"]


def test_untyped_entry_counts_only_with_vessel_evidence() -> None:
    shiplike = Entity(id="x:1", list="x", source_id="1", schema="LegalEntity", names=[Name("ALPHA")],
                      properties={"flag": ["Gabon"]})
    hit = Hit("x:1", "x", "v1", "LegalEntity", "ALPHA", 0.9, "ALPHA", "ALPHA", entity=shiplike)
    assert [h.entity_id for h in VesselScreener([], lambda q: [hit]).screen(name="ALPHA")] == ["x:1"]


def test_mmsi_prefix_and_all_zero_imo() -> None:
    assert parse_identifier("MMSI 626372000") == (None, "626372000")
    assert parse_identifier("IMO 9305609") == ("9305609", None)
    app = _app([LISTED_OTHER])
    hit = CliRunner().invoke(app, ["vessel", "MMSI 626372000", "--no-pictures"])
    assert hit.exit_code == 1, hit.output
    zeros = CliRunner().invoke(app, ["vessel", "0000000", "--no-pictures"])
    assert zeros.exit_code == 2 and "all zeros" in zeros.output
