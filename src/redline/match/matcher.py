"""The matcher: retrieve candidates from the index, score them, explain every score.

``Matcher.match(query)`` is the one call every screener makes. The score is the name
similarity scaled below ``exact_ceiling`` and moved by secondary evidence; only an exact
normalised name with agreeing evidence reaches 1.0, so a score means something.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar, cast

import numpy as np

from redline.errors import QueryError
from redline.index.index import IndexedEntity, NameEntry, ScreeningIndex
from redline.index.keys import form_level_keys, joined_slip_probes, token_keys
from redline.match.config import MatchConfig, load_config
from redline.match.evidence import birth_date_reason, country_reason, identifier_reasons
from redline.match.names import (
    SYLLABIC_SCRIPTS,
    VOWEL_LESS_SCRIPTS,
    NameScore,
    SimilarityTable,
    compare_cut,
    compare_joined,
    compare_tokens,
    cut_stem,
    initial_flags,
    similarity_table,
    token_score_bound,
)
from redline.model import COMPATIBLE, Hit, Query, Reason
from redline.text.identifiers import family, normalize
from redline.text.names import NameForm, legal_tails_agree, prepare, writes_legal_form
from redline.text.slips import slips_table

_SCRIPT_NAMES = {"Latn": "Latin", "Cyrl": "Cyrillic", "Hani": "Chinese", "Arab": "Arabic"}


@dataclass(slots=True)
class _Best:
    score: float
    name: NameEntry
    qform: NameForm
    detail: NameScore | None
    joined: float
    cut: bool = False  # the query is the start of the listed name (a field-length cut)


#: A listed name's score for a query form: token alignment, written-together or cut
#: similarity, and whether the cut explains the score.
_NameFound = tuple[NameScore, float, bool]
_Key = TypeVar("_Key", bound=Hashable)
#: Marks a name not scored yet (None marks one proven to stay under the threshold).
_UNSEEN = object()

#: Tokens whose retrieval groups are kept (a few MB; a book's common words stay).
_TOKEN_GROUP_CACHE = 20_000
#: Token-pair similarities kept (see ``similarity_table``): about 30 MB at most.
_SIMILARITY_MEMO = 200_000
#: Candidates ranked to find the budget's distinct spellings (names per spelling, at most).
SPELLING_DEPTH = 4
#: Rank cost of each word a listed name has more or fewer than the query (breaks ties only).
TIE_BREAK = 1e-3
#: How far a listed word checked to be two slips from the query word outranks the words
#: that only share a sound key with it (more than any tie-break on length).
CHECKED_WORD_MARGIN = 0.1
#: Retrieval weight of a generic word's keys, relative to their rarity.
GENERIC_RETRIEVAL_FACTOR = 0.25

#: Scores are reported to 4 places, so a name this far under the threshold can still round up to it.
_ROUNDING = 5e-5


def _run_heads(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in a sorted array.

    Sort-based distinct values: numpy's hash-based np.unique is slower at these sizes.
    """
    return np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))


def _reduce_by_name(names: np.ndarray, weights: np.ndarray, reduce: np.ufunc) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct name with ``reduce`` over its weights, in the order they are given.

    One stable sort of the (name, weight) pairs and a reduction per run of equal names:
    a few thousand pairs, and no scattered writes into an index-sized array (cache misses
    cost more than the sort).
    """
    order = np.argsort(names, kind="stable")
    names = names[order]
    starts = _run_heads(names)
    return names[starts], reduce.reduceat(weights[order], starts)


def _expand_runs(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Every index of the runs [start, start + length): each start repeated over its run,
    plus 0, 1, ... within it. At least one run must be non-empty."""
    ends = np.cumsum(lengths)
    indices: np.ndarray = np.repeat(starts, lengths) + np.arange(ends[-1]) - np.repeat(ends - lengths, lengths)
    return indices


def _numbered(keys: Iterable[_Key]) -> tuple[list[int], list[_Key]]:
    """A number per key, shared by equal keys (in order of first appearance), and the distinct keys."""
    numbers: dict[_Key, int] = {}
    return [numbers.setdefault(key, len(numbers)) for key in keys], list(numbers)


def _content_length(form: NameForm) -> int:
    """The name's words that are not generic (at least one)."""
    return max(1, sum(not generic for generic in form.generic))


def _group_maxima(found: list[tuple[float, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """The names one token group reaches, each with the weight of its rarest key in the group."""
    if len(found) == 1:
        weight, postings = found[0]
        return postings, np.full(len(postings), weight, dtype=np.float32)
    names = np.concatenate([f[1] for f in found])
    weights = np.concatenate([np.full(len(f[1]), f[0], dtype=np.float32) for f in found])
    return _reduce_by_name(names, weights, np.maximum)


def _sum_over_groups(groups: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Per name reached: the sum over token groups of its rarest key's weight in that group.

    Each name's weights add in group order (the sort is stable), as a running sum over
    the groups would.
    """
    if len(groups) == 1:
        return groups[0][0].copy(), groups[0][1].astype(np.float64)
    names = np.concatenate([g[0] for g in groups])
    weights = np.concatenate([g[1] for g in groups]).astype(np.float64)
    return _reduce_by_name(names, weights, np.add)


def _form_runs(names: list[NameEntry]) -> tuple[np.ndarray, np.ndarray]:
    """For each indexed form, where the forms of the same written name start, and how many there are."""
    starts: list[int] = []
    lengths: list[int] = []
    start = 0
    for n in range(1, len(names) + 1):
        if n == len(names) or names[n].entity != names[start].entity or names[n].value != names[start].value:
            starts.extend([start] * (n - start))
            lengths.extend([n - start] * (n - start))
            start = n
    return np.array(starts, dtype=np.int64), np.array(lengths, dtype=np.int64)


def _writes_a_legal_form(forms: list[NameForm]) -> bool:
    """Whether a query typed as a person writes a legal form: a company typed wrongly,
    which may meet companies (person forms keep their words, so read them again)."""
    return any(writes_legal_form(list(form.raw)) for form in forms)


class Matcher:
    def __init__(self, index: ScreeningIndex, config: MatchConfig | None = None) -> None:
        self.index = index
        self.cfg = config or load_config()
        # schema of each indexed name's entity, looked up for every candidate of every query
        self._name_schema = [index.entities[entry.entity].schema for entry in index.names]
        self._cut_sorted: list[str] | None = None
        self._run_start, self._run_length = _form_runs(index.names)
        self._cut_ids: list[int] = []
        #: skip scoring names proven unable to reach the threshold (off only to test that it changes nothing)
        self.prune = True
        # a written listed token's phonetic form (one per written token: it is computed from it)
        self._phonetic_of = {
            raw: token for entry in index.names for raw, token in zip(entry.form.raw, entry.form.tokens, strict=True)
        }
        # names written alike (one person on five lists) share an id: the candidate budget counts them once;
        # so do the readings of one written name (a second reading of its letters is not another name),
        # by the first reading's tokens (see _with_sibling_forms, which brings the others back)
        self._spelling_of = np.array(
            _numbered(index.names[start].form.tokens for start in self._run_start.tolist())[0], dtype=np.int64)
        self._length_of = np.array([len(e.form.tokens) for e in index.names], dtype=np.int16)
        # for organisations, the words that are not generic: a generic word costs such a
        # name little score, so it must not decide which namesakes make the candidate
        # budget ("SBERBANK KAZAKHSTAN" is nearer SBERBANK than the many two-word Sberbank
        # subsidiaries). A person's particles (Abd, al) still count: counting them out
        # brought short aliases ("Abdul Qadir") in for longer names and alerted on them
        self._content_length_of = np.array([_content_length(e.form) for e in index.names], dtype=np.int16)
        self._token_vocabulary(index.names)
        # each listed name's word weights, read by every query that retrieves the name:
        # computed once here (a few seconds) rather than on first retrieval
        self._listed_weights = [self._weights(entry.form) for entry in index.names]
        # names that score alike for a query form share a key (see _rank): one for
        # non-person rules, one for person rules, which also read surname and hyphen marks
        self._plain_key = _numbered((e.form.raw, e.form.joined_full, e.form.tail) for e in index.names)[0]
        self._person_key = _numbered(
            (e.form.raw, e.form.joined_full, e.form.surname, e.form.bound) for e in index.names)[0]
        schema_codes, schemas = _numbered(self._name_schema)
        self._schema_code = np.array(schema_codes, dtype=np.int16)
        #: per query schema, which indexed names' schemas it may match (indexed by schema code)
        self._allowed_codes = {
            query_schema: np.array([s in allowed for s in schemas], dtype=bool)
            for query_schema, allowed in COMPATIBLE.items()
        }
        # a name with a legal form on an entry the list does not type (a CSL "Entity") names a
        # company: a person's name may share a word and an initial with it ("I Ye-Eun" and
        # "Yun Cong Information Technology Co. Ltd."), but a person is not that company
        self._company_named = np.array([
            bool(entry.form.legal_form) and schema != "Person"
            for entry, schema in zip(index.names, self._name_schema, strict=True)
        ], dtype=bool)
        self._similarities: dict[tuple[object, ...], tuple[float, str]] = {}
        # each name's written words joined, its length and its end letters (see _near_spellings)
        written = ["".join(e.form.raw) for e in index.names]
        self._written_joined = np.array(written, dtype=object)
        self._written_length = np.array([len(w) for w in written], dtype=np.int32)
        self._written_first = np.array([ord(w[0]) if w else 0 for w in written], dtype=np.int32)
        self._written_last = np.array([ord(w[-1]) if w else 0 for w in written], dtype=np.int32)
        self._token_groups: dict[
            tuple[str, str, bool], tuple[tuple[np.ndarray, np.ndarray] | None, np.ndarray | None]] = {}

    def _token_vocabulary(self, names: list[NameEntry]) -> None:
        """Number every distinct written listed token; each name keeps its tokens' numbers.

        The similarity tables of a query are computed over its candidates' distinct
        tokens: gathering them by number with numpy costs a fraction of a set of strings.
        """
        ids, vocabulary = _numbered(raw for entry in names for raw in entry.form.raw)
        phonetic = [self._phonetic_of[raw] for raw in vocabulary]
        self._vocab_raw = np.array(vocabulary, dtype=object)
        self._vocab_phonetic = np.array(phonetic, dtype=object)
        self._name_tokens = np.array(ids, dtype=np.int32)
        self._vocab_raw_length = np.array([len(raw) for raw in vocabulary], dtype=np.int32)
        self._vocab_phonetic_length = np.array([len(token) for token in phonetic], dtype=np.int32)
        counts = np.array([len(entry.form.raw) for entry in names], dtype=np.int64)
        self._name_token_start = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
        self._name_token_count = counts

    def _distinct_tokens(self, candidates: list[int]) -> tuple[list[str], list[str], tuple[np.ndarray, np.ndarray]]:
        """The distinct written tokens of the candidate names, their phonetic forms, and the
        lengths of both."""
        at = np.asarray(candidates, dtype=np.int64)
        counts = self._name_token_count[at]
        if not counts.sum():
            return [], [], (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32))
        ids = np.sort(self._name_tokens[_expand_runs(self._name_token_start[at], counts)])
        ids = ids[_run_heads(ids)]
        lengths = (self._vocab_phonetic_length[ids], self._vocab_raw_length[ids])
        return self._vocab_raw[ids].tolist(), self._vocab_phonetic[ids].tolist(), lengths

    # -- candidate retrieval ---------------------------------------------------------
    def _candidates(self, forms: list[NameForm], person: bool = False) -> list[int]:
        """Names sharing the most rare keys with the query; each token group counts once."""
        per_group: list[tuple[np.ndarray, np.ndarray]] = []
        skipped: list[np.ndarray] = []
        for form in forms:
            content = sum(not generic for generic in form.generic)
            for raw, token, generic in zip(form.raw, form.tokens, form.generic, strict=True):
                # the name's only word, or its only word that is not generic ("PROIET", one
                # slip from "project", is the whole of "PROIET OOO")
                alone = len(form.tokens) == 1 or (content == 1 and not generic)
                group, too_common = self._token_group(raw, token, generic, alone)
                if group is not None:
                    per_group.append(group)
                if too_common is not None:
                    skipped.append(too_common)
            groups = form_level_keys(form)
            groups["jd"] = joined_slip_probes(groups.get("j", set()))
            for keys in groups.values():
                found, too_common = self._postings_of(keys)
                if found:
                    per_group.append(_group_maxima(found))
                if too_common is not None:
                    skipped.append(too_common)
        exact = [n for form in forms for n in self.index.exact.get(form.tokens, ())]
        exact += [n for form in forms for n in self.index.exact_any_order.get(tuple(sorted(form.tokens)), ())]
        exact += [n for form in forms for n in self.index.joined.get(form.joined, ())[:200]]
        if not per_group:
            if skipped:
                return list(dict.fromkeys([*exact, *min(skipped, key=len)[: self.cfg.candidates].tolist()]))
            return exact
        names, scores = _sum_over_groups(per_group)
        budget = self.cfg.candidates
        if any(flag for form in forms for flag in initial_flags(form)):
            # "A. A. SALEH" ties with every A-something Saleh: look further down the ties
            budget *= int(self.cfg.name["initials_candidate_factor"])
        if len(names) > budget:
            # among equal ranks, names as long as the query come first: every extra or
            # missing word costs score, so a shorter namesake cannot outscore an equal one
            if person:
                length, lengths = min(len(form.tokens) for form in forms), self._length_of[names]
            else:
                length, lengths = min(_content_length(form) for form in forms), self._content_length_of[names]
            scores = scores - TIE_BREAK * np.abs(lengths - length)
            near = self._near_spellings(forms, names)
            names = self._best_spellings(names, scores, budget)
            return list(dict.fromkeys([*exact, *names.tolist(), *near]))
        return list(dict.fromkeys([*exact, *names.tolist()]))

    def _near_spellings(self, forms: list[NameForm], names: np.ndarray) -> list[int]:
        """Retrieved names that, written together, are a slip or two from the query.

        Key ranking sums the rarity of the keys a name shares, so two slips beside common
        words ("Abul MzNAN" for Abdul MANAN, "Muammad SALAN" for Muhammad SALMAN) leave
        the listed name hundreds of places down, behind names sharing one rare sound key.
        Its whole spelling is still near the query's: check the retrieved names by edit
        distance and keep the nearest few. Only names of a length within reach that share
        the query's first or last letter are checked (two slips rarely change both ends:
        same recall on 3,000 typo2 cases, a sixth less time).
        """
        cfg = self.cfg.name
        edits = int(cfg["near_spelling_edits"])
        shortest = int(cfg["near_spelling_min_letters"])
        queries = sorted({"".join(form.raw) for form in forms if sum(map(len, form.raw)) >= shortest})
        if not queries:
            return []
        lengths = self._written_length[names]
        firsts, lasts = self._written_first[names], self._written_last[names]
        within = np.zeros(len(names), dtype=bool)
        for query in queries:
            # two slips leave the name's length within reach, and its first or last letter
            within |= (np.abs(lengths - len(query)) <= edits) & (
                (firsts == ord(query[0])) | (lasts == ord(query[-1])))
        names = names[within]
        if not len(names):
            return []
        listed = self._written_joined[names].tolist()
        distance = slips_table(queries, listed, edits).min(axis=0)
        near = np.flatnonzero(distance <= edits)
        near = near[np.argsort(distance[near], kind="stable")[: int(cfg["near_spellings"])]]
        return names[near].tolist()

    def _best_spellings(self, names: np.ndarray, scores: np.ndarray, budget: int) -> np.ndarray:
        """The names of the ``budget`` best-ranked distinct spellings.

        One person is listed by the UN, the EU, the UK, OFAC and the CSL under the same
        name: counted five times, "HAMID AL ALI" and its namesakes fill the budget and
        push out the listed name that the query shortened.
        """
        depth = min(len(names), budget * SPELLING_DEPTH)
        top = np.argpartition(-scores, depth - 1)[:depth]
        top = top[np.argsort(-scores[top], kind="stable")]
        chosen: set[int] = set()
        keep: list[int] = []
        # a hundred-odd small ints: plain Python beats numpy's unique/isin set-up cost here
        for k, spelling in enumerate(self._spelling_of[names[top]].tolist()):
            if spelling not in chosen:
                if len(chosen) == budget:
                    continue
                chosen.add(spelling)
            keep.append(k)
        return names[top[keep]]

    def _postings_of(self, keys: set[str]) -> tuple[list[tuple[float, np.ndarray]], np.ndarray | None]:
        """The (weight, postings) of keys rare enough to retrieve by, and the shortest too-common postings."""
        postings_of = self.index.postings
        total = len(self.index.names) + 1
        found: list[tuple[float, np.ndarray]] = []
        too_common: np.ndarray | None = None
        for key in keys:
            postings = postings_of(key)
            if postings is None or not len(postings):
                continue
            if len(postings) > self.cfg.max_postings:
                if too_common is None or len(postings) < len(too_common):
                    too_common = postings
                continue
            found.append((math.log(total / len(postings)), postings))
        return found, too_common

    def _token_group(
        self, raw: str, token: str, generic: bool = False, alone: bool = False,
    ) -> tuple[tuple[np.ndarray, np.ndarray] | None, np.ndarray | None]:
        """A token's group maxima (see ``_group_maxima``), kept: books repeat their words.

        A generic word ("company", "stock" of a legal form written out of order) counts
        for little: hundreds of names share it, and ranking by it would crowd out the
        rare word that names the party.
        """
        cached = self._token_groups.get((raw, token, alone))
        if cached is None:
            keys = token_keys(raw, token)
            found, too_common = self._postings_of(keys)
            one_slip = any(key[0] == "d" and self.index.postings(key) is not None for key in keys)
            if alone or not one_slip:
                # no listed word is one slip from this one: look two slips away ("ALUMIkNgT"
                # for ALUMINAT shares no key with it), but only then, or namesakes two
                # slips from a common word ("Abdullah" for "ABeALLAH") crowd out the one.
                # A name's only word has no namesakes to fear: a listed word one slip away
                # ("PEROTEK") must not hide the one it is two slips from (PETROTECH)
                far, _ = self._postings_of({"d" + word for word in self.index.words_two_slips_from(raw)})
                if far and found and not one_slip:
                    # a word checked to be two slips away is nearer than any a loose sound
                    # key finds, however many names share it ("Sebruank" for Sberbank)
                    top = max(weight for weight, _ in found) + CHECKED_WORD_MARGIN
                    far = [(max(weight, top), postings) for weight, postings in far]
                found += far
            if generic:
                found = [(weight * GENERIC_RETRIEVAL_FACTOR, postings) for weight, postings in found]
            group = _group_maxima(found) if found else None
            if len(self._token_groups) >= _TOKEN_GROUP_CACHE:
                self._token_groups.pop(next(iter(self._token_groups)))  # oldest first
            cached = self._token_groups[(raw, token, alone)] = (group, too_common)
        return cached

    def _with_sibling_forms(self, found: list[int]) -> list[int]:
        """Add the other forms of each found written name (its other romanisations).

        Retrieval ranks forms, so among a hundred similar names it may keep the form
        of "AL-TIKRITI" read as "aldikriti" and drop the form that agrees best. The
        order of the result does not matter: ranking sorts the hits.
        """
        if not found:
            return found
        at = np.asarray(found, dtype=np.int64)
        lengths = self._run_length[at]
        if not (lengths > 1).any():
            return found
        found_all = np.sort(_expand_runs(self._run_start[at], lengths))
        return found_all[_run_heads(found_all)].tolist()

    def _cut_candidates(self, forms: list[NameForm]) -> list[int]:
        """Listed names that start with the query written together (a payment field cut).

        A 35-character field keeps "JOINT STOCK COMPANY UNITED SHIPBUIL" of a longer
        name; its tokens share little with the listed name's, but the written-together
        text is a prefix of it. Sorted prefixes answer that by binary search.
        """
        if self._cut_sorted is None:
            pairs = sorted((entry.form.joined_full, n) for n, entry in enumerate(self.index.names))
            self._cut_sorted = [p[0] for p in pairs]
            self._cut_ids = [p[1] for p in pairs]
        found: list[int] = []
        for form in forms:
            stem = cut_stem(form.joined_full, self.cfg)
            if not stem:
                continue
            k = bisect.bisect_left(self._cut_sorted, stem)
            end = min(k + self.cfg.name["cut_max_names"], len(self._cut_sorted))
            while k < end and self._cut_sorted[k].startswith(stem):
                found.append(self._cut_ids[k])
                k += 1
        return found

    def candidate_entities(self, query: Query) -> list[int]:
        """Entities the matcher would score for ``query`` (for baselines on equal terms)."""
        forms = prepare(query.name or "", query.schema)
        allowed = COMPATIBLE.get(query.schema, COMPATIBLE["LegalEntity"])
        seen: dict[int, None] = {}
        for name_idx in self._candidates(forms, query.schema == "Person") if forms else []:
            entity = self.index.names[name_idx].entity
            if self.index.entities[entity].schema in allowed:
                seen.setdefault(entity, None)
        return list(seen)

    def _weights(self, form: NameForm) -> list[float]:
        ncfg = self.cfg.name
        out = []
        for token, initial, generic in zip(form.tokens, initial_flags(form), form.generic, strict=True):
            # an initial says little about who it is (where the original script tells the
            # initials, a word it romanises to one sound is no initial: طاها, "th", is Taha)
            if initial or (len(token) == 1 and not form.initials):
                out.append(ncfg["min_token_weight"])
                continue
            weight = self.index.token_weight(token)
            if generic:
                weight = min(weight, ncfg["generic_token_weight"])
            out.append(max(weight, ncfg["min_token_weight"]) if not generic else weight)
        return out

    # -- scoring -----------------------------------------------------------------------
    def _name_score(
        self, qform: NameForm, q_weights: list[float], name_idx: int, person: bool, truncated: bool,
        table: SimilarityTable, need: float = 0.0,
    ) -> _NameFound | None:
        """The name score of one listed name for one query form; None if it provably stays below ``need``."""
        form = self.index.names[name_idx].form
        weights = self._listed_weights[name_idx]
        fuzzy = qform.script not in SYLLABIC_SCRIPTS  # "shihanchen" is not "shihuanchen"
        # words joined or split otherwise than in the listed name (حزب الله, Hizballah;
        # عبدالسلام, Abdul Salam): the vowels the script leaves out are read across joins
        vowel_less = qform.script in VOWEL_LESS_SCRIPTS
        joined = compare_joined(qform.joined, form.joined, self.cfg, fuzzy, vowel_less)
        if joined < 1.0 and (qform.joined_full != qform.joined or form.joined_full != form.joined):
            joined = max(joined, compare_joined(qform.joined_full, form.joined_full, self.cfg, fuzzy, vowel_less))
        cut = compare_cut(qform.joined_full, form.joined_full, self.cfg) if truncated else 0.0
        tails = not person and legal_tails_agree(qform, form)
        if need > 0 and not tails and max(joined, cut) < need and token_score_bound(
            qform.tokens, form.tokens, q_weights, weights, self.cfg, table, form.raw,
            query_script=qform.script, person=person, truncated=truncated,
        ) < need:
            return None
        detail = compare_tokens(
            qform.tokens, form.tokens, q_weights, weights, self.cfg, table, form.raw,
            query_script=qform.script, person=person, truncated=truncated,
            listed_surname=form.surname if person else (), listed_bound=form.bound,
        )
        if tails:
            untailed = self._without_legal_tails(qform, q_weights, form, weights, table, truncated)
            if untailed is not None and untailed.score > detail.score:
                detail = untailed
        return detail, max(joined, cut), cut > joined and cut > detail.score

    def _without_legal_tails(
        self, qform: NameForm, q_weights: list[float], form: NameForm, weights: list[float],
        table: SimilarityTable, truncated: bool,
    ) -> NameScore | None:
        """The non-person name score with both names' last words, the same legal form up to
        a slip (``legal_tails_agree``), left out; None if nothing else is left."""
        n_q = len(qform.tokens) - qform.tail_tokens
        n_l = len(form.tokens) - form.tail_tokens
        if n_q <= 0 or n_l <= 0:
            return None
        raw = form.raw[:n_l]
        kept = {c: [e for e in table.get(c, ()) if e[0] < n_q] for c in raw}
        detail = compare_tokens(
            qform.tokens[:n_q], form.tokens[:n_l], q_weights[:n_q], weights[:n_l], self.cfg, kept, raw,
            query_script=qform.script, person=False, truncated=truncated, listed_bound=form.bound[:n_l],
        )
        detail.method = f"tokens; legal form '{qform.tail}' read as '{form.tail}'"
        detail.exact = False  # the name as written differs (in its legal form)
        detail.score *= float(self.cfg.name["slipped_legal_form_factor"])
        return detail

    def _tables(
        self, forms: list[NameForm], candidates: list[int], truncated: bool, persons: set[bool]
    ) -> dict[tuple[int, bool], SimilarityTable]:
        """Token similarities per (query form, person rules) against all candidates' tokens."""
        raw, phon, lengths = self._distinct_tokens(candidates)
        attested = [[self.index.is_listed_token(t) for t in form.tokens] for form in forms]
        return {
            (f_idx, person): similarity_table(
                form.tokens, form.raw, phon, raw, self.cfg,
                query_script=form.script, person=person, truncated=truncated, memo=self._similarity_memo(),
                listed_lengths=lengths, attested=attested[f_idx], initials=initial_flags(form),
            )
            for f_idx, form in enumerate(forms)
            for person in persons
        }

    def _similarity_memo(self) -> dict[tuple[object, ...], tuple[float, str]]:
        """The token-similarity memo (see ``similarity_table``), emptied when it grows too big."""
        if len(self._similarities) > _SIMILARITY_MEMO:
            self._similarities.clear()
        return self._similarities

    def _equality_tables(
        self, forms: list[NameForm], candidates: list[int], persons: set[bool]
    ) -> dict[tuple[int, bool], SimilarityTable]:
        """Like ``_tables``, with only the pairs of equal tokens (what an exact name needs)."""
        out: dict[tuple[int, bool], SimilarityTable] = {}
        written, phonetic, _lengths = self._distinct_tokens(candidates)
        distinct = list(zip(written, phonetic, strict=True))
        for f_idx, form in enumerate(forms):
            table: dict[str, list[tuple[int, float, str]]] = {}
            for raw, token in distinct:
                found = [(i, 1.0, "exact") for i, q in enumerate(form.tokens) if q == token]
                if found:
                    table[raw] = found
            for person in persons:
                out[f_idx, person] = table
        return out

    def match(
        self, query: Query, threshold: float | None = None, limit: int | None = None, *, ties: bool = False,
    ) -> list[Hit]:
        """Hits for one query, best first, each with the reasons for its score.

        ``ties`` keeps every hit scoring the same as the last one within ``limit``: the lists
        carry one name as many entries (OFAC, the CSL and their affiliates), and a batch
        alert must not depend on which of equal entries sorts first.
        """
        threshold = self.cfg.threshold if threshold is None else threshold
        limit = self.cfg.limit if limit is None else limit
        forms = self._forms(query)
        truncated = len(query.name or "") >= self.cfg.name["truncation_length"]
        found_names = self._retrieve(forms, query.schema == "Person", truncated)
        return self._rank(query, forms, found_names, truncated, threshold, limit, ties=ties)

    def _retrieve(self, forms: list[NameForm], person: bool, truncated: bool) -> list[int]:
        """The indexed names worth scoring for a query's forms (the candidate budget)."""
        found_names = self._with_sibling_forms(self._candidates(forms, person))
        if truncated:
            found_names = list(dict.fromkeys([*found_names, *self._cut_candidates(forms)]))
        return found_names

    def match_exact(self, query: Query, threshold: float | None = None, limit: int | None = None) -> list[Hit] | None:
        """Hits among the listed names the query writes exactly (same normalised tokens), or None.

        For a name found in running text: a span written as a listed name is a mention of
        the entries that list that name, and scoring every similar name (as ``match`` does
        to rank namesakes and variants) would cost a thousand times more. None when no
        listed name is written exactly so: ask ``match``.
        """
        threshold = self.cfg.threshold if threshold is None else threshold
        limit = self.cfg.limit if limit is None else limit
        forms = self._forms(query)
        exact = [n for form in forms for n in self.index.exact.get(form.tokens, ())]
        allowed = COMPATIBLE[query.schema]
        if not any(self._name_schema[n] in allowed for n in exact):
            return None
        truncated = len(query.name or "") >= self.cfg.name["truncation_length"]
        return self._rank(query, forms, list(dict.fromkeys(exact)), truncated, threshold, limit, equal_only=True)

    def _forms(self, query: Query) -> list[NameForm]:
        if query.schema not in COMPATIBLE:
            raise QueryError(f"unknown schema {query.schema!r}; use one of {sorted(COMPATIBLE)}")
        forms = prepare(query.name or "", query.schema, query=True)
        if not forms and not query.identifiers:
            raise QueryError(f"name {query.name!r} has no letters or digits to screen")
        return forms

    def _rank(
        self, query: Query, forms: list[NameForm], found_names: list[int], truncated: bool, threshold: float,
        limit: int, equal_only: bool = False, ties: bool = False,
    ) -> list[Hit]:
        """Score the candidate names, add identifier matches and evidence, keep the best hits.

        ``equal_only`` compares tokens by equality alone: enough for names the query writes
        exactly (each scores 1.0 through its equal tokens), without the edit-distance tables.
        """
        person = query.schema == "Person"
        best: dict[int, _Best] = {}
        q_weights = [self._weights(f) for f in forms]
        names = self.index.names
        schema_of = self._name_schema
        at = np.asarray(found_names, dtype=np.int64)
        allowed = self._allowed_codes[query.schema][self._schema_code[at]] if found_names else None
        if allowed is not None and person and not _writes_a_legal_form(forms):
            allowed &= ~self._company_named[at]
        candidates = at[allowed].tolist() if allowed is not None else []
        is_person_of = {n: person or schema_of[n] == "Person" for n in candidates}
        persons = set(is_person_of.values())
        tables = (self._equality_tables(forms, candidates, persons) if equal_only
                  else self._tables(forms, candidates, truncated, persons))
        id_hits = self._identifier_candidates(query)
        headroom = self.evidence_headroom(query)
        ceiling = self.cfg.name["exact_ceiling"]
        # a name scoring below this cannot become a hit (see the loop over ``best`` below),
        # so proving a candidate stays under it is enough; the margin absorbs float rounding
        need = (threshold - headroom - _ROUNDING) / ceiling - 1e-9 if self.prune else 0.0
        # the same written name is listed by several publishers (OFAC and the CSL, the EU
        # and the UK): each distinct listed form is scored once per query form
        seen: dict[tuple[int, bool, int], _NameFound | None] = {}
        person_key, plain_key = self._person_key, self._plain_key
        weak_factor = self.cfg.evidence["weak_alias_factor"]
        for name_idx in candidates:
            entry = names[name_idx]
            is_person = is_person_of[name_idx]
            entity_need = 0.0 if entry.entity in id_hits else need
            spelling = person_key[name_idx] if is_person else plain_key[name_idx]
            for f_idx, qform in enumerate(forms):
                key = (f_idx, is_person, spelling)
                known = seen.get(key, _UNSEEN)
                if known is _UNSEEN or (known is None and entity_need == 0.0):
                    known = seen[key] = self._name_score(
                        qform, q_weights[f_idx], name_idx, is_person, truncated, tables[f_idx, is_person], entity_need,
                    )
                if known is None:
                    continue
                detail, joined, is_cut = cast(_NameFound, known)
                score = max(detail.score, joined)
                if entry.kind == "weak":
                    score *= weak_factor
                current = best.get(entry.entity)
                if current is None or score > current.score:
                    best[entry.entity] = _Best(score, entry, qform, detail, joined, is_cut)
        hits = []
        # among equal scores, the name whose words agree best first: a query cut at a
        # field limit is the start of every "Federal State Unitary Enterprise ...", and
        # the one whose first word is the query's last ("... SZ") is the one it names
        agreement: dict[str, float] = {}
        for entity_idx in set(best) | id_hits:
            found = best.get(entity_idx)
            below = found is not None and found.score * ceiling + headroom < threshold - _ROUNDING
            if entity_idx not in id_hits and below:
                continue
            hit = self._hit(query, entity_idx, found)
            if hit is not None and hit.score >= threshold:
                hits.append(hit)
                agreement[hit.entity_id] = found.detail.score if found is not None and found.detail else 0.0
        hits.sort(key=lambda h: (-h.score, -agreement[h.entity_id], h.entity_id))
        if ties and 0 < limit < len(hits):
            last = hits[limit - 1].score
            while limit < len(hits) and hits[limit].score == last:
                limit += 1
        return hits[:limit]

    def evidence_headroom(self, query: Query) -> float:
        """The most a query's birth date and countries can add to a name's score.

        A query without them gets nothing added, so its names must reach the threshold alone.
        Identifiers can lift any name (an agreeing one is decisive): no bound then.
        """
        if query.identifiers:
            return 1.0
        ev = self.cfg.evidence
        headroom = 0.0
        if query.birth_date:
            headroom += max(ev["birth_date_exact"], ev["birth_date_year"], ev["birth_date_swapped"], 0.0)
        if query.countries:
            headroom += max(ev["country_agree"], 0.0)
        return headroom

    def _identifier_candidates(self, query: Query) -> set[int]:
        found: set[int] = set()
        for ident in query.identifiers:
            value = normalize(ident.type, ident.value)
            found.update(self.index.ids.get((family(ident.type), value), ()))
            if ident.type == "bic" and len(value) >= 8:
                found.update(self.index.ids.get(("bic", value[:8]), ()))
        return found

    def _hit(self, query: Query, entity_idx: int, best: _Best | None) -> Hit | None:
        entity: IndexedEntity = self.index.entities[entity_idx]
        if entity.schema not in COMPATIBLE[query.schema]:
            return None
        ceiling = self.cfg.name["exact_ceiling"]
        reasons: list[Reason] = []
        exact_name = False
        if best is not None:
            name_reason = self._name_reason(query, best)
            reasons.append(name_reason)
            exact_name = best.detail is not None and best.detail.exact and best.name.kind != "weak"
            score = best.score * ceiling
        else:
            score = 0.0
        evidence = [
            birth_date_reason(query.birth_date, entity.birth_dates, self.cfg)
            if entity.schema in ("Person", "LegalEntity") else None,
            country_reason(query.countries, entity.countries, self.cfg),
            *identifier_reasons(query.identifiers, entity.identifiers, self.cfg),
        ]
        id_match = False
        for reason in evidence:
            if reason is None:
                continue
            reasons.append(reason)
            if reason.feature == "identifier" and reason.score > 0:
                id_match = True
            else:
                score += reason.score
        agreeing = any(r.score > 0 for r in reasons[1:])
        score = min(score, ceiling)
        if id_match:
            score = 1.0 if exact_name else max(score, 0.98)
        elif exact_name and agreeing and not any(r.score < 0 for r in reasons[1:]):
            score = 1.0
        score = round(max(0.0, min(score, 1.0)), 4)
        return Hit(
            entity_id=entity.id,
            list=entity.list,
            list_version=entity.version,
            schema=entity.schema,
            caption=entity.caption,
            score=score,
            matched_name=best.name.value if best else "",
            query_name=query.name,
            reasons=reasons,
        )

    def _name_reason(self, query: Query, best: _Best) -> Reason:
        qform = best.qform
        parts = []
        if qform.script != "Latn" or qform.latin != (query.name or "").lower():
            script = _SCRIPT_NAMES.get(qform.script, qform.script)
            parts.append(f"query read as '{qform.latin}' ({script} → Latin)")
        detail = best.detail
        if detail is not None and best.joined <= detail.score:
            pairs = ", ".join(
                f"{q}={c}" if sim == 1.0 else f"{q}~{c} ({how}, {sim:.2f})"
                for q, c, sim, how in detail.pairs
            )
            parts.append(f"tokens {pairs}")
            if detail.unmatched_query:
                parts.append(f"not in listed name: {' '.join(detail.unmatched_query)}")
            if detail.unmatched_listed:
                parts.append(f"not in query: {' '.join(detail.unmatched_listed)}")
            if detail.method != "tokens":
                parts.append(detail.method.removeprefix("tokens; "))
        elif best.cut:
            parts.append(f"the query ({len(query.name or '')} characters, as long as a cut payment field) "
                         f"is the start of the listed name: '{qform.joined_full}' ~ "
                         f"'{best.name.form.joined_full}' ({best.joined:.2f})")
        else:
            parts.append(f"written together '{qform.joined}' ~ '{best.name.form.joined}' "
                         f"({best.joined:.2f})")
        if best.name.kind != "primary":
            parts.append(f"listed {best.name.kind} name")
        text = f"'{query.name}' met '{best.name.value}': " + "; ".join(parts)
        return Reason("name", round(best.score, 4), text, query.name, best.name.value)
