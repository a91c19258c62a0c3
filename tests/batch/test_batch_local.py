"""`redline screen-file` on one machine: formats, workers, per-row errors, clear failures, resume rules."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_books import LISTED, MAP, write_book

from redline.batch import COLUMNS, JobSpec, read_output, run_job
from redline.batch.job import parts_dir
from redline.engine import Engine
from redline.errors import RedlineError, SourceError

MAPPING = dict(part.split("=") for part in MAP.split(","))


def _run(book: Path, out: Path, workers: int = 1, **kw: object) -> tuple[object, list[dict[str, object]]]:
    engine = Engine()
    spec = JobSpec(book, out, MAPPING, chunk_size=kw.pop("chunk_size", 40))  # type: ignore[arg-type]
    result = run_job(spec, engine.matcher(), engine.list_versions(), workers=workers, **kw)  # type: ignore[arg-type]
    return result, read_output(out)


def test_hits_carry_key_entity_list_version_score_and_reasons(demo_home: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    rows = write_book(book, 200)
    result, out = _run(book, tmp_path / "hits.parquet")
    assert result.records == 200 and result.errors == 0  # type: ignore[attr-defined]
    planted = {r["customer_id"]: entity for r in rows for name, _, entity in LISTED if r["full_name"] == name}
    found = {(r["key"], r["entity_id"]) for r in out}
    assert set(planted.items()) <= found
    gref = next(r for r in out if r["entity_id"] == "demo:gref")
    assert gref["status"] == "hit" and gref["list"] == "demo" and gref["list_version"].startswith("demo@")
    assert gref["caption"] == "Herman Oskarovich GREF" and gref["query_name"] == "Герман Греф"
    reasons = json.loads(gref["reasons"])
    assert reasons[0]["feature"] == "name" and "Cyrillic" in reasons[0]["detail"]
    assert 0.8 <= gref["score"] <= 1.0
    assert not parts_dir(tmp_path / "hits.parquet").exists()  # parts are removed once assembled


def test_workers_and_output_formats_give_the_same_rows(demo_home: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    write_book(book, 400)
    _, single = _run(book, tmp_path / "one.parquet", workers=1)
    _, pooled = _run(book, tmp_path / "two.parquet", workers=2)
    _, as_csv = _run(book, tmp_path / "two.csv", workers=2)
    _, as_jsonl = _run(book, tmp_path / "two.jsonl", workers=2)
    assert single and single == pooled == as_csv == as_jsonl
    assert [r["row"] for r in single] == sorted(r["row"] for r in single)  # input order kept


def test_parquet_and_jsonl_input(demo_home: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    rows = write_book(book, 120)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "book.parquet")
    (tmp_path / "book.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    _, from_csv = _run(book, tmp_path / "a.parquet")
    _, from_parquet = _run(tmp_path / "book.parquet", tmp_path / "b.parquet")
    _, from_jsonl = _run(tmp_path / "book.jsonl", tmp_path / "c.parquet")
    assert from_csv and from_csv == from_parquet == from_jsonl


def test_garbage_rows_become_error_rows_not_a_crash(demo_home: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.jsonl"
    book.write_text(
        '{"id": "1", "name": "Vladimir Putin", "type": "Person"}\n'
        "this is not json\n"
        '{"id": "3", "name": ""}\n'
        '{"id": "4", "name": "!!! ???"}\n'
        '{"id": "5", "name": "Sberbank", "type": "Spaceship"}\n', "utf-8")
    engine = Engine()
    result = run_job(JobSpec(book, tmp_path / "out.csv"), engine.matcher(), engine.list_versions(), workers=1)
    out = read_output(tmp_path / "out.csv")
    assert (result.records, result.hits, result.errors) == (5, 1, 4)
    errors = {r["row"]: r["error"] for r in out if r["status"] == "error"}
    assert "not JSON" in errors[2] and "empty name" in errors[3]
    assert "no letters or digits" in errors[4] and "unknown party type" in errors[5]
    assert [r["key"] for r in out if r["status"] == "hit"] == ["1"]


def test_wrong_encoding_names_file_line_and_hint(demo_home: Path, tmp_path: Path) -> None:
    book = tmp_path / "latin.csv"
    book.write_bytes("id,name\n1,Anna Schmidt\n2,José García\n".encode("cp1252"))
    engine = Engine()
    with pytest.raises(SourceError, match=r"latin.csv, line 3: not valid utf-8: byte 0xe9 .*--encoding cp1252"):
        run_job(JobSpec(book, tmp_path / "o.csv"), engine.matcher(), engine.list_versions(), workers=1)
    result = run_job(JobSpec(book, tmp_path / "o.csv", encoding="cp1252"), engine.matcher(),
                     engine.list_versions(), workers=1)
    assert result.records == 2 and result.errors == 0


def test_cli_reports_bad_mapping_and_missing_name_column(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = tmp_path / "book.csv"
    write_book(book, 10)
    bad = cli("screen-file", str(book), "--out", str(tmp_path / "o.csv"), "--map", "name=fullname")
    assert bad.returncode == 2 and "no column 'fullname'" in bad.stderr and "full_name" in bad.stderr
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("customer_id,nom\n1,Anna Schmidt\n", "utf-8")
    missing = cli("screen-file", str(nameless), "--out", str(tmp_path / "o.csv"))
    assert missing.returncode == 2 and "no name column" in missing.stderr and "--map name=COLUMN" in missing.stderr
    ok = cli("screen-file", str(book), "--out", str(tmp_path / "o.csv"), "--map", MAP, "--json")
    assert ok.returncode == 0, ok.stderr
    summary = json.loads(ok.stdout)
    assert summary["records"] == 10 and summary["mapping"]["dob"] == "birth_date"
    assert list(read_output(tmp_path / "o.csv")[0]) == list(COLUMNS) if summary["hits"] else True


def test_unfinished_run_needs_resume_and_the_same_options(demo_home: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    write_book(book, 100)
    out = tmp_path / "hits.parquet"
    _, expected = _run(book, tmp_path / "expected.parquet")
    parts = parts_dir(out)
    engine = Engine()
    spec = JobSpec(book, out, MAPPING, chunk_size=40)
    # an interrupted run: manifest plus the first committed part, as a killed run leaves them
    with pytest.raises(KeyboardInterrupt):
        run_job(spec, engine.matcher(), engine.list_versions(), workers=1,
                progress=lambda done, total: _interrupt_after_first(done))
    assert (parts / "manifest.json").exists() and len(list(parts.glob("part-*.parquet"))) == 1
    with pytest.raises(RedlineError, match="--resume to continue"):
        run_job(spec, engine.matcher(), engine.list_versions(), workers=1)
    other = JobSpec(book, out, {**MAPPING, "dob": "cc"}, chunk_size=40)
    with pytest.raises(RedlineError, match="mapping changed"):
        run_job(other, engine.matcher(), engine.list_versions(), workers=1, resume=True)
    result = run_job(spec, engine.matcher(), engine.list_versions(), workers=1, resume=True)
    assert result.resumed_chunks == 1 and result.records == 100
    assert read_output(out) == expected


def _interrupt_after_first(done: int) -> None:
    if done > 0:
        raise KeyboardInterrupt
