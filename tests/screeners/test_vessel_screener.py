"""VesselScreener: identifiers, identity history, and the real EU 833 vessel annex."""

from __future__ import annotations

import pytest
from shared_paths import shared_file

from redline.errors import QueryError
from redline.maritime.positions import StaticRecord
from redline.model import Entity, Hit, Identifier, Name, Query, Reason
from redline.screeners.vessel import VesselScreener


def _vessel(eid: str, name: str, imo: str | None = None, **kw) -> Entity:  # type: ignore[no-untyped-def]
    ids = [Identifier("imo", imo, label="IMO")] if imo else []
    return Entity(id=f"test:{eid}", list="test", source_id=eid, schema="Vessel", names=[Name(name)],
                  identifiers=ids + kw.pop("ids", []), **kw)


ENTITIES = [
    _vessel("1", "OCEAN STAR", "9176187", properties={"flag": ["Panama"], "owner": ["Star Shipping LLC"]}),
    _vessel("2", "SEA GLORY", remarks="Vessel Registration Identification IMO 9321483; former name NORD."),
    _vessel("3", "RIVER QUEEN", ids=[Identifier("mmsi", "273123456"), Identifier("call_sign", "UBXY7")]),
    Entity(id="test:4", list="test", source_id="4", schema="Company", names=[Name("SHIPCO IMO 9176187")]),
]


def no_names(query: Query) -> list[Hit]:
    return []


def test_imo_exact_hit_scores_one_and_explains() -> None:
    (hit,) = VesselScreener(ENTITIES, no_names, {"test": "v1"}).screen(imo="IMO 9176187")
    assert (hit.entity_id, hit.score, hit.list_version) == ("test:1", 1.0, "v1")
    assert hit.reasons[0].feature == "identifier.imo" and "check digit" in hit.reasons[0].detail


def test_imo_in_remarks_mmsi_and_call_sign() -> None:
    screener = VesselScreener(ENTITIES, no_names)
    assert [h.entity_id for h in screener.screen(imo="9321483")] == ["test:2"]
    assert [h.entity_id for h in screener.screen(mmsi="273123456")] == ["test:3"]
    assert [h.entity_id for h in screener.screen(call_sign="ubxy7")] == ["test:3"]
    assert screener.screen(imo="9305609") == []
    assert screener.vessels == 3  # the company with an 'IMO' in its name is not a vessel


def test_invalid_identifiers_are_query_errors() -> None:
    screener = VesselScreener(ENTITIES, no_names)
    with pytest.raises(QueryError, match="last digit"):
        screener.screen(imo="9176188")
    with pytest.raises(QueryError, match="9 digits"):
        screener.screen(mmsi="12345")
    with pytest.raises(QueryError):
        screener.screen()


def test_renamed_and_reflagged_ship_found_through_ais_history() -> None:
    """AIS shows IMO 9176187 now as 'NEW DAWN' under a Comoros MMSI; a second list knows the
    ship only by its old name, which the identity history screens by name."""
    seen: list[Query] = []

    def party(query: Query) -> list[Hit]:
        seen.append(query)
        if query.name == "OCEAN STAR":
            return [Hit("other:9", "other", "v2", "Vessel", "OCEAN STAR", 0.93, "OCEAN STAR", query.name,
                        [Reason("name", 0.93, "name match")])]
        return []

    ais = [StaticRecord(mmsi=616_000_001, imo="9176187", name="NEW DAWN", call_sign="D6XX1", imo_valid=True)]
    hits, identity = VesselScreener(ENTITIES, party).investigate(imo="9176187", ais_static=ais)
    assert [h.entity_id for h in hits] == ["test:1", "other:9"]
    assert {q.name for q in seen} >= {"OCEAN STAR", "NEW DAWN"}
    assert all(q.schema == "Vessel" for q in seen)
    assert set(identity.flags) == {"pa", "km"}
    assert "Star Shipping LLC" in identity.owners and "616000001" in identity.mmsis


def test_real_eu833_vessel_annex() -> None:
    from redline.sources.eu833 import read_eu833

    entities = list(read_eu833(shared_file("eu", "journal_sanctions", "32014R0833.csv")))
    vessels = [e for e in entities if e.schema == "Vessel"]
    assert len(vessels) > 500
    screener = VesselScreener(entities, no_names)
    target = next(e for e in vessels if any(i.type == "imo" for i in e.identifiers))
    imo = next(i.value for i in target.identifiers if i.type == "imo")
    hits = screener.screen(imo=imo)
    assert target.id in [h.entity_id for h in hits] and hits[0].score == 1.0
