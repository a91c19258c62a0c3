"""The OFAC format registry entries: what mirror discovery sees."""

from __future__ import annotations

import json
from pathlib import Path

from shared_paths import shared_file

from redline.model import Entity
from redline.sources.base import ListFormat
from redline.sources.ofac import FORMATS

SAMPLE = Path(__file__).parent / "fixtures" / "sdn_advanced_sample.xml"


def _format(list_name: str, fmt: str) -> ListFormat:
    return next(f for f in FORMATS if f.list_name == list_name and f.format == fmt)


def test_formats_and_priorities() -> None:
    table = {(f.list_name, f.main_file): f.priority for f in FORMATS}
    assert table == {
        ("ofac_sdn", "sdn_advanced.xml"): 3, ("ofac_sdn", "sdn.xml"): 2,
        ("ofac_sdn", "sdn.csv"): 1, ("ofac_cons", "cons_advanced.xml"): 3,
        ("ofac_cons", "consolidated.xml"): 2, ("ofac_cons", "cons_prim.csv"): 1,
    }
    assert _format("ofac_sdn", "ofac_csv").companions == ("add.csv", "alt.csv",
                                                          "sdn_comments.csv")
    assert _format("ofac_cons", "ofac_csv").companions == ("cons_add.csv", "cons_alt.csv",
                                                           "cons_comments.csv")


def test_consolidated_sniff_tells_ofac_from_un() -> None:
    fmt = _format("ofac_cons", "ofac_xml")
    assert fmt.sniff is not None and fmt.snapshot_date is not None
    ofac = shared_file("ofac", "cons_non_sdn_xml_2024-05-06", "consolidated.xml")
    assert fmt.sniff(ofac) and fmt.snapshot_date(ofac) == "2024-05-06"
    assert not fmt.sniff(shared_file("un", "UN_consolidated_2024-05-15.xml"))


def test_readers_round_trip_through_json() -> None:
    """Entities leave the reader ready for the store: JSON in, identical entity out."""
    cons = shared_file("ofac", "cons_non_sdn_xml_2023-03-08", "consolidated.xml")
    xml_entities = list(_format("ofac_cons", "ofac_xml").read(cons, {}))
    advanced = list(_format("ofac_sdn", "ofac_advanced_xml").read(SAMPLE, {}))
    assert _format("ofac_sdn", "ofac_advanced_xml").snapshot_date(SAMPLE) == "2024-05-07"
    for entity in [*xml_entities, *advanced]:
        text = json.dumps(entity.to_dict(), ensure_ascii=False)
        assert Entity.from_dict(json.loads(text)) == entity
    assert len(xml_entities) == 445
