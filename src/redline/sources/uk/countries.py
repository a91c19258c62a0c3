"""Countries named in free-text list fields ("(1) Saudi Arabia (2) Qatar", "Afghan").

The UN and UK lists write nationality and address countries as prose: numbered
enumerations, adjectives instead of names, and asides in brackets. The shared
``country_code`` resolves one clean name; this module finds every country a field
names, so that a nationality check is not silently empty for most UK entries. Unknown
text yields nothing rather than a guess.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

from redline.text.countries import country_code

#: Enumeration markers and separators: "(1)", "(1)-(2)", "(1) to (6)", "a)", "(b)", ";", "/".
_ENUM = re.compile(
    r"\(\s*\d+\s*\)(?:\s*(?:-|to)\s*\(\s*\d+\s*\))?|(?<![\w])\(?[a-h]\)\s|[;/]|\.\s+|\bor\b",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_MAX_GRAM = 4
#: Shortest single word tried as a country name; shorter words hit ISO codes ("in", "and").
_MIN_WORD = 4


@functools.cache
def _demonyms() -> dict[str, str]:
    text = resources.files("redline.sources.uk").joinpath("demonyms.yaml").read_text("utf-8")
    data: dict[str, str] = yaml.safe_load(text)
    return {k.casefold(): v for k, v in data.items()}


def _lookup(text: str) -> str | None:
    key = " ".join(text.replace("’", "'").split()).strip(" .,:-").casefold()
    if not key:
        return None
    return _demonyms().get(key) or country_code(key)


def _scan_words(text: str) -> list[str]:
    """Countries named inside a sentence ("In Syria as at June 2013"), longest phrase first."""
    words = _WORD.findall(text)
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_GRAM, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + size])
            if size == 1 and len(phrase) < _MIN_WORD:
                continue
            code = _lookup(phrase)
            if code:
                if code not in found:
                    found.append(code)
                i += size
                break
        else:
            i += 1
    return found


@functools.lru_cache(maxsize=8192)
def _countries(text: str) -> tuple[str, ...]:
    whole = _lookup(text)
    if whole:
        return (whole,)
    found: list[str] = []
    for part in _ENUM.split(text):
        part = part.strip(" ,.:-")
        if not part:
            continue
        code = _lookup(part) or _lookup(_BRACKETS.sub(" ", part))
        codes = [code] if code else _scan_words(_BRACKETS.sub(" ", part))
        for code in codes:
            if code not in found:
                found.append(code)
    return tuple(found)


def countries_in(text: str | None) -> list[str]:
    """ISO alpha-2 codes (lower case) of every country a free-text field names, in order."""
    if not text or not text.strip():
        return []
    return list(_countries(" ".join(text.split())))
