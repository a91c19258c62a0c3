"""Stream a customer book (CSV, Parquet, JSON lines) in fixed-size chunks.

Chunks are numbered from the start of the file and always hold the same rows for the
same chunk size, which is what makes a run resumable: chunk 17 of an interrupted run
is chunk 17 of the rerun. Nothing here holds more than one chunk of the book in memory.

Encodings are checked line by line, so a cp1252 export fails with the line number and
a hint instead of a ``UnicodeDecodeError`` from deep inside the csv module.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redline.errors import SourceError

Record = dict[str, Any]
FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
MAX_LINE_BYTES = 1 << 20  # a CSV or JSON line of a megabyte is not a customer record


def input_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise SourceError(f"unsupported input format {path.suffix!r}; use .csv, .parquet or .jsonl", path=path)
    return fmt


@dataclass(frozen=True)
class Chunk:
    """Rows ``start_row`` .. ``start_row + len(records) - 1`` (1-based data rows)."""

    number: int
    start_row: int
    records: list[Record]


def _decoded_lines(path: Path, encoding: str, skip: int = 0) -> Iterator[str]:
    with open(path, "rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if lineno <= skip:
                continue
            if len(raw) > MAX_LINE_BYTES:
                raise SourceError(f"line longer than {MAX_LINE_BYTES} bytes", path=path, line=lineno)
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError as exc:
                hint = " (try --encoding cp1252 or latin-1)" if encoding.startswith("utf") else ""
                raise SourceError(
                    f"not valid {encoding}: byte 0x{raw[exc.start]:02x} at column {exc.start + 1}{hint}",
                    path=path, line=lineno,
                ) from None


def _sniff_delimiter(path: Path, header: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def csv_columns(path: Path, encoding: str) -> list[str]:
    lines = _decoded_lines(path, encoding)
    header = next(lines, None)
    if header is None:
        raise SourceError("empty file (no header row)", path=path, line=1)
    header = header.lstrip("\ufeff")
    row = next(csv.reader([header], delimiter=_sniff_delimiter(path, header)))
    columns = [c.strip() for c in row]
    if len(set(columns)) != len(columns):
        raise SourceError(f"duplicate column names in header: {columns}", path=path, line=1)
    return columns


def _csv_records(path: Path, encoding: str) -> Iterator[Record]:
    lines = _decoded_lines(path, encoding)
    first = next(lines, "")
    header = first.lstrip("\ufeff")
    delimiter = _sniff_delimiter(path, header)
    columns = [c.strip() for c in next(csv.reader([header], delimiter=delimiter))]
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line
            yield dict(zip(columns, row, strict=False))
    except csv.Error as exc:
        raise SourceError(f"malformed CSV: {exc}", path=path, line=reader.line_num + 1) from None


def _jsonl_records(path: Path, encoding: str) -> Iterator[Record]:
    for lineno, line in enumerate(_decoded_lines(path, encoding), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield {"__error__": f"line {lineno}: not JSON ({exc.msg})"}
            continue
        yield value if isinstance(value, dict) else {"__error__": f"line {lineno}: not a JSON object"}


def jsonl_columns(path: Path, encoding: str, probe: int = 1000) -> list[str]:
    """Keys seen in the first ``probe`` objects (JSON lines have no header)."""
    seen: dict[str, None] = {}
    for n, record in enumerate(_jsonl_records(path, encoding)):
        if n >= probe:
            break
        for key in record:
            if key != "__error__":
                seen.setdefault(key, None)
    return list(seen)


def columns_of(path: Path, encoding: str = "utf-8") -> list[str]:
    """The input's column names, read without loading the book."""
    if not path.is_file():
        raise SourceError("input file not found", path=path)
    fmt = input_format(path)
    if fmt == "csv":
        return csv_columns(path, encoding)
    if fmt == "jsonl":
        return jsonl_columns(path, encoding)
    import pyarrow.parquet as pq

    try:
        return list(pq.ParquetFile(path).schema_arrow.names)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise SourceError(f"not a readable Parquet file: {exc}", path=path) from None


def count_records(path: Path, encoding: str = "utf-8") -> int | None:
    """Rows in the book, for the progress bar (exact for Parquet, lines for text files).

    Text files are also decoded here, block by block, so a wrong encoding fails before
    the first record is screened rather than an hour into the run.
    """
    fmt = input_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    decoder = codecs.getincrementaldecoder(encoding)()
    count = 0
    last = b"\n"
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                _first_bad_line(path, encoding, count)
            count += block.count(b"\n")
            last = block[-1:]
    if last != b"\n":
        count += 1
    return max(count - (1 if fmt == "csv" else 0), 0)


def _first_bad_line(path: Path, encoding: str, lines_before: int) -> None:
    """Raise the SourceError naming the first undecodable line (at or after ``lines_before``)."""
    for _ in _decoded_lines(path, encoding, skip=lines_before):
        pass
    raise SourceError(f"not valid {encoding}", path=path)  # the block failed only at its very end


def _parquet_records(path: Path, columns: list[str], batch: int) -> Iterator[Record]:
    import pyarrow.parquet as pq

    for record_batch in pq.ParquetFile(path).iter_batches(batch_size=batch, columns=columns):
        yield from record_batch.to_pylist()


def iter_chunks(
    path: Path, chunk_size: int, encoding: str = "utf-8", columns: list[str] | None = None,
) -> Iterator[Chunk]:
    """The book as numbered chunks of ``chunk_size`` records, in file order."""
    fmt = input_format(path)
    if fmt == "csv":
        records = _csv_records(path, encoding)
    elif fmt == "jsonl":
        records = _jsonl_records(path, encoding)
    else:
        records = _parquet_records(path, columns or columns_of(path), chunk_size)
    number, start, buffer = 0, 1, []
    for record in records:
        buffer.append(record)
        if len(buffer) >= chunk_size:
            yield Chunk(number, start, buffer)
            number, start, buffer = number + 1, start + len(buffer), []
    if buffer:
        yield Chunk(number, start, buffer)
