"""A query typed as a person meets people, and entries the list does not type, unless
their name says they are companies."""

from __future__ import annotations

from small_lists import matcher_of

from redline.model import Query


def _found(query: str, schema: str, listed: str) -> float:
    matcher = matcher_of([("x", "LegalEntity", listed), ("filler", "Company", "Rosneft Trading SA")])
    hits = matcher.match(Query(query, schema), threshold=0.5)
    return next((h.score for h in hits if h.entity_id == "t:x"), 0.0)


def test_a_person_is_not_an_untyped_entry_named_with_a_legal_form() -> None:
    company = "Yun Cong Information Technology Co. Ltd."
    assert _found("Yun Cong Information Technology", "Person", company) == 0.0
    assert _found("Yun Cong Information Technology", "LegalEntity", company) >= 0.8
    # without a legal form the untyped entry may be a person: it stays a candidate
    assert _found("Yun Cong Information Technology", "Person", "Yun Cong Information Technology") >= 0.9


def test_a_company_typed_as_a_person_still_meets_the_company() -> None:
    company = "Yun Cong Information Technology Co. Ltd."
    assert _found(company, "Person", company) >= 0.9
