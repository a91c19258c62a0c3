"""Screen a Spark DataFrame: the index is broadcast once, every partition screens locally.

The screening index is pickled on the driver and broadcast; each Python worker unpickles
it once (cached per broadcast in this module, reused across tasks because Spark reuses
Python workers) and runs the very same ``screen_records`` as the local runner, inside
``mapInArrow`` (Arrow record batches in and out, no pandas). The output has the batch
columns (``core.COLUMNS``) with ``row`` left empty: a DataFrame has no file row numbers,
so the mapped ``id`` column is the join key back to the customer data and is required.

Workers must run the driver's Python and redline version (see docs/spark.md): the
pickled index names redline's classes, and a different matcher would score differently.
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from redline.batch.core import arrow_schema, screen_records, spark_ddl
from redline.batch.mapping import ColumnMapping, resolve
from redline.errors import QueryError
from redline.index.index import ScreeningIndex
from redline.match.config import MatchConfig, load_config
from redline.match.matcher import Matcher

_MATCHERS: dict[str, Matcher] = {}


def _matcher_and_config(engine_or_index: Any, config: MatchConfig | None) -> tuple[ScreeningIndex, MatchConfig]:
    if isinstance(engine_or_index, ScreeningIndex):
        return engine_or_index, config or load_config()
    if isinstance(engine_or_index, Matcher):
        return engine_or_index.index, config or engine_or_index.cfg
    matcher = engine_or_index.matcher()  # an Engine: the index of its active list versions
    return matcher.index, config or matcher.cfg


def _worker_matcher(token: str, broadcast: Any) -> Matcher:
    """The matcher for this broadcast, unpickled once per Python worker process."""
    matcher = _MATCHERS.get(token)
    if matcher is None:
        _MATCHERS.clear()  # an older job's index would only hold memory
        index, config = pickle.loads(broadcast.value)
        matcher = _MATCHERS[token] = Matcher(index, config)
    return matcher


def screen_dataframe(
    df: Any,
    engine_or_index: Any,
    mapping: Mapping[str, str] | ColumnMapping | None = None,
    threshold: float | None = None,
    *,
    limit: int | None = None,
    config: MatchConfig | None = None,
) -> Any:
    """Hits and per-row errors for every row of ``df`` as a DataFrame with the batch columns.

    ``engine_or_index`` is an ``Engine`` (its active list versions), a ``Matcher`` or a
    ``ScreeningIndex``; ``mapping`` maps fields (name, dob, country, id, type) to columns
    of ``df`` exactly as ``--map`` does for files. Results equal the local runner's for
    the same rows, except that ``row`` is empty.
    """
    if isinstance(mapping, ColumnMapping):
        cols = mapping
        missing = [c for c in cols.columns() if c not in df.columns]
        if missing:
            raise QueryError(f"DataFrame: no column(s) {', '.join(missing)}; columns are {', '.join(df.columns)}")
    else:
        cols = resolve(dict(mapping or {}), df.columns, "DataFrame")
    if cols.id is None:
        raise QueryError("DataFrame: map an id column (id=COLUMN): Spark rows have no row numbers to key hits by")
    index, cfg = _matcher_and_config(engine_or_index, config)
    spark = df.sparkSession
    broadcast = spark.sparkContext.broadcast(pickle.dumps((index, cfg), protocol=pickle.HIGHEST_PROTOCOL))
    token = uuid.uuid4().hex
    schema = arrow_schema()

    def screen_partition(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        matcher = _worker_matcher(token, broadcast)
        for batch in batches:
            rows = screen_records(matcher, batch.to_pylist(), cols, threshold=threshold, limit=limit, start_row=None)
            yield pa.RecordBatch.from_pylist(rows, schema=schema)

    from pyspark.sql import functions as F

    selected = df.select(*[F.col(f"`{c}`").cast("string").alias(c) for c in dict.fromkeys(cols.columns())])
    return selected.mapInArrow(screen_partition, spark_ddl())
