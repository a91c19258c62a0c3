"""What every list reader shares: the reader contract, safe XML and CSV opening.

A reader is a function ``read(files: dict[str, Path]) -> Iterator[Entity]`` that streams
entities in constant memory and raises ``SourceError`` (with file, line, field) on
anything it cannot read. ``files`` maps the role of each file in a list's format
("sdn.csv", "add.csv", ...) to a path, so multi-file formats read naturally.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from redline.errors import FormatError, HostileInputError, SourceError, explain_encoding_error
from redline.model import Entity

#: ``read(main_file, companions)``: companions maps a companion file name (as listed in
#: ``ListFormat.companions``) to the path found beside the main file.
Reader = Callable[[Path, dict[str, Path]], Iterator[Entity]]


@dataclass(frozen=True)
class ListFormat:
    """One published file layout of one list, as the registry and mirror discovery see it.

    ``main_file`` is a case-insensitive glob on the file name; ``sniff`` confirms by
    content (two lists may both publish ``consolidated.xml``); ``snapshot_date`` reads the
    publication date from the content when the file carries one (``YYYY-MM-DD``);
    ``required`` companions must sit beside the main file for the set to be complete.
    ``revision`` counts changes to what the reader makes of the same file: bump it when
    a fix changes the entities read (names, aliases, identifiers), so that an upgraded
    site re-reads a list file the publisher has not changed since.
    """

    list_name: str
    format: str
    main_file: str
    read: Reader
    companions: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    sniff: Callable[[Path], bool] | None = None
    snapshot_date: Callable[[Path], str | None] | None = None
    priority: int = 0
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    revision: int = 1

#: Largest XML file we accept. The full OFAC Advanced XML is ~120 MB today.
MAX_XML_BYTES = 1024 * 1024 * 1024
#: No official list nests deeper than ~10 levels; deep nesting is an attack on the parser.
MAX_XML_DEPTH = 64
_SNIFF_BYTES = 64 * 1024


def open_binary(path: Path) -> IO[bytes]:
    """Open a file, transparently un-gzipping ``.gz`` copies (CSL ships gzipped)."""
    try:
        if path.suffix == ".gz":
            return gzip.open(path, "rb")  # type: ignore[return-value]  # GzipFile is a binary IO
        return open(path, "rb")
    except OSError as exc:
        raise SourceError(f"cannot open: {exc.strerror or exc}", path=path) from exc


def check_xml_head(path: Path) -> bytes:
    """Refuse XML that declares a DTD or entities before lxml ever sees it.

    Official lists never carry a DOCTYPE; a file that does is either corrupt or an
    XXE / billion-laughs attempt, and refusing it outright is cheaper and safer than
    trusting parser flags alone.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(f"cannot open: {exc.strerror or exc}", path=path) from exc
    if size == 0:
        raise FormatError("file is empty (truncated download?)", path=path)
    if size > MAX_XML_BYTES and path.suffix != ".gz":
        raise HostileInputError(f"file is {size} bytes, above the {MAX_XML_BYTES} limit", path=path)
    with open_binary(path) as fh:
        head = fh.read(_SNIFF_BYTES)
    lowered = head.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise HostileInputError(
            "XML declares a DOCTYPE/ENTITY; official lists never do (possible XXE or "
            "entity-expansion attack), refused",
            path=path,
        )
    return head


def iterparse(
    path: Path, tags: str | tuple[str, ...] | None = None, events: tuple[str, ...] = ("end",),
    root: str | None = None, what: str = "",
) -> Iterator[tuple[str, etree._Element]]:
    """Stream ``(event, element)`` pairs from an official XML file, safely.

    ``tags`` are *local* names (namespaces differ between releases of the same list).
    Entity resolution, DTD loading and network access are off; depth and total size are
    bounded; a truncated or malformed file raises ``FormatError`` naming the line.
    Callers must ``clear()`` elements they have consumed to keep memory constant.
    ``root`` (a local name) refuses a file whose root element is another, naming ``what``
    the file should have been — a mis-sniffed or mislabelled file fails on its first tag.
    """
    head = check_xml_head(path)
    wanted = {tags} if isinstance(tags, str) else set(tags) if tags else None
    fh = open_binary(path)
    try:
        context = etree.iterparse(
            fh,
            events=("start", "end"),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            recover=False,
        )
        depth = 0
        for event, elem in context:
            if event == "start":
                if depth == 0 and root is not None and local(elem.tag) != root:
                    raise FormatError(f"root element is <{local(elem.tag)}>, expected <{root}>: not {what}",
                                      path=path, line=elem.sourceline)
                depth += 1
                if depth > MAX_XML_DEPTH:
                    raise HostileInputError(
                        f"XML nested deeper than {MAX_XML_DEPTH} levels", path=path,
                        line=elem.sourceline,
                    )
            else:
                depth -= 1
            if event in events and (wanted is None or local(elem.tag) in wanted):
                yield event, elem
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        msg = str(exc.msg or exc)
        if "Premature end" in msg or "EndTag" in msg or "end of data" in msg.lower():
            msg = f"file ends early (truncated download?): {msg}"
        else:
            msg = explain_encoding_error(msg, head)
        raise FormatError(f"malformed XML: {msg}", path=path, line=line) from exc
    except (EOFError, OSError) as exc:
        raise FormatError(f"cannot read (truncated or corrupt?): {exc}", path=path) from exc
    finally:
        fh.close()


def local(tag: object) -> str:
    """Tag name without its namespace: lists change namespaces between releases."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def element_to_raw(elem: etree._Element, text: Callable[[etree._Element], Any]) -> Any:
    """An element as nested dicts for ``Entity.raw`` (repeated tags become lists, empty ones dropped).

    Keeping the source record beside our reading of it lets an auditor see what the
    official file said; ``text`` decides how a leaf's text is cleaned.
    """
    children = [c for c in elem if isinstance(c.tag, str)]
    if not children:
        return text(elem)
    out: dict[str, Any] = {}
    for child in children:
        value = element_to_raw(child, text)
        if value in (None, {}, []):
            continue
        key = local(child.tag)
        if key in out:
            if not isinstance(out[key], list):
                out[key] = [out[key]]
            out[key].append(value)
        else:
            out[key] = value
    return out


def child_text(elem: etree._Element, name: str) -> str | None:
    """Text of the first direct child with local name ``name``, stripped, or None."""
    for child in elem:
        if local(child.tag) == name:
            text = (child.text or "").strip()
            return text or None
    return None


def decode_text(data: bytes, path: Path, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
    """Decode bytes with the first encoding that works, naming the file if none does."""
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        data.decode(encodings[0])
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FormatError(
            f"not valid {encodings[0]} text at byte {exc.start}: wrong encoding?",
            path=path, line=line,
        ) from exc
    raise AssertionError("unreachable")


def open_text(path: Path, encoding: str = "utf-8-sig") -> io.TextIOWrapper:
    """Open a text file with strict decoding so a wrong encoding fails loudly, not silently."""
    codecs.lookup(encoding)
    return io.TextIOWrapper(open_binary(path), encoding=encoding, errors="strict", newline="")


def iter_csv(
    path: Path, encoding: str = "utf-8-sig", delimiter: str = ",", header: bool = True
) -> Iterator[tuple[int, dict[str, str] | list[str]]]:
    """Stream CSV rows as ``(line_number, row)``; decoding errors name the line."""
    csv.field_size_limit(16 * 1024 * 1024)
    with open_text(path, encoding) as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        columns: list[str] | None = None
        try:
            for row in reader:
                if header and columns is None:
                    columns = [c.strip() for c in row]
                    continue
                if columns is not None:
                    yield reader.line_num, dict(zip(columns, row, strict=False))
                else:
                    yield reader.line_num, row
        except UnicodeDecodeError as exc:
            raise FormatError(
                f"not valid {encoding} text ({exc.reason}): wrong encoding?",
                path=path, line=reader.line_num + 1,
            ) from exc
        except csv.Error as exc:
            raise FormatError(f"malformed CSV: {exc}", path=path, line=reader.line_num) from exc
        except (EOFError, OSError) as exc:
            raise FormatError(f"cannot read (truncated or corrupt?): {exc}", path=path) from exc
