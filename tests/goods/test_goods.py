"""HS normalisation, prefix logic, the shipped tables against their sources, shipments."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from redline.errors import QueryError
from redline.goods.describe import mismatch, suggest
from redline.goods.hs import normalize
from redline.goods.routes import route_flags
from redline.goods.tables import classify, load_tables
from redline.match.matcher import Matcher
from redline.screeners.goods import ShipmentScreener


@pytest.mark.parametrize("written", ["8542.31", "854231", "8542 31", "8542-31", " 8542.31 "])
def test_codes_in_any_format(written: str) -> None:
    assert normalize(written).digits == "854231"


def test_long_codes_keep_their_digits() -> None:
    code = normalize("8542 31 00 90")
    assert code.digits == "8542310090" and code.hs6 == "854231" and code.formatted() == "8542.31.00.90"


@pytest.mark.parametrize(("bad", "message"), [
    ("", "empty"), ("85A2.31", "characters"), ("85423", "5 digits"), ("7701", "chapter 77"),
    ("9900", "chapter 99"), ("00", "chapter 00"), ("84715", "leading 0"),
])
def test_bad_codes_are_named(bad: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        normalize(bad)


def test_chapter_entry_covers_subheadings_not_the_reverse() -> None:
    _, controls = classify("8802 40 00")  # aeroplanes: EU Annex XI lists the whole chapter 88
    assert any(c.table == "eu_833_annex_xi" and c.code == "88" and c.how == "covers" for c in controls)
    _, broad = classify("8482")  # a heading query: CHPL lists only some ball/roller subheadings
    assert broad and all(c.how == "some subheadings" for c in broad)
    _, none = classify("8483.10")
    assert none == []


def test_chpl_table_agrees_with_published_file_row_for_row(shared_data: Path) -> None:
    path = shared_data / "export_control" / "chpl_2024-02_hs6_tiers.csv"
    with open(path, encoding="utf-8") as fh:
        published = {r["hs6"]: r["tier"].removeprefix("TIER_").replace("_", ".") for r in csv.DictReader(fh)}
    chpl = next(t for t in load_tables() if t.id == "chpl")
    ours = {e["code"]: e["tier"] for e in chpl.entries}
    assert len(ours) == 50
    assert ours == published


def test_every_table_cites_its_source() -> None:
    for table in load_tables():
        assert table.source and table.url.startswith("https://") and table.date[:4].isdigit()
        assert all(e["code"].isdigit() and e["description"] for e in table.entries)


@pytest.mark.parametrize(("description", "hs6"), [
    ("NVIDIA H100 80GB PCIe", "854231"), ("ball bearings 6205-2RS", "848210"), ("Xilinx FPGA", "854239"),
    ("u-blox GNSS receiver module", "852691"), ("Digital oscilloscope 200 MHz", "903020"),
])
def test_description_suggestions_with_evidence(description: str, hs6: str) -> None:
    found = suggest(description)
    assert any(s.hs6 == hs6 and s.evidence for s in found)


def test_declared_code_contradicting_description_is_flagged() -> None:
    why = mismatch(normalize("9403.60"), suggest("NVIDIA H100 80GB PCIe"))  # declared as furniture
    assert (why and "8542" in why) or "8473" in (why or "")
    assert mismatch(normalize("8473.30"), suggest("NVIDIA H100 80GB PCIe")) is None
    assert mismatch(normalize("9403.60"), suggest("oak office desk")) is None


ROW = {"shipment_id": "X", "shipper": "Northwind GmbH", "shipper_country": "DE", "consignee": "Test LLP",
       "consignee_country": "KZ", "destination_country": "KZ", "hs_code": "8473.30",
       "description": "NVIDIA H100 80GB PCIe"}


def test_gpu_to_kazakh_reseller_is_blocked(demo_matcher: Matcher) -> None:
    row = {**ROW, "consignee_established": "2026-07-01", "consignee_history": "none",
           "consignee_business": "furniture retail", "payment_country": "AE", "no_russia_clause": "no"}
    result = ShipmentScreener(demo_matcher.match).screen_row(row)
    codes = {f.code for f in result.flags}
    assert {"hub_destination", "no_history", "business_mismatch", "third_country_payment",
            "no_reexport_clause"} <= codes
    assert result.decision == "block"
    assert any(c.table == "advanced_computing" for c in result.controls)


def test_bearings_via_turkey_to_russian_end_user(demo_matcher: Matcher) -> None:
    row = {**ROW, "consignee_country": "TR", "destination_country": "TR", "transit_countries": "Georgia",
           "end_user": "OOO Promtekh", "end_user_country": "Russia", "hs_code": "848210",
           "description": "Ball bearings 6205-2RS"}
    result = ShipmentScreener(demo_matcher.match).screen_row(row)
    codes = {f.code for f in result.flags}
    assert {"hub_destination", "hub_transit", "restricted_destination", "end_user_differs"} <= codes
    assert result.decision == "block"


def test_exempt_medical_devices_are_not_flagged_as_controlled(demo_matcher: Matcher) -> None:
    row = {**ROW, "consignee_country": "AM", "destination_country": "AM", "hs_code": "9018.12",
           "description": "Ultrasound diagnostic system"}
    result = ShipmentScreener(demo_matcher.match).screen_row(row)
    assert result.exemption and result.controls == [] and result.decision == "clear"
    to_russia = ShipmentScreener(demo_matcher.match).screen_row({**row, "destination_country": "RU"})
    assert any(f.code == "restricted_destination" for f in to_russia.flags)  # route still checked


def test_listed_consignee_blocks(demo_matcher: Matcher) -> None:
    row = {**ROW, "consignee": "Huawei Technologies Co. Ltd", "consignee_country": "CN",
           "destination_country": "CN", "hs_code": "8517.62", "description": "network switches"}
    result = ShipmentScreener(demo_matcher.match).screen_row(row)
    assert result.party_hits and result.party_hits[0][0] == "consignee"
    assert result.decision == "block"


def test_unknown_code_is_a_row_error_not_a_crash(demo_matcher: Matcher) -> None:
    result = ShipmentScreener(demo_matcher.match).screen_row({**ROW, "hs_code": "77.01"})
    assert result.decision == "error" and "chapter 77" in (result.error or "")


def test_young_consignee_uses_dates() -> None:
    flags = route_flags({**ROW, "consignee_established": "2026-01-01"}, True, today=date(2026, 6, 1))
    assert any(f.code == "young_consignee" for f in flags)
    assert not route_flags({**ROW, "consignee_established": "2010-01-01", "destination_country": "DE"}, True,
                           today=date(2026, 6, 1))
