"""Regression tests for the goods/shipment sweep: unreadable destinations, route separators,
awkward shipment files, unrecognised goods, multi-code cells and classify's verdict."""

from __future__ import annotations

import codecs
import json
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from redline.commands.goods import register
from redline.errors import MessageError, QueryError
from redline.goods.check import check_goods
from redline.goods.describe import suggest
from redline.goods.hs import normalize_many
from redline.goods.routes import parse_countries
from redline.goods.shipments import iter_shipments
from redline.screeners.goods import ShipmentScreener
from redline.text.countries import country_code

HEADER = "shipment_id,shipper,shipper_country,consignee,destination_country,transit_countries,hs_code,description"


def screen(row: dict[str, str]):  # type: ignore[no-untyped-def]
    base = {"shipment_id": "X", "shipper": "Northwind", "shipper_country": "DE", "consignee": "Some Trading LLC"}
    return ShipmentScreener(lambda q: [], today=date(2026, 9, 1)).screen_row({**base, **row})


def codes(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.code for f in result.flags}


# 1a: city and local spellings of destinations --------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("Moscow", "ru"), ("St. Petersburg", "ru"), ("Saint Petersburg", "ru"), ("Kaliningrad", "ru"),
    ("Novosibirsk", "ru"), ("РФ", "ru"), ("Россия", "ru"), ("Rusya", "ru"), ("Russia (RU)", "ru"),
    ("Russian Federation", "ru"), ("RUS", "ru"), ("ru", "ru"), ("Minsk", "by"), ("BLR", "by"),
    ("Republic of Crimea", "ua-cri"), ("Krym", "ua-cri"), ("Sevastopol", "ua-cri"),
    ("Hong Kong SAR", "hk"), ("HKSAR", "hk"), ("Hong Kong, China", "hk"), ("Dubai", "ae"), ("Abu Dhabi", "ae"),
    ("Sharjah", "ae"), ("U.A.E.", "ae"), ("PRC", "cn"), ("Kazakstan", "kz"), ("Almaty", "kz"), ("Astana", "kz"),
    ("Yerevan", "am"), ("Bishkek", "kg"), ("Tashkent", "uz"), ("Istanbul", "tr"), ("Mersin", "tr"),
    ("Tbilisi", "ge"), ("via Dubai", "ae"),
])
def test_city_and_local_spellings_are_read(value: str, expected: str) -> None:
    assert parse_countries(value) == ((expected,), ())


@pytest.mark.parametrize(("value", "expected"), [("Russia (RU)", "ru"), ("Germany (DEU)", "de"),
                                                 ("Russia (DE)", None), ("Iran (Islamic Republic of)", "ir")])
def test_name_with_its_code_in_brackets(value: str, expected: str | None) -> None:
    assert country_code(value) == expected


@pytest.mark.parametrize("place", ["Moscow", "Rusya", "РФ", "Russia (RU)", "Minsk", "Krym"])
def test_controlled_goods_to_a_city_in_a_sanctioned_country_are_blocked(place: str) -> None:
    result = screen({"destination_country": place, "hs_code": "8542.31", "description": "microcontrollers"})
    assert result.decision == "block" and "sanctioned_destination" in codes(result)


# 1b: controlled goods to an unreadable destination ----------------------------------------

def test_controlled_goods_to_an_unreadable_destination_need_review() -> None:
    result = screen({"destination_country": "Narnia", "hs_code": "8542.31", "description": "microcontrollers"})
    assert result.decision == "review"
    found = next(f for f in result.flags if f.code == "unknown_destination")
    assert "Narnia" in found.detail and "destination" in found.text


def test_uncontrolled_goods_to_an_unreadable_destination_stay_clear() -> None:
    result = screen({"destination_country": "Narnia", "hs_code": "6109.10", "description": "cotton T-shirts"})
    assert result.decision == "clear" and "unknown_destination" not in codes(result)


# 2: route separators ----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("UAE > Kazakhstan > Russia", ("ae", "kz", "ru")), ("Kazakhstan - Russia", ("kz", "ru")),
    ("Armenia / Georgia", ("am", "ge")), ("Armenia and Kazakhstan", ("am", "kz")), ("UAE → RU", ("ae", "ru")),
    ("AM, KZ", ("am", "kz")), ("AM;KZ", ("am", "kz")), ("Turkey|Georgia", ("tr", "ge")),
    # names that contain a separator stay whole
    ("Bosnia and Herzegovina", ("ba",)), ("Guinea-Bissau", ("gw",)), ("Korea, North; RU", ("kp", "ru")),
])
def test_route_separators(value: str, expected: tuple[str, ...]) -> None:
    assert parse_countries(value) == (expected, ())


def test_transit_through_russia_written_with_arrows_is_flagged() -> None:
    result = screen({"destination_country": "KZ", "transit_countries": "UAE > Kazakhstan > Russia",
                     "hs_code": "8542.31", "description": "microcontrollers"})
    assert "sanctioned_transit" in codes(result) and "unknown_country" not in codes(result)


# 3-5: shipment files ----------------------------------------------------------------------

def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "s.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_duplicated_column_is_an_error_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path, "shipment_id,consignee,consignee,hs_code\nD1,Sinno,Boutique Lyon,8542.31\n")
    with pytest.raises(MessageError, match="'consignee' appears 2 times"):
        list(iter_shipments(path))


def test_map_onto_an_existing_column_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "shipment_id,consignee,buyer,hs_code\nD1,Sinno,Boutique Lyon,8542.31\n")
    with pytest.raises(MessageError, match="'consignee' appears 2 times after --map"):
        list(iter_shipments(path, {"consignee": "buyer"}))


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiter_is_detected(tmp_path: Path, delimiter: str) -> None:
    lines = [HEADER, "S-1,Northwind,DE,Sinno,HK,,8542.31,processors"]
    path = write(tmp_path, "\r\n".join(line.replace(",", delimiter) for line in lines) + "\r\n")
    rows = [row for _line, row, _problem in iter_shipments(path)]
    assert rows[0]["hs_code"] == "8542.31" and rows[0]["destination_country"] == "HK"


def test_semicolon_file_keeps_decimal_commas(tmp_path: Path) -> None:
    path = write(tmp_path, "shipment_id;hs_code;value\nS-1;8542.31;10.000,50\n")
    [(_line, row, problem)] = list(iter_shipments(path))
    assert row["value"] == "10.000,50" and problem is None


@pytest.mark.parametrize(("encoding", "bom"), [("utf-16", b""), ("utf-16-le", codecs.BOM_UTF16_LE),
                                               ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32", b"")])
def test_utf16_file_is_read_by_bom(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = f"{HEADER}\r\nS-1,Northwind,DE,Синно,HK,,8542.31,processors\r\nS-2,Northwind,DE,B,FR,,6109.10,shirts\r\n"
    path = tmp_path / "s.csv"
    path.write_bytes(bom + text.encode(encoding))
    rows = [(line, row) for line, row, _problem in iter_shipments(path)]
    assert [line for line, _row in rows] == [2, 3] and rows[0][1]["consignee"] == "Синно"


def test_explicit_utf16_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\nS-1,Northwind,DE,Sinno,HK,,8542.31,processors\n", encoding="utf-16")
    [(_line, row, _problem)] = list(iter_shipments(path, encoding="utf-16"))
    assert row["hs_code"] == "8542.31"


def test_wrong_encoding_still_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(f"{HEADER}\nS-1,M\xfcller,DE,Sinno,HK,,8542.31,x\n".encode("latin-1"))
    with pytest.raises(MessageError, match="line 2: not valid utf-8"):
        list(iter_shipments(path))


# 6: goods descriptions --------------------------------------------------------------------

@pytest.mark.parametrize(("description", "hs"), [
    ("aircraft landing gear parts", "880720"), ("roller bearings", "848220"), ("bearings", "8482"),
    ("Kugellager", "848210"), ("Rillenkugellager 6205", "848210"), ("microchips", "8542"), ("IC chips", "8542"),
    ("semiconductors", "8542"), ("smartphones", "851713"), ("laptop computers", "847130"),
    ("lithium-ion batteries", "850760"), ("gas turbine parts", "841199"), ("machine tools", "8456"),
    ("Подшипники шариковые", "848210"), ("микросхемы", "8542"), ("集成电路", "8542"),
    ("microcontrollers", "854231"),
])
def test_descriptions_are_recognised_and_controlled(description: str, hs: str) -> None:
    assert hs in {s.hs for s in suggest(description)}
    assert check_goods(None, description).facts.controlled


@pytest.mark.parametrize("description", ["bearing grease 1 kg", "laptop bag", "smartphone cases",
                                         "semiconductor manufacturing equipment", "Lager Bier 24 x 0.5 l"])
def test_accessories_and_lookalikes_are_not_the_goods(description: str) -> None:
    assert not check_goods(None, description).facts.controlled


def test_landing_gear_declared_under_8807_is_consistent() -> None:
    assert not [f for f in check_goods("8807.20", "aircraft landing gear parts").flags
                if f.code == "declared_code_mismatch"]


# 7: several HS codes in one cell ----------------------------------------------------------

@pytest.mark.parametrize("cell", ["8542.31 / 8482.10", "8542.31, 8482.10", "8542.31;8482.10", "8542.31 and 8482.10"])
def test_several_codes_in_one_cell(cell: str) -> None:
    goods = check_goods(cell, "microcontrollers and ball bearings")
    assert [c.digits for c in goods.codes] == ["854231", "848210"] and not goods.errors
    assert {c.code for c in goods.controls} >= {"854231", "848210"}
    assert "declared_code_mismatch" not in {f.code for f in goods.flags}


def test_one_code_with_a_slash_stays_one_code() -> None:
    assert [c.digits for c in normalize_many("8542/31")] == ["854231"]


def test_a_bad_code_among_several_is_named() -> None:
    with pytest.raises(QueryError, match=r"read as 2 codes.*'85A2'"):
        normalize_many("8542.31, 85A2")


def test_several_codes_all_contradicted_are_a_mismatch() -> None:
    goods = check_goods("6109.10, 9403.60", "NVIDIA H100 80GB PCIe")
    assert "declared_code_mismatch" in {f.code for f in goods.flags} and goods.facts.controlled


# 8: classify with a contradicting description ---------------------------------------------

def test_classify_json_takes_the_stricter_verdict() -> None:
    app = typer.Typer()
    register(app, lambda: (lambda query: []))
    result = CliRunner().invoke(app, ["classify", "6109.10", "-d", "NVIDIA H100 80GB PCIe", "--json"])
    data = json.loads(result.output)
    assert data["controlled"] is True and data["controlled_by"] == "description" and "6109.10" in data["mismatch"]
    consistent = json.loads(CliRunner().invoke(app, ["classify", "6109.10", "-d", "cotton T-shirts", "--json"]).output)
    assert consistent["controlled"] is False and "mismatch" not in consistent
