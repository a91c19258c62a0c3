"""Document screening of names the demo list does not show: an apostrophe inside a word
(BA'ASYIR), scripts without capitals (Arabic, Hangul), codes (EP-CFO), a surname many
listed parties share written with a legal form (GRAJALES S.A.); and everyday words that
equal a listed name (Alias, Зима) where the document itself writes them in lower case."""

from __future__ import annotations

import pytest

from redline.index import ScreeningIndex
from redline.match.matcher import Matcher
from redline.model import Entity, Name
from redline.screeners.document import DocumentScreener


def _entity(list_name: str, source_id: str, schema: str, name: str) -> Entity:
    return Entity(id=f"{list_name}:{source_id}", list=list_name, source_id=source_id, schema=schema,
                  names=[Name(name)])


@pytest.fixture(scope="module")
def screener() -> DocumentScreener:
    from redline.updater import demo_entities

    index = ScreeningIndex()
    entities = [
        _entity("ofac", "alias", "Company", "ALIAS LLC"),
        _entity("eu", "zima", "Person", "Пётр Анатольевич ЗИМА"),
        _entity("un", "baasyir", "Person", "Abu Bakar BA'ASYIR"),
        _entity("ofac", "alamolhoda", "Person", "احمد علم الهدی"),
        _entity("ofac", "choe", "Person", "최광수"),
        _entity("ofac", "grajales-sa", "Organization", "GRAJALES S.A."),
        _entity("uk", "ep-cfo", "Aircraft", "EP-CFO"),
        *(_entity("ofac", f"grajales-{i}", "Person", f"{first} GRAJALES HERNANDEZ")
          for i, first in enumerate(("Agustin", "Beatriz", "Carlos", "Diego"))),
    ]
    index.add_all([*((e, "demo@test") for e in demo_entities()), *((e, f"{e.list}@test") for e in entities)])
    return DocumentScreener(Matcher(index))


def _found(screener: DocumentScreener, text: str) -> set[tuple[str, str]]:
    return {(m.text, m.entity_id) for m in screener.screen_text(text).mentions}


def test_word_written_in_lower_case_elsewhere_is_prose(screener: DocumentScreener) -> None:
    text = ("Alias quia dolorem ipsa. Nemo enim alias est, sed quia non numquam.\n\n"
            "Зима пришла рано. Говорят, что зима будет долгой.")
    assert _found(screener, text) == set()


def test_same_word_mid_sentence_or_never_lowered_is_a_name(screener: DocumentScreener) -> None:
    found = _found(screener, "The court named Alias as the buyer; alias names were common.")
    assert ("Alias", "ofac:alias") in found  # capitalised mid-sentence: a name, whatever else the text says
    found = _found(screener, "Putin spoke on Monday. Officials said the putative deal was dead.")
    assert ("Putin", "demo:putin") in found  # "putin" never written in lower case here


def test_name_with_an_apostrophe_inside(screener: DocumentScreener) -> None:
    text = "Jakarta police said the cleric Abu Bakar Ba’asyir was released on Friday."
    assert {e for _, e in _found(screener, text)} == {"un:baasyir"}


def test_names_in_scripts_without_capitals(screener: DocumentScreener) -> None:
    arabic = "قال التلفزيون الرسمي إن احمد علم الهدی ألقى خطبة الجمعة في مشهد."
    assert {e for _, e in _found(screener, arabic)} == {"ofac:alamolhoda"}
    korean = "조선중앙통신은 최광수 가 회의에 참석했다고 보도했다."
    assert {e for _, e in _found(screener, korean)} == {"ofac:choe"}


def test_news_naming_no_listed_party_gives_nothing(screener: DocumentScreener) -> None:
    text = ("The novel was adapted for television. Winter wheat prices rose on Monday as "
            "traders in Chicago weighed the weather.\n\nЗима в Сибири выдалась тёплой, сообщает ТАСС. "
            "Цены на зерно выросли.")
    assert _found(screener, text) == set()


def test_legal_form_makes_a_shared_word_a_company_name(screener: DocumentScreener) -> None:
    text = "Colombian prosecutors said GRAJALES S.A. had laundered the proceeds."
    assert {e for _, e in _found(screener, text)} == {"ofac:grajales-sa"}  # not the Grajales persons
    assert ("Alias", "ofac:alias") in _found(screener, "They named Alias as the buyer.")  # "as" is no "AS"


def test_aircraft_registration_written_as_listed(screener: DocumentScreener) -> None:
    text = "Flight data showed that EP-CFO, an Airbus operated by Mahan Air, landed in Moscow."
    assert ("EP-CFO", "uk:ep-cfo") in _found(screener, text)
    assert _found(screener, "The CFO of the company spoke at an EP meeting.") == set()


def test_cyrillic_acronym_in_capitals(screener: DocumentScreener) -> None:
    text = "Акции ВТБ упали на Мосбирже после заявления регулятора, сообщает Интерфакс."
    found = _found(screener, text)
    assert ("ВТБ", "demo:vtb") in found
    assert all(m == "ВТБ" for m, _ in found)
    assert _found(screener, "Акции упали на Мосбирже после заявления регулятора.") == set()
