"""Vessel risk report end to end: library call, pictures, and the `redline vessel` command."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from synth import planted_scenario, write_noaa
from typer.testing import CliRunner

from redline.commands.vessel import register
from redline.maritime import read_ais
from redline.maritime.report import build_report
from redline.model import Entity, Identifier, Name
from redline.screeners.vessel import VesselScreener

LISTED = Entity(id="test:kx", list="test", source_id="kx", schema="Vessel", names=[Name("KAPITAN X")],
                identifiers=[Identifier("imo", "9305609")], properties={"flag": ["Russia"]})


def test_report_scores_hits_and_events(tmp_path: Path) -> None:
    ais = read_ais(write_noaa(planted_scenario(), tmp_path / "a.csv"))
    screener = VesselScreener([LISTED], lambda q: [])
    report = build_report(screener, imo="9305609", ais=ais)
    assert report.mmsis == [273_200_007, 616_200_007]
    kinds = {e.kind for e in report.events}
    assert kinds == {"flag_mismatch"}  # reflagged ru → km; km is not a listed flag
    assert report.score == 1.0 and report.level == "high"
    clean = build_report(screener, imo="9074729", ais=ais)  # valid, not listed, not in AIS
    assert clean.hits == [] and clean.score == 0.0 and clean.level == "low"


def test_cli_writes_png_and_self_contained_html(tmp_path: Path) -> None:
    ais = write_noaa(planted_scenario(), tmp_path / "a.csv")
    app = typer.Typer()
    register(app, lambda: ([LISTED], lambda q: []))

    @app.command("noop")
    def _noop() -> None:  # a second command keeps typer in multi-command mode
        """No-op."""

    result = CliRunner().invoke(app, ["vessel", "IMO 9305609", "--ais", str(ais), "--out", str(tmp_path), "--json"])
    assert result.exit_code == 1, result.output  # a list hit
    out = json.loads(result.stdout)
    assert out["level"] == "high" and out["hits"][0]["entity_id"] == "test:kx"
    png, page = (Path(p) for p in out["pictures"])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    text = page.read_text()
    assert "<svg" in text and 'class="track"' in text and "flag_mismatch" in text
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "https://" not in text
    bad = CliRunner().invoke(app, ["vessel", "9176188", "--no-pictures"])
    assert bad.exit_code == 2 and "is not valid" in bad.output


def test_cli_events_drawn_for_planted_sts(tmp_path: Path) -> None:
    ais = write_noaa(planted_scenario(), tmp_path / "a.csv")
    app = typer.Typer()
    register(app, lambda: ([], lambda q: []))
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["vessel", "636000001", "--ais", str(ais), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "vessel-636000001.html").read_text()
    assert 'class="event sts_candidate"' in html
