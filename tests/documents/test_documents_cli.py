"""`redline screen-text` and `redline ownership` through a Typer app wired like cli.py does."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from redline.commands.documents import register
from redline.engine import Engine
from redline.updater import load_demo


def _app(redline_home: Path) -> typer.Typer:
    engine = Engine()
    load_demo(engine.store)
    app = typer.Typer()
    register(app, lambda: engine)
    return app


def test_screen_text_json_html_and_errors(redline_home: Path, tmp_path: Path) -> None:
    app = _app(redline_home)
    runner = CliRunner()
    news = tmp_path / "news.txt"
    news.write_text("Глава Сбербанка Герман Греф встретился с <Putin>.", "utf-8")
    out = tmp_path / "view.html"
    result = runner.invoke(app, ["screen-text", str(news), "--json", "--html", str(out)])
    assert result.exit_code == 1, result.output
    mentions = json.loads(result.stdout)
    assert {m["entity_id"] for m in mentions} == {"demo:sberbank", "demo:gref", "demo:putin"}
    assert all({"start", "end", "list", "list_version", "score", "reasons"} <= set(m) for m in mentions)
    page = out.read_text("utf-8")
    assert "&lt;<mark" in page and "Сбербанка</mark>" in page
    plain = runner.invoke(app, ["screen-text", "-"], input="Nothing to see here.")
    assert plain.exit_code == 0 and "0 mention(s)" in plain.stdout
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Греф".encode("cp1251"))
    failed = runner.invoke(app, ["screen-text", str(bad)])
    assert failed.exit_code == 2 and "not valid UTF-8" in failed.output
    folder = runner.invoke(app, ["screen-text", str(tmp_path)])
    assert folder.exit_code == 2 and "is a folder" in folder.output


def test_ownership_command_prints_paths_and_draws(redline_home: Path, tmp_path: Path) -> None:
    app = _app(redline_home)
    rel = tmp_path / "rel.csv"
    rel.write_text("owner,owned,percent,source\nPJSC Sberbank,Sber Holding,60,registry\n"
                   "Sber Holding,Acme Shipping Ltd,50,registry\nSomeone,Acme Shipping Ltd,50,registry\n", "utf-8")
    png = tmp_path / "chain.png"
    result = CliRunner().invoke(app, ["ownership", str(rel), "--company", "Acme Shipping", "--png", str(png)])
    assert result.exit_code == 1, result.output
    assert "PJSC Sberbank [listed] —60 %→ Sber Holding —50 %→ Acme Shipping Ltd" in result.stdout
    assert png.read_bytes()[:4] == b"\x89PNG"
    eu = CliRunner().invoke(app, ["ownership", str(rel), "--company", "Acme Shipping Ltd", "--rule", "eu", "--json"])
    assert eu.exit_code == 0 and json.loads(eu.stdout)["hits"] == []
    missing = CliRunner().invoke(app, ["ownership", str(rel), "--company", "Nobody Known"])
    assert missing.exit_code == 2
