"""FollowTheMoney JSON lines, read safely: one JSON object per line, errors by line.

OpenSanctions exports are JSON lines (``entities.ftm.json``, ``entities.delta.json``),
often gigabytes and sometimes gzipped. Lines are read with a length bound (a file with
no newline must not be slurped into memory), decoded strictly (a wrong encoding fails
loudly instead of producing mojibake names) and parsed one by one, so an error names
the file and line and the rest of the file never has to be held.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from redline.errors import FormatError, HostileInputError
from redline.sources.base import open_binary

#: Longest line we accept. The largest OpenSanctions entities (a few state companies with
#: thousands of names) stay below 2 MB; 64 MB leaves room without inviting abuse.
MAX_LINE_BYTES = 64 * 1024 * 1024


def iter_json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line_number, object)`` for every non-blank line of a JSON-lines file."""
    fh = open_binary(path)
    number = 0
    try:
        while True:
            try:
                raw = fh.readline(MAX_LINE_BYTES + 1)
            except (EOFError, OSError) as exc:
                raise FormatError(
                    f"cannot read (truncated or corrupt?): {exc}", path=path, line=number + 1
                ) from exc
            if not raw:
                return
            number += 1
            if len(raw) > MAX_LINE_BYTES:
                raise HostileInputError(
                    f"line longer than {MAX_LINE_BYTES} bytes", path=path, line=number)
            if not raw.strip():
                continue
            yield number, _parse(raw, path, number)
    finally:
        fh.close()


def _parse(raw: bytes, path: Path, number: int) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"not valid UTF-8 at byte {exc.start} of the line: wrong encoding?",
            path=path, line=number,
        ) from exc
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise HostileInputError("JSON nested too deeply", path=path, line=number) from exc
    except json.JSONDecodeError as exc:
        hint = " (truncated file?)" if exc.pos >= len(text.rstrip()) else ""
        raise FormatError(
            f"invalid JSON at column {exc.colno}: {exc.msg}{hint}", path=path, line=number
        ) from exc
    if not isinstance(data, dict):
        raise FormatError(
            f"expected one JSON object per line, found {type(data).__name__}",
            path=path, line=number,
        )
    return data


def check_entity(data: dict[str, Any], path: Path, number: int) -> dict[str, Any]:
    """Refuse an object that is not an FtM entity, naming the missing field."""
    for key in ("id", "schema"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise FormatError(
                f"FtM entity without a {key!r} string", path=path, line=number, field=key)
    props = data.get("properties", {})
    if not isinstance(props, dict) or not all(
        isinstance(v, list) for v in props.values()
    ):
        raise FormatError(
            "'properties' must map property names to lists of values",
            path=path, line=number, field="properties",
        )
    return data
