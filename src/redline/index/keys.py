"""Blocking keys: which listed names are worth scoring for a query.

Keys are computed once at index time for listed names (Watchman's lesson) and per query
for the query. A consonant skeleton plus its one-deletion neighbourhood (SymSpell) finds
names with a typo or transliteration difference in any token without scanning the lists;
a joined-skeleton key finds concatenations (Sber Bank ~ Sberbank).
"""

from __future__ import annotations

from redline.text.names import NameForm
from redline.text.tokens import skeleton

#: Words at least this long are also found by their first and last ``AFFIX_LENGTH`` letters.
AFFIX_MIN_LENGTH = 9
AFFIX_LENGTH = 6


#: Written words at least this long are also found by their parts (PassJoin): two slips
#: leave one of three parts intact, though maybe shifted by up to two letters. Seven
#: letters, not eight: a query word two letters longer (nine) may carry two slips, and
#: "المرابdطlن" is المرابطون so (typo2 986 → 987 on seed 21, nothing else changed).
SEGMENT_MIN_LENGTH = 7
SEGMENT_SLIPS = 2


def deletions(text: str) -> set[str]:
    return {text[:i] + text[i + 1 :] for i in range(len(text))}


def grouped_keys(form: NameForm) -> dict[str, set[str]]:
    """Keys grouped by the token (or joined string) they came from.

    Retrieval credits a listed name once per group (its best key), so a name sharing
    many deletion variants of one token cannot outrank a name matching every token.
    """
    groups: dict[str, set[str]] = {}
    for i, (raw, token) in enumerate(zip(form.raw, form.tokens, strict=True)):
        groups.setdefault(f"w{i}", set()).update(token_keys(raw, token))
    groups.update(form_level_keys(form))
    return {k: v for k, v in groups.items() if v}


def token_keys(raw: str, token: str) -> set[str]:
    """The keys of one token: itself, its consonant skeleton and their one-deletion neighbours."""
    keys = {"t" + token}
    skel = skeleton(token)
    if len(skel) >= 2:
        keys.add("s" + skel)
    if len(skel) >= 4:
        keys.update("s" + d for d in deletions(skel))
    # typos are made on the written form; the phonetic rewrite (ph → f, x → ks) can
    # turn one slip into several differences, so keep a neighbourhood of the raw token
    if len(raw) >= 4 and not raw.isdigit():
        keys.add("d" + raw)
        keys.update("d" + d for d in deletions(raw))
    if len(raw) >= AFFIX_MIN_LENGTH and not raw.isdigit():
        # two slips in one long word ("STROYGAZMOTAGH") leave no shared one-deletion
        # variant, but one end of the word usually survives intact
        keys.add("p" + raw[:AFFIX_LENGTH])
        keys.add("x" + raw[-AFFIX_LENGTH:])
    return keys


def _segments(length: int) -> list[tuple[int, int]]:
    """(start, length) of the SEGMENT_SLIPS + 1 parts of a word, the longer parts last."""
    parts = SEGMENT_SLIPS + 1
    base, longer = divmod(length, parts)
    out, start = [], 0
    for i in range(parts):
        size = base + (i >= parts - longer)
        out.append((start, size))
        start += size
    return out


def segment_keys(raw: str) -> set[str]:
    """A listed word's parts, each keyed by the word's length and its place in the word.

    Two slips in one word ("ALUMIkNgT" for ALUMINAT, "Cybevin" for Cyberinn) leave no
    shared deletion variant, but one part of the listed word survives in the query. The
    parts find listed *words* (few, and checked by their edit distance), not names: a
    part is too common a key to rank names by.
    """
    if len(raw) < SEGMENT_MIN_LENGTH or raw.isdigit():
        return set()
    return {f"g{len(raw)}.{i}.{raw[start:start + size]}" for i, (start, size) in enumerate(_segments(len(raw)))}


def segment_probes(raw: str) -> set[str]:
    """The ``segment_keys`` a query word could share with a listed word two slips away."""
    if len(raw) < SEGMENT_MIN_LENGTH - SEGMENT_SLIPS or raw.isdigit():
        return set()
    probes: set[str] = set()
    for length in range(max(SEGMENT_MIN_LENGTH, len(raw) - SEGMENT_SLIPS), len(raw) + SEGMENT_SLIPS + 1):
        for i, (start, size) in enumerate(_segments(length)):
            for at in range(max(0, start - SEGMENT_SLIPS), min(len(raw) - size, start + SEGMENT_SLIPS) + 1):
                probes.add(f"g{length}.{i}.{raw[at:at + size]}")
    return probes


def form_level_keys(form: NameForm) -> dict[str, set[str]]:
    """The keys that depend on more than one token: token + initial pairs, the joined name."""
    groups: dict[str, set[str]] = {}
    if 2 <= len(form.tokens) <= 6:
        # a token plus one initial of another token: finds "N. S. AHMAD" and
        # "A. MOHAMED" among thousands of Ahmads without scanning them all
        # (each pair its own group, so a listed name agreeing on every initial outranks
        # the hundred Tikritis that agree on one)
        for i, token in enumerate(form.tokens):
            # (two letters are enough: Korean and Burmese family names, "Y. C. JO", "T. J. RI")
            if len(token) < 2 or form.generic[i]:  # "stock" + "J." would rank every Joint Stock X
                continue
            skel = skeleton(token)
            for j, other in enumerate(form.tokens):
                if j != i:
                    groups.setdefault(f"i{i}:{j}", set()).add(f"i{skel}|{other[0]}")
    if len(form.tokens) >= 2:
        # the first and last words, in either order: "Ali MUHAMMAD" finds "Ali Hajj
        # MUHAMMAD" among thousands of Alis and Muhammads, whose words alone are too
        # common to retrieve by, while few names begin with one and end with the other
        first, last = form.tokens[0], form.tokens[-1]
        groups["f"] = {f"f{first}|{last}", f"f{last}|{first}"}
        # ... and with the first word as an initial: "K. MOHAMMAD" for Khair MOHAMMAD
        groups["fi"] = {f"F{form.raw[0][:1]}|{last}", f"F{form.raw[-1][:1]}|{first}"}
    joined = groups.setdefault("j", set())
    for text in {form.joined, form.joined_full}:
        skel = skeleton(text)
        if len(skel) >= 3:
            joined.add("j" + skel)
    return groups


#: A name's consonant skeleton written together must have this many letters for a query
#: to look for it with one letter fewer (shorter ones meet too many other names so).
JOINED_SLIP_MIN_LENGTH = 6


def joined_slip_probes(joined_keys: set[str]) -> set[str]:
    """A query's "j" keys with one consonant left out: the listed names it wrote with one
    letter too many (".AW.A. ENGlINEERING" is A.W.A. ENGINEERING, whose words it splits
    and slips so that no word of it finds the name).

    Query side only: the index keeps one key per name, and the query probes a dozen.
    """
    probes = {key[:k] + key[k + 1:] for key in joined_keys if len(key) - 1 >= JOINED_SLIP_MIN_LENGTH
              for k in range(1, len(key))}
    return probes - joined_keys


def form_keys(form: NameForm) -> set[str]:
    keys: set[str] = set()
    for group in grouped_keys(form).values():
        keys |= group
    return keys
