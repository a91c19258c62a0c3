"""HS / CN / HTS normalisation and the prefix rule every table relies on."""

from __future__ import annotations

import pytest

from redline.errors import QueryError
from redline.goods.hs import chapters, covers, inside, normalize


@pytest.mark.parametrize("written", ["8542.31", "854231", "8542 31", "8542-31", " 8542.31 ", "HS 8542.31",
                                     "hts: 8542.31", "CN 8542 31"])
def test_codes_in_any_format(written: str) -> None:
    assert normalize(written).digits == "854231"


@pytest.mark.parametrize(("written", "digits", "level", "formatted"), [
    ("8542 31 00 90", "8542310090", "TARIC / HTS-10", "8542.31.00.90"),
    ("8542.31.0000", "8542310000", "TARIC / HTS-10", "8542.31.00.00"),
    ("85423190", "85423190", "CN-8", "8542.31.90"),
    ("8542", "8542", "heading", "8542"),
    ("85", "85", "chapter", "85"),
    ("0101.21", "010121", "HS-6 subheading", "0101.21"),
])
def test_levels_and_formatting(written: str, digits: str, level: str, formatted: str) -> None:
    code = normalize(written)
    assert (code.digits, code.level, code.formatted()) == (digits, level, formatted)
    assert code.hs6 == (digits[:6] if len(digits) >= 6 else None)


@pytest.mark.parametrize(("bad", "message"), [
    ("", "empty"), ("   ", "empty"), ("85A2.31", "characters"), ("85423", "5 digits"),
    ("7701", "chapter 77 is reserved"),
    ("9903.88", "national-only"), ("0012", "chapter 00 does not exist"), ("84715", "leading 0"),
    ("854231009012", "12 digits"), ("8" * 80, "characters long"), ("８５４２", "characters"),
])
def test_bad_codes_are_named(bad: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        normalize(bad)


def test_non_text_code_is_refused() -> None:
    with pytest.raises(QueryError, match="must be text"):
        normalize(854231)  # type: ignore[arg-type]


def test_chapter_list_is_the_hs_nomenclature() -> None:
    names = chapters()
    assert len(names) == 96 and "77" not in names and names["85"].startswith("Electrical machinery")
    assert min(names) == "01" and max(names) == "97"


def test_prefix_rule_runs_one_way() -> None:
    assert covers("8542", normalize("854231")) and covers("85", normalize("8542310090"))
    assert not covers("854231", normalize("8542"))
    assert inside("854231", normalize("8542")) and not inside("8542", normalize("854231"))
    assert not covers("8542", normalize("854321")) and not inside("854321", normalize("8542"))
