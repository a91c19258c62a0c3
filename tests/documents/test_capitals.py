"""Text all in capitals (SWIFT free text, telexes): no capital letter tells a name from a
description, so everyday words name a party only when written exactly as a listed name."""

from __future__ import annotations

import pytest
from small_lists import matcher_of

from redline.screeners.document import DocumentScreener


@pytest.fixture(scope="module")
def screener() -> DocumentScreener:
    return DocumentScreener(matcher_of([
        ("components", "Company", "Electronic Components Industries"),
        ("pipes", "Company", "State Steel Pipes Company"),
        ("ourea", "Organization", "OUREA"),
        ("pct", "Company", "PCT"),
        ("sberbank", "Company", "Sberbank"),
        ("steel", "Company", "Steel Pipes"),
        ("vekselberg", "Person", "Viktor Feliksovich VEKSELBERG"),
    ]))


def _named(screener: DocumentScreener, text: str) -> set[str]:
    return {m.entity_id for m in screener.screen_text(text).mentions}


@pytest.mark.parametrize("text", [
    "/INV/88123 ELECTRONIC COMPONENTS", "ADVANCE PAYMENT FOR STEEL PIPE", "FERTILIZER UREA 5000 MT",
    "GRAIN WHEAT 12.5 PCT PROTEIN",
])
def test_descriptions_in_capitals_name_nobody(screener: DocumentScreener, text: str) -> None:
    assert _named(screener, text) == set()


def test_names_in_capitals_are_still_found(screener: DocumentScreener) -> None:
    assert _named(screener, "INV 2025-77 ULTIMATE PAYER SBERBANK") == {"t:sberbank"}
    assert _named(screener, "FOR FURTHER CREDIT TO VIKTOR VEKSELBERG") == {"t:vekselberg"}
    assert _named(screener, "ADVANCE PAYMENT FOR STEEL PIPES") == {"t:steel"}  # written as listed


def test_mixed_case_text_keeps_its_capital_evidence(screener: DocumentScreener) -> None:
    assert "t:components" in _named(screener, "Supplied by Electronic Components Industries of Tehran")
