"""`redline classify` and `redline screen-shipment` through typer, with good and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from redline.commands.goods import register

HEADER = ("shipment_id,shipper,shipper_country,consignee,consignee_country,end_user,end_user_country,"
          "destination_country,transit_countries,hs_code,description,value,currency")
GPU = "S-1,Northwind GmbH,DE,Astana Digital LLP,KZ,,,KZ,,8542.31,NVIDIA H100 80GB PCIe,240000,USD"
BEARINGS = "S-2,Northwind GmbH,DE,Anadolu Rulman,TR,OOO Promtekh,RU,TR,GE;AE,848210,Ball bearings 6205-2RS,1,EUR"
MEDICAL = "S-3,Northwind Medical,DE,Clinic Yerevan,AM,,,AM,,9018.12,Ultrasound system,95000,EUR"


@pytest.fixture()
def app() -> typer.Typer:
    app = typer.Typer()
    register(app, lambda: (lambda query: []))
    return app


def run(app: typer.Typer, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def write(tmp_path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "shipments.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_classify_json(app: typer.Typer) -> None:
    result = run(app, "classify", "8542 31 00 90", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["code"] == "8542310090" and data["controlled"]
    # chapter 85 is listed whole in EAR Supp. No. 4 (89 FR 4805), so the EAR table covers it too
    assert {c["table"] for c in data["controls"]} == {"chpl", "advanced_computing", "ear_746_supplements",
                                                      "eu_833_annex_xl"}


def test_classify_heading_reports_some_subheadings(app: typer.Typer) -> None:
    result = run(app, "classify", "8482")
    assert result.exit_code == 0 and "lists some subheadings" in result.output


def test_classify_description_mismatch(app: typer.Typer) -> None:
    data = json.loads(run(app, "classify", "9403.60", "-d", "NVIDIA H100 80GB PCIe", "--json").output)
    # the stricter of code and description: an H100 declared as furniture is controlled
    assert data["controlled"] is True and data["controlled_by"] == "description"
    assert "9403.60" in data["description"]["mismatch"] and "9403.60" in data["mismatch"]
    assert data["description"]["goods"]["controlled"] is True


@pytest.mark.parametrize("bad", ["7701", "85A2", "84715"])
def test_classify_bad_code_exits_2(app: typer.Typer, bad: str) -> None:
    result = run(app, "classify", bad)
    assert result.exit_code == 2 and "error" in result.output


def test_screen_shipment_table_and_exit_code(app: typer.Typer, tmp_path: Path) -> None:
    result = run(app, "screen-shipment", str(write(tmp_path, HEADER, GPU, BEARINGS, MEDICAL)))
    assert result.exit_code == 1, result.output  # the bearings line is blocked
    assert "sanctioned_destination" in result.output and "3 line(s): 1 block" in result.output


def test_screen_shipment_json_lines_and_parquet(app: typer.Typer, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    out = tmp_path / "out.parquet"
    result = run(app, "screen-shipment", str(write(tmp_path, HEADER, GPU, MEDICAL)), "--json", "--out", str(out))
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert [x["decision"] for x in lines] == ["review", "clear"] and lines[0]["line"] == 2
    table = pq.read_table(out).to_pylist()
    assert [r["shipment_id"] for r in table] == ["S-1", "S-3"] and table[1]["exemption"]


def test_screen_shipment_jsonl_out(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run(app, "screen-shipment", str(write(tmp_path, HEADER, GPU)), "--out", str(out), "--no-explain")
    assert json.loads(out.read_text().splitlines()[0])["goods"]["controlled"] is True


def test_map_adapts_another_layout(app: typer.Typer, tmp_path: Path) -> None:
    path = write(tmp_path, "ref,buyer_name,buyer_country,tariff,goods",
                 "A1,Astana Digital,Kazakhstan,8542.39,Xilinx FPGA boards")
    result = run(app, "screen-shipment", str(path), "--json",
                 "--map", "shipment_id=ref,consignee=buyer_name,consignee_country=buyer_country,"
                          "hs_code=tariff,description=goods")
    data = json.loads(result.output)
    assert data["shipment_id"] == "A1" and data["flags"][0]["code"] == "hub_destination"


@pytest.mark.parametrize(("map_", "message"), [
    ("consignee=nope", "not in the file"), ("consigne=buyer_name", "not a shipment column"), ("consignee", "must look"),
])
def test_bad_map_is_named(app: typer.Typer, tmp_path: Path, map_: str, message: str) -> None:
    path = write(tmp_path, "ref,buyer_name,tariff", "A1,X,8542.39")
    result = run(app, "screen-shipment", str(path), "--map", map_)
    assert result.exit_code == 2 and message in result.output


def test_wrong_encoding_names_the_line(app: typer.Typer, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, "S-9,Müller GmbH,DE,X,KZ,,,KZ,,8542.31,chips,1,EUR", encoding="cp1252")
    result = run(app, "screen-shipment", str(path))
    assert result.exit_code == 2 and "line 2" in result.output and "encoding" in result.output
    assert run(app, "screen-shipment", str(path), "--encoding", "cp1252", "--json").exit_code == 0


def test_malformed_row_is_screened_and_reported(app: typer.Typer, tmp_path: Path) -> None:
    result = run(app, "screen-shipment", str(write(tmp_path, HEADER, "S-8,Northwind,DE,X,FR,,,FR,,6109.10")), "--json")
    data = json.loads(result.output)
    assert data["decision"] == "review" and "10 fields, header has 13" in data["error"]


@pytest.mark.parametrize(("lines", "message"), [
    ((), "empty file"), (("a,b,c", "1,2,3"), "no hs_code or description column"),
])
def test_unusable_files_exit_2(app: typer.Typer, tmp_path: Path, lines: tuple[str, ...], message: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text("\n".join(lines))
    result = run(app, "screen-shipment", str(path))
    assert result.exit_code == 2 and message in result.output


def test_missing_file_exits_2(app: typer.Typer, tmp_path: Path) -> None:
    result = run(app, "screen-shipment", str(tmp_path / "absent.csv"))
    assert result.exit_code == 2 and "cannot open" in result.output
