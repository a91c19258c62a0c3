"""Tokens, their phonetic form and consonant skeleton, and the reviewed vocabulary.

Two keys per token serve two jobs. The *phonetic* form (Schtschukin → shchukin,
Greff → gref, Yuri → iuri) is what similarity is computed on: it removes spelling
conventions but keeps vowels, so Putin and Patan stay apart. The *skeleton* (consonants
only) is for candidate retrieval and for scripts that do not write short vowels
(Arabic محمد → mhmd ~ Muhammad).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

_SPLIT = re.compile(r"[^0-9a-z]+")
_APOSTROPHES = re.compile(r"(?<=[a-z])['’`ʼ‘](?=[a-z])")
#: The Latin vowel letters, y included: romanisations write it for a vowel (Sergey, Yury).
VOWELS = frozenset("aeiouy")

# Ordered rewrites: longest spelling conventions first (German, French, English).
_PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    ("schtsch", "shch"), ("chtch", "shch"), ("dsch", "j"), ("tsch", "ch"), ("sch", "sh"), ("tch", "ch"),
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("ck", "k"), ("ph", "f"),
    ("th", "t"), ("tz", "ts"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("iy", "i"),
    ("yi", "i"), ("ij", "i"), ("ya", "ia"), ("yu", "iu"), ("yo", "io"), ("ye", "ie"),
    ("w", "v"), ("q", "k"), ("x", "ks"), ("y", "i"),
)
_HARD_C = re.compile(r"c(?!h)")
#: "ee" before a vowel spans two syllables (Ye-eun, 예은): it is no English long i, and
#: reading it so made "Yeeun" the name Yun (윤)
_EE_BEFORE_VOWEL = re.compile(r"ee(?=[aiou])")
_SYLLABLE_BREAK = "\x00"


def tokenize(latin: str) -> list[str]:
    """Split lower-case Latin text into tokens; O'Brien → obrien, al-Assad → al assad."""
    return [t for t in _SPLIT.split(without_apostrophes(latin)) if t]


def without_apostrophes(latin: str) -> str:
    """Lower-case text with apostrophes inside words dropped, as ``tokenize`` reads it."""
    return _APOSTROPHES.sub("", latin.lower())


@functools.lru_cache(maxsize=262144)
def phonetic(token: str) -> str:
    """Spelling-convention-free form of a token (vowels kept), doubles collapsed.

    Romanisations of one given name (Mohammed / Muhammad, Yury / Iurii) read as one.
    """
    spelled = _spelling(token)
    return _name_variants().get(spelled, spelled)


@functools.cache
def _name_variants() -> dict[str, str]:
    """Spelling-free form of every listed variant → that of its group's first spelling."""
    text = resources.files("redline.text").joinpath("vocab.yaml").read_text("utf-8")
    out: dict[str, str] = {}
    for group in yaml.safe_load(text).get("name_variants", []):
        canonical = _spelling(str(group[0]))
        for variant in group:
            out[_spelling(str(variant))] = canonical
    return out


def _spelling(token: str) -> str:
    if token.isdigit():
        return token
    text = token
    if "ee" in text:
        text = _EE_BEFORE_VOWEL.sub("e" + _SYLLABLE_BREAK + "e", text)
    for old, new in _PHONETIC_RULES:
        if old in text:
            text = text.replace(old, new)
    if _SYLLABLE_BREAK in text:
        text = text.replace(_SYLLABLE_BREAK, "")
    if "c" in text:
        text = _HARD_C.sub("k", text)
    out: list[str] = []
    for ch in text:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """Consonant skeleton of a phonetic token: muhamad → mhmd, anvari → nvr."""
    if token.isdigit():
        return token
    out: list[str] = []
    for ch in token:
        if ch in VOWELS or (ch == "h" and out and out[-1] in "ksctzgd"):
            continue
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def spoken_skeleton(token: str) -> str:
    """A phonetic token's consonants with every h kept ("shkri" → shkr, "sukar" → skr).

    ``skeleton`` drops the h of sh, th, dh, gh so that romanisations of one letter meet,
    but a name written in Arabic letters spells that letter: شاکری (Shakeri) is not
    سکر (Sukkar), although both skeletons read skr.
    """
    out: list[str] = []
    for ch in token:
        if ch not in VOWELS and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


#: Words at least this long are also read as a generic word they are one slip from.
FUZZY_GENERIC_LENGTH = 6
#: Legal-form words this long count as generic words when they are not stripped.
LEGAL_WORD_MIN_LENGTH = 4
#: Syllables of Chinese legal forms that are also common in names (Xi'an, Gong).
CHINESE_SYLLABLES_IN_NAMES = frozenset({"gong", "xian"})


@dataclass(frozen=True)
class Vocabulary:
    legal_forms: frozenset[tuple[str, ...]]
    legal_max_len: int
    generic: frozenset[str]
    #: generic as written only, never through a slip (see vocab.yaml)
    generic_exact: frozenset[str]
    titles: frozenset[str]
    chinese: dict[str, str]
    arabic_script: dict[str, str]


def _deletions(text: str) -> set[str]:
    return {text[:i] + text[i + 1 :] for i in range(len(text))}


@functools.cache
def _generic_neighbourhood() -> frozenset[str]:
    words = {w for w in vocabulary().generic if len(w) >= 5}
    out = set(words)
    for word in words:
        out |= _deletions(word)
    return frozenset(out)


@functools.lru_cache(maxsize=262144)
def is_generic(token: str, organisation: bool = True) -> bool:
    """Generic word, also when mistyped by one edit ("cmpany", "lmiited", "tradng").

    ``organisation``: the word is in an organisation's name, where a country is generic
    too (``generic_exact`` in vocab.yaml); in a person's name it is a name or a place of
    origin ("Abu Adam aus Deutschland").
    """
    vocab = vocabulary()
    if token in vocab.generic or (organisation and token in vocab.generic_exact):
        return True
    if len(token) < FUZZY_GENERIC_LENGTH:
        return False  # five letters one slip from "banko" (banco) are a name: "Kanko", "Lanko"
    near = _generic_neighbourhood()
    return token in near or any(d in near for d in _deletions(token))


@functools.cache
def vocabulary() -> Vocabulary:
    """The reviewed word lists from vocab.yaml, tokenised the same way as names."""
    text = resources.files("redline.text").joinpath("vocab.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    forms = frozenset(tuple(tokenize(f)) for f in data["legal_forms"])
    return Vocabulary(
        legal_forms=forms,
        legal_max_len=max(len(f) for f in forms),
        # the words of legal forms too: written out of order or misspelt, a legal form is
        # not stripped, and its words must not pass for the name ("Stock Company X Joint")
        generic=frozenset(phonetic(t) for w in data["generic"] for t in tokenize(w))
        | frozenset(phonetic(t) for f in forms for t in f if len(t) >= LEGAL_WORD_MIN_LENGTH
                    and t not in CHINESE_SYLLABLES_IN_NAMES),
        generic_exact=frozenset(phonetic(t) for w in data["generic_exact"] for t in tokenize(w)),
        titles=frozenset(data["titles"]),
        chinese={k: v for k, v in data["chinese_translations"].items()},
        arabic_script=dict(data["arabic_script_translations"]),
    )
