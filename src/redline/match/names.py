"""Name comparison: align tokens order-free, weight them by rarity, explain the result.

score = Σ sim(q, c)·(w_q + w_c) / (Σ w_q + Σ w_c) over the best one-to-one token
alignment. Unmatched tokens cost their weight, so an added distinctive word (Gazprom
*Neft*) pulls the score down while an added generic or legal word barely does; for people,
extra middle names and patronymics on one side are discounted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from redline.match.config import MatchConfig
from redline.text.names import NameForm
from redline.text.slips import slips
from redline.text.tokens import VOWELS, phonetic, skeleton, spoken_skeleton

#: Romanisations of one Cyrillic letter that take several Latin letters: "Ю. В. Ситников"
#: reads "yu. v. sitnikov", and "yu" is still one initial (of Yuri).
CYRILLIC_LETTER_DIGRAPHS = frozenset({
    "zh", "kh", "ts", "ch", "sh", "shch", "yu", "iu", "ju", "ya", "ia", "ja", "yo", "jo", "ye", "ie", "je",
})


#: Name connectors ("son of", "of the"): an unmatched one says nothing about being
#: another person, unlike a short unmatched name such as "Abu" or "Jose".
CONNECTORS = frozenset(phonetic(w) for w in (
    "ben", "bin", "ibn", "bint", "bent", "binti", "ould", "al", "el", "ul", "ud", "ad", "de", "del", "da", "van", "von",
))


#: Query scripts written in syllables: a name typed in Chinese characters carries no Latin
#: typos, and pinyin one letter away is another character, so another name (Jianhua is
#: not Jinhua). Their romanised tokens meet listed tokens exactly or not at all (the
#: similarity table holds no other pairs for them), and so do their joined strings.
#: Hangul likewise: 영 is yong, 명 myong, and 김영희 is not 김경희.
SYLLABIC_SCRIPTS = frozenset({"Hani", "Hang"})

#: How much less an initial that meets a token only by its sound counts (see token_similarity).
SOUND_INITIAL_DISCOUNT = 0.01


def is_initial(raw: str, script: str) -> bool:
    """Whether a written query token is an initial (one letter of its original script)."""
    return len(raw) == 1 or (script == "Cyrl" and raw in CYRILLIC_LETTER_DIGRAPHS)


def initial_flags(form: NameForm) -> tuple[bool, ...]:
    """Which tokens of a form are initials: as ``prepare`` found them in the original
    script ("ش." is the initial "sh", "طه" is the name Taha), else by ``is_initial``."""
    return form.initials or tuple(is_initial(raw, form.script) for raw in form.raw)


#: Scripts that leave short vowels unwritten; their queries compare consonant skeletons.
VOWEL_LESS_SCRIPTS = frozenset({"Arab", "Hebr"})


#: Nonzero similarities of one query form against listed tokens: written listed token →
#: [(query token position, similarity, rule)]. Built once per query, shared by all candidates.
SimilarityTable = Mapping[str, list[tuple[int, float, str]]]


@dataclass(slots=True)
class NameScore:
    score: float
    exact: bool
    pairs: list[tuple[str, str, float, str]]
    unmatched_query: list[str]
    unmatched_listed: list[str]
    method: str


def _same_ends(a: str, b: str) -> bool:
    """Whether two words start and end alike (or with two letters swapped, a slip too):
    slips fall inside words, while other names differ at their edges (Izvestia / Vestia,
    Constello / Costela)."""
    return (a[:1] == b[:1] or a[:2] == b[1::-1]) and (a[-1:] == b[-1:] or a[-2:] == b[:-3:-1])


#: Vowels a romanisation writes either way (Persian ی as i or e, و as u or o).
_VOWEL_CLASS = str.maketrans("eo", "iu")
_FINAL_VOWELS_AND_H = re.compile(r"[aeiouy]*h?[aeiouy]*$")


def _adds_only_vowels(query: str, listed: str) -> bool:
    """Whether ``listed`` is ``query`` with vowels added (hsin ~ husein, taib ~ taeb).

    A waw read as the vowel u may be the consonant w or the diphthong aw (خولة, khula ~
    Khawla, and أنوري, anuri ~ Anwari, whose w the phonetic form writes v).
    """
    q, c = query.translate(_VOWEL_CLASS), listed.translate(_VOWEL_CLASS)
    if q[:1] == "a" and c[:1] in ("i", "u"):
        # an alef opening a word only seats its vowel, which the script leaves out:
        # الاسلامية, "al aslamya", is al-Islamiya; احياء is Ihya
        c = "a" + c[1:]
    if len(q) > 3 and q[-1] == "h" and q[-2] in VOWELS:
        # a final heh is heard as a vowel or not at all: جمعه, jmah ~ Juma; زاده ~ Zada;
        # but it is heard: عبده (Abduh) is not Abd
        tail = _FINAL_VOWELS_AND_H.search(c)
        assert tail is not None  # every word ends in a (maybe empty) run of vowels
        if not tail.group(0):
            return False
        q, c = q[:-2], c[: tail.start()]
    elif len(q) > 2 and q[-1] == "a" and c.endswith("ah"):
        # a ta marbuta, read a, that the listed spelling writes -ah (النصرة, nsra ~ Nusrah)
        c = c[:-1]
    at = j = 0
    while j < len(c):
        ch = c[j]
        if at < len(q) and q[at] == ch:
            at += 1
        elif at < len(q) and q[at] == "u" and c.startswith("av", j):
            at += 1
            j += 1
        elif at < len(q) and q[at] == "u" and ch == "v":  # the waw a consonant: أنوري, Anwari
            at += 1
        elif ch not in VOWELS:
            return False
        j += 1
    return at == len(q)


#: Numbers at least this long may carry two neighbouring digits swapped (a numbered
#: company, "2904977 CANADA INC." typed "2094977"); shorter ones name other things.
SWAPPED_DIGITS_LENGTH = 5


def _swapped_digits(q: str, c: str, cfg: MatchConfig) -> tuple[float, str]:
    """A long number with two neighbouring digits swapped, the one slip a number is read
    with; any other difference makes another number (another company, another vessel)."""
    if not (q.isdigit() and c.isdigit()) or len(q) != len(c) or len(q) < SWAPPED_DIGITS_LENGTH:
        return 0.0, ""
    diff = [i for i in range(len(q)) if q[i] != c[i]]
    if len(diff) == 2 and diff[1] == diff[0] + 1 and q[diff[0]] == c[diff[1]] and q[diff[1]] == c[diff[0]]:
        return 1.0 - cfg.name["edit_penalty"] / (len(q) + 2), "digits swapped"
    return 0.0, ""


def token_similarity(
    q: str, c: str, cfg: MatchConfig, vowel_less: bool, allow_prefix: bool, person: bool,
    q_raw: str = "", c_raw: str = "", q_initial: bool | None = None, attested: bool = False,
    lone: bool = False,
) -> tuple[float, str]:
    """Similarity of two phonetic tokens (and their written forms) and the rule used."""
    if q == c:
        return 1.0, "exact"
    if q.isdigit() or c.isdigit():
        return _swapped_digits(q, c, cfg)
    length = max(len(q), len(c))
    distance = OSA.distance(q, c, score_cutoff=3)
    allowed = cfg.allowed_edits(length)
    written = False
    if q_raw and c_raw and distance > 0:
        # slips are made on the written word, and the phonetic rewrite can double one
        # ("Tiqjuana" is one slip from "Tijuana", whose "ij" reads as "i"): take the
        # written distance when it is the smaller share of the word
        raw_length = max(len(q_raw), len(c_raw))
        raw_allowed = cfg.allowed_edits(raw_length)
        raw_distance = slips(q_raw, c_raw, raw_allowed)
        if raw_distance <= raw_allowed and (
            distance > allowed or raw_distance / (raw_length + 2) < distance / (length + 2)
        ):
            distance, allowed, length, written = raw_distance, raw_allowed, raw_length, True
    best, how = 0.0, ""
    if distance <= allowed:
        # a query word that the lists themselves spell so is more likely another name
        # (Morvan, Fernanda) than a slip of this one (Ldvel, Mhdi): see config.yaml
        penalty = cfg.name["attested_edit_penalty" if attested else "edit_penalty"]
        if vowel_less:
            # a query read from a script without short vowels: the vowels it lacks are no
            # slip (see "unwritten vowels" below), and a letter it has of its own is a letter
            # the name does not have
            penalty = max(penalty, cfg.name["vowel_less_edit_penalty"])
        cost = float(distance)
        # (a person's name written as one long word, "Vostochniy", "Young-Chul", is such a
        # word too: a surname beside a given name is not, see config.yaml)
        inside = not person or (lone and length >= cfg.name["lone_word_slips_length"])
        if distance > 1 and inside and _same_ends(q_raw or q, c_raw or c):
            # slips inside a long brand word ("Trvasoil"); see config.yaml
            cost = 1.0 + (distance - 1) * cfg.name["later_edit_share"]
        best, how = 1.0 - penalty * cost / (length + 2), f"{distance} edit(s)"
        if written:
            how += " as written"
        if attested:
            how += ", of a listed spelling"
    ncfg = cfg.name
    if vowel_less or distance > allowed:
        sq = skeleton(q)
        if len(sq) >= 2 and sq == skeleton(c):
            if vowel_less and spoken_skeleton(q) == spoken_skeleton(c):
                # the query's script does not write short vowels (Arabic, Persian): a longer
                # shared consonant skeleton is stronger evidence than a short one
                sim = ncfg["skeleton_similarity"] - 0.05 * max(0, 4 - len(sq))
                if sim > best:
                    best, how = sim, "consonant skeleton"
            elif (
                len(sq) >= 4 and abs(len(q) - len(c)) <= 2 and distance <= allowed + 1
                and ncfg["vowel_variant_similarity"] > best
            ):
                # vowel-only differences between romanisations (Mohamed / Muhammad)
                best, how = ncfg["vowel_variant_similarity"], "vowel variant"
        if vowel_less and len(sq) >= 2 and _adds_only_vowels(q, c):
            # the listed word spells every letter the query writes and adds only the short
            # vowels that the query's script leaves out: غسان ~ Ghassan
            sim = ncfg["unwritten_vowels_similarity"] - 0.05 * max(0, 3 - len(sq))
            if sim > best:
                best, how = sim, "unwritten vowels"
    # an initial is a written letter: compare it with the written token ("C." is Chol, although
    # the phonetic form of a lone c is k)
    initial = q_raw or q
    if q_initial is None:
        q_initial = len(initial) == 1
    if person and q_initial:
        # the written letter first: "K." is Khalaf, whose sound (halaf) starts with h; an
        # initial that meets a token by sound only ranks just below, so that "H. H. K."
        # gives its H's to Hasan and Hashim and its K to Khalaf
        if (c_raw or c).startswith(initial):
            sim = ncfg["initial_similarity"]
        elif c.startswith(q):
            sim = ncfg["initial_similarity"] - SOUND_INITIAL_DISCOUNT
        else:
            sim = 0.0
        if sim > best:
            best, how = sim, "initial"
    if allow_prefix and len(q) >= 3 and c.startswith(q) and ncfg["prefix_similarity"] > best:
        best, how = ncfg["prefix_similarity"], "truncated prefix"
    return best, how


def similarity_table(
    query: Sequence[str],
    query_raw: Sequence[str],
    listed: Sequence[str],
    listed_raw: Sequence[str],
    cfg: MatchConfig,
    *,
    query_script: str,
    person: bool,
    truncated: bool,
    memo: dict[tuple[object, ...], tuple[float, str]] | None = None,
    listed_lengths: tuple[np.ndarray, np.ndarray] | None = None,
    attested: Sequence[bool] = (),
    initials: Sequence[bool] = (),
) -> dict[str, list[tuple[int, float, str]]]:
    """Every nonzero token similarity between a query form and the candidates' tokens.

    Edit distances for all pairs come from one vectorised ``cdist`` call; only the few
    pairs that some rule could accept go through ``token_similarity``, so the result is
    exactly what calling it on every pair would give, at a fraction of the cost.
    ``listed``/``listed_raw`` are the distinct phonetic/written tokens of the candidates.
    ``memo`` (one per ``cfg``) keeps ``token_similarity`` answers: a book repeats its
    given names and surnames, and with them the same near pairs. ``listed_lengths``, if
    known, are the lengths of ``listed`` and ``listed_raw``; ``initials``, if known, which
    query tokens are initials (see ``initial_flags``).
    """
    table: dict[str, list[tuple[int, float, str]]] = {}
    if not query or not listed:
        return table
    vowel_less = query_script in VOWEL_LESS_SCRIPTS
    edits = cfg.edits_array()
    q_len = np.array([len(q) for q in query], dtype=np.int32)[:, None]
    qr_len = np.array([len(q) for q in query_raw], dtype=np.int32)[:, None]
    if listed_lengths is None:
        listed_lengths = (np.array([len(c) for c in listed], dtype=np.int32),
                          np.array([len(c) for c in listed_raw], dtype=np.int32))
    c_len, cr_len = listed_lengths[0][None, :], listed_lengths[1][None, :]
    phon = cdist(query, listed, scorer=OSA.distance, score_cutoff=3, dtype=np.int32)
    # OSA here, and slips in ``token_similarity``: a swap beside a dropped letter that OSA
    # counts as one slip too many is within the phonetic slack of ``near`` all the same
    raw = cdist(query_raw, listed_raw, scorer=OSA.distance, score_cutoff=3, dtype=np.int32)
    near = (phon <= edits[np.minimum(np.maximum(q_len, c_len), 128)] + 1) | (
        raw <= edits[np.minimum(np.maximum(qr_len, cr_len), 128)]
    )
    if vowel_less:
        skeletons = np.array([skeleton(c) for c in listed], dtype=object)
        for i, q in enumerate(query):
            sq = skeleton(q)
            if len(sq) >= 2:
                near[i] |= skeletons == sq
    last = len(query) - 1
    lone = len(query) == 1
    if not initials:
        initials = [is_initial(query_raw[i] or q, query_script) for i, q in enumerate(query)]
    for i, q in enumerate(query):
        if person and initials[i]:
            near[i] = True  # an initial may stand for any token starting with its letter
        elif truncated and i == last and len(q) >= 3:
            near[i] |= np.fromiter((c.startswith(q) for c in listed), dtype=bool, count=len(listed))
    if query_script in SYLLABIC_SCRIPTS:
        near &= phon == 0  # see SYLLABIC_SCRIPTS
    rows, cols = np.nonzero(near)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        args = (query[i], listed[j], vowel_less, truncated and i == last, person, query_raw[i], listed_raw[j],
                initials[i], bool(attested) and attested[i], lone)
        found = memo.get(args) if memo is not None else None
        if found is None:
            found = token_similarity(args[0], args[1], cfg, *args[2:])
            if memo is not None:
                memo[args] = found
        sim, how = found
        if sim > 0:
            table.setdefault(listed_raw[j], []).append((i, sim, how))
    return table


def compare_tokens(
    query: tuple[str, ...],
    listed: tuple[str, ...],
    weights_q: list[float],
    weights_c: list[float],
    cfg: MatchConfig,
    table: SimilarityTable,
    listed_raw: tuple[str, ...],
    *,
    query_script: str,
    person: bool,
    truncated: bool,
    listed_surname: tuple[bool, ...] = (),
    listed_bound: tuple[bool, ...] = (),
) -> NameScore:
    """Best one-to-one alignment of query and listed tokens, from a ``similarity_table``."""
    syllabic = query_script in SYLLABIC_SCRIPTS
    sims: list[tuple[float, int, int, str]] = []
    for j, c_raw in enumerate(listed_raw):
        for i, sim, how in table.get(c_raw, ()):
            sims.append((sim, i, j, how))
    # an initial abbreviates a hyphenated given name from its head: "C." is the Ch'o'l of
    # "Ch'o'l-Chae", not the Chae (which then counts as abbreviated with it)
    tail = listed_bound or (False,) * len(listed)
    sims.sort(key=lambda s: (-s[0], s[3] == "initial" and tail[s[2]],
                             -(weights_q[s[1]] + weights_c[s[2]]), s[1], s[2]))
    ncfg = cfg.name
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[str, str, float, str]] = []
    matched = used_weight = 0.0
    strong = content = 0
    initial_of: set[int] = set()
    all_exact = True
    matched_unattested = 0.0
    order: list[tuple[int, int]] = []
    slipped_only = True
    distinct = 0
    for sim, i, j, how in sims:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        order.append((i, j))
        slipped_only = slipped_only and (how == "exact" or how.startswith("1 edit(s)"))
        distinct += weights_q[i] > ncfg["generic_token_weight"]
        if how == "initial":
            initial_of.add(j)
        matched += sim * (weights_q[i] + weights_c[j])
        matched_unattested += _unattested(sim, how, ncfg) * (weights_q[i] + weights_c[j])
        used_weight += weights_q[i] + weights_c[j]
        pairs.append((query[i], listed[j], sim, how))
        content += len(query[i])
        if sim >= ncfg["strong_similarity"] and how != "initial":
            strong += 1
        all_exact = all_exact and sim == 1.0
    extra_q = [i for i in range(len(query)) if i not in used_q]
    extra_c = [j for j in range(len(listed)) if j not in used_c]
    exact = not extra_q and not extra_c and all_exact
    if exact:
        return NameScore(1.0 if used_weight > 0 else 0.0, True, pairs, [], [], "tokens")
    factor_q = factor_c = 1.0
    surname_missed = bool(listed_surname) and not any(listed_surname[j] for j in used_c)
    factor = ncfg["person_extra_token_factor"]
    # listed words the query left out rather than disagreed with: short ones cost no more
    left_out = False
    if person and not syllabic and strong >= 2 and (not extra_q or not extra_c):
        factor_q = factor_c = factor
        if not extra_q and {0, len(listed) - 1} <= used_c and all(p[2] >= ncfg["strong_similarity"] for p in pairs):
            # the query is the listed name's first and last word: the words between
            # are middle names and patronymics a form or a payment leaves out
            factor_c = ncfg["person_frame_extra_factor"]
            left_out = all(p[2] >= ncfg["frame_sure_similarity"] for p in pairs)
    if truncated and pairs:
        # the listed name's tail may simply have been cut off by a field-length limit
        factor_c = min(factor_c, factor)
    elif person and len(query) == 1 and strong == 1 and weights_q[0] >= ncfg["distinctive_weight"]:
        # A lone, rare surname ("Putin") names the listed person; a common one does not.
        # It says nothing of the given names, short ones included ("Deripaska" for Oleg
        # Vladimirovich DERIPASKA, as "Gref" for German Oskarovich GREF)
        factor_c = factor
        left_out = True
    # the rest of a hyphenated given name whose head an initial met: "C." is "Chang-Ho"
    abbreviated = (_abbreviated(listed_bound, initial_of)
                   if person and not syllabic and initial_of and len(pairs) >= 2 else frozenset())
    fragment = len(query) - 1 if truncated and (len(query) - 1) in extra_q else -1
    short_length, short_factor = ncfg["short_token_length"], float(ncfg["short_extra_token_factor"])

    def extra(tokens: tuple[str, ...], j: int, base: float, listed: bool = False) -> float:
        if listed and surname_missed and listed_surname[j]:
            return 1.0  # the family name the list gives was not met at all
        if listed and j in abbreviated:
            return min(base, float(ncfg["person_frame_extra_factor"]))
        # a short unmatched token (a syllable, "Jose", "Abu") says more than a long
        # patronymic does about being a different person
        # (not between the first and last words the query met: "Ahmad Zia AGHA" as "Ahmad AGHA")
        if (base < 1.0 and not syllabic and len(tokens[j]) < short_length and tokens[j] not in CONNECTORS
                and not (listed and left_out)):
            return max(base, short_factor)
        return base

    total = used_weight
    for i in extra_q:
        total += weights_q[i] * (factor if i == fragment else extra(query, i, factor_q))
    for j in extra_c:
        total += weights_c[j] * extra(listed, j, factor_c, True)
    score = matched / total if total > 0 else 0.0
    if (not extra_q and not extra_c and distinct >= 2 and slipped_only
            and [j for _, j in sorted(order)] == list(range(len(listed)))):
        # every word of both names met its counterpart, in the same order, each by at most
        # a slip: the whole name corroborates each slip (see config.yaml), and each word
        # is a slip of this name rather than another name the lists spell so
        score = matched_unattested / total if total > 0 else 0.0
        score = 1.0 - (1.0 - score) * float(ncfg["whole_name_slip_factor"])
    # an initial and a short family name that name every word of the listed person
    # ("Y. WU" for "Yingjie WU") are that person's name as forms abbreviate it
    spelled_out = person and bool(initial_of) and not extra_q and all(j in abbreviated for j in extra_c)
    if content < ncfg["min_content_letters"] and not spelled_out:
        score = min(score, ncfg["short_content_cap"])
    return NameScore(
        score=score,
        exact=exact,
        pairs=pairs,
        unmatched_query=[query[i] for i in extra_q],
        unmatched_listed=[listed[j] for j in extra_c],
        method="tokens",
    )


def _abbreviated(bound: tuple[bool, ...], initial_of: set[int]) -> frozenset[int]:
    """Listed tokens hyphen-bound (see ``NameForm.bound``) to a word an initial matched."""
    out: set[int] = set()
    head = -1
    for j, joined in enumerate(bound):
        if not joined:
            head = j
        elif head in initial_of:
            out.add(j)
    return frozenset(out)


def token_score_bound(
    query: tuple[str, ...],
    listed: tuple[str, ...],
    weights_q: list[float],
    weights_c: list[float],
    cfg: MatchConfig,
    table: SimilarityTable,
    listed_raw: tuple[str, ...],
    *,
    query_script: str,
    person: bool,
    truncated: bool,
) -> float:
    """An upper bound of ``compare_tokens(...).score``, at a fraction of its cost.

    Most candidates of a clean name share one common word with it; proving they cannot
    reach the threshold needs no alignment. With A the matched weight and X the weight
    the unmatched tokens cost, the score is A / (U + X) with U ≥ A, so it is at most
    M / (M + X_min): M sums each matchable token's best similarity times its weight, and
    X_min prices every token no table entry reaches at the lowest factor any rule of
    ``compare_tokens`` could give it.
    """
    syllabic = query_script in SYLLABIC_SCRIPTS
    best_q = [0.0] * len(query)
    best_c = [0.0] * len(listed)
    get = table.get
    n_c = 0
    for j, c_raw in enumerate(listed_raw):
        entries = get(c_raw)
        if not entries:
            continue
        top = 0.0
        for i, sim, _how in entries:
            if sim > best_q[i]:
                best_q[i] = sim
            if sim > top:
                top = sim
        if top > 0:
            best_c[j] = top
            n_c += 1
    if not n_c:
        return 0.0
    n_q = sum(1 for s in best_q if s > 0)
    ncfg = cfg.name
    factor = float(ncfg["person_extra_token_factor"])
    several = person and not syllabic and n_q >= 2 and n_c >= 2  # strong >= 2 is possible
    floor_q = factor if several or truncated else 1.0
    floor_c = 1.0
    if several:
        floor_c = min(factor, float(ncfg["person_frame_extra_factor"]))
    elif truncated or (person and len(query) == 1):
        floor_c = factor
    matched = extra = 0.0
    whole = n_q == len(query) >= 2 and n_c == len(listed) == len(query)
    for s, w in zip(best_q, weights_q, strict=True):
        if s > 0:
            matched += s * w
        else:
            extra += w * floor_q
    for s, w in zip(best_c, weights_c, strict=True):
        if s > 0:
            matched += s * w
        else:
            extra += w * floor_c
    bound = matched / (matched + extra) if matched + extra > 0 else 0.0
    if whole:  # compare_tokens may raise a whole-name, in-order alignment of slips
        lifted_q = [0.0] * len(query)
        lifted_c = [0.0] * len(listed)
        for j, c_raw in enumerate(listed_raw):
            for i, sim, how in get(c_raw, ()):
                sim = _unattested(sim, how, ncfg)
                lifted_q[i] = max(lifted_q[i], sim)
                lifted_c[j] = max(lifted_c[j], sim)
        lifted = (sum(s * w for s, w in zip(lifted_q, weights_q, strict=True))
                  + sum(s * w for s, w in zip(lifted_c, weights_c, strict=True)))
        bound = max(bound, lifted / (lifted + extra) if lifted + extra > 0 else 0.0)
        bound = 1.0 - (1.0 - bound) * float(ncfg["whole_name_slip_factor"])
    return bound


def _unattested(sim: float, how: str, ncfg: Mapping[str, Any]) -> float:
    """A slip's similarity without the surcharge for a query word the lists spell so."""
    if "listed spelling" not in how:
        return sim
    return 1.0 - (1.0 - sim) * float(ncfg["edit_penalty"]) / float(ncfg["attested_edit_penalty"])


def compare_joined(
    query_joined: str, listed_joined: str, cfg: MatchConfig, fuzzy: bool = True, vowel_less: bool = False,
) -> float:
    """Similarity of names written without spaces (Sber Bank ~ Sberbank), else 0.

    ``fuzzy=False``: equal or nothing (a query in a SYLLABIC_SCRIPTS script).
    ``vowel_less``: the query's script leaves short vowels out (حزب الله ~ Hizballah).
    """
    if not query_joined or not listed_joined:
        return 0.0
    if query_joined == listed_joined:
        return 1.0
    if not fuzzy:
        return 0.0
    length = max(len(query_joined), len(listed_joined))
    if length < 6:
        return 0.0
    if vowel_less and len(query_joined) >= 5 and _adds_only_vowels(query_joined, listed_joined):
        return float(cfg.name["unwritten_vowels_similarity"])
    # at most this many edits keep the similarity at the minimum (a length gap alone costs edits)
    allowed = int((1.0 - cfg.name["joined_min_similarity"]) * length + 1e-9)
    if abs(len(query_joined) - len(listed_joined)) > allowed:
        return 0.0
    sim = 1.0 - OSA.distance(query_joined, listed_joined, score_cutoff=allowed + 1) / length
    return sim if sim >= cfg.name["joined_min_similarity"] else 0.0


def cut_stem(query_joined: str, cfg: MatchConfig) -> str:
    """The part of a possibly cut query that a listed name must start with ("" if too short).

    The last letters are dropped: the phonetic rewrite of a word cut mid-way ("...kh" cut
    to "...k") can differ from the same letters inside the whole word.
    """
    slack = int(cfg.name["cut_slack_letters"])
    if len(query_joined) - slack < cfg.name["cut_min_letters"]:
        return ""
    return query_joined[:-slack] if slack else query_joined


def compare_cut(query_joined: str, listed_joined: str, cfg: MatchConfig) -> float:
    """Similarity of a query cut at a field limit with a longer listed name it begins."""
    stem = cut_stem(query_joined, cfg)
    if not stem or len(listed_joined) <= len(query_joined) or not listed_joined.startswith(stem):
        return 0.0
    return float(cfg.name["cut_similarity"])
