"""The OFAC 50 % rule and EU/UK variants on small hand-built graphs and on real FtM edges."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError
from redline.model import Query
from redline.ownership import Listing, load_csv, load_ftm
from redline.screeners.ownership import OwnershipScreener, file_lookup, fixed_lookup, matcher_lookup

ON = "2024-06-01"


def _csv(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "own.csv"
    path.write_text("owner,owned,percent,source\n" + rows, "utf-8")
    return path


def _screener(tmp_path: Path, rows: str, listed: tuple[str, ...], rule: str = "ofac") -> OwnershipScreener:
    graph = load_csv(_csv(tmp_path, rows))
    table = {n: [Listing(f"test:{n}", "test_list", "v1", n, 1.0, "given")] for n in listed}
    return OwnershipScreener(graph, [fixed_lookup(table)], rule=rule, on=ON)


def test_direct_fifty_percent_blocks_under_ofac_not_eu(tmp_path: Path) -> None:
    rows = "Listed Person,Alpha Ltd,50,registry\n"
    ofac = _screener(tmp_path, rows, ("Listed Person",))
    assert ofac.derivations["Alpha Ltd"].status == "owned"
    eu = _screener(tmp_path, rows, ("Listed Person",), rule="eu")
    assert "Alpha Ltd" not in eu.derivations  # EU needs more than 50 %


def test_indirect_chain_counts_blocked_entity_in_full(tmp_path: Path) -> None:
    # OFAC FAQ 401: A (blocked) 50 % of B → B blocked; B 50 % of C → C blocked (not 25 %)
    s = _screener(tmp_path, "A,B,50,r1\nB,C,50,r2\nC,D,10,r3\n", ("A",))
    assert s.derivations["B"].status == "owned"
    assert s.derivations["C"].status == "owned"
    assert "D" not in s.derivations
    assert [[(st.owner, st.asset, st.percent) for st in p] for p in s.paths("C")] == [
        [("A", "B", 50.0), ("B", "C", 50.0)]]


def test_aggregation_across_blocked_owners(tmp_path: Path) -> None:
    rows = "X,Target,25,r1\nY,Target,25,r2\nNobody,Target,50,r3\n"
    s = _screener(tmp_path, rows, ("X", "Y"))
    found = s.derivations["Target"]
    assert found.status == "owned" and found.share == 50.0
    text = s.explain("Target")
    assert "Owned 50 % in aggregate" in text and "25 % held by 'X'" in text and "25 % held by 'Y'" in text
    # EU/UK do not aggregate separate holdings: reported for review, not as a block
    eu = _screener(tmp_path, "X,Target,30,r1\nY,Target,30,r2\n", ("X", "Y"), rule="eu")
    assert eu.derivations["Target"].status == "presumed"
    assert any("adding up 2 listed owners" in f for f in eu.derivations["Target"].flags)


def test_below_threshold_is_not_blocked_and_says_so(tmp_path: Path) -> None:
    s = _screener(tmp_path, "X,Target,49.9,r1\nNobody,Target,50.1,r2\n", ("X",))
    assert "Target" not in s.derivations
    assert "is not blocked" in s.explain("Target")
    assert s.screen(Query("Target")) == []


def test_circular_ownership_terminates(tmp_path: Path) -> None:
    rows = "L,A,60,r1\nA,B,60,r2\nB,A,40,r3\nB,C,30,r4\nC,B,40,r5\nX,Y,50,r6\nY,X,50,r7\n"
    s = _screener(tmp_path, rows, ("L",))
    assert {n for n, d in s.derivations.items() if d.status == "owned"} == {"A", "B"}
    assert "C" not in s.derivations and "X" not in s.derivations
    assert all(len(p) <= 3 for p in s.paths("B"))


def test_unknown_percentage_is_presumed_and_flagged(tmp_path: Path) -> None:
    s = _screener(tmp_path, "L,Target,,r1\nOther,Target,30,r2\n", ("L",))
    found = s.derivations["Target"]
    assert found.status == "presumed" and found.share == 70.0
    assert any("percentage not given for 'L'; assumed up to 70 %" in f for f in found.flags)
    # when other owners' known shares leave too little, it is cleared
    cleared = _screener(tmp_path, "L,Target,,r1\nOther,Target,60,r2\n", ("L",))
    assert "Target" not in cleared.derivations
    # a presumed block propagates, flagged as relying on it
    chain = _screener(tmp_path, "L,Mid,,r1\nMid,Leaf,100,r2\n", ("L",))
    assert chain.derivations["Leaf"].status == "presumed"
    assert any("relies on 'Mid'" in f for f in chain.derivations["Leaf"].flags)


def test_control_counts_under_eu_only(tmp_path: Path) -> None:
    rows = "L,Target,control,board minutes\n"
    assert "Target" in _screener(tmp_path, rows, ("L",), rule="uk").derivations
    assert _screener(tmp_path, rows, ("L",), rule="uk").derivations["Target"].control
    assert "Target" not in _screener(tmp_path, rows, ("L",), rule="ofac").derivations


def test_hit_explains_itself(tmp_path: Path) -> None:
    s = _screener(tmp_path, "A,Holding,60,registry 2024\nHolding,Acme Trading,51,registry 2024\n", ("A",))
    hits = s.screen(Query("Acme Trading"))
    assert len(hits) == 1
    hit = hits[0]
    assert hit.entity_id == "ownership:Acme Trading" and hit.list == "ownership_ofac"
    assert hit.score == 0.95 and hit.list_version == "test_list@v1"
    reason = hit.reasons[0]
    assert reason.feature == "ownership"
    assert "'Acme Trading' is blocked by ownership under OFAC 50 % rule" in reason.detail
    assert "A [listed] —60 %→ Holding —51 %→ Acme Trading" in reason.detail
    assert "[source own.csv:3 (registry 2024)]" in reason.detail
    assert s.screen(Query("A")) == []  # the listed party itself is party screening's job


def test_picture_is_a_png(tmp_path: Path) -> None:
    s = _screener(tmp_path, "A,B,60,r\nC,B,10,r\nB,D,100,r\n", ("A",))
    out = s.write_png("D", tmp_path / "chain.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 2000


def test_bad_csv_names_line_and_field(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"own.csv, line 3, field 'percent'"):
        load_csv(_csv(tmp_path, "A,B,50,r\nA,C,lots,r\n"))


def test_real_zala_edges_history_and_file_flags() -> None:
    path = shared_file("opensanctions", "ftm", "zala_entities.ftm.json")
    graph = load_ftm(path)
    assert sum(e.kind == "ownership" for e in graph.edges) == 14
    sps = "NK-9Xa4Kg7Y7nfccE7VcZt6Q6"  # OOO "SPS": 75 % Zakharov 2020-01-10 .. 2022-11-22
    during = OwnershipScreener(graph, [file_lookup()], on="2020-06-01")
    assert during.derivations[sps].status == "owned"
    assert "Aleksandr Vyacheslavovich Zakharov [listed] —75 %→" in during.explain(sps)
    after = OwnershipScreener(graph, [file_lookup()], on="2024-06-01")
    assert sps not in after.derivations  # the holding ended
    izh = "NK-56Edov9bas9puzaChH5pBy"  # Izhtelecom: Zakharov, share not given, 2002..2012
    early = OwnershipScreener(graph, [file_lookup()], on="2010-01-01")
    assert early.derivations[izh].status == "presumed"
    hits = early.screen(Query('ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ИЖТЕЛЕКОМ"'))
    assert [h.entity_id for h in hits] == [f"ownership:{izh}"] and hits[0].score == 0.85


def test_listed_by_name_through_the_matcher(tmp_path: Path, demo_matcher) -> None:  # type: ignore[no-untyped-def]
    rows = "PJSC Sberbank,Sber Leasing LLC,100,registry\nSber Leasing LLC,Sber Fleet LLC,50,registry\n"
    graph = load_csv(_csv(tmp_path, rows))
    s = OwnershipScreener(graph, [matcher_lookup(demo_matcher)], on=ON)
    assert s.listed["PJSC Sberbank"][0].entity_id == "demo:sberbank"
    hit = s.screen(Query("Sber Fleet"))[0]
    assert hit.caption == "Sber Fleet LLC" and hit.list_version == "demo@demo@test"
    assert "PJSC Sberbank [listed] —100 %→ Sber Leasing LLC —50 %→ Sber Fleet LLC" in hit.reasons[0].detail


def test_each_rule_counts_only_its_own_jurisdictions_lists(tmp_path: Path) -> None:
    """An EU-only designation blocks nothing under the OFAC 50 % rule, and says so."""
    graph = load_csv(_csv(tmp_path, "EU Listed,Alpha Ltd,60,registry\nSDN Listed,Beta Ltd,60,registry\n"))
    table = {"EU Listed": [Listing("eu_fsf:1", "eu_fsf", "v1", "EU Listed", 1.0, "given")],
             "SDN Listed": [Listing("ofac_sdn:2", "ofac_sdn", "v1", "SDN Listed", 1.0, "given")]}
    ofac = OwnershipScreener(graph, [fixed_lookup(table)], rule="ofac", on=ON)
    assert "Alpha Ltd" not in ofac.derivations and ofac.derivations["Beta Ltd"].status == "owned"
    assert [item.entity_id for item in ofac.not_counted["EU Listed"]] == ["eu_fsf:1"]
    eu = OwnershipScreener(graph, [fixed_lookup(table)], rule="eu", on=ON)
    assert eu.derivations["Alpha Ltd"].status == "owned" and "Beta Ltd" not in eu.derivations
