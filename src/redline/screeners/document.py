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
from dataclasses import dataclass, field
from typing import Any

from redline.documents.extract import Extracted, check_text, extract
from redline.documents.patterns import CYRILLIC_KIND, HAN_KIND, PatternSet, build, fold, word_keys
from redline.documents.russian import ending_set, is_cyrillic, stem_phrase
from redline.documents.settings import document_config
from redline.errors import QueryError
from redline.match.matcher import Matcher
from redline.model import Hit, Query, Reason
from redline.text.names import NameForm, prepare

_WORD = re.compile(r"[^\W_]+")
# what may separate two words of one name: spaces, hyphens, quotes, '&', a comma
# ("PUTIN, Vladimir"), never a full stop (sentence end) or a paragraph break
_GAP = re.compile(r"^(?:[ \t\-–—«»\"'„“”‘’&()]|,(?= )|\n(?!\n)){1,3}$")
_WINDOW = 160


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
        self._cache: dict[str, list[Hit]] = {}
        single = self.cfg["single_word"]
        self._single_entities = int(single["max_entities"])
        self._require_capital = bool(single["require_capital"])

    def _single_word_ok(self, word: str, hit: Hit) -> bool:
        """A lone word names a party only as an exact, rare token of a one-token name or a surname."""
        keys = word_keys(word.lower())
        for form in _forms(hit.matched_name, hit.schema):
            same = [k for k in keys if k in form.tokens
                    and self.patterns.entity_count.get(k, 0) <= self._single_entities]
            if not same:
                continue
            if len(form.tokens) == 1:
                return True
            if hit.schema == "Person" and any(_is_surname(form, hit.matched_name, k) for k in same):
                return True
        return False

    # -- candidate spans ---------------------------------------------------------------
    def _anchors(self, folded: str, text: str, cased: bool) -> list[tuple[int, int, str, str]]:
        """(start, end, pattern, kind) of every pattern occurrence at acceptable boundaries.

        In a document that uses capitals, an anchor must be written like a name (initial
        capital): names in news, contracts and payment lines are; everyday words are not.
        """
        out = []
        padded = " " + folded + " "
        for end_idx, (pattern, kind) in self.patterns.automaton.iter(padded):
            start = end_idx - len(pattern) + 1
            if kind == HAN_KIND:
                out.append((start - 1, end_idx, pattern, kind))
                continue
            if cased and not text[start].isupper():
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

    def _grow(self, text: str, start: int, end: int, pattern: str) -> tuple[int, int]:
        """Extend [start, end) over neighbouring words that belong to a name with this anchor."""
        near = self.patterns.neighbours(pattern, self.matcher.index)
        lo = max(0, start - _WINDOW)
        words = [(m.start() + lo, m.end() + lo) for m in _WORD.finditer(text[lo : min(len(text), end + _WINDOW)])]
        inside = [i for i, (s, e) in enumerate(words) if s < end and e > start]
        if not inside:
            return start, end
        first, last = inside[0], inside[-1]
        budget = self._max_words - (last - first + 1)
        while budget > 0 and first > 0 and self._joins(text, words[first - 1], words[first], words[first - 1], near):
            first -= 1
            budget -= 1
        while budget > 0 and last + 1 < len(words) and self._joins(
                text, words[last], words[last + 1], words[last + 1], near):
            last += 1
            budget -= 1
        return min(start, words[first][0]), max(end, words[last][1])

    @staticmethod
    def _joins(text: str, left: tuple[int, int], right: tuple[int, int], new: tuple[int, int],
               near: frozenset[str]) -> bool:
        """Words join a span when only a short gap separates them and ``new`` is in a listed name."""
        gap = text[left[1] : right[0]]
        if not _GAP.match(gap):
            return False
        return bool(word_keys(text[new[0] : new[1]].lower()) & near)

    # -- confirmation ------------------------------------------------------------------
    def _confirm(self, span: str, nominative: str) -> list[Hit]:
        key = " ".join(span.split())
        found = self._cache.get(key)
        if found is None:
            best: dict[str, Hit] = {}
            variants = [key]
            if is_cyrillic(key):
                variants.extend(v for v in dict.fromkeys((" ".join(nominative.split()), stem_phrase(key)))
                                if v != key)
            for variant in variants:
                try:
                    hits = self.matcher.match(Query(variant), threshold=self.threshold, limit=int(self.cfg["limit"]))
                except QueryError:
                    continue
                for hit in hits:
                    if hit.entity_id not in best or hit.score > best[hit.entity_id].score:
                        best[hit.entity_id] = hit
            found = sorted(best.values(), key=lambda h: (-h.score, h.entity_id))
            if len(self._cache) > 100000:
                self._cache.clear()
            self._cache[key] = found
        return found

    def screen_text(self, text: str, source: str = "<text>") -> DocumentResult:
        """Mentions in ``text``; offsets are indices into ``text``."""
        check_text(text, source)
        folded = fold(text)
        cased = self._require_capital and _uses_capitals(text)
        spans: list[list[Any]] = []
        for a_start, a_end, pattern, kind in sorted(self._anchors(folded, text, cased)):
            start, end = (a_start, a_end) if kind == HAN_KIND else self._grow(text, a_start, a_end, pattern)
            swap = (a_start, a_end, self.patterns.nominative[pattern]) if pattern in self.patterns.nominative else None
            if spans and start < spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], end)
                spans[-1][2].extend([swap] if swap else [])
                continue
            spans.append([start, end, [swap] if swap else []])
        mentions = []
        for start, end, swaps in spans:
            single = _WORD.fullmatch(text[start:end]) is not None and not _is_han(text[start:end])
            for hit in self._confirm(text[start:end], _substitute(text, start, end, swaps)):
                if single and not self._single_word_ok(text[start:end], hit):
                    continue
                mentions.append(Mention(start, end, text[start:end], hit.entity_id, hit.list, hit.list_version,
                                        hit.schema, hit.caption, hit.matched_name, hit.score, hit.reasons))
        return DocumentResult(source, "text", text, mentions, len(spans))

    def screen_bytes(self, data: bytes, source: str = "<bytes>", kind: str | None = None,
                     encoding: str | None = None) -> DocumentResult:
        """Decode/extract (text, HTML, PDF) and screen; offsets refer to ``result.text``."""
        doc: Extracted = extract(data, source, kind, encoding)
        result = self.screen_text(doc.text, source)
        result.kind = doc.kind
        return result


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


def _is_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


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
