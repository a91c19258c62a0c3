"""Screen a list of input records into output rows: the one function every runner calls.

The local process pool, the single-process path and Spark all call ``screen_records``
with the same matcher, so a record yields byte-identical rows whichever runs it.

An output row is one (input record, listed entry) pair, or one per-row error, or (in
delta re-screening) one listed entry removed since the earlier version. The columns are
chosen so that the case store (issue 9) can consume them as they are: ``status`` says
what to do (``hit`` → open or refresh an alert for ``key`` × ``entity_id``; ``removed`` →
close the open alerts on ``entity_id``; ``error`` → fix the input record), ``change``
says why a delta row exists, and ``list_version`` is the version the row is about.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from redline.batch.mapping import ColumnMapping, record_key, record_query
from redline.errors import QueryError
from redline.match.matcher import Matcher

#: Output columns, in order, with their Arrow types (string unless named here).
COLUMNS: tuple[str, ...] = (
    "key", "row", "status", "change", "entity_id", "list", "list_version", "score",
    "schema", "caption", "matched_name", "query_name", "reasons", "error",
)
INT_COLUMNS = frozenset({"row"})
FLOAT_COLUMNS = frozenset({"score"})

Row = dict[str, Any]


def arrow_schema() -> Any:
    """The output schema as a ``pyarrow.Schema`` (parts, Parquet output, Spark)."""
    import pyarrow as pa

    def kind(col: str) -> Any:
        if col in INT_COLUMNS:
            return pa.int64()
        if col in FLOAT_COLUMNS:
            return pa.float64()
        return pa.string()

    return pa.schema([(c, kind(c)) for c in COLUMNS])


def spark_ddl() -> str:
    """The same schema as a Spark DDL string (for ``mapInArrow``)."""
    def kind(col: str) -> str:
        return "bigint" if col in INT_COLUMNS else "double" if col in FLOAT_COLUMNS else "string"

    return ", ".join(f"`{c}` {kind(c)}" for c in COLUMNS)


def empty_row(**values: Any) -> Row:
    row: Row = dict.fromkeys(COLUMNS)
    row.update(values)
    return row


def screen_records(
    matcher: Matcher,
    records: Iterable[Mapping[str, Any]],
    mapping: ColumnMapping,
    *,
    threshold: float | None = None,
    limit: int | None = None,
    start_row: int | None = 1,
    change: Mapping[str, str] | None = None,
) -> list[Row]:
    """Hits and per-row errors for ``records`` (rows numbered from ``start_row``).

    ``change`` maps entity ids to "added"/"changed" in delta re-screening; it is written
    into the ``change`` column of hits on those entities. ``start_row=None`` leaves the
    ``row`` column empty (Spark has no file row numbers) and then the key is required.
    """
    out: list[Row] = []
    for offset, record in enumerate(records):
        row_no = start_row + offset if start_row is not None else None
        key = record_key(record, mapping, row_no if row_no is not None else 0)
        if "__error__" in record:  # the reader could not even parse this line
            out.append(empty_row(key=key, row=row_no, status="error", error=str(record["__error__"])))
            continue
        try:
            query = record_query(record, mapping, row_no or 0)
            hits = matcher.match(query, threshold=threshold, limit=limit)
        except QueryError as exc:
            out.append(empty_row(key=key, row=row_no, status="error",
                                 query_name=_safe(record.get(mapping.name)), error=str(exc)))
            continue
        except Exception as exc:  # one odd record must not sink a million-record run
            out.append(empty_row(key=key, row=row_no, status="error", query_name=_safe(record.get(mapping.name)),
                                 error=f"internal error ({type(exc).__name__}): {exc}; please report it"))
            continue
        for hit in hits:
            out.append(empty_row(
                key=key, row=row_no, status="hit",
                change=change.get(hit.entity_id) if change else None,
                entity_id=hit.entity_id, list=hit.list, list_version=hit.list_version,
                score=float(hit.score), schema=hit.schema, caption=hit.caption,
                matched_name=hit.matched_name, query_name=hit.query_name,
                reasons=json.dumps([
                    {"feature": r.feature, "score": r.score, "detail": r.detail,
                     "query_value": r.query_value, "listed_value": r.listed_value}
                    for r in hit.reasons
                ], ensure_ascii=False, separators=(",", ":")),
            ))
    return out


def _safe(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text[:200]
