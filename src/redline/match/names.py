"""Name comparison: align tokens order-free, weight them by rarity, explain the result.

score = Σ sim(q, c)·(w_q + w_c) / (Σ w_q + Σ w_c) over the best one-to-one token
alignment. Unmatched tokens cost their weight, so an added distinctive word (Gazprom
*Neft*) pulls the score down while an added generic or legal word barely does; for people,
extra middle names and patronymics on one side are discounted.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from redline.match.config import MatchConfig
from redline.text.scripts import LATIN
from redline.text.tokens import skeleton


@dataclass(slots=True)
class NameScore:
    score: float
    exact: bool
    pairs: list[tuple[str, str, float, str]]
    unmatched_query: list[str]
    unmatched_listed: list[str]
    method: str


def token_similarity(
    q: str, c: str, cfg: MatchConfig, vowel_less: bool, allow_prefix: bool, person: bool,
    q_raw: str = "", c_raw: str = "",
) -> tuple[float, str]:
    """Similarity of two phonetic tokens (and their written forms) and the rule used."""
    if q == c:
        return 1.0, "exact"
    if q.isdigit() or c.isdigit():
        return 0.0, ""
    length = max(len(q), len(c))
    distance = OSA.distance(q, c, score_cutoff=3)
    allowed = cfg.allowed_edits(length)
    if q_raw and c_raw and distance > allowed:
        raw_distance = OSA.distance(q_raw, c_raw, score_cutoff=3)
        raw_allowed = cfg.allowed_edits(max(len(q_raw), len(c_raw)))
        if raw_distance <= raw_allowed:
            distance, allowed, length = raw_distance, raw_allowed, max(len(q_raw), len(c_raw))
    best, how = 0.0, ""
    if distance <= allowed:
        best, how = 1.0 - distance / (length + 2), f"{distance} edit(s)"
    ncfg = cfg.name
    sq, sc = skeleton(q), skeleton(c)
    if sq == sc and len(sq) >= 2:
        if vowel_less:
            # the query's script does not write short vowels (Arabic, Persian)
            if ncfg["skeleton_similarity"] > best:
                best, how = ncfg["skeleton_similarity"], "consonant skeleton"
        elif len(sq) >= 4 and abs(len(q) - len(c)) <= 2 and distance <= allowed + 1:
            # vowel-only differences between romanisations (Mohamed / Muhammad)
            if ncfg["vowel_variant_similarity"] > best:
                best, how = ncfg["vowel_variant_similarity"], "vowel variant"
    if person and len(q) == 1 and c.startswith(q) and ncfg["initial_similarity"] > best:
        best, how = ncfg["initial_similarity"], "initial"
    if allow_prefix and len(q) >= 3 and c.startswith(q) and ncfg["prefix_similarity"] > best:
        best, how = ncfg["prefix_similarity"], "truncated prefix"
    return best, how


def compare_tokens(
    query: tuple[str, ...],
    listed: tuple[str, ...],
    query_raw: tuple[str, ...],
    listed_raw: tuple[str, ...],
    weights_q: list[float],
    weights_c: list[float],
    cfg: MatchConfig,
    *,
    query_script: str,
    person: bool,
    truncated: bool,
) -> NameScore:
    vowel_less = query_script not in (LATIN, "Cyrl", "Grek", "Hani")
    sims: list[tuple[float, int, int, str]] = []
    for i, q in enumerate(query):
        allow_prefix = truncated and i == len(query) - 1
        for j, c in enumerate(listed):
            sim, how = token_similarity(
                q, c, cfg, vowel_less, allow_prefix, person, query_raw[i], listed_raw[j]
            )
            if sim > 0:
                sims.append((sim, i, j, how))
    sims.sort(key=lambda s: (-s[0], -(weights_q[s[1]] + weights_c[s[2]])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[str, str, float, str]] = []
    matched = 0.0
    for sim, i, j, how in sims:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        matched += sim * (weights_q[i] + weights_c[j])
        pairs.append((query[i], listed[j], sim, how))
    extra_q = [i for i in range(len(query)) if i not in used_q]
    extra_c = [j for j in range(len(listed)) if j not in used_c]
    factor_q = factor_c = 1.0
    strong = sum(1 for p in pairs if p[2] >= 0.8)
    factor = cfg.name["person_extra_token_factor"]
    if person and strong >= 2 and (not extra_q or not extra_c):
        factor_q = factor_c = factor
    if truncated and pairs:
        # the listed name's tail may simply have been cut off by a field-length limit
        factor_c = min(factor_c, factor)
    elif person and len(query) == 1 and strong == 1 and weights_q[0] >= cfg.name["distinctive_weight"]:
        # A lone, rare surname ("Putin") names the listed person; a common one does not.
        factor_c = factor
    fragment = len(query) - 1 if truncated and (len(query) - 1) in extra_q else -1
    total = (
        sum(weights_q[i] for i in used_q)
        + sum(weights_c[j] for j in used_c)
        + factor_q * sum(weights_q[i] * (factor if i == fragment else 1.0) for i in extra_q)
        + factor_c * sum(weights_c[j] for j in extra_c)
    )
    score = matched / total if total > 0 else 0.0
    exact = not extra_q and not extra_c and all(p[2] == 1.0 for p in pairs)
    return NameScore(
        score=score,
        exact=exact,
        pairs=pairs,
        unmatched_query=[query[i] for i in extra_q],
        unmatched_listed=[listed[j] for j in extra_c],
        method="tokens",
    )


def compare_joined(query_joined: str, listed_joined: str, cfg: MatchConfig) -> float:
    """Similarity of names written without spaces (Sber Bank ~ Sberbank), else 0."""
    if not query_joined or not listed_joined:
        return 0.0
    if query_joined == listed_joined:
        return 1.0
    length = max(len(query_joined), len(listed_joined))
    if length < 6:
        return 0.0
    sim = 1.0 - OSA.distance(query_joined, listed_joined) / length
    return sim if sim >= cfg.name["joined_min_similarity"] else 0.0
