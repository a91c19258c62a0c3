"""A small Russian case-ending stemmer for names in running text.

Russian news declines names: Сбербанк → Сбербанка, Греф → Грефом, Путин → Путину,
Газпром нефть → Газпром нефти. The list says the nominative, so a document word is
reduced to its stem and compared with the stem of the listed word. Only the endings in
``config.yaml`` are removed, and never below a minimum stem length, because a wrong
stem only costs a candidate that the matcher then rejects, while a missed stem loses a
mention.
"""

from __future__ import annotations

import functools

from redline.documents.settings import document_config


@functools.cache
def _endings() -> tuple[str, ...]:
    found = document_config()["russian_endings"]
    return tuple(sorted({str(e) for e in found}, key=lambda e: (-len(e), e)))


@functools.cache
def ending_set() -> frozenset[str]:
    return frozenset(_endings()) | {""}


@functools.lru_cache(maxsize=131072)
def stem(word: str, min_stem: int | None = None) -> str:
    """Lower-case ``word`` without its case ending (ё read as е); short words stay whole."""
    floor = document_config()["patterns"]["min_cyrillic_stem"] if min_stem is None else min_stem
    lowered = word.lower().replace("ё", "е")
    for ending in _endings():
        if lowered.endswith(ending) and len(lowered) - len(ending) >= floor:
            return lowered[: -len(ending)]
    return lowered


@functools.cache
def _nominative() -> tuple[str, ...]:
    found = document_config()["russian_nominative_endings"]
    return tuple(sorted({str(e) for e in found}, key=lambda e: (-len(e), e)))


@functools.lru_cache(maxsize=131072)
def listed_stem(word: str) -> str:
    """Search stem of a listed (nominative) word: only nominative endings go (нефть → нефт)."""
    floor = document_config()["patterns"]["min_cyrillic_stem"]
    lowered = word.lower().replace("ё", "е")
    for ending in _nominative():
        if lowered.endswith(ending) and len(lowered) - len(ending) >= floor:
            return lowered[: -len(ending)]
    return lowered


def is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def stem_phrase(text: str) -> str:
    """Every Cyrillic word of ``text`` stemmed, other words kept: 'Герману Грефу' → 'герман греф'."""
    return " ".join(stem(w) if is_cyrillic(w) else w for w in text.split())


# Latin → Cyrillic, to look for Latin-only listed names (most lists) in Russian text.
_TO_CYRILLIC = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("tz", "ц"), ("ch", "ч"),
    ("sh", "ш"), ("ya", "я"), ("ia", "ия"), ("yu", "ю"), ("iu", "ию"), ("yo", "е"), ("ye", "е"),
    ("iy", "ий"), ("yy", "ый"), ("ph", "ф"), ("ck", "к"), ("a", "а"), ("b", "б"), ("v", "в"),
    ("w", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("j", "дж"),
    ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"),
    ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"), ("x", "кс"), ("q", "к"), ("y", "ы"),
)


@functools.lru_cache(maxsize=131072)
def to_cyrillic(latin: str) -> str:
    """Most likely Russian spelling of a romanised token (gref → греф, sberbank → сбербанк)."""
    out = []
    i = 0
    while i < len(latin):
        for src, dst in _TO_CYRILLIC:
            if latin.startswith(src, i):
                # a final y after a vowel is й (Sergey → сергей), not ы
                if src == "y" and i == len(latin) - 1 and i and latin[i - 1] in "aeiou":
                    dst = "й"
                out.append(dst)
                i += len(src)
                break
        else:
            i += 1  # digits and anything else: not part of a Cyrillic spelling
    return "".join(out)
