"""Build a labelled test deck from the loaded lists plus a clean population.

Positives: for a seeded sample of listed entities, one variant per manipulation class
(label = the listed entity id). Exact part: names and aliases as written. Negatives:
realistic non-listed names from Faker in several locales and scripts, dropped when they
normalise to any listed name (a clean name must really be clean). Placebos: random
letter strings, which must never alert.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from redline.evaluation.variants import CLASSES
from redline.index.index import ScreeningIndex
from redline.match.names import VOWEL_LESS_SCRIPTS
from redline.text.names import NameForm, prepare
from redline.text.tokens import spoken_skeleton

PARTY_SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel")
FAKER_LOCALES = (
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pl_PL", "tr_TR", "ru_RU",
    "uk_UA", "zh_CN", "zh_TW", "ar_AA", "fa_IR", "ja_JP", "pt_BR", "nl_NL", "hi_IN",
)


@dataclass(frozen=True)
class Case:
    query: str
    schema: str
    kind: str  # manipulation class, "exact", "clean" or "placebo"
    label: str | None  # listed entity id, None for negatives
    source: str = ""


def positives(index: ScreeningIndex, per_class: int, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    by_entity: dict[int, set[str]] = {}
    for entity_idx, kind, value in index.written:
        if kind in ("primary", "alias", "original"):
            by_entity.setdefault(entity_idx, set()).add(value)
    entities = [e for e in by_entity if index.entities[e].schema in PARTY_SCHEMAS]
    cases: list[Case] = []
    for kind, variant in CLASSES.items():
        order = entities[:]
        rng.shuffle(order)
        made = 0
        for ent_idx in order:
            if made >= per_class:
                break
            entity = index.entities[ent_idx]
            names = sorted(by_entity[ent_idx])
            rng.shuffle(names)
            for name in names:
                query = variant(name, entity.schema, rng)
                if query and query.strip() and query != name:
                    cases.append(Case(query, entity.schema, kind, entity.id, name))
                    made += 1
                    break
    return cases


def exact_names(index: ScreeningIndex, limit: int | None = None, seed: int = 7) -> list[Case]:
    """Every listed name and alias as written (or a seeded sample of ``limit``)."""
    seen: set[tuple[int, str]] = set()
    cases = []
    for entity_idx, _kind, value in index.written:
        if (entity_idx, value) in seen:
            continue
        seen.add((entity_idx, value))
        entity = index.entities[entity_idx]
        cases.append(Case(value, entity.schema, "exact", entity.id, value))
    if limit is not None and limit < len(cases):
        cases = random.Random(seed).sample(cases, limit)
    return cases


#: Kind of the cross-script cases: a person's name in Arabic letters, screened with every
#: name listed in Arabic letters hidden (see ``cross_script``).
ARABIC_TO_LATIN = "arabic_to_latin"


def cross_script(index: ScreeningIndex, limit: int, seed: int = 7, script: str = "Arab") -> list[Case]:
    """People listed both in ``script`` and in Latin letters: each distinct name of theirs in
    ``script`` is a case, to be screened with the names in ``script`` hidden.

    Most people of the Middle East programmes are listed in Latin letters only (OFAC's
    Ali Husseini KHAMENEI), while a customer file or a payment from the region writes
    them in Arabic or Persian. The entries the EU and UN list in both scripts pair a real
    name in Arabic letters with its listed romanisations. People only: an organisation's
    Latin name is mostly a translation (شركة القلعة للحماية, Castle Security and
    Protection LLC), which no romanisation reaches.
    """
    by_entity: dict[int, dict[str, set[str]]] = {}
    for entry in index.names:
        if entry.kind in ("primary", "alias", "original") and entry.form.script in (script, "Latn"):
            by_entity.setdefault(entry.entity, {}).setdefault(entry.form.script, set()).add(entry.value)
    cases = []
    for entity_idx, scripts in by_entity.items():
        entity = index.entities[entity_idx]
        if entity.schema != "Person" or script not in scripts or "Latn" not in scripts:
            continue
        latin = "; ".join(sorted(scripts["Latn"])[:3])
        cases += [Case(name, entity.schema, ARABIC_TO_LATIN, entity.id, latin) for name in sorted(scripts[script])]
    if limit < len(cases):
        cases = random.Random(seed).sample(cases, limit)
    return cases


def clean_population(index: ScreeningIndex, size: int, seed: int = 11) -> list[Case]:
    from faker import Faker

    listed = {entry.form.tokens for entry in index.names}
    # a name in a script without short vowels says no more than its consonants: one
    # whose consonants are a listed name's (بانک ملت, Bank Mellat) is that name, not clean
    listed_consonants = {_consonants(entry.form.tokens) for entry in index.names}
    rng = random.Random(seed)
    fakers = []
    for locale in FAKER_LOCALES:
        try:
            fake = Faker(locale)
        except (AttributeError, ModuleNotFoundError):
            continue
        fake.seed_instance(seed)
        fakers.append(fake)
    cases: list[Case] = []
    attempts = 0
    while len(cases) < size and attempts < size * 5:
        attempts += 1
        fake = rng.choice(fakers)
        is_person = rng.random() < 0.6
        name = fake.name() if is_person else fake.company()
        schema = "Person" if is_person else "Company"
        forms = prepare(name, schema)
        if not forms or reads_as_listed(forms, listed, listed_consonants):
            continue
        cases.append(Case(name, schema, "clean", None, str(fake.locales[0])))
    return cases


def _consonants(tokens: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(filter(None, map(spoken_skeleton, tokens))))


def reads_as_listed(
    forms: list[NameForm], listed: set[tuple[str, ...]], listed_consonants: set[tuple[str, ...]],
) -> bool:
    """Whether a would-be clean name is a listed name as far as its writing can tell."""
    return any(
        f.tokens in listed or (f.script in VOWEL_LESS_SCRIPTS and _consonants(f.tokens) in listed_consonants)
        for f in forms
    )


def placebos(size: int, seed: int = 13) -> list[Case]:
    rng = random.Random(seed)
    out = []
    for _ in range(size):
        words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))) for _ in range(2)]
        out.append(Case(" ".join(w.title() for w in words), "LegalEntity", "placebo", None))
    return out
