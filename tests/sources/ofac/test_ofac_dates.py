"""OFAC date wording, as it appears in sdn.xml dateOfBirth and CSV remarks."""

from __future__ import annotations

import pytest

from redline.model import BirthDate
from redline.sources.ofac.dates import parse_birth_date, parse_point, parse_publish_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07 Oct 1952", BirthDate("1952-10-07")),
        ("1962", BirthDate("1962")),
        ("Dec 1970", BirthDate("1970-12")),
        ("circa 1951", BirthDate("1951", circa=True)),
        ("1960 to 1962", BirthDate("1960", end="1962")),
        ("01 Jan 1960 to 31 Dec 1962", BirthDate("1960-01-01", end="1962-12-31")),
        ("Mar 1968 to Mar 1968", BirthDate("1968-03")),
        ("1955.", BirthDate("1955")),
    ],
)
def test_birth_dates_keep_precision(text: str, expected: BirthDate) -> None:
    assert parse_birth_date(text) == expected


@pytest.mark.parametrize("text", ["", "31 Feb 1970", "00 Jan 1970", "sometime", "13/45/2000"])
def test_impossible_or_unreadable_dates_are_none(text: str) -> None:
    assert parse_birth_date(text) is None


def test_publish_date_is_month_first() -> None:
    assert parse_publish_date("05/07/2024") == "2024-05-07"
    assert parse_publish_date("03/08/2023") == "2023-03-08"
    assert parse_point("1991-06") == "1991-06"
