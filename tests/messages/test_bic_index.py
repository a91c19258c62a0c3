"""BIC index: a listed BIC8 covers every branch; a listed branch is matched exactly."""

from __future__ import annotations

from redline.messages.bic_index import BRANCH_OF_LISTED_SCORE, BicIndex
from redline.model import Entity, Identifier, Name


def _bank(entity_id: str, *bics: str, list_name: str = "ofac_sdn") -> Entity:
    return Entity(id=entity_id, list=list_name, source_id=entity_id.split(":")[1],
                  schema="Organization", names=[Name(f"Bank {entity_id}")],
                  identifiers=[Identifier("bic", b) for b in bics])


def _index() -> BicIndex:
    return BicIndex([
        _bank("ofac_sdn:1", "SABRRUMM"),                       # BIC8: whole institution
        _bank("ofac_sdn:2", "BKCHCNBJ300"),                   # one branch only
        _bank("eu_fsf:3", "MELIIRTHXXX", list_name="eu_fsf"),  # head office BIC11
        _bank("ofac_sdn:4", "not a bic", "12345678"),          # junk ignored
        Entity(id="ofac_sdn:5", list="ofac_sdn", source_id="5", schema="Organization",
               names=[Name("No BIC Bank")], identifiers=[Identifier("swift", "XXXXXXXX")]),
    ], versions={"ofac_sdn": "ofac_sdn@2024-05-01", "eu_fsf": "eu_fsf@2024-05-02"})


def test_bic8_listing_covers_branches_and_head_office():
    index = _index()
    assert len(index) == 3
    for query in ("SABRRUMM", "SABRRUMMXXX", "SABRRUMM012", "sabr rumm 012"):
        (hit,) = index.lookup(query)
        assert hit.entity_id == "ofac_sdn:1" and hit.score == 1.0
        assert hit.list_version == "ofac_sdn@2024-05-01"
        assert hit.reasons[0].feature == "bic" and hit.reasons[0].listed_value == "SABRRUMM"
        assert hit.entity is not None and hit.caption == "Bank ofac_sdn:1"
    (head,) = index.lookup("MELIIRTH123")
    assert head.entity_id == "eu_fsf:3" and head.list == "eu_fsf" and head.score == 1.0


def test_listed_branch_exact_and_sibling_lower_score():
    index = _index()
    (exact,) = index.lookup("BKCHCNBJ300")
    assert exact.score == 1.0 and "listed BIC" in exact.reasons[0].detail
    (sibling,) = index.lookup("BKCHCNBJXXX")
    assert sibling.score == BRANCH_OF_LISTED_SCORE


def test_unlisted_and_malformed_queries():
    index = _index()
    assert index.lookup("DEUTDEFF") == []
    assert index.lookup("SABRRU") == []
    assert index.lookup("") == []
