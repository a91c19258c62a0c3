"""Which writing system a name is in; the matcher transliterates per script."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

LATIN, CYRILLIC, HAN, ARABIC, GREEK, HANGUL, KANA, OTHER = (
    "Latn", "Cyrl", "Hani", "Arab", "Grek", "Hang", "Kana", "Zyyy",
)

_PREFIX = {
    "LATIN": LATIN, "CYRILLIC": CYRILLIC, "CJK": HAN, "ARABIC": ARABIC, "GREEK": GREEK,
    "HANGUL": HANGUL, "HIRAGANA": KANA, "KATAKANA": KANA,
}


@lru_cache(maxsize=8192)
def char_script(char: str) -> str | None:
    """ISO 15924 code of one letter, or None for digits, spaces and punctuation."""
    if not char.isalpha():
        return None
    try:
        name = unicodedata.name(char)
    except ValueError:
        return OTHER
    first = name.split(" ", 1)[0]
    return _PREFIX.get(first, OTHER)


def detect_script(text: str) -> str:
    """The dominant script of a string (most letters win); Latin when there are no letters."""
    if text.isascii():  # every ASCII letter is Latin (and no letters also answers Latin)
        return LATIN
    counts: dict[str, int] = {}
    for char in text:
        script = char_script(char)
        if script:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return LATIN
    return max(counts.items(), key=lambda kv: kv[1])[0]
