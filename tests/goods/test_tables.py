"""The shipped control tables against their sources, and classify's prefix logic."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

from redline.errors import QueryError
from redline.goods.hs import normalize
from redline.goods.tables import classify, classify_code, load_tables

TABLES_DIR = Path(__file__).resolve().parents[2] / "src" / "redline" / "goods" / "data" / "tables"

EXPECTED_ROWS = {"chpl": 50, "advanced_computing": 5, "eu_833_annex_xi": 6, "eu_833_annex_x": 4,
                 "eu_833_annex_xxiii": 7, "ear_746_supplements": 9}


def _table(table_id: str):  # type: ignore[no-untyped-def]
    return next(t for t in load_tables() if t.id == table_id)


def test_chpl_agrees_with_the_shared_file_row_for_row(shared_data: Path) -> None:
    path = shared_data / "export_control" / "chpl_2024-02_hs6_tiers.csv"
    if not path.exists():
        pytest.skip(f"real file not available: {path}")
    with open(path, encoding="utf-8") as fh:
        published = [(r["hs6"], r["tier"].removeprefix("TIER_").replace("_", ".")) for r in csv.DictReader(fh)]
    ours = [(e.code, e.label.removeprefix("tier ")) for e in _table("chpl").entries]
    assert len(published) == 50
    assert sorted(ours) == sorted(published)
    tiers = {t: sum(1 for _, x in ours if x == t) for t in ("1", "2", "3.A", "3.B", "4.A", "4.B")}
    assert tiers == {"1": 4, "2": 5, "3.A": 16, "3.B": 9, "4.A": 11, "4.B": 5}  # as SOURCES.md counts them


def test_row_counts_and_citations_of_every_table() -> None:
    tables = {t.id: t for t in load_tables()}
    assert {k: len(tables[k].entries) for k in EXPECTED_ROWS} == EXPECTED_ROWS
    for t in tables.values():
        assert t.source and t.url.startswith("https://") and t.date[:4].isdigit() and t.measure
        assert len({e.code for e in t.entries}) == len(t.entries), f"{t.id} has duplicate codes"
        if t.status == "unverified-excerpt":
            assert t.partial and not any(e.verified for e in t.entries)
    assert not tables["chpl"].partial and tables["chpl"].art12g
    assert tables["eu_833_annex_xxiii"].partial and tables["ear_746_supplements"].partial


@pytest.mark.parametrize(("table_id", "code", "label", "words"), [
    ("chpl", "854231", "tier 1", "processors"),
    ("chpl", "848210", "tier 3.B", "Ball bearings"),
    ("chpl", "903020", "tier 4.A", "Oscilloscopes"),
    ("chpl", "845961", "tier 4.B", "Milling"),
    ("eu_833_annex_xi", "88", "annex XI", "aircraft"),
    ("eu_833_annex_xi", "401130", "annex XI", "aircraft"),
    ("advanced_computing", "854231", "category 3A090", "GPUs"),
    ("ear_746_supplements", "890520", "supplement Supp. 2", "drilling"),
])
def test_sample_rows(table_id: str, code: str, label: str, words: str) -> None:
    entry = next(e for e in _table(table_id).entries if e.code == code)
    assert entry.label == label and words.lower() in entry.description.lower()


def test_entry_covers_its_subheadings_at_every_length() -> None:
    for written in ("8542.31", "8542 31 00", "8542.31.00.90"):
        found = classify(written)
        assert {(c.table, c.code, c.how) for c in found.controls} >= {("chpl", "854231", "covers")}
        assert found.controlled


def test_chapter_entry_covers_everything_below_it() -> None:
    found = classify("8802 40 00")  # aeroplanes > 15,000 kg: Annex XI lists the whole of chapter 88
    assert any(c.table == "eu_833_annex_xi" and c.code == "88" and c.how == "covers" for c in found.controls)


def test_broader_query_is_only_partly_listed() -> None:
    found = classify("8482")  # bearings heading: CHPL lists four of its subheadings, not the heading
    assert found.controls and all(c.how == "some subheadings" for c in found.controls)
    assert not found.controlled
    assert {c.code for c in found.controls} == {"848210", "848220", "848230", "848250"}


def test_unlisted_neighbours_stay_clear() -> None:
    assert classify("8482.40").controls == ()  # needle roller bearings: not on CHPL
    assert classify("8483.10").controls == ()
    assert classify("6109.10").controls == ()  # T-shirts


def test_most_specific_entries_come_first() -> None:
    codes = [c.code for c in classify("8802.40").controls if c.how == "covers"]
    assert codes == sorted(codes, key=len, reverse=True)


def test_medical_exemption_suppresses_broader_controls_only() -> None:
    found = classify("9018.12")
    assert found.exemption and "9018" in found.exemption and found.controls == () and not found.controlled
    assert classify("3004.90").exemption
    assert classify("9022.19").exemption is None  # industrial X-ray is not in the exempt subheadings


def test_unverified_rows_say_so_in_the_reason() -> None:
    reason = next(c for c in classify("8905.20").controls if c.table == "ear_746_supplements").reason
    assert "unverified" in reason


@pytest.mark.parametrize("bad", ["7701", "abc", "85423", ""])
def test_classify_refuses_bad_codes(bad: str) -> None:
    with pytest.raises(QueryError):
        classify(bad)


def test_classification_json_shape() -> None:
    data = classify_code(normalize("848210")).to_dict()
    assert data["formatted"] == "8482.10" and data["controlled"] is True
    assert data["controls"][0]["reason"] and "eu_833_annex_xxiii" in data["partial_tables"]



# Rows confirmed against a published official text, with where they appear. Supplement No. 2
# to part 746 para. (a) as revised by 89 FR 51644 (FR Doc. 2024-13148) at 89 FR 51665 names
# these HTS-6 codes as listed in both Supplement No. 2 and Supplement No. 4.
@pytest.mark.parametrize(("table_id", "code", "label", "words"), [
    ("ear_746_supplements", "730424", "supplement Supp. 2", "stainless steel"),
    ("ear_746_supplements", "841350", "supplement Supp. 2", "reciprocating positive displacement pumps"),
    ("ear_746_supplements", "843049", "supplement Supp. 2", "boring or sinking machinery"),
    ("ear_746_supplements", "843143", "supplement Supp. 2", "8430.41 or 8430.49"),
])
def test_verified_rows_against_their_published_source(table_id: str, code: str, label: str, words: str) -> None:
    entry = next(e for e in _table(table_id).entries if e.code == code)
    assert entry.verified and entry.label == label and words.lower() in entry.description.lower()
    raw = _raw_rows(table_id)[code]
    assert "89 FR 51644" in raw["citation"] and "2024-13148" in raw["citation"] and "51665" in raw["citation"]
    assert code in raw["citation"]


def _raw_rows(table_id: str) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((TABLES_DIR / f"{table_id}.yaml").read_text("utf-8"))
    return {str(r["code"]).replace(" ", ""): r for r in data["entries"]}


def test_every_row_verified_by_hand_carries_a_citation() -> None:
    """A row flagged verified: true must say where it appears in the published text; a table
    checked row by row (any row with a verified flag) must flag every row one way or the other."""
    seen = 0
    for path in sorted(TABLES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        rows = data["entries"]
        if not any("verified" in r for r in rows):
            continue  # verified as a whole (chpl: against the shared CSV) or an hs-mapping
        for r in rows:
            assert isinstance(r.get("verified"), bool), f"{path.name} {r['code']}: no verified flag"
            if r["verified"]:
                seen += 1
                citation = str(r.get("citation", "")).strip()
                assert len(citation) > 20, f"{path.name} {r['code']}: verified without a citation"
            else:
                assert "citation" not in r, f"{path.name} {r['code']}: citation on an unverified row"
    assert seen >= 4
    ear = _table("ear_746_supplements")
    assert sorted(e.code for e in ear.entries if e.verified) == ["730424", "841350", "843049", "843143"]
    assert ear.partial and ear.status != "transcribed"
