"""Which words of the screened name and of the listed name the matcher actually paired.

The name reason's detail says it in words (``tokens vladimir=vladimir, putin~poutin (...)``);
analysts read faster when the same words are marked in both names. We parse that detail
instead of re-running the matcher, so the page shows exactly what was recorded with the
case, even after the matcher changes. Output is a list of (text, marked) segments: the
template escapes them, so no markup is built from untrusted strings here.
"""

from __future__ import annotations

import re
from typing import Any

from redline.text.tokens import tokenize
from redline.text.translit import latin_variants

Segment = tuple[str, bool]

_TOKENS = re.compile(r"tokens (.+?)(?:;|$)")
_PAIR = re.compile(r"([^\s=~,()]+)\s*[=~]\s*([^\s=~,()]+)")
_WORD = re.compile(r"(\w[\w'’-]*)", re.UNICODE)


def matched_tokens(detail: str) -> tuple[set[str], set[str]]:
    """(query tokens, listed tokens) named in a name reason's ``tokens ...`` part."""
    query: set[str] = set()
    listed: set[str] = set()
    found = _TOKENS.search(detail or "")
    if found:
        for q, c in _PAIR.findall(found.group(1)):
            query.add(q.lower())
            listed.add(c.lower())
    return query, listed


def _word_tokens(word: str) -> set[str]:
    out: set[str] = set()
    for latin in latin_variants(word):
        out.update(tokenize(latin))
    out.update(tokenize(word))
    return out


def mark(text: str, tokens: set[str]) -> list[Segment]:
    """Split ``text`` into segments, marking each word whose reading is one of ``tokens``."""
    if not text:
        return []
    segments: list[Segment] = []
    pos = 0
    for m in _WORD.finditer(text):
        if m.start() > pos:
            segments.append((text[pos:m.start()], False))
        word = m.group(1)
        segments.append((word, bool(tokens and _word_tokens(word) & tokens)))
        pos = m.end()
    if pos < len(text):
        segments.append((text[pos:], False))
    return segments


def mark_detail(detail: str, query: set[str], listed: set[str]) -> list[Segment]:
    """The reason's own text with the paired tokens marked (inside the ``tokens`` part only)."""
    found = _TOKENS.search(detail or "")
    if not found:
        return [(detail, False)] if detail else []
    start, end = found.span(1)
    inner = [(w, marked) for w, marked in mark(found.group(1), query | listed)]
    return [(detail[:start], False), *inner, (detail[end:], False)]


def name_reason(hit: dict[str, Any]) -> dict[str, Any] | None:
    for reason in hit.get("reasons", []):
        if reason.get("feature") == "name":
            return dict(reason)
    return None


def explain(hit: dict[str, Any]) -> dict[str, Any]:
    """Everything the case page needs to show one hit's names and reasons with marks."""
    reason = name_reason(hit)
    query_tokens, listed_tokens = matched_tokens(reason["detail"]) if reason else (set(), set())
    reasons = []
    for r in hit.get("reasons", []):
        segments = (mark_detail(r.get("detail", ""), query_tokens, listed_tokens) if r.get("feature") == "name"
                    else [(r.get("detail", ""), False)])
        reasons.append({**r, "segments": segments})
    return {
        "query_name": mark(hit.get("query_name", ""), query_tokens),
        "matched_name": mark(hit.get("matched_name", ""), listed_tokens),
        "listed_tokens": listed_tokens,
        "reasons": reasons,
    }
