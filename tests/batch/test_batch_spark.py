"""Spark: `screen_dataframe` in local[2] mode gives the local runner's rows, row for row."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_books import MAP, write_book

from redline.batch import COLUMNS, JobSpec, read_output, run_job
from redline.engine import Engine
from redline.errors import QueryError

pyspark = pytest.importorskip("pyspark")
MAPPING = dict(p.split("=") for p in MAP.split(","))


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    previous = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers must run this venv's redline
    session = (
        SparkSession.builder.master("local[2]").appName("redline-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g").getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if previous is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = previous


def _key(row: dict[str, Any]) -> tuple[str, str]:
    return row["key"], row["entity_id"] or ""


def test_spark_results_equal_the_local_run(demo_home: Path, tmp_path: Path, spark: Any) -> None:
    from redline.batch.spark import screen_dataframe

    rows = write_book(tmp_path / "book.csv", 600, planted_every=20)
    rows[3]["full_name"] = "!!!"  # a per-row error travels the same way
    rows[4]["kind"] = "Spaceship"
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "book.parquet")
    engine = Engine()
    run_job(JobSpec(tmp_path / "book.parquet", tmp_path / "local.parquet", MAPPING, chunk_size=100),
            engine.matcher(), engine.list_versions(), workers=1)
    local = read_output(tmp_path / "local.parquet")

    df = spark.read.parquet(str(tmp_path / "book.parquet")).repartition(3)
    result = screen_dataframe(df, engine, MAPPING)
    assert result.columns == list(COLUMNS)
    remote = [r.asDict() for r in result.collect()]

    assert len(local) > 30 and sum(r["status"] == "error" for r in local) == 2
    for row in local:
        row["row"] = None  # a DataFrame has no file row numbers
    assert sorted(remote, key=_key) == sorted(local, key=_key)


def test_spark_needs_an_id_column_and_real_columns(demo_home: Path, spark: Any) -> None:
    from redline.batch.spark import screen_dataframe

    df = spark.createDataFrame([("Vladimir Putin",)], ["name"])
    with pytest.raises(QueryError, match="map an id column"):
        screen_dataframe(df, Engine(), {})
    with pytest.raises(QueryError, match="no column 'full_name'"):
        screen_dataframe(df, Engine(), {"name": "full_name", "id": "name"})
