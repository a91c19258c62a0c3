"""Column mapping and per-record reading: bad mappings fail before screening, bad rows are data."""

from __future__ import annotations

import pytest

from redline.batch.mapping import birth_date, parse_map, record_query, resolve
from redline.errors import QueryError

COLUMNS = ["customer_id", "full_name", "birth_date", "cc", "kind"]


def test_parse_map_accepts_the_documented_form() -> None:
    assert parse_map("name=full_name, dob=birth_date,country=cc,id=customer_id,type=kind") == {
        "name": "full_name", "dob": "birth_date", "country": "cc", "id": "customer_id", "type": "kind"}
    assert parse_map(None) == {}


@pytest.mark.parametrize(("text", "message"), [
    ("name", "must be FIELD=COLUMN"),
    ("surname=x", "unknown field 'surname'"),
    ("name=", "no column given"),
])
def test_parse_map_rejects_malformed_entries(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_map(text)


def test_unknown_column_names_the_available_ones() -> None:
    with pytest.raises(QueryError, match=r"no column 'fullname'; columns are customer_id, full_name"):
        resolve({"name": "fullname"}, COLUMNS, "book.csv")


def test_missing_name_column_is_explained() -> None:
    with pytest.raises(QueryError, match=r"no name column .*--map name=COLUMN"):
        resolve({}, ["customer_id", "nom"], "book.csv")


def test_defaults_fill_unmapped_fields_from_common_names() -> None:
    mapping = resolve({"name": "full_name"}, COLUMNS)
    assert (mapping.id, mapping.dob, mapping.type, mapping.country) == ("customer_id", "birth_date", "kind", None)


@pytest.mark.parametrize(("value", "expected"), [
    ("1964-02-08", "1964-02-08"), ("1964", "1964"), ("08.02.1964", "1964-02-08"),
    ("1964/2/8", "1964-02-08"), ("1964-02-08T00:00:00", "1964-02-08"), ("unknown", None), ("", None),
    ("02/08/1964", None),  # day or month first? dropped, not guessed
])
def test_birth_dates_are_normalised_or_dropped(value: str, expected: str | None) -> None:
    assert birth_date(value) == expected


def test_record_becomes_a_query_with_codes_and_schema() -> None:
    mapping = resolve({"name": "full_name", "country": "cc"}, COLUMNS)
    query = record_query({"customer_id": "C1", "full_name": " Герман Греф ", "birth_date": "08.02.1964",
                          "cc": "Russia; DE", "kind": "individual"}, mapping, 5)
    assert (query.name, query.schema, query.birth_date, query.countries, query.key) == (
        "Герман Греф", "Person", "1964-02-08", ["ru", "de"], "C1")


@pytest.mark.parametrize(("name", "kind", "message"), [
    ("", "Person", "empty name"),
    ("x" * 600, "Person", "600 characters"),
    ("Bad\x00Name", "Person", "control or undecodable"),
    ("Sberbank", "Spaceship", "unknown party type 'Spaceship'"),
])
def test_unusable_records_raise_a_per_row_error(name: str, kind: str, message: str) -> None:
    mapping = resolve({"name": "full_name"}, COLUMNS)
    with pytest.raises(QueryError, match=message):
        record_query({"full_name": name, "kind": kind}, mapping, 1)
