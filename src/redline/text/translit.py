"""Script → Latin transliteration, producing every romanisation a list might have used.

A listed Russian name can appear as Gref, Greff, Grev; a Ukrainian one with H for Г; a
Chinese one in pinyin with the given name joined or split. Instead of guessing one
romanisation we return a few *variants* and let the matcher keep the best, which is
what makes cross-script matching explainable ("Герман → german (BGN/PCGN)").
"""

from __future__ import annotations

import functools
import re
import unicodedata

from unidecode import unidecode

from redline.text.arabic import is_persian, maghreb_spelling, romanise_arabic
from redline.text.hangul import hangul_variants, has_hangul_syllable
from redline.text.scripts import ARABIC, CYRILLIC, HAN, HANGUL, LATIN, detect_script
from redline.text.tokens import vocabulary
from redline.text.wadegiles import looks_wade_giles
from redline.text.wadegiles import to_pinyin as wade_giles_to_pinyin

# BGN/PCGN-style Russian romanisation (the base most lists use), lower case.
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ә": "a", "ғ": "gh",
    "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
}
# ё as "yo", the spelling most names with it are known by in English (Pyotr, Fyodor, Artyom,
# Korean names in Cyrillic: Хён Hyon, Бёнг Byong); BGN/PCGN and ICAO write it "e".
_RU_YO = {**_RU, "ё": "yo"}
# Ukrainian/Belarusian national systems differ exactly where Russian names get confused.
_UK = {**_RU, "г": "h", "и": "y", "і": "i", "е": "e", "є": "ie", "ї": "i", "х": "kh"}
# German/French-style spellings of Russian names (Schtschukin, Michoustine) reduce to the
# same phonetic key as the English ones; see tokens.phonetic.

# Slavic/ISO 9 diacritic letters in *Latin* input: unidecode would flatten š to s and lose
# the sibilant, so map them to their digraphs first.
_LATIN_DIACRITICS = {
    "š": "sh", "ŝ": "shch", "č": "ch", "ž": "zh", "ĉ": "ch", "ǧ": "g", "ë": "e",
    "â": "ya", "û": "yu", "ǎ": "a", "ʹ": "", "ʺ": "", "ŭ": "u", "ı": "i", "ß": "ss",
    "ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "æ": "ae", "œ": "oe", "đ": "dj", "ł": "l",
}




def _map(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, table.get(ch.lower(), ch)) for ch in text)


def strip_marks(text: str) -> str:
    """Drop combining accents (stress marks in Russian text, tones in pinyin)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _strip_stress(text: str) -> str:
    """Remove stress accents only: й and ё must survive (NFKD would split them)."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if ch not in "\u0301\u0300")
    return unicodedata.normalize("NFC", kept)


@functools.lru_cache(maxsize=65536)
def han_syllables(text: str) -> tuple[str, ...]:
    """Pinyin syllables of Chinese characters (traditional or simplified), tones dropped.

    Other letters in the text (Latin, kana, digits) come through as words of their own
    (see ``foreign_words``): "中兴通讯ZTE" is zhong xing tong xun zte, and the katakana
    name in "株式会社学術生産団体イジュマシュ" (Izhmash) is what tells it apart.
    """
    from pypinyin import lazy_pinyin

    return tuple(s for s in lazy_pinyin(text, errors=foreign_words) if s.strip())


@functools.cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (about 420), from pypinyin's character table."""
    from pypinyin import Style
    from pypinyin.constants import PINYIN_DICT
    from pypinyin.style import convert

    return frozenset(
        convert(reading, Style.NORMAL, strict=False) for readings in PINYIN_DICT.values()
        for reading in readings.split(","))


def pinyin_split(word: str) -> tuple[str, ...]:
    """``word`` as pinyin syllables ("jishu" → ji, shu), or () if it is not pinyin."""
    syllables = pinyin_syllables()

    @functools.cache
    def split(at: int) -> tuple[str, ...] | None:
        if at == len(word):
            return ()
        for end in range(min(len(word), at + 6), at, -1):
            if word[at:end] in syllables and (rest := split(end)) is not None:
                return (word[at:end], *rest)
        return None

    return split(0) or ()


def foreign_words(text: str) -> list[str]:
    """The words of the non-Chinese parts of a Chinese text, romanised as any text is."""
    return _WORDS.findall(unidecode(text).lower())


_WORDS = re.compile(r"[a-z0-9]+")


def _han_variants(text: str) -> list[str]:
    """Chinese names: surname first, given name joined (Xi Jinping) or split (Xi Jin Ping)."""
    out: list[str] = []
    for chunk in text.split():
        syl = [s for s in han_syllables(chunk) if s.isalnum()]
        if not syl:
            continue
        out.append(" ".join(syl))
    joined = " ".join(out)
    parts = joined.split()
    variants = [joined]
    if 2 <= len(parts) <= 4:
        variants.append(parts[0] + " " + "".join(parts[1:]))
        variants.append("".join(parts[1:]) + " " + parts[0])
    return variants


#: An alef maqsura closing a word: Egyptian, Sudanese and Afghan writing put it for a
#: final yeh (على, Ali; حقانى, Haqqani; المصرى, al-Masri) as well as for the a of Musa.
_FINAL_ALEF_MAQSURA = re.compile(r"ى(?!\w)")

#: Arabic letters whose Persian value differs (ث s, ذ z, ض z, ظ z).
_READ_OTHERWISE_IN_PERSIAN = frozenset("ثذضظ")


def latin_variants(text: str, organisation: bool = False) -> list[str]:
    """Lower-case Latin renderings of ``text``; the first is the most standard one.

    ``organisation``: the name is not a person's: its Arabic words may head a genitive
    (see ``romanise_arabic``), and the words the lists translate get an English reading.
    """
    # NFKC folds Arabic presentation forms, full-width Latin and ligatures into plain letters
    text = unicodedata.normalize("NFKC", text)
    script = detect_script(text)
    if script != HANGUL and has_hangul_syllable(text):
        # a Korean name after a Latin title ("Mrs. 최용호"): its syllables as the lists write them
        text = " ".join(hangul_variants(chunk)[0] if has_hangul_syllable(chunk) else chunk for chunk in text.split())
        script = detect_script(text)
    if script == CYRILLIC:
        lowered = _strip_stress(text.lower())
        ru = _map(lowered, _RU)
        uk = _map(lowered, _UK)
        variants = [unidecode(ru), unidecode(uk)]
        if "ё" in lowered:
            variants.append(unidecode(_map(lowered, _RU_YO)))
        return _dedupe(variants)
    if script == HAN:
        return _dedupe(_han_variants(text) or [unidecode(text).lower()])
    if script == ARABIC:
        # long vowels and the article as the lists write them; the matcher's consonant
        # skeleton handles the short vowels the script leaves out (محمد → mhmd ~ Muhammad)
        # a second reading where the letters say the name may be read either way: a
        # Persian ق as gh (Bagheri); Arabic letters with Persian, Urdu or Pashto values
        # (ض as z: فضل, Fazal; رضا, Reza)
        readings = [romanise_arabic(text)]
        if is_persian(text):
            if "ق" in text:
                readings.append(romanise_arabic(text, qaf="gh"))
        else:
            if any(ch in _READ_OTHERWISE_IN_PERSIAN for ch in text):
                readings.append(romanise_arabic(text, persian=True))
            readings.append(maghreb_spelling(text))
        spellings = [text]
        if _FINAL_ALEF_MAQSURA.search(text):
            spellings.append(_FINAL_ALEF_MAQSURA.sub("ي", text))
            readings.append(romanise_arabic(spellings[-1]))
        for spelling in spellings if organisation else ():
            readings.append(romanise_arabic(spelling, construct=True))
            translated = _translate_arabic_script_words(spelling)
            if translated != spelling:
                readings.append(romanise_arabic(translated, construct=True))
        return _dedupe([unidecode(r).lower().replace("'", "") for r in readings])
    if script == HANGUL:
        return _dedupe(hangul_variants(text) or [unidecode(text).lower()])
    if script == LATIN:
        lowered = text.lower()
        mapped = unidecode(_map(lowered, _LATIN_DIACRITICS))
        plain = unidecode(strip_marks(lowered))
        variants = [mapped, plain]
        if looks_wade_giles(plain):
            variants.append(wade_giles_to_pinyin(plain))
        return _dedupe(variants)
    return _dedupe([unidecode(text).lower()])


def _translate_arabic_script_words(text: str) -> str:
    """``text`` with the words of organisation names the lists translate in English
    (شرکت, company; مؤسسه, institute; vocab.yaml ``arabic_script_translations``)."""
    words = vocabulary().arabic_script
    for phrase in _arabic_script_phrases():  # a legal form of several words: با مسئولیت محدود
        text = text.replace(phrase, words[phrase])
    return " ".join(words.get(word, word) for word in text.split())


@functools.cache
def _arabic_script_phrases() -> tuple[str, ...]:
    """The entries of ``arabic_script_translations`` of several words, found once."""
    return tuple(w for w in vocabulary().arabic_script if " " in w)


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = " ".join(item.split())
        if item:
            seen.setdefault(item, None)
    return list(seen)
