"""Document screening: find mentions of listed parties in free text.

News, invoices, contracts and remittance lines name parties in passing, inflected, in
any script. ``DocumentScreener`` scans the folded text once with an Aho-Corasick
automaton over the listed names' distinctive tokens (``redline.documents.patterns``),
grows each anchor into the span of neighbouring words that belong to a listed name
containing it, and asks the ordinary matcher about that span (as written, and with
Russian case endings removed). Only matcher-confirmed spans become mentions, each with
its character offsets in the screened text and the hit (entity, list, version, score,
reasons) — so a document mention explains itself exactly like a name screening does.
"""

from __future__ import annotations

import builtins
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any

import ahocorasick

from redline.documents.cache import LRU
from redline.documents.extract import Extracted, check_text, extract
from redline.documents.patterns import CYRILLIC_KIND, HAN_KIND, PatternSet, build, fold, word_keys
from redline.documents.russian import ending_set, is_cyrillic, stem, stem_phrase
from redline.documents.settings import document_config
from redline.documents.wording import (
    is_acronym,
    is_common_word,
    is_everyday_in_capitals,
    is_title,
    opens_sentence,
    opens_sentence_as_prose,
)
from redline.errors import QueryError
from redline.gc_tuning import FREEZE_MIN_NAMES, exempt_from_cyclic_gc
from redline.match.matcher import Matcher
from redline.model import Hit, Query, Reason
from redline.text.names import NameForm, legal_words, prepare
from redline.text.tokens import phonetic

_WORD = re.compile(r"[^\W_]+")
# what may separate two words of one name: spaces, hyphens, quotes, '&', a comma
# ("PUTIN, Vladimir"), a full stop only after a one-letter word, i.e. an initial
# ("Andrew V. Smith", "S.A."), never after a word (sentence end), nor a paragraph break
_GAP_CHAR = r"(?:[ \t\-–—«»\"'„“”‘’&()]|,(?= )|\n(?!\n)|(?<=[^\W_])(?<![^\W_]{2})\.)"
# the word right after a position, across such a gap / the word right before one
# (a word here has no Chinese character: a Latin name may be written against Chinese text)
_NEXT = re.compile(rf"{_GAP_CHAR}{{1,3}}([^\W_\u4e00-\u9fff]+)")
_PREVIOUS = re.compile(rf"(?<![^\W_\u4e00-\u9fff])([^\W_\u4e00-\u9fff]+){_GAP_CHAR}{{1,3}}$")
_WINDOW = 64  # longest word looked at when growing a span to the left


@dataclass(slots=True)
class Mention:
    """One listed party named at ``text[start:end]``."""

    start: int
    end: int
    text: str
    entity_id: str
    list: str
    list_version: str
    schema: str
    caption: str
    matched_name: str
    score: float
    reasons: builtins.list[Reason] = field(default_factory=builtins.list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "text": self.text, "entity_id": self.entity_id,
            "list": self.list, "list_version": self.list_version, "schema": self.schema,
            "caption": self.caption, "matched_name": self.matched_name, "score": self.score,
            "reasons": [{"feature": r.feature, "score": r.score, "detail": r.detail} for r in self.reasons],
        }


@dataclass(slots=True)
class DocumentResult:
    source: str
    kind: str
    text: str
    mentions: list[Mention]
    spans_checked: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "kind": self.kind, "characters": len(self.text),
                "mentions": [m.to_dict() for m in self.mentions]}


class DocumentScreener:
    """Built once over a matcher's index; ``screen_text`` is then cheap per document."""

    def __init__(self, matcher: Matcher, threshold: float | None = None) -> None:
        self.matcher = matcher
        self.cfg = document_config()
        self.threshold = float(self.cfg["threshold"] if threshold is None else threshold)
        self.patterns: PatternSet = build(matcher.index)
        self._endings = ending_set()
        self._max_words = int(self.cfg["max_span_words"])
        self._cache: LRU[list[Hit]] = LRU(int(self.cfg["cache_size"]))
        single = self.cfg["single_word"]
        self._single_entities = int(single["max_entities"])
        self._require_capital = bool(single["require_capital"])
        self._acronym_threshold = float(single["acronym_threshold"])
        # the matcher's score for a name written exactly as listed (without other evidence)
        self._exact = float(matcher.cfg.name["exact_ceiling"])
        self._legal_words = _legal_words()
        # tokens that are on their own a whole listed name ("sberbank", "level")
        self._whole_names = frozenset(e.form.tokens[0] for e in matcher.index.names if len(e.form.tokens) == 1)
        _warm_word_lists()
        if len(matcher.index.names) >= FREEZE_MIN_NAMES:
            exempt_from_cyclic_gc()  # the automaton and its tables live as long as the index

    def _single_word_ok(self, word: str, hit: Hit, opener: bool = False) -> bool:
        """A lone word names a party as a rare token that is the whole listed name (after
        legal forms) or the listed person's surname. Mid-sentence, where its capital is
        evidence, the whole name may be a common one ("Sberbank", "Gazprom": dozens of
        listed subsidiaries share the word); opening a sentence ("Миг", "Степь") it may not."""
        keys = word_keys(word.lower())
        for form in _forms(hit.matched_name, hit.schema):
            same = [k for k in keys if k in form.tokens]
            rare = [k for k in same if self.patterns.entity_count.get(k, 0) <= self._single_entities]
            # opening a sentence or a line ("Buyer: Rosoboronexport") a capital proves less,
            # but a word no dictionary knows is no prose word either
            if len(form.tokens) == 1 and (rare or (same and (not opener or not is_common_word(word)))):
                return True
            if hit.schema == "Person" and any(_is_surname(form, hit.matched_name, k) for k in rare):
                return True
        return False

    # -- candidate spans ---------------------------------------------------------------
    def _anchors(self, folded: str, text: str, cased: bool,
                 lowered: set[str] | None = None) -> list[tuple[int, int, str, str]]:
        """(start, end, pattern, kind) of every pattern occurrence at acceptable boundaries.

        In a document that uses capitals, an anchor must be written like a name (initial
        capital): names in news, contracts and payment lines are; everyday words are not.
        Patterns the document writes in lower case are added to ``lowered``.
        """
        out: list[tuple[int, int, str, str]] = []
        if self.patterns.automaton.kind != ahocorasick.AHOCORASICK:
            return out  # no distinctive listed token at all (an empty or tiny list set)
        padded = " " + folded + " "
        for end_idx, (pattern, kind) in self._occurrences(padded):
            start = end_idx - len(pattern) + 1
            if kind == HAN_KIND:
                out.append((start - 1, end_idx, pattern, kind))
                continue
            if cased and not _capital_or_caseless(text[start]):
                if lowered is not None:
                    lowered.add(pattern)
                continue
            if kind == CYRILLIC_KIND:
                stop = padded.find(" ", end_idx + 1)
                rest = padded[end_idx + 1 : stop if stop >= 0 else len(padded)]
                if rest not in self._endings:
                    continue
                out.append((start, end_idx + len(rest), pattern, kind))
                continue
            out.append((start, end_idx - 1, pattern, kind))  # " token " → token, in original offsets
        return out

    def _occurrences(self, padded: str) -> list[tuple[int, tuple[str, str]]]:
        """The automaton's matches, and in Chinese text those of the Latin and Cyrillic
        words written right against Chinese characters ("香港的Sinno Electronics向俄罗斯"),
        which have no space to mark where they begin and end."""
        found = list(self.patterns.automaton.iter(padded))
        if _is_han(padded):
            spaced = _HAN.sub(" ", padded)  # same length: offsets carry over
            found.extend(item for item in self.patterns.automaton.iter(spaced)
                         if item[1][1] != HAN_KIND and item not in found)
        return found

    def _grow(self, text: str, start: int, end: int, pattern: str) -> tuple[int, int]:
        """Extend [start, end) over neighbouring words that belong to a name with this anchor.

        Walks one adjacent word at a time with anchored regexes instead of splitting a
        window around every anchor into words: most anchors grow by zero or one word,
        and the split was a third of the scanning time.
        """
        near = self.patterns.neighbours(pattern, self.matcher.index)
        while start > 0 and text[start - 1].isalnum() and not _is_han(text[start - 1]):
            start -= 1
        while end < len(text) and text[end].isalnum() and not _is_han(text[end]):
            end += 1
        budget = self._max_words - max(1, len(_WORD.findall(text, start, end)))
        while budget > 0:
            found = _PREVIOUS.search(text, max(0, start - _WINDOW), start)
            if found is None or not self._joins_at(text, found.start(1), found.end(1), near):
                break
            start = found.start(1)
            budget -= 1
        while budget > 0:
            found = _NEXT.match(text, end)
            if found is None or not self._joins_at(text, found.start(1), found.end(1), near):
                break
            end = found.end(1)
            budget -= 1
        return start, end

    def _joins_at(self, text: str, start: int, end: int, near: frozenset[str]) -> bool:
        """Whether ``text[start:end]``, next to a span, belongs to it: an initial ("V.", the
        "S." and "A." of "S.A."), a word of a listed name with the anchor, a legal form."""
        word = text[start:end]
        if len(word) == 1 and word.isupper() and text[end : end + 1] == ".":
            return True
        return self._near(word, near)

    def _near(self, word: str, near: frozenset[str]) -> bool:
        """A word joins a span when it is a token of a listed name containing the anchor, or
        part of a legal form ("Almaz, JSC", "ООО Ромашка"): the matcher strips legal forms,
        so they cost nothing there, and a name next to one is a name, not a stray word."""
        keys = word_keys(word.lower())
        return bool(keys & near) or (_written_as_legal_form(word) and bool(keys & self._legal_words))

    # -- confirmation ------------------------------------------------------------------
    def _confirm(self, span: str, nominative: str) -> list[Hit]:
        """Matcher hits for a candidate span, once per distinct normalised span."""
        key = " ".join(span.split())
        found = self._cache.get(key)
        if found is None:
            found = [] if self._hopeless(key) else self._ask_matcher(key, nominative)
            self._cache.put(key, found)
        return found

    def _hopeless(self, word: str) -> bool:
        """A lone lower- or title-case word none of whose keys is a whole listed name or a
        rare listed token.

        Such a span can never become a mention (``_single_word_ok`` wants the whole listed
        name, or a token carried by at most ``max_entities`` listed entities), so the
        matcher is not asked: most single-word anchors in prose ("Strategy", "Спорт") end
        here. Acronyms in capitals and Chinese are left to the matcher.
        """
        if _WORD.fullmatch(word) is None or _is_han(word) or word.isupper():
            return False
        counts, whole = self.patterns.entity_count, self._whole_names
        return not any(k in whole or 1 <= counts.get(k, 0) <= self._single_entities for k in word_keys(word.lower()))

    def _ask_matcher(self, key: str, nominative: str) -> list[Hit]:
        """Best hit per entity over the span as written, its nominative form and its stems.

        A span written exactly as a listed name resolves to the entries listing that name
        (``Matcher.match_exact``); other spans are ranked against every similar name.
        """
        best: dict[str, Hit] = {}
        variants = [key]
        if is_cyrillic(key):
            variants.extend(v for v in dict.fromkeys((" ".join(nominative.split()), stem_phrase(key))) if v != key)
        limit = int(self.cfg["limit"])
        for variant in variants:
            try:
                # a span written as a listed name names those entries: no need to rank its namesakes
                hits = self.matcher.match_exact(Query(variant), threshold=self.threshold, limit=limit)
                if hits is None:
                    hits = self.matcher.match(Query(variant), threshold=self.threshold, limit=limit)
            except QueryError:
                continue
            for hit in hits:
                if hit.entity_id not in best or hit.score > best[hit.entity_id].score:
                    best[hit.entity_id] = hit
            if any(h.score >= self._exact for h in hits):
                break  # written exactly as listed: the nominative and stemmed readings add nothing
        return sorted(best.values(), key=lambda h: (-h.score, h.entity_id))

    def _acronym_hits(self, word: str, found: list[Hit]) -> list[Hit]:
        """Listed organisations whose only distinctive word is this capitalised acronym.

        "VTB" names VTB Bank, but as a bare query its three letters are too little for
        the party threshold; in running text, capitals written as in the list are the
        extra evidence. The hit keeps its matcher score and says why it was accepted.
        The listed tokens are romanised, so the word is compared romanised too (ВТБ → vtb).
        """
        keys = word_keys(word.lower())
        known = {h.entity_id for h in found}
        try:
            hits = self.matcher.match(Query(word), threshold=self._acronym_threshold, limit=int(self.cfg["limit"]))
        except QueryError:
            return []
        out = []
        for hit in hits:
            if hit.entity_id in known or hit.schema == "Person":
                continue
            forms = _forms(hit.matched_name, hit.schema)
            if any(_only_distinctive(f) in keys for f in forms):
                reason = Reason("acronym", 0.0, f"'{word}' is written in capitals and is the only distinctive "
                                f"word of the listed name '{hit.matched_name}'", word, hit.matched_name)
                out.append(replace(hit, reasons=[*hit.reasons, reason]))
        return out

    def screen_text(self, text: str, source: str = "<text>") -> DocumentResult:
        """Mentions in ``text``; offsets are indices into ``text``."""
        check_text(text, source)
        folded = fold(text)
        cased = self._require_capital and _uses_capitals(text)
        # a text all in capitals (a SWIFT field, a telex) makes every word look like a name
        # and an acronym: there a lone everyday word ("SUPPLY", "LEVEL") names nobody
        shouting = _all_capitals(text)
        spans: list[list[Any]] = []
        lowered: set[str] = set()
        patterns_at: dict[int, set[str]] = {}
        for a_start, a_end, pattern, kind in sorted(self._anchors(folded, text, cased, lowered)):
            patterns_at.setdefault(a_start, set()).add(pattern)
            start, end = (a_start, a_end) if kind == HAN_KIND else self._grow(text, a_start, a_end, pattern)
            swap = (a_start, a_end, self.patterns.nominative[pattern]) if pattern in self.patterns.nominative else None
            part = (start, end, [swap] if swap else [])
            if spans and start < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
                spans[-1][2].extend([swap] if swap else [])
                spans[-1][3].append(part)
                continue
            spans.append([start, end, [swap] if swap else [], [part]])
        mentions = []
        for start, end, swaps in (piece for span in spans for piece in self._pieces(text, *span)):
            word = text[start:end]
            single = _WORD.fullmatch(word) is not None and not _is_han(word)
            if single and is_title(word):
                continue  # "Mrs", "Senior": capitalised by convention, never a party alone
            if single and _everyday_here(text, start, word, patterns_at.get(start, set()) & lowered):
                continue
            # "Level", "View", "Один" opening a sentence read as prose
            prose = single and opens_sentence_as_prose(text, start, word)
            if prose:
                continue  # every hit would be dropped below: spare the matcher
            if shouting and _only_everyday_words(word):
                # "ELECTRONIC COMPONENTS", "STEEL PIPES", "PEARL" in a text without case:
                # a description, unless it is written exactly as a listed name
                hits = [hit for hit in self._confirm(word, _substitute(text, start, end, swaps))
                        if hit.score >= self._exact and not single]
                acronyms = []
            else:
                hits = self._confirm(word, _substitute(text, start, end, swaps))
                acronyms = self._acronym_hits(word, hits) if single and is_acronym(word) and not shouting else []
            for hit in [*hits, *acronyms]:
                if shouting and single and not _spelled_as_listed(word, hit):
                    continue  # "UREA" sounds like the listed OUREA, but capitals prove nothing
                if single and hit not in acronyms and not self._single_word_ok(word, hit, opens_sentence(text, start)):
                    continue
                if prose or (single and hit.schema == "Person" and not _written_as_listed(word, hit)):
                    continue
                mentions.append(Mention(start, end, text[start:end], hit.entity_id, hit.list, hit.list_version,
                                        hit.schema, hit.caption, hit.matched_name, hit.score, hit.reasons))
        return DocumentResult(source, "text", text, mentions, len(spans))

    def _pieces(self, text: str, start: int, end: int, swaps: list[tuple[int, int, str]],
                parts: list[tuple[int, int, list[tuple[int, int, str]]]]) -> list[tuple[int, int, list[Any]]]:
        """The span to confirm, or, when overlapping anchors merged it and the merged span
        confirms nothing, each anchor's own span: in "Провинция PJSC Mostotrest" or
        "S.R.L., Fight" a neighbouring capitalised word must not hide the name."""
        whole = (start, end, swaps)
        distinct = list(dict.fromkeys((s, e) for s, e, _ in parts))
        if len(distinct) < 2 or self._confirm(text[start:end], _substitute(text, start, end, swaps)):
            return [whole]
        out: list[tuple[int, int, list[Any]]] = []
        for p_start, p_end in distinct:
            if out and out[-1][0] <= p_start and p_end <= out[-1][1]:
                continue  # inside the previous piece
            out.append((p_start, p_end, [w for w in swaps if p_start <= w[0] and w[1] <= p_end]))
        return out

    def screen_bytes(self, data: bytes, source: str = "<bytes>", kind: str | None = None,
                     encoding: str | None = None) -> DocumentResult:
        """Decode/extract (text, HTML, PDF) and screen; offsets refer to ``result.text``."""
        doc: Extracted = extract(data, source, kind, encoding)
        result = self.screen_text(doc.text, source)
        result.kind = doc.kind
        return result


def _only_distinctive(form: NameForm) -> str | None:
    """The one non-generic token of a listed name ("VTB BANK" → vtb), else None."""
    tokens = [t for t, g in zip(form.tokens, form.generic, strict=True) if not g]
    return tokens[0] if len(tokens) == 1 else None


def _capital_or_caseless(ch: str) -> bool:
    """Written like a name: a capital, or a letter of a script without case (Arabic, Hangul),
    where no capital can be asked for."""
    return ch.isupper() or (ch.isalpha() and not ch.islower())


def _everyday_here(text: str, start: int, word: str, lower_too: set[str]) -> bool:
    """A word opening a sentence that this same document also writes in lower case.

    The document's own usage is the evidence: where "alias", "тута" or "level" appear
    in lower case mid-sentence, the capitalised one opening a sentence is the same
    everyday word, whatever its corpus frequency (which cannot tell "Alias" from
    "Putin"). A listed name is not written in lower case in a text that uses capitals.
    """
    return bool(lower_too) and not word.isupper() and opens_sentence(text, start)


def _legal_words() -> frozenset[str]:
    """Phonetic keys of the words of legal forms (jsc, llc, gmbh, obshchestvo → ООО's words)."""
    return frozenset(phonetic(w) for w in legal_words() if len(w) > 1)


def _written_as_legal_form(word: str) -> bool:
    """Capitalised, and in capitals when short: "Ltd", "JSC", "AG", "ООО" but not "as", "open"."""
    return word[:1].isupper() and (len(word) > 2 or word.isupper())


def _warm_word_lists() -> None:
    """Load the word-frequency lists now: loading them takes 1-3 s, which would otherwise
    land on the first document screened (the first API request after a reload)."""
    for probe in ("qzxjv", "ъщжщ"):  # in no list, so every language's list is consulted
        is_common_word(probe)


def _substitute(text: str, start: int, end: int, swaps: list[tuple[int, int, str]]) -> str:
    """The span with each inflected anchor word replaced by the listed nominative form
    (Газпрома → газпром) and other Cyrillic words stemmed (Герману → герман)."""
    out, pos = [], start
    for a_start, a_end, word in sorted(set(swaps)):
        if a_start < pos:
            continue
        out.append(stem_phrase(text[pos:a_start]))
        out.append(f" {word} ")
        pos = a_end
    out.append(stem_phrase(text[pos:end]))
    return " ".join("".join(out).split())


@functools.lru_cache(maxsize=65536)
def _forms(value: str, schema: str) -> tuple[NameForm, ...]:
    return tuple(prepare(value, schema))


#: Nominative adjective endings: "Зеленый" (green) is an adjective, not the surname Zelen declined.
_ADJECTIVE_ENDINGS = frozenset({"ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие"})


def _written_as_listed(word: str, hit: Hit) -> bool:
    """The word is a token of the listed name as written, or that token with a Russian noun
    case ending (Putin, Путину — not Зеленый read as Zelen)."""
    lowered = word.lower()
    if is_cyrillic(word) and lowered[-2:] in _ADJECTIVE_ENDINGS and lowered not in hit.matched_name.lower():
        return False  # Левый ("left") romanises to levi, but is not Levi
    listed = {t for form in _forms(hit.matched_name, hit.schema) for t in form.tokens}
    if any(t in listed for form in _forms(word, "Person") for t in form.tokens):
        return True
    root = stem(lowered)
    if root == lowered or lowered[len(root):] in _ADJECTIVE_ENDINGS:
        return False
    return bool(word_keys(root) & listed)


_HAN = re.compile("[\u4e00-\u9fff]")


def _is_han(text: str) -> bool:
    return _HAN.search(text) is not None


def _only_everyday_words(span: str) -> bool:
    """Every word of the span is one a text in capitals uses without naming anyone."""
    return all(is_everyday_in_capitals(word) for word in _WORD.findall(span) if not _is_han(word))


def _spelled_as_listed(word: str, hit: Hit) -> bool:
    """The word, romanised, is spelled letter for letter as a word of the listed name."""
    listed = {raw for form in _forms(hit.matched_name, hit.schema) for raw in form.raw}
    return word.lower() in listed or any(raw in listed for form in _forms(word, hit.schema) for raw in form.raw)


def _all_capitals(text: str) -> bool:
    """Whether the text's cased letters are all capitals (and it has some)."""
    sample = text[:200000]
    return any(ch.isupper() for ch in sample) and not any(ch.islower() for ch in sample)


def _uses_capitals(text: str) -> bool:
    """False for documents written all in lower case (chat logs): then case says nothing."""
    sample = text[:200000]
    return any(ch.isupper() for ch in sample)


def _is_surname(form: NameForm, value: str, token: str) -> bool:
    """The list's SURNAME (capitals), else the last part, or the first part before a comma."""
    if form.surname:
        return any(flag and t == token for t, flag in zip(form.tokens, form.surname, strict=False))
    if "," in value:
        return form.tokens[0] == token
    return form.tokens[-1] == token
