"""Blocking keys: which listed names are worth scoring for a query.

Keys are computed once at index time for listed names (Watchman's lesson) and per query
for the query. A consonant skeleton plus its one-deletion neighbourhood (SymSpell) finds
names with a typo or transliteration difference in any token without scanning the lists;
a joined-skeleton key finds concatenations (Sber Bank ~ Sberbank).
"""

from __future__ import annotations

from redline.text.names import NameForm
from redline.text.tokens import skeleton


def deletions(text: str) -> set[str]:
    return {text[:i] + text[i + 1 :] for i in range(len(text))}


def form_keys(form: NameForm) -> set[str]:
    keys: set[str] = set()
    for token in form.tokens:
        keys.add("t" + token)
        skel = skeleton(token)
        if len(skel) >= 2:
            keys.add("s" + skel)
        if len(skel) >= 4:
            keys.update("s" + d for d in deletions(skel))
    for joined in {form.joined, form.joined_full}:
        skel = skeleton(joined)
        if len(skel) >= 3:
            keys.add("j" + skel)
    return keys
