"""Names written in Arabic letters, screened against names the lists write only in Latin.

Most listed people of the Middle East programmes are listed in Latin letters alone (OFAC
lists Ali Husseini KHAMENEI and HIZBALLAH with no Arabic spelling), while a customer
file, a payment from the region or a news text writes them in Arabic or Persian.
"""

from __future__ import annotations

import pytest
from small_lists import matcher_of

from redline.model import Query
from redline.text.arabic import romanise_arabic
from redline.text.translit import latin_variants


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("علي", "ali"),  # ayn opening a word before a consonant is heard as a vowel
        ("خامنئي", "khamnii"),  # alef is a; unidecode wrote nothing for it
        ("عواد", "awad"),  # the waw before alef is a consonant
        ("عيسى", "isa"),  # the yeh after ayn is the vowel; alef maqsura is a
        ("محمود", "mhmud"),  # waw between consonants is the long u
        ("يحيى", "yhya"),  # yeh opening a word, and before a vowel letter, is y
        ("فاطمة", "fatma"),  # ta marbuta is a
        ("حياة", "hyaa"),  # ... and heard as a vowel, so the yeh before it is y
        ("خولة", "khula"),  # a waw between consonants reads u (Khawla is written so too)
        ("طاهر", "tahr"),  # not "Thr", which the phonetic rules read as the English th
        ("تهامی", "tehami"),  # a t before h keeps its h: the script leaves the vowel out
        ("شهاب", "shahab"),
        ("الراوي", "al rawi"),  # the article apart, as AL-RAWI is written
        ("عبدالله", "abdllah"),  # Allah's vowel is elided: Abdullah, Abdallah alike
        ("نصر الله", "nsrllah"),  # ... and one word with the name before it (Nasrallah)
        ("باقری", "baqri"),
        ("أبو بكر", "abu bkr"),
        ("ابن سينا", "ibn sina"),
        ("جواد ظریف", "jvad zrif"),  # a Persian name reads waw as v
        ("خامنه‌ای", "khamnei"),  # Persian: silent heh before the joined -i
        ("ع.", "a."),  # an initial
        ("مُحَمَّد", "muhamad"),  # vowel marks, where written, are read
    ],
)
def test_arabic_script_names_romanise_with_the_vowels_the_script_writes(arabic: str, latin: str) -> None:
    assert romanise_arabic(arabic) == latin


def test_a_maghreb_spelling_is_offered_beside_the_arabic_reading() -> None:
    assert latin_variants("جمال عكاشة") == ["jmal akasha", "djmal akacha"]
    assert latin_variants("عبد الرحمن ولد العامر")[1] == "abd el rhmn ould el amr"
    assert latin_variants("علي") == ["ali"]  # nothing the French way writes otherwise
    assert latin_variants("صلاح الدين") == ["slah al din", "slah ed din"]


def test_al_din_joins_its_word_in_a_persian_reading() -> None:
    assert latin_variants("شمس الدین") == ["shmsddin"]
    assert latin_variants("جلال‌الدین") == ["jlalddin"]


def test_an_organisation_reads_ta_marbuta_heading_a_genitive_as_at() -> None:
    """حركة المقاومة is Harakat al-Muqawama: the first word heads a genitive (idafa)."""
    assert romanise_arabic("حركة المقاومة الإسلامية", construct=True) == "hrkat al mqawma al islamya"
    assert romanise_arabic("هيئة تحرير الشام", construct=True) == "hiiat thrir al sham"
    assert romanise_arabic("حركة", construct=True) == "hrka"  # nothing follows: no genitive
    assert "jbhat al nsra" in latin_variants("جبهة النصرة", organisation=True)
    # a person's name is no genitive: Hamza al-Ghamdi, Fatima al-Zahra
    assert all("hmzat" not in reading for reading in latin_variants("حمزة الغامدي"))


def test_an_organisation_reading_translates_the_words_lists_translate() -> None:
    """شرکت is listed as Company, مؤسسه as Institute: the organisation reading writes them
    so, beside the romanised reading (Sherkate Batri-e Niru keeps its Sherkate)."""
    readings = latin_variants("شرکت پراور پارس", organisation=True)
    assert readings[0] == "shrkt pravr pars"
    assert "company pravr pars" in readings
    assert all("company" not in reading for reading in latin_variants("شرکت پراور پارس"))
    # a legal form of several words too
    assert latin_variants("شرکت سحاب پرداز با مسئولیت محدود", organisation=True)[-1] == (
        "company shab prdaz limited liability")


def test_an_honorific_is_a_title_only_where_it_opens_the_name() -> None:
    """السيد opening a name is "Mr"; after a given name it is the family name al-Sayed."""
    assert romanise_arabic("السيد احمد") == "mr ahmd"
    assert romanise_arabic("السيد الدكتور احمد") == "mr dr ahmd"
    assert romanise_arabic("احمد السيد") == "ahmd al sid"


def test_a_final_alef_maqsura_is_also_read_as_a_yeh() -> None:
    """Egyptian, Sudanese and Afghan writing end على (Ali), حقانى (Haqqani) with an alef
    maqsura, which is also the a of موسى (Musa): both readings are offered."""
    assert latin_variants("على") == ["ala", "ali"]
    assert "jlal al din hqani" in latin_variants("جلال الدين حقانى")
    assert latin_variants("علي") == ["ali"]  # a yeh is only a yeh


def test_a_persian_qaf_reads_q_and_gh() -> None:
    """Persian names write ق gh as often as q (Bagheri, Naghdi, Ghasem)."""
    assert latin_variants("محمد حسین باقری") == ["mhmd hsin baqri", "mhmd hsin baghri"]
    assert latin_variants("قاسم") == ["qasm", "gasm"]  # Arabic: q, or g the Maghreb way (Gasmi)


def test_latin_and_other_text_in_an_arabic_name_is_kept() -> None:
    assert latin_variants("شركة ABC للتجارة") == ["shrka abc lltjara", "chrka abc lltdjara"]
    assert romanise_arabic("Bank 7") == "Bank 7"


LISTED_IN_LATIN_ONLY = [
    ("khamenei", "Person", "Ali Husseini KHAMENEI"),
    ("nasrallah", "Person", "Hasan NASRALLAH"),
    ("baghdadi", "Person", "Abu Bakr AL-BAGHDADI"),
    ("hizballah", "Organization", "HIZBALLAH"),
    ("mellat", "Company", "BANK MELLAT"),
    ("tikriti", "Person", "KHAWLA BARZAN IBRAHIM HASAN AL-TIKRITI"),
    ("taher", "Person", "Ahmad Ali TAHER"),
    ("hamdan", "Person", "Hamdan HUSSEIN"),
    ("bagheri", "Person", "Mohammad Hossein BAGHERI"),
    ("najib", "Person", "NAJIBULLAH MUHAMMAD JUMA"),
    ("anwari", "Person", "MUHAMMAD TAHER ANWARI"),
    ("saiyid", "Person", "Abd SAIYID"),
    ("juma", "Person", "Najib JUMA"),
    # spelled the French way (the EU and UN list Maghreb and Sahel names so)
    ("akkacha", "Person", "DJAMEL AKKACHA"),
    ("djouadi", "Person", "YAHIA DJOUADI"),
    ("khamis", "Person", "SAMI BEN KHAMIS BEN SALEH ELSSEID"),
    ("salim", "Person", "ABD AL-RAHMAN OULD MUHAMMAD AL-HUSAYN OULD MUHAMMAD SALIM"),
    ("nasiruddin", "Person", "NASIRUDDIN HAQQANI"),
    ("sahraoui", "Person", "NESSIM BEN ROMDHANE SAHRAOUI"),
    ("gasmi", "Person", "SALAH EDDINE GASMI"),
    ("hamas", "Organization", "HARAKAT AL-MUQAWAMA AL-ISLAMIYA"),
    ("paravar", "Organization", "Paravar Pars Company"),
    ("katerji", "Organization", "Katerji Group"),
    ("heritage", "Organization", "Jamiat Ihia Al-Turath Al-Islamiya"),
    ("nusra", "Organization", "JABHAT AL-NUSRAH"),
]


@pytest.mark.parametrize(
    ("query", "schema", "expected"),
    [
        ("علي خامنئي", "Person", "t:khamenei"),  # a missing middle name, too
        ("علي حسيني خامنئي", "Person", "t:khamenei"),
        ("حسن نصر الله", "Person", "t:nasrallah"),  # Nasrallah written as two words
        ("حسن نصرالله", "Person", "t:nasrallah"),
        ("أبو بكر البغدادي", "Person", "t:baghdadi"),
        ("حزب الله", "Organization", "t:hizballah"),  # one listed word, two written
        ("بانک ملت", "Company", "t:mellat"),
        ("خولة برزان إبراهيم حسن التكريتي", "Person", "t:tikriti"),
        ("احمد علي طاهر", "Person", "t:taher"),
        ("محمد حسین باقری", "Person", "t:bagheri"),  # Persian qaf as gh
        ("نجيب الله محمد جمعه", "Person", "t:najib"),  # -ullah written apart
        ("محمد طاهر أنوري", "Person", "t:anwari"),  # waw as the consonant w
        ("نجيب جمعه", "Person", "t:juma"),  # a final heh heard as a vowel: Juma
        ("جمال عكاشة", "Person", "t:akkacha"),  # ج as dj, ش as ch
        ("يحيى جوادي", "Person", "t:djouadi"),  # and waw as ou
        ("سامي بن خميس بن صالح الصيد", "Person", "t:khamis"),  # بن as Ben, the article as el
        ("عبد الرحمن ولد محمد الحسين ولد محمد سليم", "Person", "t:salim"),  # ولد as Ould
        ("نصیر الدین حقانی", "Person", "t:nasiruddin"),  # al-Din joined: Nasiruddin
        ("صلاح الدين قاسمي", "Person", "t:gasmi"),  # al-Din the French way: Eddine
        ("نسيم بن رمضان صحراوي", "Person", "t:sahraoui"),  # ض as dh: Romdhane
        ("حركة المقاومة الإسلامية", "Organization", "t:hamas"),  # Harakat: ة heading a genitive
        ("جبهة النصرة", "Organization", "t:nusra"),  # ... and an -ah the script does not write
        ("شرکت پراور پارس", "Organization", "t:paravar"),  # شرکت is "Company"
        ("مجموعة قاطرجى", "Organization", "t:katerji"),  # مجموعة is "Group", final ى a yeh
        ("جمعية احياء التراث الاسلامي", "Organization", "t:heritage"),  # an opening alef: Ihia, Islamiya
    ],
)
def test_an_arabic_script_query_finds_a_name_listed_only_in_latin(query: str, schema: str, expected: str) -> None:
    matcher = matcher_of(LISTED_IN_LATIN_ONLY)
    hits = matcher.match(Query(query, schema))
    assert hits and hits[0].entity_id == expected, (query, [(h.entity_id, h.score) for h in hits])
    assert hits[0].score < 1.0  # a romanisation, not the name as listed
    assert "Arabic → Latin" in hits[0].reasons[0].detail


@pytest.mark.parametrize(
    "query",
    [
        "حسين حمدان",  # Husain Hamdan: the listed name is Hamdan HUSSEIN, reordered: found
    ],
)
def test_reordered_arabic_names_still_meet(query: str) -> None:
    hits = matcher_of(LISTED_IN_LATIN_ONLY).match(Query(query, "Person"))
    assert hits and hits[0].entity_id == "t:hamdan"


@pytest.mark.parametrize(
    "query",
    [
        "حسن طاهر",  # Hasan Taher: one of two listed given names is not a match
        "علي حسن",  # two common given names
        "خالد نصر",  # Khalid Nasr is not Hasan Nasrallah
        "حزب التحرير",  # Hizb ut-Tahrir shares only "party"
        "سائد عبده",  # Saed Abduh: the final heh is heard, Abduh is not Abd
    ],
)
def test_other_arabic_names_stay_clear(query: str) -> None:
    hits = matcher_of(LISTED_IN_LATIN_ONLY).match(Query(query, "Person"))
    assert hits == [], [(h.entity_id, h.score, h.matched_name) for h in hits]


def test_every_honorific_reads_as_a_title_the_name_preparation_drops() -> None:
    """The romaniser turns السيد into "mr" so that the title list drops it: a title word
    missing from vocab.yaml would stay in the name as a word of its own."""
    from redline.text.arabic import _HONORIFICS
    from redline.text.tokens import vocabulary

    assert set(_HONORIFICS.values()) <= vocabulary().titles
