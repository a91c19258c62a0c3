"""Document screening over the demo list: news in English, Russian (inflected) and Chinese."""

from __future__ import annotations

import pytest

from redline.documents.russian import listed_stem, stem, to_cyrillic
from redline.errors import MessageError
from redline.screeners.document import DocumentScreener

EN_NEWS = (
    "LONDON, March 3 (Reuters) - Western governments widened sanctions on Monday. Sberbank and VTB Bank "
    "were cut off from SWIFT, while Herman Gref, Sberbank's chief executive, said the bank would cope. "
    "President Vladimir Putin called the measures illegal. Gazprom Neft shipped crude on the tanker "
    "SCF Primorye, according to tracking data."
)
RU_NEWS = (
    "Глава Сбербанка Герман Греф встретился с Владимиром Путиным. Путину доложили о работе "
    "Газпром нефти. Грефом недовольны в правительстве, сообщает источник. Постановление подписано "
    "Мишустиным. Танкер Совкомфлота вышел из порта."
)


@pytest.fixture(scope="module")
def screener(demo_matcher) -> DocumentScreener:  # type: ignore[no-untyped-def]
    return DocumentScreener(demo_matcher)


def _found(screener: DocumentScreener, text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in screener.screen_text(text).mentions:
        assert text[m.start : m.end] == m.text  # offsets point into the original text
        out.setdefault(m.entity_id, set()).add(m.text)
    return out


def test_english_news_names_every_party_with_offsets(screener: DocumentScreener) -> None:
    found = _found(screener, EN_NEWS)
    assert found == {
        "demo:sberbank": {"Sberbank"}, "demo:vtb": {"VTB Bank"}, "demo:gref": {"Herman Gref"},
        "demo:putin": {"Vladimir Putin"}, "demo:gazprom-neft": {"Gazprom Neft"},
        "demo:scf-primorye": {"SCF Primorye"},
    }
    result = screener.screen_text(EN_NEWS)
    gref = next(m for m in result.mentions if m.entity_id == "demo:gref")
    assert gref.start == EN_NEWS.index("Herman Gref") and gref.end == gref.start + len("Herman Gref")
    assert gref.list == "demo" and gref.list_version == "demo@test" and gref.score >= 0.9
    assert gref.reasons[0].feature == "name" and "Herman Gref" in gref.reasons[0].detail


def test_russian_inflected_forms(screener: DocumentScreener) -> None:
    found = _found(screener, RU_NEWS)
    assert found["demo:sberbank"] == {"Сбербанка"}
    assert found["demo:gref"] == {"Герман Греф", "Грефом"}
    assert found["demo:putin"] == {"Владимиром Путиным", "Путину"}
    assert found["demo:gazprom-neft"] == {"Газпром нефти"}
    assert found["demo:mishustin"] == {"Мишустиным"}
    assert found["demo:sovcomflot"] == {"Совкомфлота"}
    assert set(found) == {"demo:sberbank", "demo:gref", "demo:putin", "demo:gazprom-neft", "demo:mishustin",
                          "demo:sovcomflot"}


def test_chinese_sentence(screener: DocumentScreener) -> None:
    text = "路透社报道，华为技术有限公司周一表示，华为将继续在欧洲投资。"
    mentions = screener.screen_text(text).mentions
    assert {(m.text, m.entity_id) for m in mentions} == {("华为技术有限公司", "demo:huawei"), ("华为", "demo:huawei")}
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_text_naming_no_listed_party(screener: DocumentScreener) -> None:
    text = (
        "A bank in Berlin said Mr Petrov paid the invoice on time. Putting greens at the golf club were "
        "closed; the vtb index and gazprom-like logos were discussed by Mr Grefson. Гражданин Петров "
        "открыл счёт в банке в Берлине. 银行在柏林。"
    )
    assert screener.screen_text(text).mentions == []


def test_russian_stemmer_and_spelling() -> None:
    assert stem("Сбербанка") == "сбербанк" and stem("Грефом") == "греф" and stem("Путину") == "путин"
    assert listed_stem("нефть") == "нефт" and listed_stem("Газпром") == "газпром"
    assert to_cyrillic("gref") == "греф" and to_cyrillic("sberbank") == "сбербанк"
    assert to_cyrillic("sergey") == "сергей"


def test_html_input_is_stripped_and_escaped(screener: DocumentScreener) -> None:
    page = (b"<!doctype html><html><head><title>x</title><script>var s='Sberbank';</script>"
            b"<style>.putin{}</style></head><body><p>Statement by <b>Herman</b> <i>Gref</i></p>"
            b"<!-- Vladimir Putin --><td>Gazprom Neft</td><td>VTB Bank</td></body></html>")
    result = screener.screen_bytes(page, "page.html")
    assert result.kind == "html"
    assert {m.entity_id for m in result.mentions} == {"demo:gref", "demo:gazprom-neft", "demo:vtb"}
    assert "var s" not in result.text and "Vladimir" not in result.text
    assert all(result.text[m.start : m.end] == m.text for m in result.mentions)
    from redline.documents.highlight import render

    hostile = screener.screen_text("<script>alert(1)</script> Herman Gref")
    html = render(hostile)
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<mark" in html


def test_bad_input_gives_a_clear_error(screener: DocumentScreener) -> None:
    with pytest.raises(MessageError, match=r"junk.bin: binary data \(NUL bytes\)"):
        screener.screen_bytes(bytes(range(256)) * 4, "junk.bin")
    cp1251 = "Глава Сбербанка Герман Греф".encode("cp1251")
    with pytest.raises(MessageError, match=r"news.txt: not valid UTF-8 at byte 0 .*--encoding cp1251"):
        screener.screen_bytes(cp1251, "news.txt")
    ok = screener.screen_bytes(cp1251, "news.txt", encoding="cp1251")
    assert {m.entity_id for m in ok.mentions} == {"demo:sberbank", "demo:gref"}
    with pytest.raises(MessageError, match="control characters"):
        screener.screen_text("\x01\x02\x03\x04abc" * 50)
    with pytest.raises(MessageError, match="unreadable PDF"):
        screener.screen_bytes(b"%PDF-1.7 garbage", "x.pdf")


def test_common_word_opening_a_sentence_is_prose(demo_matcher) -> None:  # type: ignore[no-untyped-def]
    from redline.index import ScreeningIndex
    from redline.match.matcher import Matcher
    from redline.model import Entity, Name

    index = ScreeningIndex()
    index.add_all([(e, "t@1") for e in [
        Entity(id="t:level", list="t", source_id="level", schema="Vessel", names=[Name("LEVEL")]),
        Entity(id="t:levi", list="t", source_id="levi", schema="Person", names=[Name("Jinon LEVI")]),
        Entity(id="t:vtb", list="t", source_id="vtb", schema="Company", names=[Name("VTB BANK PJSC")]),
    ]])
    screener = DocumentScreener(Matcher(index))
    prose = "Level crossings are dangerous. Левый берег реки затоплен. Mrs Smith went home."
    assert screener.screen_text(prose).mentions == []
    named = "The tanker LEVEL left port; later the vessel Level was seen again. Shares of VTB fell."
    found = {(m.text, m.entity_id) for m in screener.screen_text(named).mentions}
    assert ("LEVEL", "t:level") in found and ("Level", "t:level") in found  # mid-sentence: a name
    vtb = next(m for m in screener.screen_text(named).mentions if m.entity_id == "t:vtb")
    assert vtb.text == "VTB" and any(r.feature == "acronym" for r in vtb.reasons)


def test_famous_surname_opening_a_sentence_is_still_found(screener: DocumentScreener) -> None:
    # (Gref alone scores 0.80 against his three-word name, on the demo list as on the
    # official ones: exactly the threshold, so a test of sentence openings names him fully)
    found = _found(screener, "Putin met Herman Gref in Moscow. Путину доложили.")
    assert "demo:putin" in found and "demo:gref" in found
