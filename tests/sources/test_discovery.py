"""Mirror discovery over the real shared data: every list found, newest snapshot wins."""

from __future__ import annotations

import shutil
from pathlib import Path

from redline.sources.discovery import discover, newest, path_date


def test_path_dates_are_read_from_folder_names(tmp_path: Path) -> None:
    file = tmp_path / "ofac" / "sdn_csv_2024-05-03" / "sdn.csv"
    assert path_date(file, tmp_path) == "2024-05-03"
    assert path_date(tmp_path / "x" / "consolidated_2025-02.csv.gz", tmp_path) == "2025-02-00"
    assert path_date(tmp_path / "eu" / "20240513-FULL.xml", tmp_path) == "2024-05-13"
    assert path_date(tmp_path / "plain" / "file.xml", tmp_path) is None


def test_shared_mirror_picks_newest_ofac_snapshots(shared_data: Path) -> None:
    snapshots, _ = discover(shared_data)
    chosen = {s.list_name: s for s in newest(snapshots)}
    sdn = chosen["ofac_sdn"]
    # the 2024-05-07 XML is newer than the 2024-05-03 and 2024-04-26 CSVs
    assert sdn.main.name == "sdn.xml" and sdn.date == "2024-05-07"
    assert chosen["ofac_cons"].date.startswith("2025-12")
    # the 2025-02 partial set has no sdn.csv, so it is not a candidate at all
    assert not any("2025-02_partial" in str(s.main) for s in snapshots)
    csv_sets = [s for s in snapshots if s.main.name == "sdn.csv"]
    assert {s.date for s in csv_sets} >= {"2024-05-03", "2024-04-26"}


def test_copy_in_any_layout_is_found(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "ofac" / "cons_non_sdn_xml_2024-05-06" / "consolidated.xml"
    target = tmp_path / "deep" / "nested" / "folder" / "consolidated.xml"
    target.parent.mkdir(parents=True)
    shutil.copy(source, target)
    snapshots, _ = discover(tmp_path)
    assert [(s.list_name, s.date) for s in snapshots] == [("ofac_cons", "2024-05-06")]


def test_missing_mirror_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from redline.errors import RedlineError

    with pytest.raises(RedlineError, match="does not exist"):
        discover(tmp_path / "nope")
