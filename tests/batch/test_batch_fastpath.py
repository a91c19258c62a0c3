"""The batch fast path (dedupe, name-only probe, clean-name memory) gives exactly the rows of
calling ``Matcher.match`` on every record.

The reference below is the plain per-record loop ``screen_records`` was before the fast
path. The books are built to hit the probe's edge: listed names, slightly wrong, whose
name alone falls short of the threshold and which only an agreeing birth date or country
lifts over it, next to the same names with conflicting evidence, repeated customers and
malformed rows.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from redline.batch import JobSpec, read_output, run_job
from redline.batch.core import empty_row, probe_threshold, screen_chunk, screen_records
from redline.batch.mapping import ColumnMapping, record_key, record_query
from redline.errors import QueryError
from redline.match.matcher import Matcher
from redline.model import Query

MAPPING = ColumnMapping(name="full_name", dob="birth_date", country="cc", id="customer_id", type="kind")
FIELD_MAP = {"name": "full_name", "dob": "birth_date", "country": "cc", "id": "customer_id", "type": "kind"}


def reference_rows(matcher: Matcher, records: list[dict[str, Any]], mapping: ColumnMapping,
                   start_row: int = 1) -> list[dict[str, Any]]:
    """One ``Matcher.match`` per record: what the fast path must reproduce row for row."""
    out = []
    for offset, record in enumerate(records):
        row_no = start_row + offset
        key = record_key(record, mapping, row_no)
        if "__error__" in record:
            out.append(empty_row(key=key, row=row_no, status="error", error=str(record["__error__"])))
            continue
        name = record.get(mapping.name)
        try:
            hits = matcher.match(record_query(record, mapping, row_no), ties=True)
        except QueryError as exc:
            out.append(empty_row(key=key, row=row_no, status="error",
                                 query_name=None if name is None else str(name)[:200], error=str(exc)))
            continue
        for hit in hits:
            out.append(empty_row(
                key=key, row=row_no, status="hit", change=None, entity_id=hit.entity_id, list=hit.list,
                list_version=hit.list_version, score=float(hit.score), schema=hit.schema, caption=hit.caption,
                matched_name=hit.matched_name, query_name=hit.query_name,
                reasons=json.dumps([{"feature": r.feature, "score": r.score, "detail": r.detail,
                                     "query_value": r.query_value, "listed_value": r.listed_value}
                                    for r in hit.reasons], ensure_ascii=False, separators=(",", ":")),
            ))
    return out


def evidence_variants(dates: tuple[str, ...], countries: frozenset[str]) -> list[tuple[str, str]]:
    """Birth date and country cells that agree, half agree, conflict or are missing."""
    date = sorted(dates)[0] if dates else ""
    country = sorted(countries)[0] if countries else ""
    swapped = f"{date[:4]}-{date[8:10]}-{date[5:7]}" if len(date) == 10 else ""
    out = [("", ""), (date, ""), ("", country), (date, country), (date[:4], country), (swapped, ""),
           ("1901-01-01", ""), ("", "fr"), ("1901-01-01", "fr"), (date, "fr"), ("1901-01-01", country)]
    if len(date) == 10:  # the usual book spellings of the same date
        out += [(f"{date[8:10]}.{date[5:7]}.{date[:4]}", country), (f"{date[:4]}/{date[5:7]}/{date[8:10]}", "")]
    return out


def book_records(cases: list[tuple[str, str, tuple[str, ...], frozenset[str]]], clean: list[tuple[str, str]],
                 seed: int = 5) -> list[dict[str, Any]]:
    """Listed-name variants with every kind of evidence, repeated clean customers, bad rows; shuffled."""
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    for name, schema, dates, countries in cases:
        for dob, cc in evidence_variants(dates, countries):
            rows.append({"full_name": name, "kind": schema, "birth_date": dob, "cc": cc})
    for name, schema in clean:
        for _ in range(rng.choice((1, 1, 2, 3))):  # books repeat customers
            dob = f"{rng.randint(1950, 2000)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" if schema == "Person" else ""
            rows.append({"full_name": name, "kind": schema, "birth_date": dob, "cc": rng.choice(["DE", "ru", ""])})
    rows += [
        {"full_name": "", "kind": "Person", "birth_date": "", "cc": ""},
        {"full_name": "   ", "kind": "Person", "birth_date": "", "cc": ""},
        {"full_name": "Anna Novak", "kind": "Spaceship", "birth_date": "", "cc": ""},
        {"full_name": "Anna Novak ", "kind": "Spaceship", "birth_date": "", "cc": ""},
        {"full_name": "---", "kind": "Company", "birth_date": "", "cc": ""},
        {"full_name": "Bad\x01Name", "kind": "Person", "birth_date": "", "cc": ""},
        {"__error__": "line 9: not JSON (Expecting value)"},
    ]
    rows += [dict(r, full_name=f" {r['full_name']}") for r in rows[:40:7] if "full_name" in r]  # same once stripped
    rng.shuffle(rows)
    for n, row in enumerate(rows):
        if "__error__" not in row:
            row["customer_id"] = f"K{n:06d}"
    return rows


def lifted_by_evidence(matcher: Matcher, records: list[dict[str, Any]]) -> int:
    """Records that hit only thanks to their birth date or country (the probe's edge)."""
    count = 0
    for n, record in enumerate(records):
        try:
            query = record_query(record, MAPPING, n)
            with_evidence = matcher.match(query)
        except (QueryError, KeyError):
            continue
        if with_evidence and not matcher.match(Query(query.name, query.schema)):
            count += 1
    return count


def check_equal(matcher: Matcher, records: list[dict[str, Any]], chunk: int) -> None:
    """Chunked fast path, with the clean names carried over, equals the reference."""
    expected = reference_rows(matcher, records, MAPPING)
    got: list[dict[str, Any]] = []
    clean: set[tuple[str, str]] = set()
    for start in range(0, len(records), chunk):
        part = records[start:start + chunk]
        screened = screen_chunk(matcher, part, MAPPING, start_row=start + 1, clean=clean)
        clean.update(screened.clean_names)
        got += screened.rows
    assert got == expected
    assert screen_records(matcher, records, MAPPING) == expected
    assert clean, "the probe proved no name clean: the fast path was not exercised"


# -- demo list ------------------------------------------------------------------------------
DEMO_VARIANTS = [
    ("Vladimir Putin", "Person", "demo:putin"), ("Vladimir Putn", "Person", "demo:putin"),
    ("Vladmir Vladimirovitch Poutine", "Person", "demo:putin"), ("V. Putin", "Person", "demo:putin"),
    ("Putin", "Person", "demo:putin"), ("Wladimir Putim", "Person", "demo:putin"),
    ("Putin Vladimir", "LegalEntity", "demo:putin"), ("Герман Греф", "Person", "demo:gref"),
    ("Herman Greff", "Person", "demo:gref"), ("German Oskar Gref", "Person", "demo:gref"),
    ("Hermann Grev", "Person", "demo:gref"), ("Germen Grev", "Person", "demo:gref"),
    ("Sberbank of Russia", "Company", "demo:sberbank"),
    ("Sberbnk Rossii", "Company", "demo:sberbank"), ("Bashar al-Assad", "Person", "demo:assad"),
    ("Bashar Asad", "Person", "demo:assad"), ("Bachar el Assad", "Person", "demo:assad"),
    ("Basar Asat", "Person", "demo:assad"),
]
DEMO_CLEAN = [(f"{f} {last}", "Person") for f in ("Anna", "Marek", "Olga", "Vladimir", "Herman")
              for last in ("Novak", "Rossi", "Putnam", "Grefe", "Assadi")] + \
             [(f"{w} Trading GmbH", "Company") for w in ("Northwind", "Sber", "Kestrel", "Russia")]


def demo_cases(matcher: Matcher) -> list[tuple[str, str, tuple[str, ...], frozenset[str]]]:
    entities = {e.id: e for e in matcher.index.entities}
    return [(name, schema, entities[eid].birth_dates, entities[eid].countries) for name, schema, eid in DEMO_VARIANTS]


def test_fast_path_rows_equal_per_record_matching_on_the_demo_list(demo_matcher: Matcher) -> None:
    records = book_records(demo_cases(demo_matcher), DEMO_CLEAN)
    assert lifted_by_evidence(demo_matcher, records) > 0  # the edge the probe bound must respect
    for chunk in (len(records), 37, 5):
        check_equal(demo_matcher, records, chunk)


def test_a_clean_name_costs_one_match_call(demo_matcher: Matcher) -> None:
    calls: list[Query] = []

    class Counting(Matcher):
        def match(self, query: Query, threshold: float | None = None, limit: int | None = None,
                  *, ties: bool = False) -> list[Any]:
            calls.append(query)
            return super().match(query, threshold, limit, ties=ties)

    matcher = Counting(demo_matcher.index, demo_matcher.cfg)
    records = [{"full_name": "Anna Novak", "kind": "Person", "birth_date": f"19{n:02d}-01-01", "cc": "de",
                "customer_id": str(n)} for n in range(50)]
    assert screen_chunk(matcher, records, MAPPING).clean_names == [("Anna Novak", "Person")]
    assert len(calls) == 1 and calls[0].birth_date is None and not calls[0].countries
    calls.clear()
    assert screen_chunk(matcher, records, MAPPING, clean=[("Anna Novak", "Person")]).rows == []
    assert not calls


def test_probe_threshold_leaves_room_for_the_best_evidence(demo_matcher: Matcher) -> None:
    cfg = demo_matcher.cfg
    ev = cfg.evidence
    best = max(ev["birth_date_exact"], ev["birth_date_year"], ev["birth_date_swapped"]) + ev["country_agree"]
    floor = probe_threshold(demo_matcher, cfg.threshold)
    assert floor is not None and floor < cfg.threshold - best
    assert floor < cfg.name["exact_ceiling"]


def test_run_job_with_the_fast_path_equals_the_reference(demo_home: Path, tmp_path: Path) -> None:
    """Through the whole job: chunks, the parent's clean-name memory, one and two workers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from redline.engine import Engine

    engine = Engine()
    matcher = engine.matcher()
    records = book_records(demo_cases(matcher), DEMO_CLEAN)
    book = tmp_path / "book.parquet"
    pq.write_table(pa.Table.from_pylist([{k: r.get(k) for k in (*FIELD_MAP.values(),)} for r in records
                                         if "__error__" not in r]), book)
    plain = [r for r in records if "__error__" not in r]
    expected = reference_rows(matcher, plain, MAPPING)
    for workers in (1, 2):
        out = tmp_path / f"out{workers}.parquet"
        run_job(JobSpec(book, out, FIELD_MAP, chunk_size=23), matcher, engine.list_versions(), workers=workers)
        assert read_output(out) == expected


# -- every official list --------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_matcher(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matcher]:
    from redline.engine import Engine
    from redline.updater import update_from_mirror

    home = os.environ.get("REDLINE_TEST_LISTS_HOME")  # an already loaded home saves minutes
    old = os.environ.get("REDLINE_HOME")
    os.environ["REDLINE_HOME"] = home or str(tmp_path_factory.mktemp("all-lists"))
    try:
        engine = Engine()
        if not engine.store.active_versions():
            update_from_mirror(engine.store, shared_data)
        yield engine.matcher()
    finally:
        if old is None:
            os.environ.pop("REDLINE_HOME", None)
        else:
            os.environ["REDLINE_HOME"] = old


@pytest.mark.slow
def test_fast_path_rows_equal_per_record_matching_on_real_lists(real_matcher: Matcher) -> None:
    from redline.evaluation.deck import clean_population, positives

    index = real_matcher.index
    by_id: Mapping[str, Any] = {e.id: e for e in index.entities}
    cases = [(c.query, c.schema, by_id[str(c.label)].birth_dates, by_id[str(c.label)].countries)
             for c in positives(index, 30, seed=3)]
    clean = [(c.query, c.schema) for c in clean_population(index, 600, seed=3)]
    records = book_records(cases, clean)
    matcher = real_matcher
    if not lifted_by_evidence(matcher, records):
        # names that alert only with their birth date or country (the edge the probe must
        # respect) are a few in a thousand at the default threshold: at a stricter one,
        # every name scoring just under it is such a name
        matcher = Matcher(index, dataclasses.replace(real_matcher.cfg, threshold=0.9))
    assert lifted_by_evidence(matcher, records) > 0
    check_equal(matcher, records, 250)
