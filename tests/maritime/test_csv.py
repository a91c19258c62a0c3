"""Decoded AIS CSV: both public layouts, and malformed rows counted, not fatal."""

from __future__ import annotations

from pathlib import Path

import pytest
from synth import clean_fleet, planted_scenario, write_dma, write_noaa

from redline.errors import MessageError
from redline.maritime import read_ais


@pytest.mark.parametrize("writer,layout", [(write_noaa, "csv:noaa"), (write_dma, "csv:dma")])
def test_layouts_read_every_row(tmp_path: Path, writer, layout: str) -> None:  # type: ignore[no-untyped-def]
    sc = clean_fleet(3)
    data = read_ais(writer(sc, tmp_path / "ais.csv"))
    assert data.report.format == layout
    assert data.report.positions == len(sc.fixes) == len(data.positions)
    assert data.report.skipped_total == 0
    first = sc.fixes[0]
    sel = (data.positions.mmsi == first.mmsi) & (data.positions.t == first.t)
    assert sel.sum() == 1 and abs(float(data.positions.lat[sel][0]) - first.lat) < 1e-4
    names = {(s.mmsi, s.name, s.call_sign) for s in data.static}
    assert (219_000_100, "CLEAN 0", "OXC0") in names


def test_imo_columns_in_both_spellings(tmp_path: Path) -> None:
    sc = planted_scenario()
    for writer in (write_noaa, write_dma):
        data = read_ais(writer(sc, tmp_path / f"{writer.__name__}.csv"))
        imos = {(s.mmsi, s.imo, s.imo_valid) for s in data.static if s.imo}
        assert (616_200_007, "9305609", True) in imos  # NOAA "IMO9305609", DMA "9305609"


def test_malformed_rows_are_counted(tmp_path: Path) -> None:
    path = write_noaa(clean_fleet(1), tmp_path / "ais.csv")
    good = len(path.read_text().splitlines()) - 1
    with path.open("ab") as fh:
        fh.write(b"219000100,2024-01-01T00:00:00,56.0\n")  # too few fields
        fh.write(b"21900A100,2024-01-01T00:00:00,56.0,4.0,1,1,1,X,,,,,,,,,A\n")  # bad MMSI
        fh.write(b"219000100,yesterday,56.0,4.0,1,1,1,X,,,,,,,,,A\n")  # bad time
        fh.write(b"219000100,2024-01-01T00:00:00,north,4.0,1,1,1,X,,,,,,,,,A\n")  # bad latitude
        fh.write(b"219000100,2024-01-01T00:00:00,91.0,181.0,1,1,1,X,,,,,,,,,A\n")  # not available
        fh.write(b"219000100,2024-01-01T00:00:00,56.0,4.0,1,1,1,CAF\xc9,,,,,,,,,A,extra,fields\n")  # cp1252
    data = read_ais(path)
    r = data.report
    assert r.positions == good + 1
    assert dict(r.skipped) == {"missing_fields": 1, "bad_mmsi": 1, "bad_time": 1, "bad_position": 1,
                               "position_not_available": 1}
    assert r.warnings["bad_encoding_rows"] == 1


def test_dma_base_stations_are_not_vessels(tmp_path: Path) -> None:
    path = write_dma(clean_fleet(1), tmp_path / "dma.csv")
    with path.open("a") as fh:
        fh.write("01/01/2024 00:00:00,Base Station,2190001,55.0,12.0,,,,,,Unknown,Unknown,,Undefined\n")
    assert read_ais(path).report.skipped == {"not_a_vessel": 1}


def test_unknown_layout_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(MessageError, match="unknown AIS CSV layout"):
        read_ais(path)
