"""Transliteration and name preparation: the forms the matcher compares."""

from __future__ import annotations

import pytest
from small_lists import matcher_of

from redline.model import Query
from redline.text.countries import country_code
from redline.text.identifiers import bic8, is_valid, normalize
from redline.text.names import prepare
from redline.text.scripts import detect_script
from redline.text.tokens import phonetic, skeleton
from redline.text.translit import latin_variants


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Герман Греф", "german gref"),
        ("Юрий Щукин", "yuriy shchukin"),
        ("习近平", "xi jinping"),
        ("Šukin", "shukin"),
    ],
)
def test_latin_variants_include_standard_romanisation(text: str, expected: str) -> None:
    assert expected in latin_variants(text)


def test_ukrainian_reading_of_cyrillic_is_offered() -> None:
    assert "herman href" in latin_variants("Герман Греф")


@pytest.mark.parametrize(
    ("a", "b"),
    [("Schtschukin", "Shchukin"), ("Greff", "Gref"), ("Yuriy", "Iouri"), ("Mishustin", "Mishoustin"),
     ("Dschabrailow", "Dzhabrailov")],
)
def test_spelling_conventions_share_a_phonetic_form(a: str, b: str) -> None:
    assert phonetic(a.lower()) == phonetic(b.lower())


def test_ee_before_a_vowel_is_two_syllables() -> None:
    """English "ee" is a long i (Sheeba, Lee), but "Yeeun" is Ye-eun (예은), not Yun (윤)."""
    assert phonetic("sheeba") == phonetic("shiba") and phonetic("lee") == phonetic("li")
    assert phonetic("yeeun") != phonetic("yun")
    assert phonetic("yeeun") == phonetic("yeun")


def test_arabic_and_latin_share_consonant_skeleton() -> None:
    arabic = prepare("محمد", "Person")[0].tokens[0]
    assert skeleton(arabic) == skeleton(phonetic("muhammad")) == skeleton(phonetic("mohamed"))


def test_legal_forms_are_removed_and_remembered() -> None:
    form = prepare("Публичное акционерное общество «Сбербанк России»", "Company")[0]
    assert form.tokens[0] == "sberbank"
    assert "aktsionernoe" in form.legal_form
    assert prepare("OOO Romashka", "Company")[0].tokens == ("romashka",)
    # an English legal form written in Cyrillic letters is one too: "Ассистагро Ллк"
    assert prepare("Ассистагро Ллк", "Company")[0].tokens == ("asistagro",)
    # Portuguese Lda., Czech s.r.o., Lebanese SAL, Peruvian SAC written as one word
    for name in ("Vigilar Colombia Lda.", "Vigilar Colombia SRO", "Vigilar Colombia SAL", "Vigilar Colombia SAC"):
        assert prepare(name, "Company")[0].tokens == ("vigilar", "kolombia"), name


def test_chinese_company_name_translated_and_transliterated() -> None:
    tokens = {f.tokens for f in prepare("华为技术有限公司", "Company")}
    assert ("huavei", "technologies") in tokens
    assert ("huavei", "jishu") in tokens


def test_a_chinese_state_group_meets_its_english_name() -> None:
    """中国航天科工集团 is China Aerospace Science and Industry Corporation (CASIC): 科工,
    "science and industry", is translated like 航天, "aerospace"."""
    assert ("china", "aerospake", "skienke", "industri", "grup") in {
        f.tokens for f in prepare("中国航天科工集团有限公司", "Company")}
    matcher = matcher_of([("casic", "Company", "CHINA AEROSPACE SCIENCE AND INDUSTRY CORPORATION LIMITED"),
                          ("cetc", "Company", "CHINA ELECTRONICS TECHNOLOGY GROUP CORPORATION")])
    hits = matcher.match(Query("中国航天科工集团", "Company"))
    assert [h.entity_id for h in hits] == ["t:casic"]


def test_a_chinese_company_name_written_in_pinyin_is_read_as_in_characters() -> None:
    """Invoices write "Huawei Jishu Youxian Gongsi" or one syllable a word; the lists
    write Huawei Technologies Co., Ltd. Both pinyin spellings get the characters'
    translated reading; a name without a known Chinese word gets no extra reading."""
    for written in ("Huawei Jishu Youxian Gongsi", "Hua Wei Ji Shu You Xian Gong Si"):
        tokens = {f.tokens for f in prepare(written, "Company")}
        assert ("huavei", "technologies") in tokens, written
    assert ("china", "elektroniks", "technologi", "grup") in {
        f.tokens for f in prepare("Zhongguo Dianzi Keji Jituan Youxian Gongsi", "Company")}
    for plain in ("Hai Phong Trading", "Li Ning", "Technologies Ltd", "Jishu", "Ji Shu You Xian Gong Si"):
        assert len(prepare(plain, "Company")) == 1, plain  # (nothing but known words is no name)
    assert len(prepare("Jishu Wang", "Person")) == 1  # people's names are not translated
    matcher = matcher_of([("huawei", "Company", "HUAWEI TECHNOLOGIES CO., LTD."),
                          ("cetc", "Company", "Zhongguo Dianzi Keji Jituan Youxian Gongsi")])
    assert matcher.match(Query("Hua Wei Ji Shu You Xian Gong Si", "Company"))[0].entity_id == "t:huawei"
    assert matcher.match(Query("China Electronics Technology Group Corp.", "Company"))[0].entity_id == "t:cetc"


def test_persian_keheh_reads_k() -> None:
    """unidecode reads the Persian kaf (ک) as "kh": بانک ملت came out "bnkh mlt"."""
    assert latin_variants("بانک ملت") == ["bank mlt"]
    assert latin_variants("اکبر") == latin_variants("اكبر")  # Persian and Arabic kaf alike
    matcher = matcher_of([("mellat", "Company", "BANK MELLAT"), ("maskan", "Company", "BANK MASKAN")])
    hits = matcher.match(Query("بانک ملت", "Company"))
    assert [h.entity_id for h in hits] == ["t:mellat"]


def test_a_name_written_in_arabic_letters_keeps_the_letters_a_skeleton_folds() -> None:
    """شاکری (Shakeri) and سكر (Sukkar) share the skeleton s-k-r, because sh and s meet
    across romanisations; written in Arabic letters, ش and س are different letters."""
    matcher = matcher_of([("sukkar", "Person", "حسام سكر"), ("shakeri", "Person", "Hossein SHAKERI")])
    assert {h.entity_id for h in matcher.match(Query("حسام شاکری", "Person"))} == set()
    assert [h.entity_id for h in matcher.match(Query("حسین شاکری", "Person"))] == ["t:shakeri"]


def test_generation_suffixes_are_not_words_of_a_persons_name() -> None:
    assert prepare("SHAKRO JR.", "Person")[0].tokens == ("shakro",)
    assert prepare("John Smith III", "Person")[0].tokens == ("john", "smit")
    assert prepare("JR", "Person")[0].tokens == ("jr",)  # nothing else to name
    assert prepare("Senior Trading", "Company")[0].raw == ("senior", "trading")


def test_korean_names_in_hangul_read_as_the_lists_romanise_them() -> None:
    """The lists write North Korean names in the DPRK's romanisation (Jong Un KIM, RI
    Pyong Chol); South Korean ones come in Revised Romanisation. Hangul is read both
    ways, with the customary spellings of the family names the systems miss."""
    assert latin_variants("김정은") == ["kim jong un", "gim jeong eun"]
    assert latin_variants("리병철")[0] == "ri pyong chol"
    assert "park pong ju" in latin_variants("박봉주")
    assert all(not v.startswith("i ") for v in latin_variants("이재용"))  # 이 is Ri, Yi or Lee
    assert latin_variants("ㄱㄴㄷ") == ["gnd"]  # loose letters, not syllables
    matcher = matcher_of([("kju", "Person", "Jong Un KIM"), ("choe", "Person", "Ryong Hae CHOE"),
                          ("ri", "Person", "RI Pyong Chol"), ("kkh", "Person", "김경희")])
    for query, expected in (("김정은", "t:kju"), ("최룡해", "t:choe"), ("리병철", "t:ri"),
                            ("Mrs. 김경희", "t:kkh"), ("김경희", "t:kkh")):
        assert matcher.match(Query(query, "Person"))[0].entity_id == expected, query
    # a syllable is a written character, not a letter to slip: 김영희 (yong) is not 김경희
    # (kyong), nor 김정수 Jong Un KIM
    for other in ("박민수", "김영희", "김정수", "김유정"):
        assert matcher.match(Query(other, "Person")) == [], other


def test_titles_dropped_for_people() -> None:
    assert prepare("Dr. Vladimir Putin", "Person")[0].tokens == ("vladimir", "putin")


def test_garbage_name_has_no_forms() -> None:
    assert prepare("!!! --- ???", "Person") == []


def test_scripts_detected() -> None:
    assert detect_script("Путин") == "Cyrl"
    assert detect_script("习近平") == "Hani"
    assert detect_script("بشار") == "Arab"
    assert detect_script("Putin") == "Latn"


@pytest.mark.parametrize(
    ("name", "code"),
    [("Russia", "ru"), ("Korea, North", "kp"), ("RUS", "ru"), ("Türkiye", "tr"), ("Crimea", "ua-cri")],
)
def test_country_codes(name: str, code: str) -> None:
    assert country_code(name) == code


def test_unknown_country_is_none_not_a_guess() -> None:
    assert country_code("Atlantis") is None


def test_identifiers_validate_with_checksums() -> None:
    assert is_valid("imo", "IMO 9421960")
    assert not is_valid("imo", "IMO 9421961")
    assert is_valid("inn", "7707083893")
    assert not is_valid("inn", "7707083894")
    assert is_valid("bic", "SABRRUMM")
    assert bic8("SABRRUMMXXX") == "SABRRUMM"
    assert normalize("imo", "imo: 9421960") == "9421960"


@pytest.mark.parametrize(
    ("wade_giles", "pinyin"),
    [("Hsi Chin-p'ing", "xi jinping"), ("Mao Tse-tung", "mao zedong"), ("Teng Hsiao-p'ing", "deng xiaoping"),
     ("Chiang Ching-kuo", "jiang jingguo"), ("Chou En-lai", "zhou enlai")],
)
def test_wade_giles_names_get_a_pinyin_reading(wade_giles: str, pinyin: str) -> None:
    assert pinyin in latin_variants(wade_giles)


def test_ordinary_latin_names_are_not_rewritten_as_wade_giles() -> None:
    assert latin_variants("Vladimir Putin") == ["vladimir putin"]


def test_a_word_without_a_vowel_is_no_wade_giles_syllable() -> None:
    """A hyphen asks for a Wade-Giles reading of the whole name; its "TV" stays "tv" (it
    was read "dv", and "SIkRAJ ALyAQSA TV" then missed SIRAJ AL-AQSA TV)."""
    assert latin_variants("SIRAJ AL-AQSA TV") == ["siraj al-aqsa tv", "siraj alaqsa tv"]
    assert latin_variants("Kwang-ho PAK") == ["kwang-ho pak", "gwanghe bak"]
    matcher = matcher_of([("siraj", "Organization", "SIRAJ AL-AQSA TV")])
    assert matcher.match(Query("SIkRAJ ALyAQSA TV", "Organization"))[0].entity_id == "t:siraj"


@pytest.mark.parametrize("written", ["Abd Al Aziz", "Abd al-Aziz", "Abdul Aziz", "Abdel Aziz", "ABD EL AZIZ"])
def test_abd_al_written_apart_or_as_one_word_is_one_name(written: str) -> None:
    assert prepare(written, "Person")[0].tokens == prepare("Abdul Aziz", "Person")[0].tokens


def test_abd_without_a_following_name_is_left_alone() -> None:
    assert prepare("Abd Al", "Person")[0].raw == ("abd", "al")
    assert prepare("Ahmed Abd", "Person")[0].raw == ("ahmed", "abd")


def test_joining_abd_al_keeps_the_family_name_flag() -> None:
    form = prepare("Abd Al Aziz HAKIMI", "Person")[0]
    assert form.raw == ("abdul", "aziz", "hakimi")
    assert form.surname == (False, False, True)


def test_tokens_joined_by_a_hyphen_are_marked_bound() -> None:
    assert prepare("Chang-Ho PAEK", "Person")[0].bound == (False, True, False)
    assert prepare("Wo'n-uk PAE", "Person")[0].bound == (False, True, False)  # apostrophe dropped first
    assert prepare("Jihad-al-Din QURJU", "Person")[0].bound == (False, True, True, False)
    assert prepare("Chang Ho PAK", "Person")[0].bound == (False, False, False)


def test_yo_is_also_read_as_yo() -> None:
    assert "kvang il khyon" in latin_variants("Кванг Ил Хён")  # Korean name in Cyrillic: Kwang Il Hyon
    assert "pyotr fyodorov" in latin_variants("Пётр Фёдоров")
    assert latin_variants("Пётр Фёдоров")[0] == "petr fedorov"  # BGN/PCGN first
    assert len(latin_variants("Сергей Иванов")) == 2  # no ё: no third reading


def test_korean_name_in_cyrillic_meets_its_latin_listing() -> None:
    hits = matcher_of([("hyon", "Person", "Kwang Il HYON")]).match(Query("Кванг Ил Хён", "Person"))
    assert hits and hits[0].entity_id == "t:hyon" and hits[0].score >= 0.9


def test_latin_and_kana_inside_a_chinese_name_are_kept_as_words() -> None:
    """The non-Chinese part of a mixed name is often the one that tells it apart: "ZTE", or
    the katakana "Izhmash" of a Japanese listing."""
    assert ("jongksing", "tongksun", "zte") in {f.tokens for f in prepare("中兴通讯ZTE", "Company")}
    assert ("jong", "ksing", "tong", "ksun", "zte") in {f.tokens for f in prepare("中兴通讯ZTE", "LegalEntity")}
    for schema in ("Company", "Person", "LegalEntity"):
        tokens = {t for f in prepare("株式会社学術生産団体イジュマシュ", schema) for t in f.tokens}
        assert phonetic("iziyumashiyu") in tokens, schema
    # a pure Chinese name reads as before
    assert {f.tokens for f in prepare("习近平", "Person")} == {("ksi", "jin", "ping"), ("ksi", "jinping"),
                                                           ("jinping", "ksi")}


def test_a_japanese_listing_meets_its_pinyin_and_katakana_rendering() -> None:
    """A payment system that reads the kanji as pinyin and leaves the katakana as they are."""
    matcher = matcher_of([("izh", "Company", "株式会社学術生産団体イジュマシュ"),
                          ("other", "Company", "株式会社学術生産団体カラシニコフ")])
    hits = matcher.match(Query("Zhū Shì Huì Shè Xué Shù Shēng Chǎn Tuán Tǐ イジュマシュ", "Company"))
    assert hits and hits[0].entity_id == "t:izh" and hits[0].score >= 0.9
    assert all(h.entity_id != "t:other" or h.score < hits[0].score for h in hits)


def test_a_name_written_in_chinese_meets_only_its_own_pinyin() -> None:
    """Characters carry no typing slips, and pinyin one letter away is another character.

    黄建华 reads Huang Jianhua: Huang Jinhua (黄金华) and Chen Shihuan are other people,
    however close the letters; the listed Huang Jianhua, written either way, is found.
    """
    matcher = matcher_of([
        ("jinhua", "Person", "Jinhua HUANG"),
        ("shihuan", "Person", "Shi Huan CHEN"),
        ("jianhua", "Person", "Jian Hua HUANG"),
    ])
    hits = matcher.match(Query("黄建华", "Person"), threshold=0.5)
    assert [h.entity_id for h in hits] == ["t:jianhua"]
    assert hits[0].score >= 0.9
    assert matcher.match(Query("陈诗涵", "Person")) == []
    # typed in Latin, the same one-letter gap is a possible slip and still scores
    assert any(h.entity_id == "t:jinhua" for h in matcher.match(Query("Huang Jianhua", "Person"), threshold=0.5))


def test_a_title_written_in_cyrillic_is_a_title() -> None:
    """Хаджи and Херр are the lists' Haji and Herr romanised from Cyrillic: left out alike."""
    matcher = matcher_of([("noor", "Person", "Haji NOORULLAH"), ("holz", "Person", "Herr Dr. Friedhelm Holz")])
    for query, key in (("Хаджи Нооруллах", "t:noor"), ("Херр Др. Фриедхелм Холз", "t:holz")):
        hits = matcher.match(Query(query, "Person"))
        assert hits and hits[0].entity_id == key and hits[0].score >= 0.9, query
    # a short title is not read into a name that merely sounds like it: Хон is Hong, not "Hon."
    assert {f.tokens for f in prepare("Хон Сон Ок", "Person")} and all(
        len(f.tokens) == 3 for f in prepare("Хон Сон Ок", "Person"))
