"""Wade-Giles (and common postal spellings) → pinyin, syllable by syllable.

Taiwanese passports and older lists write Chinese names in Wade-Giles ("Hsi Chin-p'ing",
"Chiang Ching-kuo"); lists and customers elsewhere use pinyin. We only convert text that
shows Wade-Giles markers (apostrophes after consonants, hs-, -ih, syllable hyphens), so
ordinary Latin names are never rewritten.
"""

from __future__ import annotations

import re

_MARKERS = re.compile(r"(?:\b|-)(?:hs|ch'|k'|p'|t'|ts'|tz')|[a-z]ih\b|[a-z]+-[a-z']+", re.IGNORECASE)
#: A syllable: an initial, then a final with a vowel. A word without one is no syllable
#: ("TV" in "AL-AQSA TV" is not the pinyin "dv") and is left as written.
_SYLLABLE = re.compile(r"^(ch'|ch|hs|k'|p'|t'|ts'|tz'|ts|tz|sh|j|[bcdfghklmnpqrstwxyz])?([a-zü]*[aeiouü][a-zü]*)$")

_INITIALS = {
    "ch'": "q", "ch": "zh", "hs": "x", "k'": "k", "k": "g", "p'": "p", "p": "b", "t'": "t", "t": "d",
    "ts'": "c", "tz'": "c", "ts": "z", "tz": "z", "j": "r", "sh": "sh",
}
_FINALS = {"ung": "ong", "ieh": "ie", "ien": "ian", "ih": "i", "uo": "uo", "o": "o", "üeh": "ue", "ueh": "ue",
           "üan": "uan", "ü": "u", "ün": "un", "iung": "iong", "erh": "er"}


def looks_wade_giles(text: str) -> bool:
    return bool(_MARKERS.search(text))


def syllable_to_pinyin(syllable: str) -> str:
    match = _SYLLABLE.match(syllable.lower().replace("’", "'"))
    if not match:
        return syllable.lower()
    initial, final = match.group(1) or "", match.group(2)
    final = _FINALS.get(final, final)
    if initial in ("ch", "ch'") and final.startswith("i"):
        initial = "j" if initial == "ch" else "q"
    elif initial in ("hs",):
        initial = "x"
    else:
        initial = _INITIALS.get(initial, initial)
    if initial in ("zh", "ch", "sh", "r", "z", "c", "s") and final == "u" and syllable.lower().endswith("ih"):
        final = "i"
    if initial in ("g", "k", "h") and final == "o":
        final = "e"
    return initial + final


def to_pinyin(text: str) -> str:
    """Convert every Wade-Giles word; hyphenated given names are joined (Chin-p'ing → jinping)."""
    out = []
    for word in text.split():
        parts = [p for p in word.strip(",.").split("-") if p]
        out.append("".join(syllable_to_pinyin(p) for p in parts))
    return " ".join(out)
