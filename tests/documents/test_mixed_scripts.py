"""Chinese text writes Latin names right against its characters, with no space between."""

from __future__ import annotations

from small_lists import matcher_of

from redline.screeners.document import DocumentScreener


def test_a_latin_name_written_against_chinese_characters_is_found_whole() -> None:
    screener = DocumentScreener(matcher_of([
        ("sinno", "Company", "SINNO ELECTRONICS CO., LIMITED"),
        *((f"filler{n}", "Company", f"{word} Trading") for n, word in enumerate(
            ("Almaz", "Zenit", "Kupol", "Vympel", "Splav", "Signal", "Kometa", "Rubin"))),
    ]))
    mentions = screener.screen_text("据报道，香港的Sinno Electronics向俄罗斯出口微电子产品。").mentions
    assert [(m.text, m.entity_id) for m in mentions] == [("Sinno Electronics", "t:sinno")]
