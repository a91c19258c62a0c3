"""Route and counterparty red flags, each with its weight and cited source."""

from __future__ import annotations

from datetime import date

import pytest

from redline.goods.routes import GoodsFacts, parse_countries, read_route, route_config, route_flags

TODAY = date(2026, 6, 1)
CONTROLLED = GoodsFacts(controlled=True, art12g=True, chapters=frozenset({"85"}))
PLAIN = GoodsFacts(controlled=False, chapters=frozenset({"61"}))
EXEMPT = GoodsFacts(controlled=False, exempt=True, chapters=frozenset({"90"}))
BASE = {"shipper_country": "DE", "consignee_country": "DE", "destination_country": "DE"}


def codes(row: dict[str, str], goods: GoodsFacts = CONTROLLED) -> list[str]:
    return [f.code for f in route_flags({**BASE, **row}, goods, today=TODAY)]


@pytest.mark.parametrize(("value", "expected"), [
    ("Kazakhstan", ("kz",)), ("Türkiye", ("tr",)), ("TR; GE", ("tr", "ge")), ("Georgia | Armenia", ("ge", "am")),
    ("Sevastopol", ("ua-cri",)), ("Crimea", ("ua-cri",)), ("DPR", ("ua-don",)), ("Korea, Republic of", ("kr",)),
    ("UAE, Kazakhstan", ("ae", "kz")), ("", ()),
])
def test_country_fields_are_read_as_codes(value: str, expected: tuple[str, ...]) -> None:
    assert parse_countries(value)[0] == expected


def test_unreadable_country_is_flagged_not_dropped() -> None:
    assert parse_countries("Narnia; KZ") == (("kz",), ("Narnia",))
    flags = route_flags({**BASE, "destination_country": "Narnia"}, PLAIN, today=TODAY)
    assert [f.code for f in flags] == ["unknown_country"] and "Narnia" in flags[0].detail


def test_destination_falls_back_to_consignee_country() -> None:
    assert read_route({"consignee_country": "KZ"}).destination == ["kz"]


def test_hubs_only_matter_for_controlled_goods() -> None:
    assert codes({"destination_country": "KZ", "consignee_country": "KZ"}) == ["hub_destination"]
    assert codes({"destination_country": "KZ", "consignee_country": "KZ"}, PLAIN) == []
    assert codes({"transit_countries": "AE;HK"}) == ["hub_transit", "hub_transit"]


@pytest.mark.parametrize(("goods", "expected"), [
    (CONTROLLED, "sanctioned_destination"), (PLAIN, "sanctioned_destination_other"), (EXEMPT, "exempt_to_sanctioned"),
])
def test_sanctioned_destination_is_checked_for_every_line(goods: GoodsFacts, expected: str) -> None:
    assert codes({"destination_country": "Russia", "consignee_country": "RU"}, goods) == [expected]


def test_occupied_territory_and_transit() -> None:
    assert "sanctioned_destination" in codes({"destination_country": "Sevastopol"})
    assert codes({"transit_countries": "Belarus"}) == ["sanctioned_transit"]
    assert codes({"transit_countries": "Belarus"}, PLAIN) == []


def test_end_user_in_russia_is_one_flag_with_the_end_user_difference() -> None:
    found = codes({"consignee_country": "TR", "destination_country": "TR", "end_user_country": "RU"})
    assert found == ["sanctioned_destination", "hub_destination", "end_user_differs"]


def test_young_consignee_uses_dates_and_ignores_garbage() -> None:
    assert "young_consignee" in codes({"consignee_established": "2026-01-01"})
    assert "young_consignee" not in codes({"consignee_established": "2010-01-01"})
    assert "young_consignee" not in codes({"consignee_established": "last spring"})
    assert "young_consignee" not in codes({"consignee_established": "2027-01-01"})  # future date: not evidence


def test_counterparty_columns_and_their_aliases() -> None:
    assert "no_history" in codes({"consignee_history": "none"})
    assert "no_history" in codes({"consignee_prior_orders": "No"})
    assert "no_history" not in codes({"consignee_history": "yes"})
    assert "business_mismatch" in codes({"consignee_business": "furniture retail"})
    assert "business_mismatch" not in codes({"consignee_business": "Electronics distribution"})
    assert "third_country_payment" in codes({"payment_country": "AE"})
    assert "third_country_payment" not in codes({"payer_country": "DE"})


def test_reexport_clause_follows_article_12g_scope() -> None:
    row = {"consignee_country": "KZ", "destination_country": "KZ", "reexport_clause": "no"}
    assert "no_reexport_clause" in codes(row)
    assert "no_reexport_clause" in codes({**row, "reexport_clause": "", "no_russia_clause": "missing"})
    assert "no_reexport_clause" not in codes({**row, "reexport_clause": "yes"})
    assert "no_reexport_clause" not in codes({**row, "destination_country": "JP", "consignee_country": "JP"})
    assert "no_reexport_clause" not in codes({**row, "shipper_country": "US"})  # not an EU exporter
    assert "no_reexport_clause" not in codes(row, GoodsFacts(controlled=True, art12g=False))


def test_every_flag_is_weighted_and_cites_public_guidance() -> None:
    cfg = route_config()
    for code, spec in cfg["flags"].items():
        assert int(spec["weight"]) > 0 and spec["source"] in cfg["sources"], code
    for code, source in cfg["diversion_hubs"].items():
        assert len(code) == 2 and source in cfg["sources"]
    assert {"am", "kz", "kg", "tr", "ae", "cn", "hk", "ge", "uz"} <= set(cfg["diversion_hubs"])
    flags = route_flags({**BASE, "destination_country": "KZ"}, CONTROLLED, today=TODAY)
    assert flags[0].source.startswith("FinCEN & BIS Joint Alert FIN-2022-Alert003")
