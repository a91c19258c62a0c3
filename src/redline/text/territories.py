"""Sanctioned countries and territories named in addresses and free text, in any script.

A payment to "Simferopol" or "Сімферополь" or "塞瓦斯托波尔" must stop even when the
country field says UA; a payment to "Crimea Street, Toronto", "Havana, Illinois" or
"Miami, Florida" must not. The names and the look-alike rules (street words, US states,
contradicting countries) live in ``territories.yaml`` so compliance can review them; this
module only tokenises and applies them. Tokens are matched whole (``Крымская`` is not
``Крым``); Chinese and Korean names, written without spaces, are matched as substrings.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

import yaml

from redline.text.countries import country_code

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u1100-\u11ff]")
_ARABIC_FOLD = str.maketrans({"ی": "ي", "ى": "ي", "ک": "ك", "إ": "ا", "أ": "ا", "آ": "ا",
                              "ة": "ه", "ـ": None})
_ZIP = re.compile(r"^\d{5}$")


@dataclass(frozen=True, slots=True)
class Territory:
    code: str
    name: str
    level: str
    countries: frozenset[str]
    currencies: frozenset[str]


@dataclass(slots=True)
class TerritoryMatch:
    """One mention of a sanctioned place. ``suppressed`` says why a look-alike is not a hit."""

    territory: Territory
    matched: str
    kind: str  # "country" | "place" | "weak_place"
    start: int
    end: int
    suppressed: str | None = None


def fold(token: str) -> str:
    """Comparison form of one word: case-folded, accents and Arabic letter variants folded."""
    text = unicodedata.normalize("NFKD", token.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_ARABIC_FOLD)


@dataclass(frozen=True, slots=True)
class _Entry:
    tokens: tuple[str, ...]
    territory: Territory
    kind: str


class _Gazetteer:
    def __init__(self, data: dict) -> None:  # type: ignore[type-arg]
        self.territories: dict[str, Territory] = {}
        self.by_first: dict[str, list[_Entry]] = {}
        self.substrings: list[tuple[str, _Entry]] = []
        for code, spec in data["territories"].items():
            territory = Territory(
                code=code, name=spec["name"], level=spec["level"],
                countries=frozenset(spec.get("countries", [])),
                currencies=frozenset(spec.get("currencies", [])),
            )
            self.territories[code] = territory
            for key, kind in (("country_names", "country"), ("places", "place"),
                              ("weak", "weak_place")):
                for name in spec.get(key, []) or []:
                    self._add(str(name), _Entry((), territory, kind))
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e.tokens))
        self.street_after = {fold(w) for w in data["street_after"]}
        self.street_before = {fold(w) for w in data["street_before"]}
        self.connectors = {fold(w) for w in data["connectors"]}
        self.states = {tuple(fold(t) for t in _WORD.findall(s)) for s in data["us_states"]}
        self.state_codes = {str(c).upper() for c in data["us_state_codes"]}

    def _add(self, name: str, entry: _Entry) -> None:
        if _CJK.search(name):
            self.substrings.append((fold(name), entry))
            return
        tokens = tuple(fold(t) for t in _WORD.findall(name))
        if tokens:
            item = _Entry(tokens, entry.territory, entry.kind)
            self.by_first.setdefault(tokens[0], []).append(item)


@functools.cache
def gazetteer() -> _Gazetteer:
    text = resources.files("redline.text").joinpath("territories.yaml").read_text("utf-8")
    return _Gazetteer(yaml.safe_load(text))


def territory(code: str) -> Territory | None:
    return gazetteer().territories.get(code)


def territory_for_country(code: str | None) -> Territory | None:
    """The sanctioned territory a country code (ISO alpha-2, any case) stands for, if any."""
    return gazetteer().territories.get(code.lower()) if code else None


def territory_for_currency(currency: str) -> Territory | None:
    upper = currency.upper()
    for item in gazetteer().territories.values():
        if upper in item.currencies:
            return item
    return None


def scan(text: str, context_countries: tuple[str, ...] | frozenset[str] = ()) -> list[TerritoryMatch]:
    """Every sanctioned-place mention in ``text``, look-alikes marked ``suppressed``.

    ``context_countries`` are the structured countries of the address the text belongs to
    (``Ctry``, ``3/CC/``); a town whose territory does not fit them is a look-alike.
    """
    if not text:
        return []
    gaz = gazetteer()
    spans = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    folded = [fold(s[0]) for s in spans]
    found: list[TerritoryMatch] = []
    i = 0
    while i < len(spans):
        entry = _longest(gaz, folded, i)
        if entry is None:
            i += 1
            continue
        end = i + len(entry.tokens)
        match = TerritoryMatch(entry.territory, text[spans[i][1]:spans[end - 1][2]], entry.kind,
                               spans[i][1], spans[end - 1][2])
        match.suppressed = _look_alike(gaz, text, spans, folded, i, end, entry, context_countries)
        found.append(match)
        i = end
    if gaz.substrings and _CJK.search(text):
        folded_text = fold(text)
        for name, entry in gaz.substrings:
            pos = folded_text.find(name)
            if pos >= 0:
                found.append(TerritoryMatch(entry.territory, name, entry.kind, pos,
                                            pos + len(name)))
    _confirm_weak(found, context_countries)
    return found


def hits(text: str, context_countries: tuple[str, ...] | frozenset[str] = ()) -> list[TerritoryMatch]:
    """Only the mentions that count (look-alikes dropped)."""
    return [m for m in scan(text, context_countries) if m.suppressed is None]


def _longest(gaz: _Gazetteer, folded: list[str], i: int) -> _Entry | None:
    for entry in gaz.by_first.get(folded[i], ()):
        n = len(entry.tokens)
        if tuple(folded[i:i + n]) == entry.tokens:
            return entry
    return None


def _look_alike(gaz: _Gazetteer, text: str, spans: list[tuple[str, int, int]],
                folded: list[str], i: int, end: int, entry: _Entry,
                context: tuple[str, ...] | frozenset[str]) -> str | None:
    if end < len(folded) and folded[end] in gaz.street_after:
        return f"street name ('{spans[end][0]}' follows the place name)"
    before = i - 1
    while before >= 0 and folded[before] in gaz.connectors:
        before -= 1
    if before >= 0 and folded[before] in gaz.street_before and (
            before == i - 1 or folded[i - 1] in gaz.connectors):
        return f"street name ('{spans[before][0]}' precedes the place name)"
    if end < len(folded):
        following = folded[end:end + 3]
        for size in (3, 2, 1):
            if tuple(following[:size]) in gaz.states:
                return f"followed by '{' '.join(s[0] for s in spans[end:end + size])}' (US/Canada)"
        word, start = spans[end][0], spans[end][1]
        gap = text[spans[end - 1][2]:start]
        after_zip = end + 1 < len(spans) and _ZIP.match(spans[end + 1][0])
        if word in gaz.state_codes and ("," in gap or after_zip):
            return f"followed by US/Canadian state code '{word}'"
        for size in (3, 2, 1):
            candidate = " ".join(s[0] for s in spans[end:end + size])
            if len(candidate) < 4 or not all(s[0].isalpha() for s in spans[end:end + size]):
                continue
            code = country_code(candidate)
            if code and code.split("-")[0] not in entry.territory.countries | _OWN_CODES:
                return f"followed by another country '{candidate}'"
    if entry.kind != "country" and context and not (set(context) & entry.territory.countries):
        return f"address country {'/'.join(sorted(c.upper() for c in context))} is not " \
               f"{entry.territory.name}"
    return None


#: Codes of other sanctioned territories never contradict (Crimea may be written "Crimea, Ukraine").
_OWN_CODES = frozenset({"ua", "ru"})


def _confirm_weak(found: list[TerritoryMatch], context: tuple[str, ...] | frozenset[str]) -> None:
    """A weak name (Florida, Brest) counts only next to a strong mention of its territory."""
    strong = {m.territory.code for m in found if m.kind != "weak_place" and m.suppressed is None}
    for match in found:
        if match.kind != "weak_place" or match.suppressed:
            continue
        confirmed = match.territory.code in strong or bool(set(context) & match.territory.countries)
        if not confirmed:
            match.suppressed = (f"'{match.matched}' is also a common name elsewhere; no other "
                                f"mention of {match.territory.name} confirms it")
