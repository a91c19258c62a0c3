"""Is a capitalised word in running text a name, or just a word at the start of a sentence?

A one-word listed name ("LEVEL", "ALIAS LLC", "Odin") is also an everyday word, and the
first word of every sentence is capitalised, so capitals alone cannot tell a mention
from prose. Word frequencies (wordfreq, from large public corpora) say how common a
word is in ordinary text; a common word that opens a sentence is read as prose unless
something else marks it as a name (capitals throughout, a position mid-sentence).
"""

from __future__ import annotations

import functools
import re

from redline.documents.settings import document_config
from redline.text.tokens import vocabulary

_SENTENCE_OPENERS = re.compile(r"(?:^|[.!?…:;]\s*|\n\s*)[\"'«„“‘(\[\-–—\s]*$")
_LANGUAGES = {"Latn": ("en", "de", "fr", "es"), "Cyrl": ("ru", "uk")}


@functools.cache
def _common_zipf() -> dict[str, float]:
    return {k: float(v) for k, v in document_config()["single_word"]["common_word_zipf"].items()}


@functools.lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """True when ``word`` is frequent in ordinary text of its script's main languages."""
    from wordfreq import zipf_frequency

    script = "Cyrl" if any("\u0400" <= ch <= "\u04ff" for ch in word) else "Latn"
    lowered = word.lower()
    limit = _common_zipf()[script]
    # the "small" lists hold every word down to Zipf 3 (all the thresholds here are higher)
    # and load in 0.1 s and a few MB; the default "best" lists took 1-3 s and ~300 MB
    return any(zipf_frequency(lowered, lang, wordlist="small") >= limit for lang in _LANGUAGES[script])


@functools.lru_cache(maxsize=65536)
def is_everyday_in_capitals(word: str) -> bool:
    """A word a text in capitals uses without naming anyone: short, or frequent in English
    (Latin) or Russian (Cyrillic). Stricter than ``is_common_word``: there is no capital
    letter to tell a name from a description."""
    from wordfreq import zipf_frequency

    single = document_config()["single_word"]
    if len(word) <= int(single["capitals_everyday_length"]):
        return True
    cyrillic = any("\u0400" <= ch <= "\u04ff" for ch in word)
    limit = float(single["capitals_everyday_zipf"]["Cyrl" if cyrillic else "Latn"])
    return zipf_frequency(word.lower(), "ru" if cyrillic else "en", wordlist="small") >= limit


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``text[start]`` is the first of a sentence, line or paragraph."""
    return _SENTENCE_OPENERS.search(text[max(0, start - 40) : start]) is not None


#: Generational suffixes written after a name ("KINAHAN SENIOR"), never a name alone.
_SUFFIXES = frozenset({"senior", "junior", "sr", "jr"})


def is_title(word: str) -> bool:
    """Honorifics (Mrs, Dr, Sheikh) and suffixes (Senior) are capitalised by convention,
    never a party on their own."""
    lowered = word.lower()
    return lowered in vocabulary().titles or lowered in _SUFFIXES


def is_acronym(word: str) -> bool:
    """Written all in capitals, like VTB or SCF (at least three letters)."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def opens_sentence_as_prose(text: str, start: int, word: str) -> bool:
    """A common word opening a sentence: its capital says nothing about being a name."""
    return not is_acronym(word) and opens_sentence(text, start) and is_common_word(word)
