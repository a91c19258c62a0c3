"""The in-memory screening index built from the active list versions.

Holds, per listed name, its prepared forms and per entity only what scoring needs
(dates, countries, identifiers), so a query never touches the store. Token weights come
from how often a token occurs across all listed names: "Ivan" or "Bank" appear
everywhere and count little, "Gref" is rare and counts a lot.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np

from redline.index.keys import SEGMENT_SLIPS, form_keys, segment_keys, segment_probes
from redline.model import Entity
from redline.text.identifiers import family, normalize
from redline.text.names import NameForm, prepare
from redline.text.slips import slips_table

DECISIVE_ID_TYPES = frozenset(
    {"inn", "ogrn", "imo", "mmsi", "bic", "lei", "passport", "national_id", "tax_id",
     "registration", "aircraft_serial", "crypto_wallet", "kpp", "okpo", "call_sign"}
)


@dataclass(slots=True)
class IndexedEntity:
    id: str
    list: str
    version: str
    schema: str
    caption: str
    birth_dates: tuple[str, ...]
    countries: frozenset[str]
    identifiers: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class NameEntry:
    entity: int
    kind: str
    value: str
    form: NameForm


class ScreeningIndex:
    """Inverted index from blocking keys to listed names, plus token rarity weights."""

    def __init__(self) -> None:
        self.entities: list[IndexedEntity] = []
        self.names: list[NameEntry] = []
        self._raw_postings: dict[str, list[int]] = defaultdict(list)
        self.key_positions: dict[str, int] = {}
        self.flat_postings = np.zeros(0, dtype=np.int32)
        self.posting_offsets = np.zeros(1, dtype=np.int64)
        self.token_df: dict[str, int] = defaultdict(int)
        self.ids: dict[tuple[str, str], list[int]] = defaultdict(list)
        # names by their exact token sequence: an alias shared by hundreds of entries
        # ("HADI", "ABU ALI") must still find every one of them, whatever the limits
        self.exact: dict[tuple[str, ...], list[int]] = defaultdict(list)
        # ... and by the same tokens in any order ("AZIZ Abdul" for a hundred "Abdul Aziz")
        self.exact_any_order: dict[tuple[str, ...], list[int]] = defaultdict(list)
        # names by their letters written together: "Sber Bank" / "Sberbank", pinyin split
        # by syllable ("Hua Wei") or joined ("Huawei")
        self.joined: dict[str, list[int]] = defaultdict(list)
        # listed written words by their parts (see keys.segment_keys)
        self.segment_words: dict[str, list[str]] = {}
        # every listed name as written, (entity, kind, name), even where its forms were
        # already indexed for an earlier name of its entity: what the exact gate and the
        # test deck draw from, so that neither changes when the reading of names does
        self.written: list[tuple[int, str, str]] = []
        self.versions: dict[str, str] = {}
        self._weights: dict[str, float] = {}
        self._max_idf = 1.0
        # names counted for token rarity: one per entity and token sequence
        self._counted_names = 0

    def add(self, entity: Entity, version: str) -> None:
        idx = len(self.entities)
        ids = tuple(
            (i.type, normalize(i.type, i.value)) for i in entity.identifiers if i.value.strip()
        )
        self.entities.append(
            IndexedEntity(
                id=entity.id,
                list=entity.list,
                version=version,
                schema=entity.schema,
                caption=entity.caption,
                birth_dates=tuple(b.value for b in entity.birth_dates),
                countries=frozenset(entity.nationalities) | frozenset(entity.countries),
                identifiers=ids,
            )
        )
        self.versions[entity.list] = version
        for id_type, value in ids:
            if id_type in DECISIVE_ID_TYPES and len(value) >= 4:
                self.ids[(family(id_type), value)].append(idx)
                if id_type == "bic" and len(value) > 8:  # a listed BIC8 covers its branches
                    self.ids[(id_type, value[:8])].append(idx)
        # forms already indexed for this entity, by tokens and the name written together:
        # "APOLLON LLC" reads as "APOLLON" but must still be found as "APOLLONLLC"
        seen: dict[tuple[tuple[str, ...], str, tuple[str, ...]], int] = {}
        counted: set[tuple[str, ...]] = set()
        for name in entity.names:
            forms = prepare(name.value, entity.schema)
            if forms:
                self.written.append((idx, name.kind, name.value))
            for form in forms:
                # the written words too: a slip is made on what was written, and "SHABEEHA"
                # read as shabiha must still be one deletion from "SHzABEEHA"
                spelling = (form.tokens, form.joined_full, form.raw)
                if spelling in seen:
                    earlier = self.names[seen[spelling]]
                    if any(form.bound) and not any(earlier.form.bound):
                        # "Yong Sik PAK" and "Yo'ng-sik PAK" are one spelling, but only the
                        # second shows that "Yong Sik" is one given name ("Y. PAK")
                        earlier.form = replace(earlier.form, bound=form.bound)
                    continue
                seen[spelling] = name_idx = len(self.names)
                self.names.append(NameEntry(idx, name.kind, name.value, form))
                self.exact[form.tokens].append(name_idx)
                if len(form.tokens) > 1:
                    self.exact_any_order[tuple(sorted(form.tokens))].append(name_idx)
                if len(form.joined) >= 5:
                    self.joined[form.joined].append(name_idx)
                if form.tokens not in counted:  # an alias that differs by its legal form
                    counted.add(form.tokens)     # alone does not make its words commoner
                    self._counted_names += 1
                    for token in set(form.tokens):
                        self.token_df[token] += 1
                for key in form_keys(form):
                    self._raw_postings[key].append(name_idx)

    def add_all(self, items: Iterable[tuple[Entity, str]]) -> None:
        for entity, version in items:
            self.add(entity, version)
        self.finalize()

    def finalize(self) -> None:
        """Compute token weights once all names are in."""
        total = max(self._counted_names, 1)
        self._max_idf = math.log(total + 1)
        self._weights = {
            token: math.log((total + 1) / (df + 1)) / self._max_idf
            for token, df in self.token_df.items()
        }
        # postings become one flat int32 array with offsets (CSR): compact, pickles fast,
        # and retrieval slices numpy views instead of walking Python lists
        flat = array("i")
        positions: dict[str, int] = {}
        offsets = array("q", [0])
        for key, value in self._raw_postings.items():
            positions[key] = len(offsets) - 1
            flat.extend(value)
            offsets.append(len(flat))
        segment_words: dict[str, list[str]] = defaultdict(list)
        for word in {raw for entry in self.names for raw in entry.form.raw}:
            for part in segment_keys(word):  # none for words too short to carry two slips
                segment_words[part].append(word)
        self.segment_words = dict(segment_words)
        self._raw_postings = {}
        self.key_positions = positions
        self.flat_postings = np.frombuffer(flat, dtype=np.int32).copy()
        self.posting_offsets = np.frombuffer(offsets, dtype=np.int64).copy()
        self.ids = dict(self.ids)
        self.exact = dict(self.exact)
        self.exact_any_order = dict(self.exact_any_order)
        self.joined = dict(self.joined)

    def token_weight(self, token: str) -> float:
        """Rarity weight in [0, 1]; tokens never seen in the lists are maximally distinctive."""
        return self._weights.get(token, 1.0)

    def is_listed_token(self, token: str) -> bool:
        """Whether some listed name has this (phonetic) token: the spelling is attested."""
        return token in self._weights

    def words_two_slips_from(self, raw: str) -> list[str]:
        """Listed written words of at least eight letters two slips from ``raw``."""
        found = {word for probe in segment_probes(raw) for word in self.segment_words.get(probe, ())}
        if not found:
            return []
        near = slips_table([raw], list(found), SEGMENT_SLIPS)[0]
        return [word for word, distance in zip(found, near.tolist(), strict=True) if distance <= SEGMENT_SLIPS]

    def postings(self, key: str) -> np.ndarray | None:
        """Names carrying ``key`` (a numpy view), or None."""
        pos = self.key_positions.get(key)
        if pos is None:
            return None
        return self.flat_postings[self.posting_offsets[pos] : self.posting_offsets[pos + 1]]

    @property
    def key_count(self) -> int:
        return len(self.key_positions)

    def key_weight(self, key: str) -> float:
        postings = self.postings(key)
        if postings is None or not len(postings):
            return 0.0
        return math.log((len(self.names) + 1) / len(postings))

    def __len__(self) -> int:
        return len(self.entities)
