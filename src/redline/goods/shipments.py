"""Reading shipment files: the default CSV layout, `--map` for other layouts, checked input.

The default layout is ``shipment_id, shipper, shipper_country, consignee,
consignee_country, end_user, end_user_country, destination_country, transit_countries``
(';'-separated), ``hs_code, description, value, currency`` plus the optional red-flag
columns of data/routes.yaml. A file in another layout is read through a mapping
{our column: their column}. The delimiter (',', ';', tab or '|') is taken from the header
line and a UTF-16 / UTF-32 byte-order mark selects that encoding; a column named twice
is an error. Errors name the file, the line and the column, because the
person fixing a 200,000-line export needs to know where to look.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from redline.errors import MessageError
from redline.goods.routes import route_config

COLUMNS = ("shipment_id", "shipper", "shipper_country", "consignee", "consignee_country", "end_user",
           "end_user_country", "destination_country", "transit_countries", "hs_code", "description", "value",
           "currency", "notify_party", "notify_party_country")
MAX_FIELD = 100_000


def known_columns() -> set[str]:
    """Standard columns plus every alias of the optional red-flag columns."""
    names = set(COLUMNS)
    for aliases in route_config()["optional_columns"].values():
        names.update(aliases)
    return names


def parse_map(value: str | None) -> dict[str, str]:
    """`--map consignee=buyer_name,hs_code=tariff` → {standard column: file column}."""
    mapping: dict[str, str] = {}
    known = known_columns()
    for part in (value or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise MessageError(f"--map entry {part!r} must look like our_column=their_column", source="--map")
        ours, theirs = (p.strip() for p in part.split("=", 1))
        if ours not in known:
            raise MessageError(f"--map: {ours!r} is not a shipment column; known: {', '.join(sorted(known))}",
                               source="--map")
        if not theirs:
            raise MessageError(f"--map: no file column given for {ours!r}", source="--map")
        mapping[ours] = theirs
    return mapping


DELIMITERS = ",;\t|"
# Byte-order marks that say the file is not in an ASCII-compatible encoding, longest first
# (the UTF-32 LE mark starts with the UTF-16 LE one).
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _decoded(lines: Iterable[bytes], encoding: str, source: str) -> Iterator[str]:
    """Decode line by line so that a wrong encoding is reported at its physical line."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    for number, raw in enumerate(lines, 1):
        try:
            yield decoder.decode(raw)
        except UnicodeDecodeError as exc:
            raise MessageError(f"line {number}: not valid {encoding} text ({exc.reason}); wrong encoding? "
                               "try --encoding cp1252", source=source) from exc


def _wide_decoded(fh: BinaryIO, encoding: str, source: str) -> Iterator[str]:
    """Lines of a UTF-16 / UTF-32 file: its newline is two or four bytes, so the bytes cannot
    be split at b"\\n" before decoding."""
    text = io.TextIOWrapper(fh, encoding=encoding, errors="strict", newline="")
    number = 0
    try:
        for number, line in enumerate(text, 1):  # noqa: B007 - number is reported below
            yield line
    except UnicodeDecodeError as exc:
        raise MessageError(f"line {number + 1}: not valid {encoding} text ({exc.reason}); wrong encoding?",
                           source=source) from exc


def _sniff_encoding(fh: BinaryIO, encoding: str) -> str:
    """The encoding a UTF-16 / UTF-32 byte-order mark announces, else the one asked for.

    Excel's "Unicode text" export is UTF-16 with a BOM; read as UTF-8 it fails on line 1.
    An explicit wide encoding (--encoding utf-16-le) is kept as given.
    """
    head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    if not codecs.lookup(encoding).name.startswith("utf-8"):
        return encoding
    return next((name for bom, name in _WIDE_BOMS if head.startswith(bom)), encoding)


def _text_lines(fh: BinaryIO, encoding: str, source: str) -> Iterator[str]:
    """Decoded lines, by the route that suits the encoding."""
    if not codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        return _decoded(fh, encoding, source)
    return _wide_decoded(fh, encoding, source)


def _delimiter(header_line: str) -> str:
    """',', ';', tab or '|', whichever splits the header line most (as screen-file does).

    European spreadsheets export ';' and many tools tab; read with ',' the whole header is
    one column and the file is rejected as having no goods column.
    """
    return max(DELIMITERS, key=header_line.count)


def _check_duplicates(header: list[str], names: list[str], source: str) -> None:
    """A column named twice cannot be read: which of the two values is meant would be a guess."""
    for columns, why in ((header, "in the header"), (names, "after --map renaming")):
        counts = Counter(c for c in columns if c)
        repeated = [c for c, n in counts.items() if n > 1]
        if repeated:
            name = repeated[0]
            where = ", ".join(str(i) for i, c in enumerate(columns, 1) if c == name)
            raise MessageError(f"column {name!r} appears {counts[name]} times {why} (columns {where}); "
                               "rename or remove the extra one so that it is clear which value to screen",
                               source=source, field=name)


def iter_shipments(path: Path, mapping: dict[str, str] | None = None,
                   encoding: str = "utf-8-sig") -> Iterator[tuple[int, dict[str, str], str | None]]:
    """Yield (line number, row in standard column names, problem or None) for each line.

    A row with more or fewer fields than the header is still yielded (with its problem) so
    that it is screened on what it has and reported, never silently dropped.
    """
    mapping = mapping or {}
    source = str(path)
    csv.field_size_limit(MAX_FIELD)
    try:
        codecs.lookup(encoding)
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except LookupError as exc:
        raise MessageError(f"unknown encoding {encoding!r}", source=source) from exc
    except OSError as exc:
        raise MessageError(f"cannot open: {exc.strerror or exc}", source=source) from exc
    with fh:
        lines = _text_lines(fh, _sniff_encoding(fh, encoding), source)
        first = next(lines, "")
        reader = csv.reader(itertools.chain([first], lines), delimiter=_delimiter(first))
        try:
            header = [h.strip() for h in next(reader, [])]
            if not header:
                raise MessageError("empty file: no header line", source=source)
            missing = [theirs for theirs in mapping.values() if theirs not in header]
            if missing:
                raise MessageError(f"--map names columns not in the file: {', '.join(missing)} "
                                   f"(file has: {', '.join(header)})", source=source)
            rename = {theirs: ours for ours, theirs in mapping.items()}
            names = [rename.get(h, h) for h in header]
            _check_duplicates(header, names, source)
            if "hs_code" not in names and "description" not in names:
                raise MessageError("no hs_code or description column: nothing says what the goods are; "
                                   f"file has {', '.join(header)} (use --map hs_code=THEIR_COLUMN)",
                                   source=source, field="hs_code")
            for row in reader:
                if not row or not any(cell.strip() for cell in row):
                    continue
                problem = None
                if len(row) != len(names):
                    problem = f"{source} line {reader.line_num}: {len(row)} fields, header has {len(names)}"
                yield reader.line_num, dict(zip(names, row, strict=False)), problem
        except csv.Error as exc:
            raise MessageError(f"line {reader.line_num}: malformed CSV: {exc}", source=source) from exc


def read_shipments(path: Path, mapping: dict[str, str] | None = None,
                   encoding: str = "utf-8-sig") -> Iterator[dict[str, str]]:
    """Rows only, for callers that do not report line numbers."""
    for _line, row, _problem in iter_shipments(path, mapping, encoding):
        yield row
