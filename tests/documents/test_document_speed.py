"""Document screening speed measures: the confirmation cache, the pre-matcher rejection of
hopeless single words and span growth, checked for keeping the results unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from redline.documents.cache import LRU
from redline.index import ScreeningIndex
from redline.match.matcher import Matcher
from redline.model import Entity, Name
from redline.screeners.document import DocumentScreener
from redline.updater import demo_entities

EN_NEWS = (
    "Sberbank and VTB Bank were cut off from SWIFT, while Herman Gref, Sberbank's chief executive, said "
    "the bank would cope. Strategy matters, the Spokesman said."
)
RU_NEWS = "Глава Сбербанка Герман Греф встретился с Владимиром Путиным. Путину доложили о работе Газпром нефти."


class CountingMatcher:
    """Wraps a matcher and counts the queries that reach it."""

    def __init__(self, matcher: Matcher) -> None:
        self.inner = matcher
        self.index = matcher.index
        self.cfg = matcher.cfg
        self.queries: list[str] = []

    def match(self, query, threshold=None, limit=None):  # type: ignore[no-untyped-def]
        self.queries.append(query.name)
        return self.inner.match(query, threshold=threshold, limit=limit)

    def match_exact(self, query, threshold=None, limit=None):  # type: ignore[no-untyped-def]
        """Counted as a query only when it answers (otherwise ``match`` is asked and counts)."""
        found = self.inner.match_exact(query, threshold=threshold, limit=limit)
        if found is not None:
            self.queries.append(query.name)
        return found


@pytest.fixture()
def counted(demo_matcher) -> Iterator[tuple[DocumentScreener, CountingMatcher]]:  # type: ignore[no-untyped-def]
    counting = CountingMatcher(demo_matcher)
    yield DocumentScreener(counting), counting  # type: ignore[arg-type]


def _mentions(screener: DocumentScreener, text: str) -> set[tuple[int, int, str]]:
    return {(m.start, m.end, m.entity_id) for m in screener.screen_text(text).mentions}


def test_lru_evicts_least_recently_used() -> None:
    cache: LRU[int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)
    assert "b" not in cache and cache.get("a") == 1 and cache.get("c") == 3 and len(cache) == 2
    cache.clear()
    assert len(cache) == 0 and cache.get("a") is None


def test_each_distinct_span_is_confirmed_once(counted: tuple[DocumentScreener, CountingMatcher]) -> None:
    screener, matcher = counted
    first = _mentions(screener, EN_NEWS)
    asked = list(matcher.queries)
    assert asked and len(asked) == len(set(asked))  # "Sberbank" twice in the text, asked once
    # a later document naming the same parties needs no matcher call at all
    assert _mentions(screener, EN_NEWS) == first
    assert matcher.queries == asked


def test_cached_results_equal_fresh_ones(demo_matcher) -> None:  # type: ignore[no-untyped-def]
    screener = DocumentScreener(demo_matcher)
    for text in (EN_NEWS, RU_NEWS):
        warm = _mentions(screener, text)
        screener._cache.clear()
        assert _mentions(screener, text) == warm


def test_everyday_single_word_never_reaches_the_matcher(
        counted: tuple[DocumentScreener, CountingMatcher]) -> None:
    screener, matcher = counted
    found = _mentions(screener, EN_NEWS)
    assert "Strategy" not in matcher.queries and "Spokesman" not in matcher.queries
    assert {e for _, _, e in found} >= {"demo:sberbank", "demo:vtb", "demo:gref"}


def test_cache_is_bounded(demo_matcher) -> None:  # type: ignore[no-untyped-def]
    screener = DocumentScreener(demo_matcher)
    screener._cache = LRU(3)
    screener.screen_text(EN_NEWS + " " + RU_NEWS)
    assert len(screener._cache) <= 3


def test_no_distinctive_token_no_crash() -> None:
    index = ScreeningIndex()
    index.add_all([(Entity(id="t:a", list="t", source_id="a", schema="Company", names=[Name("AB")]), "t@1")])
    assert DocumentScreener(Matcher(index)).screen_text("Nothing to see here.").mentions == []


def test_span_grows_across_an_initial_but_not_a_sentence_end() -> None:
    index = ScreeningIndex()
    index.add_all([(e, "t@1") for e in [
        *demo_entities(),  # enough names for token rarity to mean something
        Entity(id="t:kim", list="t", source_id="kim", schema="Person", names=[Name("Jonathan V. KORNBLUTH")]),
        Entity(id="t:sa", list="t", source_id="sa", schema="Company", names=[Name("PATRACASOL, S.A. DE C.V.")]),
    ]])
    screener = DocumentScreener(Matcher(index))
    text = "Funds went to Jonathan V. Kornbluth and to PATRACASOL, S.A. DE C.V. last year."
    spans = {text[m.start : m.end] for m in screener.screen_text(text).mentions}
    assert "Jonathan V. Kornbluth" in spans
    assert any(s.startswith("PATRACASOL, S.A. DE C") for s in spans)
    # a full stop after a whole word ends the name: the next sentence is not pulled in
    other = "We met Jonathan. Kornbluth left."
    assert all("." not in text_ for text_ in (other[m.start : m.end] for m in screener.screen_text(other).mentions))


@pytest.fixture(scope="module")
def legal_screener() -> DocumentScreener:
    index = ScreeningIndex()
    index.add_all([(e, "t@1") for e in [
        *demo_entities(),
        Entity(id="t:prov", list="t", source_id="prov", schema="Company", names=[Name("Провинция Комбинат")]),
        Entity(id="t:almaz", list="t", source_id="almaz", schema="Company", names=[Name("ALMAZIKA, JSC")]),
        Entity(id="t:most", list="t", source_id="most", schema="Company", names=[Name("PJSC MOSTOTRESTIX")]),
    ]])
    return DocumentScreener(Matcher(index))


def test_span_takes_in_a_neighbouring_legal_form(legal_screener: DocumentScreener) -> None:
    text = "Shares of Almazika, JSC fell; PJSC Mostotrestix rose."
    spans = {(text[m.start : m.end], m.entity_id) for m in legal_screener.screen_text(text).mentions}
    assert spans == {("Almazika, JSC", "t:almaz"), ("PJSC Mostotrestix", "t:most")}
    # a lower-case everyday word that is also a legal form ("as", AS) does not join
    assert legal_screener._grow("Almazika as usual", 0, 8, " almazika ") == (0, 8)


def test_merged_span_that_confirms_nothing_is_split(legal_screener: DocumentScreener) -> None:
    # "Провинция" and "Mostotrestix" both grow over "PJSC": the merged span names nobody,
    # so each anchor's own span is confirmed and the company is still found
    text = "Вчера Провинция PJSC Mostotrestix, сообщили"
    found = {(text[m.start : m.end], m.entity_id) for m in legal_screener.screen_text(text).mentions}
    assert ("PJSC Mostotrestix", "t:most") in found


def test_news_naming_no_listed_party_gives_no_mention(demo_matcher) -> None:  # type: ignore[no-untyped-def]
    screener = DocumentScreener(demo_matcher)
    text = ("Strategy meetings resumed on Monday. The Board said margins would improve. Level crossings "
            "stay closed. Правительство обсудило бюджет. Новый закон вступит в силу в марте.")
    assert screener.screen_text(text).mentions == []


@pytest.fixture(scope="module")
def everyday_screener() -> DocumentScreener:
    index = ScreeningIndex()
    index.add_all([(e, "t@1") for e in [
        *demo_entities(),
        Entity(id="t:alias", list="t", source_id="alias", schema="Company", names=[Name("ALIAS LLC")]),
        Entity(id="t:manera", list="t", source_id="manera", schema="Vessel", names=[Name("MANERA")]),
    ]])
    return DocumentScreener(Matcher(index))


def test_word_the_document_writes_in_lower_case_is_prose(everyday_screener: DocumentScreener) -> None:
    en = "Alias names are common in fraud. He used an alias for years."
    assert everyday_screener.screen_text(en).mentions == []
    ru = "Манера письма изменилась. Его манера говорить раздражала."
    assert everyday_screener.screen_text(ru).mentions == []


def test_capitalised_name_mid_sentence_is_still_found(everyday_screener: DocumentScreener) -> None:
    # lower-case use elsewhere only discounts a word that opens a sentence
    text = "He used an alias. Payments went to Alias LLC and the tanker Manera, not in any manera."
    found = {(text[m.start : m.end], m.entity_id) for m in everyday_screener.screen_text(text).mentions}
    assert ("Alias LLC", "t:alias") in found and ("Manera", "t:manera") in found
    assert {e for _, e in found} == {"t:alias", "t:manera"}


def test_whole_name_shared_by_many_entities_is_found_mid_sentence() -> None:
    # like "Sberbank" or "Gazprom": the word is the whole listed name of many entities
    index = ScreeningIndex()
    index.add_all([(e, "t@1") for e in [
        *demo_entities(),
        *(Entity(id=f"t:k{i}", list="t", source_id=f"k{i}", schema="Company", names=[Name(name)])
          for i, name in enumerate(["KOMBIGRAD", "KOMBIGRAD PJSC", "JSC KOMBIGRAD", "KOMBIGRAD LLC",
                                    "KOMBIGRAD TRADING", "KOMBIGRAD MARINE"])),
    ]])
    screener = DocumentScreener(Matcher(index))
    text = "Shares of Kombigrad fell."
    assert {m.text for m in screener.screen_text(text).mentions} == {"Kombigrad"}
