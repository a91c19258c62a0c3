"""Part files and the final output: every write lands whole or not at all.

A part is written to a temporary name in the same folder, fsynced, then renamed over
its final name; a rename within one file system is atomic, so after a crash a part file
either exists complete or not at all, and its existence *is* the commit record. The
final output is assembled the same way, streaming part by part, so it never needs more
memory than one part.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from redline.batch.core import COLUMNS, Row, arrow_schema
from redline.errors import RedlineError

OUTPUT_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def output_format(path: Path) -> str:
    fmt = OUTPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise RedlineError(f"--out {path}: unsupported output format; use .parquet, .csv or .jsonl")
    return fmt


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rows_table(rows: list[Row]) -> Any:
    import pyarrow as pa

    schema = arrow_schema()
    return pa.Table.from_pydict({c: [r[c] for r in rows] for c in COLUMNS}, schema=schema)


def write_part(rows: list[Row], path: Path, stats: dict[str, int] | None = None) -> None:
    """Write ``rows`` as a Parquet part, atomically (temp file, fsync, rename).

    ``stats`` (records screened, hits, errors) go into the file's metadata, so a resumed
    run can total what the committed chunks did without a separate journal to keep in step.
    """
    import pyarrow.parquet as pq

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    table = rows_table(rows)
    if stats:
        table = table.replace_schema_metadata({b"redline.stats": json.dumps(stats).encode()})
    with open(tmp, "wb") as fh:
        pq.write_table(table, fh, compression="zstd")
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
    _fsync_dir(path.parent)


def part_stats(path: Path) -> dict[str, int]:
    import pyarrow.parquet as pq

    meta = pq.read_schema(path).metadata or {}
    return dict(json.loads(meta.get(b"redline.stats", b"{}")))


def read_part(path: Path) -> Any:
    import pyarrow.parquet as pq

    return pq.read_table(path, schema=arrow_schema())


def assemble(parts: Iterable[Path], out: Path, extra: Iterable[Row] = ()) -> int:
    """Concatenate parts (in the given order) plus ``extra`` rows into ``out``, atomically."""
    fmt = output_format(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    written = 0
    tables = (read_part(p) for p in parts)
    extra_rows = list(extra)
    with open(tmp, "wb") as fh:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            with pq.ParquetWriter(fh, arrow_schema(), compression="zstd") as writer:
                for table in tables:
                    writer.write_table(table)
                    written += table.num_rows
                if extra_rows:
                    writer.write_table(rows_table(extra_rows))
                    written += len(extra_rows)
        else:
            import io

            text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
            emit = _csv_emitter(text) if fmt == "csv" else _jsonl_emitter(text)
            for table in tables:
                for row in table.to_pylist():
                    emit(row)
                    written += 1
            for row in extra_rows:
                emit(row)
                written += 1
            text.flush()
            text.detach()
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(out)
    _fsync_dir(out.parent)
    return written


def _csv_emitter(text: Any) -> Any:
    writer = csv.writer(text)
    writer.writerow(COLUMNS)

    def emit(row: Row) -> None:
        writer.writerow(["" if row.get(c) is None else row[c] for c in COLUMNS])

    return emit


def _jsonl_emitter(text: Any) -> Any:
    def emit(row: Row) -> None:
        text.write(json.dumps({c: row.get(c) for c in COLUMNS}, ensure_ascii=False) + "\n")

    return emit


def read_output(path: Path) -> list[Row]:
    """Read an output file back as rows (tests, and later the case store's importer)."""
    fmt = output_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.read_table(path).to_pylist())
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        for col in COLUMNS:
            row[col] = row.get(col) or None
        row["row"] = int(row["row"]) if row["row"] else None
        row["score"] = float(row["score"]) if row["score"] else None
    return rows
