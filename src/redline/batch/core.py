"""Screen a list of input records into output rows: the one function every runner calls.

The local process pool, the single-process path and Spark all call ``screen_records``
(or ``screen_chunk``, the same with a memory of names from earlier chunks) with the
same matcher, so a record yields byte-identical rows whichever runs it. Both skip only
``Matcher.match`` calls whose answer is already known (see ``screen_chunk``).

An output row is one (input record, listed entry) pair, or one per-row error, or (in
delta re-screening) one listed entry removed since the earlier version. The columns are
chosen so that the case store (issue 9) can consume them as they are: ``status`` says
what to do (``hit`` → open or refresh an alert for ``key`` × ``entity_id``; ``removed`` →
close the open alerts on ``entity_id``; ``error`` → fix the input record), ``change``
says why a delta row exists, and ``list_version`` is the version the row is about.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from redline.batch.mapping import Cells, ColumnMapping, NameKey, query_cells, record_key, record_query
from redline.errors import QueryError
from redline.match.matcher import Matcher
from redline.model import Hit, Query

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
    return screen_chunk(matcher, list(records), mapping, threshold=threshold, limit=limit,
                        start_row=start_row, change=change).rows


@dataclass
class Screened:
    """The rows of one chunk, and what it taught about names (for the next chunks)."""

    rows: list[Row]
    #: (name, type) cell values proven to have no hit whatever birth date or country comes with them
    clean_names: list[NameKey] = field(default_factory=list)


def screen_chunk(
    matcher: Matcher,
    records: Sequence[Mapping[str, Any]],
    mapping: ColumnMapping,
    *,
    threshold: float | None = None,
    limit: int | None = None,
    start_row: int | None = 1,
    change: Mapping[str, str] | None = None,
    clean: Collection[NameKey] = (),
) -> Screened:
    """``screen_records`` for one chunk, with every shortcut that cannot change a row.

    * Records with the same name, type, birth date and country cells (books repeat
      customers) are matched once; the outcome is copied to each with its own key and row.
    * A name is first matched alone against the lowest score any birth date or country
      could lift to the threshold (``probe_threshold``). For almost every name of a book
      nothing reaches it: then no record with that name can have a hit, whatever its
      birth date and country, and the name is reported in ``clean_names``; only the few
      others are matched with their evidence. This costs about what matching the record
      would (the probe reads no evidence), so it pays off from the second record with the
      same name: a million-record book holds about 30 % repeated names. Names in
      ``clean`` (proven so by earlier chunks) skip matching altogether.

    Both only skip ``Matcher.match`` calls whose result is known; the output rows are the
    ones calling it on every record gives (tests/batch/test_batch_fastpath.py checks).
    """
    screener = _ChunkScreener(matcher, mapping, threshold, limit, change, clean)
    keys = [None if "__error__" in record else query_cells(record, mapping) for record in records]
    out: list[Row] = []
    for offset, (record, cells) in enumerate(zip(records, keys, strict=True)):
        row_no = start_row + offset if start_row is not None else None
        key = record_key(record, mapping, row_no if row_no is not None else 0)
        if "__error__" in record:  # the reader could not even parse this line
            out.append(empty_row(key=key, row=row_no, status="error", error=str(record["__error__"])))
            continue
        for template in screener.outcome(record, cells):
            row = dict(template)
            row["key"], row["row"] = key, row_no
            out.append(row)
    return Screened(out, screener.new_clean)


def probe_threshold(matcher: Matcher, threshold: float) -> float | None:
    """The name-only score below which no birth date or country can lift a name to ``threshold``.

    Mirrors ``Matcher.match``: a hit scores its best name × ``exact_ceiling`` plus at most
    one birth-date and one country bonus (the matcher skips entities below that same
    bound before scoring evidence), or 1.0 for an exact name, whose name-only score is
    the ceiling. A batch record carries no identifiers, the one other way to a hit. The
    margin absorbs float rounding (scores are rounded to 4 places). None (no probing)
    if the configuration does not have the shape this reasoning relies on.
    """
    try:
        ev = matcher.cfg.evidence
        headroom = max(ev["birth_date_exact"], ev["birth_date_year"], ev["birth_date_swapped"]) + ev["country_agree"]
        ceiling = float(matcher.cfg.name["exact_ceiling"])
    except (AttributeError, KeyError, TypeError):
        return None
    if headroom < 0 or not 0 < ceiling <= 1:
        return None
    return min(threshold - headroom, ceiling) - PROBE_MARGIN


#: Safety margin under the probe bound: far above float and 4-place rounding error.
PROBE_MARGIN = 1e-3

_Outcome = list[Row]


class _ChunkScreener:
    """Outcome (row templates without key and row) per distinct record cells of one chunk."""

    def __init__(
        self, matcher: Matcher, mapping: ColumnMapping, threshold: float | None, limit: int | None,
        change: Mapping[str, str] | None, clean: Collection[NameKey],
    ) -> None:
        self.matcher, self.mapping, self.limit, self.change = matcher, mapping, limit, change
        self.threshold = matcher.cfg.threshold if threshold is None else threshold
        self.floor = probe_threshold(matcher, self.threshold)
        self.clean = set(clean)
        self.new_clean: list[NameKey] = []
        self.outcomes: dict[Cells, _Outcome] = {}

    def outcome(self, record: Mapping[str, Any], cells: Cells | None) -> _Outcome:
        """Row templates for ``record``; shared by every record with the same cells.

        Errors are not shared: their ``query_name`` is the raw cell, which differs
        between cells that read the same (" x" and "x ").
        """
        if cells is None:
            return self._compute(record, None)
        found = self.outcomes.get(cells)
        if found is None:
            found = self._compute(record, cells[:2])
            if not any(row["status"] == "error" for row in found):
                self.outcomes[cells] = found
        return found

    def _compute(self, record: Mapping[str, Any], name: NameKey | None) -> _Outcome:
        mapping = self.mapping
        try:
            query = record_query(record, mapping, 0)
            if name is not None and name in self.clean:
                return []
            if name is not None and self._name_is_clean(query):
                self.clean.add(name)
                self.new_clean.append(name)
                return []
            hits = self.matcher.match(query, threshold=self.threshold, limit=self.limit, ties=True)
        except QueryError as exc:
            return [empty_row(status="error", query_name=_safe(record.get(mapping.name)), error=str(exc))]
        except Exception as exc:  # one odd record must not sink a million-record run
            return [empty_row(status="error", query_name=_safe(record.get(mapping.name)),
                              error=f"internal error ({type(exc).__name__}): {exc}; please report it")]
        return [self._hit_row(hit) for hit in hits]

    def _name_is_clean(self, query: Query) -> bool:
        """True if the name alone reaches no entity even at the probe threshold.

        Any failure answers False, so the record takes the ordinary path (and fails there
        with the ordinary message, if it fails).
        """
        if query.identifiers or self.floor is None:
            return False
        alone = dataclasses.replace(query, birth_date=None, countries=[])
        try:
            return not self.matcher.match(alone, threshold=self.floor, limit=1)
        except Exception:
            return False

    def _hit_row(self, hit: Hit) -> Row:
        change = self.change
        return empty_row(
            status="hit",
            change=change.get(hit.entity_id) if change else None,
            entity_id=hit.entity_id, list=hit.list, list_version=hit.list_version,
            score=float(hit.score), schema=hit.schema, caption=hit.caption,
            matched_name=hit.matched_name, query_name=hit.query_name,
            reasons=json.dumps([
                {"feature": r.feature, "score": r.score, "detail": r.detail,
                 "query_value": r.query_value, "listed_value": r.listed_value}
                for r in hit.reasons
            ], ensure_ascii=False, separators=(",", ":")),
        )


def _safe(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text[:200]
