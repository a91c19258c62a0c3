"""Payment screening wired to the real matcher and BIC index over the demo list."""

from __future__ import annotations

from pathlib import Path

import pytest

from redline.engine import Engine
from redline.screeners.payment import PaymentScreener
from redline.services import payment_screener
from redline.updater import load_demo

MT103 = """{1:F01DEUTDEFFAXXX0000000000}{2:I103HSBCHKHHXXXXN}{3:{121:e3b5c6d2-6f1a-4f5e-9a7b-1c2d3e4f5a6b}}{4:
:20:REF-88231
:23B:CRED
:32A:261128USD250000,00
:50K:/DE89370400440532013000
NORTHWIND MASCHINENBAU GMBH
INDUSTRIESTRASSE 12
70565 STUTTGART DE
:57A:HSBCHKHHXXX
:59:/HK12345678901234
GERMAN GREF
QUEENS ROAD 1
HONG KONG
:70:CONSULTING FEES Q3
:71A:SHA
-}"""


@pytest.fixture()
def screener(redline_home: Path) -> PaymentScreener:
    engine = Engine()
    load_demo(engine.store)
    return payment_screener(engine)


def test_listed_person_as_beneficiary_holds_with_field_path(screener: PaymentScreener) -> None:
    result = screener.screen_bytes(MT103.encode(), "mt103.fin")[0]
    assert result.decision == "hold"
    names = [h for h in result.hits if h.list_hit is not None and h.list_hit.entity_id == "demo:gref"]
    assert names, [h.to_dict() for h in result.hits]
    assert ":59:" in names[0].path
    assert result.list_versions["demo"].startswith("demo@")


def test_clean_payment_passes(screener: PaymentScreener) -> None:
    clean = MT103.replace("GERMAN GREF", "ANNA SCHMIDT")
    result = screener.screen_bytes(clean.encode(), "mt103.fin")[0]
    assert result.decision == "pass", [h.to_dict() for h in result.hits]


def test_listed_bank_branch_bic_holds(screener: PaymentScreener) -> None:
    message = MT103.replace(":57A:HSBCHKHHXXX", ":57A:SABRRUMM012").replace("GERMAN GREF", "ANNA SCHMIDT")
    result = screener.screen_bytes(message.encode(), "mt103.fin")[0]
    assert result.decision == "hold"
    assert any(h.list_hit and h.list_hit.entity_id == "demo:sberbank" and ":57A:" in h.path for h in result.hits)


def test_bad_message_in_batch_is_an_error_not_a_crash(screener: PaymentScreener, tmp_path: Path) -> None:
    good = tmp_path / "good.fin"
    good.write_text(MT103)
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Document>&a;</Document>')
    results = [r for path in (bad, good) for r in screener.screen_file(path)]
    assert results[0].decision == "error" and "DOCTYPE" in (results[0].error or "")
    assert results[1].decision == "hold"
