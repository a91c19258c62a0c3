"""EU Regulation 833/2014 annexes (OpenSanctions transcription) from the real file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from shared_paths import shared_file

from redline.errors import FormatError
from redline.model import Entity
from redline.sources.eu833 import FORMATS, eu_date, is_eu833, read_eu833, snapshot_date


def _path() -> Path:
    return shared_file("eu", "journal_sanctions", "32014R0833.csv")


@pytest.fixture(scope="module")
def annexes() -> tuple[dict[str, Entity], Counter[str]]:
    skipped: Counter[str] = Counter()
    entities = {e.source_id: e for e in read_eu833(_path(), skipped)}
    return entities, skipped


def test_counts(annexes: tuple[dict[str, Entity], Counter[str]]) -> None:
    entities, skipped = annexes
    assert skipped == {"Asset": 28}
    # 1,746 rows = 633 Vessel + 1,085 LegalEntity + 28 Asset; parties named in several
    # annexes (and one tanker listed twice) are grouped
    assert sum(len(e.raw["rows"]) for e in entities.values()) == 633 + 1085
    assert Counter(e.schema for e in entities.values()) == {"LegalEntity": 1061,
                                                             "Vessel": 632}
    vessels = [e for e in entities.values() if e.schema == "Vessel"]
    assert all(any(i.type == "imo" for i in v.identifiers) for v in vessels)
    assert all("833/2014 Annex XLII" in v.programs for v in vessels)


def test_shadow_fleet_tanker(annexes: tuple[dict[str, Entity], Counter[str]]) -> None:
    entities, _ = annexes
    tanker = entities["imo-9333670"]
    assert tanker.id == "eu_833:imo-9333670" and tanker.caption == "MIKHAIL ULYANOV"
    assert [(i.type, i.value) for i in tanker.identifiers] == [("imo", "9333670")]
    assert len(tanker.raw["rows"]) == 2  # records 586 and 616 of Annex XLII
    assert tanker.listed_on == "2025-12-19"
    assert "crude oil" in tanker.properties["reason"][0]
    assert tanker.properties["measure"] == ["Transportation restrictions"]
    first = entities["imo-9179842"]
    assert first.caption == "Angara" and first.listed_on == "2024-06-25"


def test_annex_iv_company(annexes: tuple[dict[str, Entity], Counter[str]]) -> None:
    entities, _ = annexes
    sirius = next(e for e in entities.values() if e.caption == "JSC Sirius")
    assert sirius.schema == "LegalEntity" and sirius.listed_on == "2014-09-12"
    assert sirius.programs == ["EU-RUS", "833/2014 Annex IV"]
    assert ("inn", "7704730655", "Tax ID/INN") in {
        (i.type, i.value, i.label) for i in sirius.identifiers}
    cyrillic = [n for n in sirius.names if n.script == "Cyrl"]
    assert cyrillic and cyrillic[0].kind == "alias"
    assert sirius.countries == ["ru"]  # from "..., Russian Federation"
    veb = next(e for e in entities.values() if e.caption == "VNESHECONOMBANK (VEB)")
    assert {"833/2014 Annex III", "833/2014 Annex XIV"} <= set(veb.programs)


def test_format_and_dates() -> None:
    assert is_eu833(_path())
    assert not is_eu833(shared_file("us_bis", "dpl_2022-09.txt"))
    assert [f.list_name for f in FORMATS] == ["eu_833"] and "CC-BY-NC" in FORMATS[0].notes
    assert eu_date("21.5.2025") == "2025-05-21" and eu_date("31.2.2025") is None
    assert (snapshot_date(_path()) or "") >= "2026-04-24"


# ---- bad input ---------------------------------------------------------------------

def test_missing_column_and_row_errors(tmp_path: Path) -> None:
    lines = _path().read_text(encoding="utf-8").splitlines()
    header = lines[0].replace("programKey,", "")
    path = tmp_path / "32014R0833.csv"
    path.write_text(header + "\n" + lines[1] + "\n", encoding="utf-8")
    with pytest.raises(FormatError) as err:
        list(read_eu833(path))
    assert err.value.field == "programKey" and err.value.line == 1
    path.write_text("\n".join([*lines[:5], lines[5][:40]]) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="truncated") as err:
        list(read_eu833(path))
    assert err.value.line == 6
    path.write_text(lines[0] + "\n" + lines[1].replace("SBERBANK", "") + "\n",
                    encoding="utf-8")
    with pytest.raises(FormatError) as err:
        list(read_eu833(path))
    assert err.value.field == "name" and err.value.line == 2


def test_wrong_encoding(tmp_path: Path) -> None:
    text = _path().read_text(encoding="utf-8").splitlines()[:400]
    path = tmp_path / "32014R0833.csv"
    path.write_bytes("\n".join(text).encode("utf-16"))
    with pytest.raises(FormatError, match="encoding"):
        list(read_eu833(path))
    cyr = next(i for i, line in enumerate(text) if "Концерн" in line)
    body = "\n".join(text).encode("utf-8").split(b"\n")
    body[cyr] = text[cyr].encode("cp1251")
    path.write_bytes(b"\n".join(body))
    with pytest.raises(FormatError, match="encoding") as err:
        list(read_eu833(path))
    assert err.value.line == cyr + 1
