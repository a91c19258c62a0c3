"""Realistic shipment lines through the goods screener, with the flags they must raise.

``screen_party=lambda q: []`` is used where only goods and route logic are asserted; the
party test uses the real matcher over the demo list.
"""

from __future__ import annotations

from datetime import date

from redline.match.matcher import Matcher
from redline.model import Query
from redline.screeners.goods import ShipmentScreener

TODAY = date(2026, 9, 1)
SHIPPER = {"shipper": "Northwind Maschinenbau GmbH", "shipper_country": "DE"}


def screen(row: dict[str, str]):  # type: ignore[no-untyped-def]
    return ShipmentScreener(lambda q: [], today=TODAY).screen_row({**SHIPPER, **row})


def flag_codes(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.code for f in result.flags}


def test_gpus_to_a_young_kazakh_reseller_are_blocked() -> None:
    result = screen({"shipment_id": "S-1", "consignee": "Astana Digital Solutions LLP", "consignee_country": "KZ",
                     "destination_country": "Kazakhstan", "hs_code": "8542.31.00",
                     "description": "NVIDIA H100 80GB PCIe", "consignee_established": "2026-03-01",
                     "consignee_history": "none", "consignee_business": "furniture retail",
                     "payment_country": "AE", "reexport_clause": "no"})
    assert {"hub_destination", "young_consignee", "no_history", "business_mismatch", "third_country_payment",
            "no_reexport_clause"} <= flag_codes(result)
    assert {c.table for c in result.controls} >= {"chpl", "advanced_computing"}
    assert result.decision == "block" and result.score == sum(f.weight for f in result.flags)


def test_gpus_declared_as_furniture_are_not_trusted() -> None:
    result = screen({"shipment_id": "S-1b", "consignee": "Astana Digital", "consignee_country": "KZ",
                     "hs_code": "9403.60", "description": "NVIDIA H100 80GB PCIe"})
    assert {"declared_code_mismatch", "hub_destination"} <= flag_codes(result)
    assert result.decision == "review"


def test_bearings_via_turkiye_for_a_russian_end_user_are_blocked() -> None:
    result = screen({"shipment_id": "S-2", "consignee": "Anadolu Rulman Ticaret A.S.", "consignee_country": "TR",
                     "end_user": "OOO Promtekh", "end_user_country": "Russia", "destination_country": "Türkiye",
                     "transit_countries": "Georgia", "hs_code": "848210", "description": "Ball bearings 6205-2RS"})
    assert {"sanctioned_destination", "hub_destination", "hub_transit", "end_user_differs"} <= flag_codes(result)
    assert any(c.table == "chpl" and c.label == "tier 3.B" for c in result.controls)
    assert result.decision == "block"


def test_bearings_without_a_code_are_found_from_the_description() -> None:
    result = screen({"shipment_id": "S-2b", "consignee": "Anadolu Rulman", "consignee_country": "TR",
                     "transit_countries": "GE", "hs_code": "", "description": "SKF ball bearings 6305-2RS"})
    assert {"hub_destination", "hub_transit"} <= flag_codes(result) and result.decision == "review"
    assert any(c.via.startswith("description") for c in result.controls)


def test_exempt_medical_devices_are_not_controlled_but_still_route_checked() -> None:
    row = {"shipment_id": "S-3", "consignee": "Clinic Partners Yerevan", "consignee_country": "AM",
           "destination_country": "AM", "hs_code": "9018.12", "description": "Ultrasound diagnostic system",
           "consignee_established": "2026-08-01"}
    result = screen(row)
    assert result.exemption and result.controls == [] and result.flags == [] and result.decision == "clear"
    to_russia = screen({**row, "destination_country": "RU", "consignee_country": "RU"})
    assert flag_codes(to_russia) == {"exempt_to_sanctioned"} and to_russia.decision == "review"
    pharma = screen({**row, "hs_code": "3004.90", "description": "insulin", "transit_countries": "Belarus"})
    assert pharma.exemption and pharma.flags == []


def test_plain_goods_to_a_hub_are_clear() -> None:
    result = screen({"shipment_id": "S-4", "consignee": "Almaty Textile", "consignee_country": "KZ",
                     "hs_code": "6109.10", "description": "cotton T-shirts", "payment_country": "AE"})
    assert result.flags == [] and result.decision == "clear"


def test_bad_input_becomes_a_reported_review_not_a_crash() -> None:
    result = screen({"shipment_id": "S-5", "consignee": "X", "consignee_country": "Narnia", "hs_code": "77.01",
                     "description": ""})
    assert result.decision == "review" and "chapter 77" in (result.error or "")
    assert {"invalid_hs_code", "unknown_country", "goods_unidentified"} <= flag_codes(result)


def test_party_hits_keep_their_field(demo_matcher: Matcher) -> None:
    screener = ShipmentScreener(demo_matcher.match, today=TODAY)
    result = screener.screen_row({**SHIPPER, "shipment_id": "S-6", "consignee": "Huawei Technologies Co. Ltd",
                                  "consignee_country": "CN", "hs_code": "8517.62", "description": "network switches"})
    assert result.party_hits and {p.field for p in result.party_hits} == {"consignee"}
    assert "party_hit" in flag_codes(result) and result.decision == "block"
    data = result.to_dict()
    assert data["party_hits"][0]["field"] == "consignee" and data["party_hits"][0]["entity_id"]


def test_party_queries_carry_country_and_are_remembered() -> None:
    seen: list[Query] = []

    def record(query: Query) -> list:  # type: ignore[type-arg]
        seen.append(query)
        return []

    screener = ShipmentScreener(record, today=TODAY)
    row = {**SHIPPER, "consignee": "Astana  Digital", "consignee_country": "Kazakhstan", "end_user": "OOO Promtekh",
           "end_user_country": "RU", "hs_code": "6109.10"}
    screener.screen_row(row)
    screener.screen_row(row)
    assert [(q.name, q.countries) for q in seen] == [("Northwind Maschinenbau GmbH", ["de"]),
                                                     ("Astana Digital", ["kz"]), ("OOO Promtekh", ["ru"])]


def test_result_serialises_for_machines() -> None:
    result = screen({"shipment_id": "S-7", "consignee_country": "KZ", "hs_code": "8542.39", "description": "FPGA"})
    data, row = result.to_dict(), result.to_row()
    assert data["goods"]["formatted"] == "8542.39" and data["flags"][0]["source"]
    assert row["controlled"] is True and "hub_destination(+35)" in row["flags"] and row["explanation"]
