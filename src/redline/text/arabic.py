"""Romanise a name written in Arabic letters (Arabic or Persian) as the lists write it.

Why not unidecode: it reads letters one by one and drops what a reader of Latin lists
needs. It writes alef as nothing, so خامنئي came out "khmnyy"; ayn as a backtick, so
علي (Ali) was "ly", too short to compare; ط plus ه as "Th", which the phonetic rules then
read as the English th, so طاهر (Taher) and تهامی (Tahami) lost their h. The lists write
these names with the long vowels the script does spell (alef, waw, yeh) and with the
article apart from its word (AL-BADRI, Abd al-Sattar). The short vowels the script leaves
out stay out: the matcher compares such queries by their consonants and lets a listed
word add vowels (see ``VOWEL_LESS_SCRIPTS`` in ``redline.match.names``).
"""

from __future__ import annotations

import re

from unidecode import unidecode

#: Consonants as the lists romanise them (Arabic values; Persian ones in ``_PERSIAN``).
_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ک": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ۀ": "h", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ڤ": "v",
}
#: Persian reads these letters otherwise (Zarif ظریف, Sabet ثابت, Reza رضا); and its
#: waw as v (Mousavi موسوی), see ``_letter``.
_PERSIAN = {"ث": "s", "ذ": "z", "ض": "z", "ظ": "z"}
#: Letters only Persian writes: a name holding one is read with the Persian values.
_PERSIAN_ONLY = frozenset("پچژگکی")
_ALEFS = {"ا": "a", "أ": "a", "آ": "a", "ٱ": "a", "إ": "i"}
_WAW, _YEHS, _ALEF_MAQSURA, _TA_MARBUTA, _AYN, _HEH = "و", frozenset("يی"), "ى", "ة", "ع", "ه"
_HAMZAS = {"ء": "", "ؤ": "u", "ئ": "i"}
#: Vowel marks, when a name carries them: fatha, damma, kasra; the others (tanwin, sukun,
#: shadda, superscript alef) add nothing a Latin spelling of the name shows.
_MARKS = {"\u064e": "a", "\u064f": "u", "\u0650": "i"}
_SILENT_MARKS = frozenset("\u064b\u064c\u064d\u0651\u0652\u0670\u0640")
#: Latin letters that an h after them would turn into another sound (t+h is not th).
_DIGRAPH_HEADS = frozenset("tdkszgchp")
#: Words the lists write in one fixed way (Allah, ibn, bin, bint, Abu).
#: Allah: its alef is elided in speech, and names write the vowel before it as they
#: please (Abdullah, Abdallah, Hezbollah, Nasrallah, Habibollah): left unwritten.
_ALLAH = "llah"
_WORDS = {"الله": _ALLAH, "لله": _ALLAH, "بن": "bin", "ابن": "ibn", "بنت": "bint",
          "ابو": "abu", "أبو": "abu", "ابي": "abi", "أبي": "abi"}
#: Honorifics, read as the Latin titles the name preparation drops before a name
#: (السيد Mr, الأستاذة Professor, الدكتور Doctor, آقای Agha, خانم Khanum).
_HONORIFICS = {
    **dict.fromkeys(("السيد", "آقای", "آقا", "جناب"), "mr"),
    **dict.fromkeys(("السيدة", "خانم", "بانو", "الآنسة"), "mrs"),
    **dict.fromkeys(("الأستاذ", "الأستاذة", "الاستاذ", "الاستاذة", "أستاذ", "استاد"), "prof"),
    **dict.fromkeys(("الدكتور", "الدكتورة", "دكتور", "دكتورة", "دکتر"), "dr"),
    **dict.fromkeys(("المهندس", "المهندسة", "مهندس"), "mr"),
    **dict.fromkeys(("الشيخ", "شيخ", "الشيخة"), "sheikh"),
    **dict.fromkeys(("الحاج", "الحاجة", "حاج"), "haji"),
    **dict.fromkeys(("ملا", "الملا"), "mullah"),
    **dict.fromkeys(("مولوی", "مولوي"), "mawlawi"),
}
_APART_ALLAH = re.compile(r"(\w)[ \u200c](الله)(?!\w)")
#: al-Din closing a compound name (Jalal al-Din, Nasir al-Din). Afghan, Pakistani and
#: Iranian names write it joined, its vowel as they please (JALALUDDIN, Nasiruddin,
#: Jalaleddin): in the reading with Persian values it joins its word, vowel left open.
_DIN_WORDS = ("الدين", "الدین")
_APART_DIN = re.compile(rf"(\w)[ \u200c]({'|'.join(_DIN_WORDS)})(?!\w)")
_DIN = "ddin"
#: Persian names ending in a yeh that is the Arabic alef maqsura, heard a (Isa, Musa).
_FINAL_YEH_HEARD_A = frozenset(
    ("عیسی", "موسی", "مصطفی", "مرتضی", "یحیی", "مجتبی", "کبری", "صغری", "لیلی", "مرتضي", "عيسی"))
#: Latin letter pairs the phonetic rules read as one sound (tz as ts, th as t, kh as h):
#: two letters of a vowel-less romanisation must not meet as one.
_DIGRAPHS = frozenset(("tz", "th", "kh", "sh", "zh", "ph", "ch", "dj", "ck", "gh", "dzh", "sch", "tch"))
#: A word in Arabic letters; a Latin letter inside one (a slip of the keyboard layout,
#: "فلtوط") is read as a letter of that word.
_WORD = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u200c]+(?:[A-Za-z][\u0600-\u06FF\u0750-\u077F\u200c]+)*")


def is_persian(text: str) -> bool:
    """Whether ``text`` holds a letter only Persian writes (its names read some letters otherwise)."""
    return any(ch in _PERSIAN_ONLY for ch in text)


def romanise_arabic(text: str, qaf: str = "q", persian: bool | None = None, construct: bool = False) -> str:
    """Lower-case Latin reading of ``text``: Arabic-script words romanised, the rest kept.

    ``qaf``: the value of ق, which Persian names write gh as often as q (Bagheri, Naghdi).
    ``persian``: read the letters with their Persian values (ض as z: Fazal, Reza), by
    default when the text holds a letter only Persian writes.
    ``construct``: a word without the article that ends in ta marbuta and is followed by
    another word is the head of a genitive (idafa), where ة is heard -at: حركة المقاومة,
    Harakat al-Muqawama; جبهة النصرة, Jabhat al-Nusra. The names of organisations read so;
    a person's (حمزة الغامدي, Hamza al-Ghamdi) do not.
    """
    persian = is_persian(text) if persian is None else persian
    consonants = {**_CONSONANTS, **(_PERSIAN if persian else {}), "ق": qaf}
    # a name ending in Allah is one word in the lists, written apart or not: نجيب الله,
    # Najibullah; حزب الله, Hizballah
    text = _APART_ALLAH.sub(r"\1\2", text)
    if persian:
        text = _APART_DIN.sub(r"\1\2", text)

    def word(match: re.Match[str]) -> str:
        out = _romanise_word(match.group(0), persian, consonants, _opens_name(text, match.start()))
        if construct and _is_construct_head(match.group(0), out) and _WORD.search(text, match.end()):
            out += "t"
        return out

    return _WORD.sub(word, text)


def _is_construct_head(word: str, reading: str) -> bool:
    """Whether ``word`` (read as ``reading``) can head a genitive: it ends in ta marbuta,
    read as a vowel, and has no article (a definite noun is followed by its adjective,
    المقاومة الإسلامية, al-Muqawama al-Islamiya)."""
    return word.endswith(_TA_MARBUTA) and reading.endswith("a") and not reading.startswith("al ")


#: The French spellings of North and West Africa (Djamel, Chaoui, Belgacem, Ould,
#: Ben Ali): consonants, the vowel and consonant waw (ou: Djouadi, Ouahid), and words.
#: ض is dh there, as in Tunisia and the Gulf (Romdhane, Fadhel); the Arabic reading has d.
_MAGHREB_CONSONANTS = {"ش": "ch", "ج": "dj", "ق": "g", "ث": "t", "ذ": "d", "ض": "dh"}
_MAGHREB_WAW = re.compile(r"[wu]")
_MAGHREB_WORDS = {"bin": "ben", "al": "el", "wld": "ould"}
#: The article before Din, as the French spelling writes it (نور الدين, Noureddine;
#: صلاح الدين, Salah Eddine). Before other "sun" consonants the lists write it both ways
#: (Abderrahmane but ABD AL-RAHMAN OULD ..., ELSSEID): measured, assimilating them all
#: found two people more and lost two.
_ASSIMILATED = {"din": "ed"}


def maghreb_spelling(text: str) -> str:
    """``text`` read as French-speaking Maghreb and Sahel lists spell names: جمال عكاشة is
    "djmal akacha" beside DJAMEL AKKACHA, ولد is Ould, بن is Ben."""
    consonants = {**_CONSONANTS, **_MAGHREB_CONSONANTS}
    text = _APART_ALLAH.sub(r"\1\2", text)

    def word(match: re.Match[str]) -> str:
        # a w or u of the Arabic reading is a waw (or a damma), which French writes ou
        arabic = _romanise_word(match.group(0), False, consonants, _opens_name(text, match.start()))
        words = [_MAGHREB_WORDS.get(w, w) for w in _MAGHREB_WAW.sub("ou", arabic).split(" ")]
        for n, w in enumerate(words[:-1]):
            if w == "el" and words[n + 1] in _ASSIMILATED:
                words[n] = _ASSIMILATED[words[n + 1]]
        return " ".join(words)

    return _WORD.sub(word, text)


def _opens_name(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens the name: only honorifics come before it.

    An honorific is a title there (السيد احمد, Mr Ahmad) and a family name after a
    given name (احمد السيد, Ahmad al-Sayed)."""
    return all(word in _HONORIFICS for word in _WORD.findall(text, 0, start))


def _romanise_word(word: str, persian: bool, consonants: dict[str, str], titles: bool = True) -> str:
    # a zero-width non-joiner splits a Persian word into parts written apart: خامنه‌ای is
    # Khamene + i, its heh silent and its alef only the seat of the vowel
    parts = word.split("\u200c")
    out = []
    for n, part in enumerate(parts):
        if n and part in ("ای", "ی"):
            out.append("i")
        elif n + 1 < len(parts) and part.endswith(_HEH) and len(part) > 1:
            out.append(_romanise_part(part[:-1], persian, consonants) + "e")
        else:
            out.append(_romanise_part(part, persian, consonants, titles))
    return "".join(out)


def _romanise_part(word: str, persian: bool, consonants: dict[str, str], titles: bool = True) -> str:
    word = "".join(ch for ch in word if ch not in _SILENT_MARKS)
    if not word:
        return ""
    if word in _WORDS:
        return _WORDS[word]
    if titles and word in _HONORIFICS:
        return _HONORIFICS[word]
    if word in _FINAL_YEH_HEARD_A:
        word = word[:-1] + _ALEF_MAQSURA
    if word.endswith("الله") and len(word) > 4:  # عبدالله, Abdallah
        return _romanise_part(word[:-4], persian, consonants) + _ALLAH
    if persian and word.endswith(_DIN_WORDS) and len(word) > 5:  # جلال‌الدین, Jalaluddin
        return _romanise_part(word[:-5], persian, consonants) + _DIN
    if word.startswith("عبدال") and len(word) > 6 and not word.endswith("الله"):
        # Abd and the article written as one word with the name: عبدالرحمان, Abdul Rahman
        return "abd al " + _romanise_part(word[5:], persian, consonants)
    if len(word) > 3 and word.startswith("ال"):
        # the article, a word of its own as the lists write it (AL-RAWI, Abd al-Sattar)
        return "al " + _romanise_part(word[2:], persian, consonants)
    out: list[str] = []
    for i in range(len(word)):
        value = _letter(word, i, persian, consonants, "".join(out))
        # (an h is left alone: heh takes its vowel above, and ت ح is the th of Fathi)
        if out and out[-1] and value and value[0] != "h" and not _DIGRAPHS.isdisjoint(
            (out[-1][-1] + value[:1], out[-1][-1] + value[:2], out[-1][-2:] + value[:1])
        ):
            # مرتضا is Morteza, not "mrtza", whose tz the phonetic rules read as ts
            value = ("e" if persian else "a") + value
        out.append(value)
    return "".join(out)


def _is_vowel_letter(ch: str) -> bool:
    # ta marbuta is heard as a vowel: the waw before it is a consonant (Khawla)
    return ch in _ALEFS or ch == _WAW or ch in _YEHS or ch in (_ALEF_MAQSURA, _TA_MARBUTA) or ch in _MARKS


def _letter(word: str, i: int, persian: bool, consonants: dict[str, str], done: str) -> str:
    """The Latin value of ``word[i]``, read from its neighbours: waw and yeh are consonants
    beside a vowel letter or opening a word (Walid, Yahya) and long vowels otherwise
    (Mahmud, Husain); ayn opening a word before a consonant is heard as a vowel (Abd, Ali)."""
    ch = word[i]
    before = word[i - 1] if i else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    first, last = i == 0, not after
    if ch in _MARKS:
        return _MARKS[ch]
    if ch in _ALEFS:
        return _ALEFS[ch]
    if ch == _WAW:
        if first or _is_vowel_letter(after) or before in _ALEFS:
            return "v" if persian else "w"
        return "u"
    if ch in _YEHS:
        if first or _is_vowel_letter(after) or before in _ALEFS:
            return "y"
        return "i"
    if ch == _ALEF_MAQSURA:
        return "a"
    if ch == _TA_MARBUTA:
        return "a"
    if ch in _HAMZAS:
        return _HAMZAS[ch]
    if ch == _AYN:
        if first and last:
            return "a"  # an initial: ع. for Abd, Ali, Umar
        if after in _ALEFS or after == _ALEF_MAQSURA or last or _is_vowel_letter(before):
            return ""
        if after == _WAW or after in _YEHS:
            # a long vowel after the ayn speaks for it (Isa, Umar); a consonant waw or
            # yeh, before a vowel letter, does not (Awwad)
            later = word[i + 2] if i + 2 < len(word) else ""
            return "a" if _is_vowel_letter(later) else ""
        return "a"
    if ch == _HEH:
        vowel = "e" if persian else "a"
        if last and before and not _is_vowel_letter(before):
            return vowel + "h"  # Taha, Zadeh
        if done and done[-1] in _DIGRAPH_HEADS:
            return vowel + "h"  # Tahami, Tehrani: a vowel the script leaves out
        return "h"
    if ch in consonants:
        return consonants[ch]
    return unidecode(ch).lower()
