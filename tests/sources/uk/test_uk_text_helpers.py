"""Free-text helpers the UK and UN readers share: countries, HMT dates, numbers in prose.

The inputs are cells copied from the real UN and UK files.
"""

from __future__ import annotations

import pytest

from redline.sources.uk.common import name_kind, parse_dmy
from redline.sources.uk.countries import countries_in
from redline.sources.uk.extract import document_numbers, imo_numbers, is_ship_imo, mmsi_numbers


@pytest.mark.parametrize(("text", "codes"), [
    ("1) Saudi Arabia 2) Qatar", ["sa", "qa"]),
    ("(1) to (6) Algeria (7) Morocco", ["dz", "ma"]),
    ("(a) Malaysia (b) Indonesia", ["my", "id"]),
    ("Afghan", ["af"]),
    ("Iranian (Iranian citizenship)", ["ir"]),
    ("In Syria as at June 2013", ["sy"]),
    ("Sudan/or South Sudan", ["sd", "ss"]),
    ("United States. Also believed to hold Syrian nationality", ["us", "sy"]),
    ("Democratic People’s Republic of Korea", ["kp"]),
    ("Bosnia and Herzegovina", ["ba"]),
    ("Congo, Democratic Republic of the", ["cd"]),
    ("USSR (until 1991)", []),
    ("Unknown", []),
    ("", []),
])
def test_countries_in(text: str, codes: list[str]) -> None:
    assert countries_in(text) == codes


@pytest.mark.parametrize(("text", "iso"), [
    ("27/04/2020", "2020-04-27"), ("00/00/1980", "1980"), ("dd/mm/1962", "1962"), ("dd/07/1978", "1978-07"),
    ("00/05/1970", "1970-05"), ("31/02/1970", "1970-02"), ("2024-05-13T17:44:28", "2024-05-13"),
    ("circa 1970", None), ("", None),
])
def test_parse_dmy(text: str, iso: str | None) -> None:
    assert parse_dmy(text) == iso


def test_name_kinds() -> None:
    assert [name_kind(t) for t in ("Prime Alias", "Primary name", "AKA", "FKA", "Primary name variation")] == [
        "primary", "primary", "alias", "former", "alias"]
    assert name_kind("Alias", "Low quality a.k.a") == "weak"


def test_numbers_in_prose() -> None:
    assert document_numbers("Passport No: 592667 (Qatari passport issued on 3 May 2007).") == ["592667"]
    assert document_numbers("(1) E-189935 (Moroccan) (2) G-0343089 (Moroccan)") == ["E-189935", "G-0343089"]
    assert document_numbers("Passport number: 381210143(expiration date: 3.6.2016)") == ["381210143"]
    assert imo_numbers("IMO: 8937675. MMSI: 445539000.") == ["8937675"]
    assert imo_numbers("IMO number 5342883; IMO9562233") == ["5342883", "9562233"]
    assert mmsi_numbers("IMO: 8937675. MMSI: 445539000.") == ["445539000"]
    assert is_ship_imo("8937675") and not is_ship_imo("5342883")  # a company IMO number
