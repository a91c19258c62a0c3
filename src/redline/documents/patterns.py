"""The multi-pattern search behind document screening: one Aho-Corasick automaton per index.

Scoring every word of a multi-megabyte document with the matcher would take minutes;
instead the document is *folded* once (lower case, Latin diacritics to base letters,
ё → е, every non-word character to a space — all one character to one character, so
offsets stay those of the original text) and scanned in C by an automaton over the
listed names' distinctive tokens. Only the few places where a distinctive token
occurs are handed to the matcher.

Patterns, each with its word boundaries built in (the folded text has spaces there):
  * ``" token "`` — Latin tokens of listed names (romanised, as the index keeps them);
  * ``" stem"``  — Cyrillic stems, from Cyrillic listed names and from Latin tokens
    spelled in Cyrillic (Gref → греф), followed by a Russian case ending or nothing;
  * ``"华为"``     — Chinese names and their distinctive leading part (no word boundaries);
  * ``" sa id "``, ``" ep cfo "`` — a word with an apostrophe inside and a code in
    capitals (EP-CFO), whose folded form has a space where the list has ' or -;
  * ``" 최광수 "`` — whole words of other scripts (Arabic, Hangul, Greek), as written.
Generic words, tokens common across the lists and everyday words never anchor.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import ahocorasick

from redline.documents.russian import ending_set, listed_stem, stem, to_cyrillic
from redline.documents.settings import document_config
from redline.index.index import ScreeningIndex
from redline.text.scripts import CYRILLIC, HAN, LATIN, detect_script
from redline.text.tokens import is_generic, phonetic, tokenize, vocabulary
from redline.text.translit import han_syllables, latin_variants

LATIN_KIND, CYRILLIC_KIND, HAN_KIND = "L", "C", "H"


@functools.cache
def fold_table() -> dict[int, str]:
    """One-to-one folding: non-word characters → space, é → e, ё → е (lower case assumed)."""
    table: dict[int, str] = {}
    for code in range(0x3000):
        ch = chr(code)
        if not ch.isalnum():
            table[code] = " "
            continue
        if code < 0x80:
            continue
        base = unicodedata.normalize("NFKD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[code] = base.lower()
    table[ord("ё")] = "е"
    for code in range(0x3000, 0x3040):  # CJK punctuation
        table[code] = " "
    for code in range(0xFF00, 0xFF10):  # full-width punctuation
        table[code] = " "
    table[0xFF0C] = table[0xFF1A] = table[0xFF1B] = " "
    return table


def fold(text: str) -> str:
    """Folded text of exactly the same length as ``text`` (so offsets carry over)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # İ and a few others lower into two characters
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(fold_table())


@functools.lru_cache(maxsize=262144)
def word_keys(word: str) -> frozenset[str]:
    """Phonetic tokens a document word may stand for (Cyrillic: inflected and stemmed)."""
    words = [word]
    if detect_script(word) == CYRILLIC:
        words.append(stem(word))
    out: set[str] = set()
    for w in words:
        for latin in latin_variants(w)[:2]:
            out.update(phonetic(t) for t in tokenize(latin))
    return frozenset(out)


@dataclass(slots=True)
class PatternSet:
    """The automaton plus, per pattern, the listed names it came from."""

    automaton: ahocorasick.Automaton
    names: dict[str, list[int]]
    nominative: dict[str, str]
    count: int
    entity_count: dict[str, int]

    def neighbours(self, pattern: str, index: ScreeningIndex) -> frozenset[str]:
        """Phonetic tokens of every listed name the pattern came from (span growth)."""
        return _neighbours(self, pattern, index)


_NEIGHBOUR_CACHE: dict[tuple[int, str], frozenset[str]] = {}


def _neighbours(ps: PatternSet, pattern: str, index: ScreeningIndex) -> frozenset[str]:
    key = (id(ps), pattern)
    found = _NEIGHBOUR_CACHE.get(key)
    if found is None:
        tokens: set[str] = set()
        for name_idx in ps.names.get(pattern, ())[:500]:
            tokens.update(index.names[name_idx].form.tokens)
        found = _NEIGHBOUR_CACHE[key] = frozenset(tokens)
        if len(_NEIGHBOUR_CACHE) > 200000:
            _NEIGHBOUR_CACHE.clear()
    return found


def _han_parts(value: str, min_len: int) -> list[str]:
    """The Chinese name and its leading distinctive run (华为技术有限公司 → 华为)."""
    han = "".join(ch for ch in value if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    if len(han) < min_len:
        return []
    parts = [han]
    vocab = vocabulary()
    syllables = [han_syllables(ch)[0] if han_syllables(ch) else "" for ch in han]
    for i in range(min_len, len(han)):
        tail = "".join(syllables[i:])
        if any(tail.startswith(w) for w in vocab.chinese) or any(
                tuple(syllables[i : i + len(f)]) == f for f in vocab.legal_forms):
            parts.append(han[:i])
            break
    return parts


_APOSTROPHE_WORD = re.compile(r"[^\W_]+(?:['’‘`ʼ][^\W_]+)+")


def _apostrophe_patterns(value: str, min_length: int, distinctive: Callable[[str], bool]) -> list[str]:
    """Patterns for words written with an apostrophe inside (SA'ID, BA'ASYIR, D'INVESTISSEMENT).

    The index joins such a word into one token ("said"), but folding turns the apostrophe
    into a space, so in the folded document it is two words ("sa id") that match no
    single-token pattern; the pattern is therefore the folded word, space included.
    """
    out = []
    for word in _APOSTROPHE_WORD.findall(value):
        folded = fold(word).strip()
        joined = folded.replace(" ", "")
        if len(joined) >= min_length and joined.isascii() and distinctive(joined):
            out.append(f" {folded} ")
    return out


_CODE = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)+")


def _code_pattern(value: str, min_length: int) -> str | None:
    """The whole name as one pattern when it is a code in capitals: aircraft registrations
    (EP-CFO, RA-02791), vessels (SANAR-10), groups (ISIS-K).

    Each part is too short or too common to anchor alone, but the code as written is
    unique to the listed party; folding turns the hyphens into spaces ("ep cfo").
    """
    value = value.strip()
    if not _CODE.fullmatch(value) or len(value.replace("-", "")) < min_length:
        return None
    return f" {fold(value)} "


def _acronym(token: str, value: str) -> bool:
    """A short token that is an acronym: no vowels (VTB, SCF), or written in capitals in a
    name that is not all capitals ("VTB Bank")."""
    return not any(v in token for v in "aeiouy") or (not value.isupper() and token.upper() in value.split())


def build(index: ScreeningIndex) -> PatternSet:
    """Patterns from every listed name of ``index`` (built once per index)."""
    cfg = document_config()
    pcfg = cfg["patterns"]
    min_weight = float(pcfg["min_token_weight"])
    stop = {str(w) for lang in cfg["stopwords"].values() for w in lang}
    endings = ending_set()
    names: dict[str, list[int]] = defaultdict(list)
    nominative: dict[str, str] = {}

    def distinctive(token: str) -> bool:
        ph = phonetic(token)
        return (not token.isdigit() and token not in stop and not is_generic(ph)
                and index.token_weight(ph) >= min_weight)

    for name_idx, entry in enumerate(index.names):
        form = entry.form
        script = form.script
        for raw in set(form.raw):
            long_enough = len(raw) >= pcfg["min_latin_length"] or (
                len(raw) >= pcfg["acronym_min_length"] and _acronym(raw, entry.value))
            if not long_enough or not distinctive(raw):
                continue
            names[f" {raw} "].append(name_idx)
            spelled = to_cyrillic(raw)
            cyr = listed_stem(spelled)
            if len(cyr) >= pcfg["min_cyrillic_stem"] and cyr not in stop:
                names[f" {cyr}"].append(name_idx)
                nominative.setdefault(f" {cyr}", spelled)
        if script == LATIN:
            for word in fold(entry.value).split():
                if len(word) >= pcfg["min_latin_length"] and word.isascii() and distinctive(word):
                    names[f" {word} "].append(name_idx)
            for pattern in _apostrophe_patterns(entry.value, int(pcfg["min_latin_length"]), distinctive):
                names[pattern].append(name_idx)
            code = _code_pattern(entry.value, int(pcfg["min_latin_length"]))
            if code:
                names[code].append(name_idx)
        elif script == CYRILLIC:
            for word in fold(entry.value).split():
                st = listed_stem(word)
                keys = word_keys(word)
                if len(st) < pcfg["min_cyrillic_stem"] or word in stop or st in endings:
                    continue
                if keys and all(distinctive(k) for k in keys if k) and any(k in form.tokens for k in keys):
                    names[f" {st}"].append(name_idx)
                    nominative[f" {st}"] = word
        elif script == HAN:
            for part in _han_parts(entry.value, int(pcfg["min_han_length"])):
                names[part].append(name_idx)
        else:  # Greek, Arabic, Hangul, ...: whole words, as written
            for word in fold(entry.value).split():
                keys = word_keys(word)
                if (len(word) >= pcfg["min_other_length"] and keys and all(distinctive(k) for k in keys if k)
                        and any(k in form.tokens for k in keys)):
                    names[f" {word} "].append(name_idx)
    automaton = ahocorasick.Automaton()
    for pattern in names:
        kind = HAN_KIND if not pattern.startswith(" ") else (LATIN_KIND if pattern.endswith(" ") else CYRILLIC_KIND)
        automaton.add_word(pattern, (pattern, kind))
    if names:
        automaton.make_automaton()
    owners: dict[str, set[int]] = defaultdict(set)
    for entry in index.names:
        for token in entry.form.tokens:
            owners[token].add(entry.entity)
    return PatternSet(automaton, dict(names), nominative, len(names), {t: len(e) for t, e in owners.items()})
