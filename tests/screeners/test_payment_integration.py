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


def _held_entities(result) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(h.kind, h.path, h.list_hit.entity_id) for h in result.hits if h.list_hit and h.severity == "hold"}


def test_listed_parties_named_in_free_text_hold(screener: PaymentScreener) -> None:
    """"On behalf of" and "for further credit to" name the real party in free text."""
    clean = MT103.replace("GERMAN GREF", "ANNA SCHMIDT").replace(
        ":70:CONSULTING FEES Q3", ":70:ON BEHALF OF PJSC SBERBANK\nINV 2025-77")
    message = clean.replace(":71A:SHA", ":71A:SHA\n:72:/BNF/FOR FURTHER CREDIT TO HERMAN\n//GREF")
    result = screener.screen_bytes(message.encode(), "mt103.fin")[0]
    held = _held_entities(result)
    assert ("mention", ":70:", "demo:sberbank") in held, [h.to_dict() for h in result.hits]
    assert ("mention", ":72:", "demo:gref") in held
    assert result.decision == "hold"


def test_a_name_wrapped_onto_the_next_line_is_read_whole(screener: PaymentScreener) -> None:
    for name in ("PUBLIC JOINT STOCK COMPANY\nSOVCOMFLOT", "MR\nHERMAN OSKAROVICH GREF"):
        message = MT103.replace("GERMAN GREF", name)
        result = screener.screen_bytes(message.encode(), "mt103.fin")[0]
        assert result.decision == "hold" and any(h.path == ":59:" and h.kind == "party" for h in result.hits), name
    # the next line is an address (it has a number): the name is read alone
    clean = screener.screen_bytes(MT103.replace("GERMAN GREF", "ANNA SCHMIDT").encode(), "mt103.fin")[0]
    assert clean.decision == "pass"


def test_one_bad_message_in_a_batch_hides_none_of_the_others(screener: PaymentScreener) -> None:
    mt940 = MT103.replace("{2:I103", "{2:I940")
    batch = "$".join([MT103.replace("GERMAN GREF", "ANNA SCHMIDT"), MT103, mt940])
    results = screener.screen_bytes(batch.encode(), "batch.rje")
    assert [r.decision for r in results] == ["pass", "hold", "error"]
    assert "#3" in results[2].source and "MT940" in (results[2].error or "")
