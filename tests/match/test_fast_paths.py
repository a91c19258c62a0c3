"""Shortcuts that change no hit: the score bound that skips hopeless candidates, the exact-name path."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from redline.evaluation.deck import clean_population, positives
from redline.index import ScreeningIndex
from redline.match.matcher import Matcher
from redline.match.names import compare_tokens, similarity_table, token_score_bound
from redline.model import Query
from redline.text.names import prepare
from redline.updater import demo_entities


@pytest.fixture(scope="module")
def demo_matcher() -> Matcher:
    index = ScreeningIndex()
    index.add_all((entity, "demo@test") for entity in demo_entities())
    return Matcher(index)


def queries(matcher: Matcher, per_class: int, clean: int) -> Iterator[Query]:
    """Deck variants and clean names, some with a birth date and country (evidence shifts the bound)."""
    rng = random.Random(3)
    cases = positives(matcher.index, per_class) + clean_population(matcher.index, clean)
    for case in cases:
        yield Query(case.query, case.schema)
        if rng.random() < 0.3:
            yield Query(case.query, case.schema, birth_date="1952-10-07", countries=["ru"])


def outcome(matcher: Matcher, query: Query, threshold: float) -> list[tuple[object, ...]]:
    return [
        (h.entity_id, h.score, h.matched_name, tuple((r.feature, r.score, r.detail) for r in h.reasons))
        for h in matcher.match(query, threshold=threshold)
    ]


def assert_pruning_changes_nothing(matcher: Matcher, batch: list[Query]) -> int:
    """Every query's hits with and without pruning; returns how many hits were compared."""
    compared = 0
    for threshold in (0.5, 0.7, 0.8):
        for query in batch:
            matcher.prune = True
            pruned = outcome(matcher, query, threshold)
            matcher.prune = False
            full = outcome(matcher, query, threshold)
            matcher.prune = True
            assert pruned == full, (query, threshold)
            compared += len(full)
    return compared


def test_pruning_changes_no_hit_on_the_demo_list(demo_matcher: Matcher) -> None:
    batch = list(queries(demo_matcher, per_class=6, clean=150))
    assert assert_pruning_changes_nothing(demo_matcher, batch) > 100


def test_the_bound_is_never_below_the_score(demo_matcher: Matcher) -> None:
    """Every (query form, listed name) pair of the deck, person rules on and off, cut or not."""
    cfg, index = demo_matcher.cfg, demo_matcher.index
    checked = tight = 0
    for query in queries(demo_matcher, per_class=4, clean=60):
        for form in prepare(query.name or "", query.schema):
            q_weights = demo_matcher._weights(form)
            for entry in index.names[:400]:
                listed = entry.form
                weights = demo_matcher._weights(listed)
                for person in (False, True):
                    for truncated in (False, True):
                        table = similarity_table(
                            form.tokens, form.raw, list(listed.tokens), list(listed.raw), cfg,
                            query_script=form.script, person=person, truncated=truncated,
                        )
                        score = compare_tokens(
                            form.tokens, listed.tokens, q_weights, weights, cfg, table, listed.raw,
                            query_script=form.script, person=person, truncated=truncated,
                            listed_surname=listed.surname if person else (),
                        ).score
                        bound = token_score_bound(
                            form.tokens, listed.tokens, q_weights, weights, cfg, table, listed.raw,
                            query_script=form.script, person=person, truncated=truncated,
                        )
                        assert bound >= score - 1e-12, (form.tokens, listed.tokens, person, truncated)
                        checked += 1
                        tight += score > 0 and bound - score < 1e-9
    assert checked > 10_000
    assert tight > 0  # exact and one-token matches meet their bound: it is not vacuous


def test_a_name_sharing_only_a_common_word_is_pruned(demo_matcher: Matcher) -> None:
    """The point of the bound: "Vladimir Smirnov-Kuznetsov" shares one given name with a listed
    Vladimir, and is dismissed without aligning tokens."""
    form = prepare("Vladimir Smirnov-Kuznetsov", "Person")[0]
    listed = prepare("Vladimir Vladimirovich PUTIN", "Person")[0]
    cfg = demo_matcher.cfg
    table = similarity_table(form.tokens, form.raw, list(listed.tokens), list(listed.raw), cfg,
                             query_script="Latn", person=True, truncated=False)
    bound = token_score_bound(form.tokens, listed.tokens, demo_matcher._weights(form),
                              demo_matcher._weights(listed), cfg, table, listed.raw,
                              query_script="Latn", person=True, truncated=False)
    assert bound < cfg.threshold / cfg.name["exact_ceiling"]


def test_exact_path_gives_the_exact_entries_as_match_does(demo_matcher: Matcher) -> None:
    """Every listed name as written: match_exact returns the entries listing it, each with
    the score and name explanation the full match gives it."""
    checked = 0
    for entry in demo_matcher.index.names:
        entity = demo_matcher.index.entities[entry.entity]
        query = Query(entry.value, entity.schema)
        exact = demo_matcher.match_exact(query, threshold=0.5, limit=50)
        assert exact is not None, entry.value
        full = {h.entity_id: h for h in demo_matcher.match(query, threshold=0.5, limit=50)}
        assert entity.id in {h.entity_id for h in exact}
        for hit in exact:
            assert hit.entity_id in full
            if hit.score == full[hit.entity_id].score:
                assert hit.reasons == full[hit.entity_id].reasons
            else:  # a weak alias written exactly; the full match found a better name of the entry
                assert hit.score < full[hit.entity_id].score
        checked += 1
    assert checked > 20


def test_exact_path_declines_names_not_written_as_listed(demo_matcher: Matcher) -> None:
    assert demo_matcher.match_exact(Query("Vladimir Smirnov-Kuznetsov", "Person")) is None
    assert demo_matcher.match_exact(Query("Sberbnak")) is None
    # a listed person's name is not an exact name for a vessel query
    person = next(e for e in demo_matcher.index.names if demo_matcher.index.entities[e.entity].schema == "Person")
    assert demo_matcher.match_exact(Query(person.value, "Vessel")) is None


def test_ties_keep_every_entry_scoring_as_the_last_one_kept() -> None:
    """One name listed as several entries: a limit must not pick among them by id."""
    from redline.model import Entity, Name

    index = ScreeningIndex()
    index.add_all(
        (Entity(id=f"t:{n:02d}", list="t", source_id=str(n), schema="Organization",
                names=[Name("CHARITABLE SOCIETY TO HELP THE NOBLE AL-AQSA")]), "t@1")
        for n in range(6)
    )
    matcher = Matcher(index)
    query = Query("Charitable Society to Help the Noble Al-Aqsa", "Organization")
    assert len(matcher.match(query, limit=2)) == 2
    tied = matcher.match(query, limit=2, ties=True)
    assert [h.entity_id for h in tied] == [f"t:{n:02d}" for n in range(6)]
    assert len({h.score for h in tied}) == 1


def test_two_slips_in_one_long_word_are_still_retrieved() -> None:
    """No one-deletion variant is shared; the intact end of the word finds the listed name."""
    from redline.model import Entity, Name

    index = ScreeningIndex()
    index.add_all(
        (Entity(id=f"t:{n}", list="t", source_id=str(n), schema="Company", names=[Name(value)]), "t@1")
        for n, value in enumerate(["STROYGAZMONTAZH", "STROYGAZKONSALTING", "GAZPROM NEFT", "MONTAZHSPETSSTROY"])
    )
    hits = Matcher(index).match(Query("STROYGAZMOTAGH", "Company"))
    assert [h.entity_id for h in hits] == ["t:0"]
    assert "2 edit(s)" in hits[0].reasons[0].detail


def test_the_similarity_memo_changes_no_table(demo_matcher: Matcher) -> None:
    """A memo shared across queries (as the matcher keeps it) gives the tables computing afresh gives."""
    cfg = demo_matcher.cfg
    listed_raw = sorted({raw for entry in demo_matcher.index.names for raw in entry.form.raw})
    listed = [demo_matcher._phonetic_of[raw] for raw in listed_raw]
    memo: dict[tuple[object, ...], tuple[float, str]] = {}
    compared = 0
    for _ in range(2):  # the second round reads the memo the first one filled
        for query in queries(demo_matcher, per_class=2, clean=40):
            for form in prepare(query.name or "", query.schema, query=True):
                for person in (False, True):
                    for truncated in (False, True):
                        kwargs = dict(query_script=form.script, person=person, truncated=truncated)
                        fresh = similarity_table(form.tokens, form.raw, listed, listed_raw, cfg, **kwargs)
                        kept = similarity_table(form.tokens, form.raw, listed, listed_raw, cfg, **kwargs, memo=memo)
                        assert kept == fresh, (form.tokens, person, truncated)
                        compared += len(fresh)
    assert compared > 500 and memo
