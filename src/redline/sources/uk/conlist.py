"""HM Treasury / OFSI Consolidated List (``ConList.csv``), old and 2022 layouts.

The file has one row per *name* (and per date of birth), grouped into a designation
by ``Group ID``; rows of one group are not always adjacent, so groups are gathered
over the whole file and emitted in first-seen order (memory grows with the number of
groups, a few thousand). A ``Last Updated,dd/mm/yyyy`` line precedes the header.
OFSI has published it in Windows-1252 and in UTF-8: the encoding is decided by
reading the bytes, never assumed, and a file that is neither fails naming the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from redline.errors import FormatError, SourceError
from redline.model import Address, BirthDate, Entity, Identifier
from redline.sources.base import iter_csv, open_binary
from redline.sources.ofac.common import add_identifier, add_name, add_property, add_unique
from redline.sources.uk.common import SCHEMATA, clean, hmt_name, language_code, name_kind, parse_dmy
from redline.sources.uk.countries import countries_in
from redline.sources.uk.extract import document_numbers, imo_numbers, is_ship_imo, mmsi_numbers

LIST_NAME = "uk_ofsi"
REQUIRED = ("Name 6", "Group Type", "Group ID")
NAME_COLUMNS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6")
ADDRESS_COLUMNS = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")
_PREAMBLE = ("last updated", "report date")
#: Document columns: (column, identifier type, free text?) — the old layout has only
#: free-text cells, the 2022 layout adds clean number columns.
_DOCUMENTS = (
    ("Passport Number", "passport", False),
    ("Passport Details", "passport", True),
    ("NI Number", "national_id", True),
    ("National Identification Number", "national_id", False),
)
#: Ship columns of the 2022 layout, to FollowTheMoney Vessel properties.
_SHIP_COLUMNS = {
    "current believed flag of ship": "flag",
    "previous flags": "pastFlags",
    "type of ship": "type",
    "tonnage of ship": "tonnage",
    "length of ship": "length",
    "year built": "buildDate",
    "current owner/operator (s)": "owner",
    "previous owner/operator (s)": "pastOwner",
    "hull identification number (hin)": "registrationNumber",
}


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` if every byte is valid UTF-8, else ``cp1252`` if that decodes it all.

    One pass over the lines in binary (constant memory). Bytes undefined in both
    (0x81, 0x8D, 0x8F, 0x90, 0x9D in a non-UTF-8 file) mean a corrupt or foreign file,
    reported with the first such line.
    """
    utf8_ok = True
    cp_error: tuple[int, UnicodeDecodeError] | None = None
    try:
        with open_binary(path) as fh:
            for number, line in enumerate(fh, start=1):
                if utf8_ok:
                    try:
                        line.decode("utf-8")
                    except UnicodeDecodeError:
                        utf8_ok = False
                if cp_error is None:
                    try:
                        line.decode("cp1252")
                    except UnicodeDecodeError as exc:
                        cp_error = (number, exc)
                if not utf8_ok and cp_error:
                    break
    except (EOFError, OSError) as exc:
        raise FormatError(f"cannot read (truncated or corrupt?): {exc}", path=path) from exc
    if utf8_ok:
        return "utf-8-sig"
    if cp_error is None:
        return "cp1252"
    number, error = cp_error
    byte = error.object[error.start]
    raise FormatError(
        f"neither UTF-8 nor Windows-1252 text (byte 0x{byte:02X} at column {error.start + 1}): "
        "wrong encoding or corrupt file?", path=path, line=number,
    )


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]] | tuple[int, str]]:
    """The snapshot date (as ``(line, date)``) if present, then the data rows as dicts."""
    header: list[str] | None = None
    for line, row in iter_csv(path, encoding=detect_encoding(path), header=False):
        assert isinstance(row, list)
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            first = row[0].strip().casefold()
            if first.startswith(_PREAMBLE):
                yield line, ",".join(row)
                continue
            header = [cell.strip() for cell in row]
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise FormatError(f"not an OFSI ConList header (missing {', '.join(missing)})",
                                  path=path, line=line)
            continue
        if len(row) != len(header):
            raise FormatError(f"expected {len(header)} fields as in the header, found {len(row)} "
                              "(malformed or truncated row?)", path=path, line=line)
        yield line, dict(zip(header, row, strict=True))


def conlist_date(path: Path) -> str | None:
    """The ``Last Updated`` date of the preamble line, ISO; None without a preamble."""
    try:
        for _line, item in _rows(path):
            if isinstance(item, str):
                value = item.split(",", 1)[1] if "," in item else item.split(":", 1)[-1]
                return parse_dmy(value.strip())
            return None
    except SourceError:
        return None
    return None


def is_conlist(path: Path) -> bool:
    """Sniff: the header (after an optional preamble) has the ConList key columns."""
    try:
        with open_binary(path) as fh:
            head = fh.read(8192).decode("cp1252", errors="replace")
    except SourceError:
        return False
    lines = head.splitlines()[:3]
    return any(all(col in line for col in REQUIRED) for line in lines)


class _Group:
    """One designation being assembled from its rows."""

    def __init__(self, gid: str, schema: str, line: int) -> None:
        self.entity = Entity(id=f"{LIST_NAME}:{gid}", list=LIST_NAME, source_id=gid, schema=schema)
        self.line = line
        self.remarks: list[str] = []
        self.raw: dict[str, list[str]] = {}


def read_conlist(path: Path) -> Iterator[Entity]:
    """Stream one Entity per Group ID from a ConList CSV."""
    groups: dict[str, _Group] = {}
    for line, row in _rows(path):
        if isinstance(row, str):
            continue
        gid = (row.get("Group ID") or "").strip()
        if not gid:
            raise FormatError("row has no Group ID", path=path, line=line, field="Group ID")
        group = groups.get(gid)
        if group is None:
            kind = (row.get("Group Type") or "").strip()
            schema = SCHEMATA.get(kind.casefold())
            if schema is None:
                raise FormatError(f"unknown Group Type {kind!r}", path=path, line=line, field="Group Type")
            group = groups[gid] = _Group(gid, schema, line)
        _apply_row(group, row, path, line)
    for group in groups.values():
        yield _finish(group)


def _apply_row(group: _Group, row: dict[str, str], path: Path, line: int) -> None:
    entity = group.entity
    for key, cell in row.items():
        value = clean(cell)
        if value and key != "Group ID":
            add_unique(group.raw.setdefault(key, []), value)
    kind = name_kind(row.get("Alias Type"), row.get("Alias Quality"))
    add_name(entity, hmt_name([row.get(c) for c in NAME_COLUMNS], kind, entity.schema))
    non_latin = clean(row.get("Name Non-Latin Script"))
    if non_latin:
        add_name(entity, hmt_name([None, None, None, None, None, non_latin], "original", "Organization",
                                  lang=language_code(row.get("Non-Latin Script Language"))))
    add_property(entity, "title", clean(row.get("Title")))
    add_property(entity, "position", clean(row.get("Position")))
    dob = clean(row.get("DOB"))
    if dob:
        iso = parse_dmy(dob)
        if iso is None:
            raise FormatError(f"DOB {dob!r} is not dd/mm/yyyy", path=path, line=line, field="DOB")
        if all(b.value != iso for b in entity.birth_dates):
            entity.birth_dates.append(BirthDate(value=iso))
    place = ", ".join(p for p in (clean(row.get("Town of Birth")), clean(row.get("Country of Birth"))) if p)
    add_unique(entity.birth_places, place)
    for code in countries_in(row.get("Nationality")):
        add_unique(entity.nationalities, code)
    _add_documents(entity, row)
    _add_address(entity, row)
    for program in (clean(row.get("Regime")),):
        add_unique(entity.programs, program)
    listed = parse_dmy(clean(row.get("Listed On")))
    if listed and (entity.listed_on is None or listed < entity.listed_on):
        entity.listed_on = listed
    updated = parse_dmy(clean(row.get("Last Updated")))
    if updated and updated > (entity.properties.get("modifiedAt") or [""])[0]:
        entity.properties["modifiedAt"] = [updated]
    add_property(entity, "ukSanctionsListRef", clean(row.get("UK Sanctions List Ref")))
    other = clean(row.get("Other Information"))
    if other and other not in group.remarks:
        group.remarks.append(other)
    _add_ship_columns(entity, row)


def _add_documents(entity: Entity, row: dict[str, str]) -> None:
    for column, id_type, free_text in _DOCUMENTS:
        text = clean(row.get(column))
        if not text:
            continue
        numbers = document_numbers(text) if free_text else [text]
        for number in numbers:
            add_identifier(entity, Identifier(type=id_type, value=number, label=column))


def _add_address(entity: Entity, row: dict[str, str]) -> None:
    lines = [p for p in (clean(row.get(c)) for c in ADDRESS_COLUMNS) if p]
    postal = clean(row.get("Post/Zip Code"))
    country_text = clean(row.get("Country"))
    codes = countries_in(country_text)
    for code in codes:
        add_unique(entity.countries, code)
    if not lines and not postal:
        return
    full = ", ".join([*lines, *(p for p in (postal, country_text) if p)])
    address = Address(full=full, postal_code=postal, country=codes[0] if len(codes) == 1 else None)
    if address not in entity.addresses:
        entity.addresses.append(address)


def _add_ship_columns(entity: Entity, row: dict[str, str]) -> None:
    for column, value in row.items():
        prop = _SHIP_COLUMNS.get(" ".join(column.split()).casefold())
        if prop:
            add_property(entity, prop, clean(value))
    imo = clean(row.get("IMO number") or row.get("IMO Number"))
    for number in imo_numbers(f"IMO {imo}") if imo else []:
        _add_imo(entity, number)


def _add_imo(entity: Entity, number: str) -> None:
    add_identifier(entity, Identifier(type="imo", value=number, label="IMO number"))
    add_property(entity, "imoNumber", number)


def _finish(group: _Group) -> Entity:
    entity = group.entity
    entity.remarks = "\n".join(group.remarks) or None
    for text in group.remarks:
        for number in imo_numbers(text):
            _add_imo(entity, number)
        for number in mmsi_numbers(text):
            add_identifier(entity, Identifier(type="mmsi", value=number, label="MMSI"))
            add_property(entity, "mmsi", number)
    # Before 2022 ships were filed as "Entity"; the list's own words ("vessel") and a
    # ship IMO number (checksum valid, unlike company IMO numbers) say what it is.
    if (entity.schema == "Organization" and any("vessel" in t.casefold() for t in group.remarks)
            and any(is_ship_imo(n) for n in entity.properties.get("imoNumber", []))):
        entity.schema = "Vessel"
    entity.names.sort(key=lambda n: n.kind != "primary")
    raw: dict[str, Any] = {"Group ID": entity.source_id, "first_line": group.line}
    raw.update({k: v[0] if len(v) == 1 else v for k, v in group.raw.items()})
    entity.raw = raw
    return entity

