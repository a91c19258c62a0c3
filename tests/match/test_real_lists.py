"""The matcher over every official list in ../shared/data: the exact gate and known parties."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from redline.engine import Engine
from redline.evaluation.deck import exact_names
from redline.evaluation.run import measure, run_deck
from redline.model import Identifier, Query
from redline.updater import update_from_mirror

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    home = tmp_path_factory.mktemp("all-lists")
    old = os.environ.get("REDLINE_HOME")
    os.environ["REDLINE_HOME"] = str(home)
    try:
        engine = Engine()
        results, _ = update_from_mirror(engine.store, shared_data)
        assert {r.status for r in results} == {"loaded"}, [(r.list_name, r.error) for r in results]
        engine.matcher()
        yield engine
    finally:
        if old is None:
            os.environ.pop("REDLINE_HOME", None)
        else:
            os.environ["REDLINE_HOME"] = old


def test_every_list_in_the_mirror_is_loaded(engine: Engine) -> None:
    lists = set(engine.list_versions())
    assert {"ofac_sdn", "ofac_cons", "eu_fsf", "un_sc", "uk_ofsi", "us_csl", "us_bis_dpl", "eu_833"} <= lists
    assert any(name.startswith("ftm_") for name in lists)
    assert engine.list_versions()["un_sc"].startswith("un_sc@2026-02-27")  # newest of three snapshots


def test_exact_gate_every_listed_name_found_as_written(engine: Engine) -> None:
    matcher = engine.matcher()
    cases = exact_names(matcher.index)
    assert len(cases) > 90_000
    metrics = measure(run_deck(matcher, cases, limit=1000), matcher.cfg.threshold)
    assert metrics.recall == 1.0, [(o.case.query, o.case.label) for o in metrics.misses[:20]]


@pytest.mark.parametrize(
    ("query", "schema", "caption_part"),
    [
        ("Герман Греф", "Person", "GREF"),
        ("Putin", "LegalEntity", "PUTIN"),
        ("Путин Владимир Владимирович", "Person", "PUTIN"),
        ("Sberbank", "Organization", "SBERBANK"),
        ("Michoustine Mikhail", "Person", "MISHUSTIN"),
    ],
)
def test_known_parties_found_across_lists(engine: Engine, query: str, schema: str, caption_part: str) -> None:
    hits = engine.screen(Query(query, schema))
    assert any(caption_part in h.caption.upper() or caption_part in h.matched_name.upper() for h in hits), [
        (h.caption, h.score) for h in hits
    ]
    assert len({h.list for h in hits}) >= 2  # the same party on several lists


def test_vessel_by_imo_across_lists(engine: Engine) -> None:
    hits = engine.screen(Query("unknown tanker", "Vessel", identifiers=[Identifier("imo", "IMO 9421960")]))
    assert hits and all(h.schema == "Vessel" for h in hits)
    assert any("PRIMORYE" in h.caption.upper() for h in hits)


def test_pruning_by_score_bound_changes_no_hit(engine: Engine) -> None:
    """The bound that skips hopeless candidates, over deck variants and clean names of all lists."""
    from test_fast_paths import assert_pruning_changes_nothing, queries

    matcher = engine.matcher()
    batch = list(queries(matcher, per_class=8, clean=300))
    assert assert_pruning_changes_nothing(matcher, batch) > 1000
