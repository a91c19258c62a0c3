"""Property-based fuzzing: arbitrary input never crashes a parser or the normaliser.

Each target may only fail with the error it documents (QueryError, SourceError,
MessageError); anything else — or a hang — is a bug. Crashes found are kept as
regression cases in CORPUS below.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redline.errors import MessageError, QueryError, SourceError
from redline.match.matcher import Matcher
from redline.messages.iso20022 import parse_iso20022
from redline.messages.mt import parse_mt
from redline.model import Query
from redline.sources.registry import all_formats
from redline.text.names import prepare

FORMATS = all_formats()

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

#: Inputs that once broke something, kept as regression cases.
CORPUS = ["", " ", "\x00", "ﻣﺤﻤﺪ", "ـــ", "'", "-", "A" * 5000, "Ǆ", "𝔸𝔹", "ß" * 40, "\u200b\u200c", "〇〇", "ㅤ"]


@pytest.mark.parametrize("text", CORPUS)
def test_regression_corpus_prepare_and_match(text: str, demo_matcher: Matcher) -> None:
    prepare(text, "Person")
    with contextlib.suppress(QueryError):
        demo_matcher.match(Query(text, "Person"))


@FAST
@given(st.text(max_size=120))
def test_prepare_never_crashes(text: str) -> None:
    for form in prepare(text, "LegalEntity"):
        assert form.tokens and all(isinstance(t, str) and t for t in form.tokens)


@FAST
@given(st.text(max_size=80), st.sampled_from(["Person", "Company", "Vessel", "LegalEntity"]))
def test_match_only_raises_query_error(demo_matcher: Matcher, text: str, schema: str) -> None:
    try:
        hits = demo_matcher.match(Query(text, schema))
    except QueryError:
        return
    assert all(0.0 <= h.score <= 1.0 for h in hits)


@FAST
@given(st.binary(max_size=2000))
def test_mt_parser_only_raises_message_error(data: bytes) -> None:
    with contextlib.suppress(MessageError):
        parse_mt(data, "fuzz.fin")


@FAST
@given(st.binary(max_size=2000))
def test_iso20022_parser_only_raises_message_error(data: bytes) -> None:
    with contextlib.suppress(MessageError):
        parse_iso20022(data, "fuzz.xml")


def _file_name(pattern: str) -> str:
    return pattern.replace("*", "fuzz")


@pytest.mark.parametrize("fmt", FORMATS, ids=[f"{f.list_name}-{f.format}" for f in FORMATS])
def test_every_list_reader_only_raises_source_error(fmt: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every registered list format, on random bytes and on XML/CSV-shaped garbage."""
    from redline.sources.base import ListFormat

    assert isinstance(fmt, ListFormat)

    @FAST
    @given(st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: ("<?xml version='1.0'?><root>" + t).encode("utf-8", "replace")),
        st.lists(st.text(alphabet="ab,\"\n;\t-0", max_size=40), max_size=30).map(lambda r: "\n".join(r).encode()),
    ))
    def check(data: bytes) -> None:
        folder = tmp_path_factory.mktemp("fuzz")
        path: Path = folder / _file_name(fmt.main_file)
        path.write_bytes(data)
        with contextlib.suppress(SourceError):
            list(fmt.read(path, {}))

    check()
