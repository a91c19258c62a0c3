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


def test_a_listed_name_opening_a_line_is_found_unless_it_is_a_dictionary_word() -> None:
    """Invoices put names after "Buyer:" or at the start of a line; a name listed by four
    publishers is no rare token, but no dictionary knows it either ("Level" is prose)."""
    screener = DocumentScreener(matcher_of([
        *((key, "Company", name) for key, name in (
            ("a", "Rosoboronexport"), ("b", "JSC Rosoboronexport"), ("c", "Rosoboronexport OAO"),
            ("d", "AO Rosoboronexport"), ("e", "Rosoboronexport JSC"))),
        ("level", "Company", "Level"), ("level2", "Company", "Level LLC"), ("level3", "Company", "Level OOO"),
        ("level4", "Company", "Level GmbH"),
        *((f"filler{n}", "Company", f"{word} {kind}") for n, (word, kind) in enumerate(
            (w, k) for w in ("Almaz", "Zenit", "Kupol", "Vympel", "Tikhomirov", "Splav", "Start", "Signal")
            for k in ("Trading", "Logistics", "Holding", "Engineering", "Systems"))),
    ]))
    found = {m.entity_id for m in screener.screen_text("Buyer: Rosoboronexport\nLevel 3 of the building.").mentions}
    assert "t:a" in found and not {f for f in found if f.startswith("t:level")}
