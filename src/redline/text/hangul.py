"""Korean names written in Hangul → the romanisations the lists use.

The lists name North Korean officials, banks and ships in Latin letters ("Jong Un KIM",
"RI Pyong Chol", "CHOE Ryong Hae"): the DPRK's own romanisation, which is
McCune-Reischauer without its breves and apostrophes (ㅓ → o, ㅡ → u, word-initial
ㄱ ㄷ ㅂ → k t p). South Korean names come in Revised Romanisation (Gim Jeong-eun,
Choe Ryong-hae). A name written in Hangul is read both ways, one word per syllable;
the matcher joins and splits words, so "Jong-un" and "Jongun" meet "jong un".

Hangul syllables are composed arithmetically (Unicode's 11,172 blocks), so no table of
syllables is needed: each splits into its initial, vowel and final jamo.
"""

from __future__ import annotations

import re

from unidecode import unidecode

_FIRST, _LAST = 0xAC00, 0xD7A3
_VOWELS, _FINALS = 21, 28

#: initial consonants, (DPRK / McCune-Reischauer, Revised)
_INITIALS = (
    ("k", "g"), ("kk", "kk"), ("n", "n"), ("t", "d"), ("tt", "tt"), ("r", "r"), ("m", "m"), ("p", "b"),
    ("pp", "pp"), ("s", "s"), ("ss", "ss"), ("", ""), ("j", "j"), ("jj", "jj"), ("ch", "ch"), ("k", "k"),
    ("t", "t"), ("p", "p"), ("h", "h"),
)
#: vowels, (DPRK / McCune-Reischauer, Revised)
_MEDIALS = (
    ("a", "a"), ("ae", "ae"), ("ya", "ya"), ("yae", "yae"), ("o", "eo"), ("e", "e"), ("yo", "yeo"),
    ("ye", "ye"), ("o", "o"), ("wa", "wa"), ("wae", "wae"), ("oe", "oe"), ("yo", "yo"), ("u", "u"),
    ("wo", "wo"), ("we", "we"), ("wi", "wi"), ("yu", "yu"), ("u", "eu"), ("ui", "ui"), ("i", "i"),
)
#: final consonants as pronounced at the end of a syllable (both systems alike)
_CODAS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
    "t", "ng", "t", "t", "k", "t", "p", "t",
)
#: family names whose customary spelling neither system gives (이 and 리 are one name,
#: written Ri in the North, Yi or Lee in the South)
_SURNAMES = {"이": ("ri", "yi", "lee"), "리": ("ri", "yi", "lee"), "박": ("pak", "park"), "최": ("choe", "choi")}


_SYLLABLE = re.compile(f"[{chr(_FIRST)}-{chr(_LAST)}]")


def is_hangul_syllable(char: str) -> bool:
    return _FIRST <= ord(char) <= _LAST


def has_hangul_syllable(text: str) -> bool:
    """Whether ``text`` holds a Hangul syllable (one regex scan: every name read asks)."""
    return _SYLLABLE.search(text) is not None


def _syllable(char: str, system: int) -> str:
    code = ord(char) - _FIRST
    initial, rest = divmod(code, _VOWELS * _FINALS)
    medial, final = divmod(rest, _FINALS)
    return _INITIALS[initial][system] + _MEDIALS[medial][system] + _CODAS[final]


def hangul_variants(text: str) -> list[str]:
    """Lower-case Latin readings of a Korean name, the DPRK's romanisation first.

    Each syllable is a word; a name of two or more syllables written as one word begins
    with the family name, which gets its customary spellings too (박 Pak/Park).
    """
    readings: list[list[str]] = [[], []]
    surname_spellings: tuple[str, ...] = ()
    for chunk in text.split():
        syllables = [ch for ch in chunk if is_hangul_syllable(ch)]
        # letters beside the syllables (digits, Latin, loose jamo) read as any text does
        others = unidecode("".join(ch for ch in chunk if not is_hangul_syllable(ch) and ch.isalnum())).lower()
        for system in (0, 1):
            readings[system].extend(_syllable(ch, system) for ch in syllables)
            if others:
                readings[system].append(others)
        if not surname_spellings and syllables and syllables[0] in _SURNAMES and len(syllables) >= 2:
            surname_spellings = _SURNAMES[syllables[0]]
    if surname_spellings:
        # 이 romanises to a bare "i" in both systems, a syllable no list writes as a name
        readings = [[spelling, *readings[0][1:]] for spelling in surname_spellings] + [
            [surname_spellings[0], *readings[1][1:]]]
    return [" ".join(words) for words in readings if words]
