"""Parts of a person's name that forms and payments leave out or garble: middle names, the rest
of a hyphenated given name written as its initial ("C. PAEK" for "Chang-Ho PAEK"), a misspelt
title ("Maulwi")."""

from __future__ import annotations

import pytest
from small_lists import matcher_of

from redline.match.matcher import Matcher
from redline.model import Query

LISTED = {
    "agha": "Ahmad Zia AGHA",
    "alvi": "MOHAMMED MASOOD AZHAR ALVI",
    "ahmadian": "Ali Akbar AHMADIAN",
    "other": "Karim Nasser HADDAD",
    "paek": "Chang-Ho PAEK",
    "qurju": "Jihad-al-Din QURJU",
    "pak": "Chang Ho PAK",
    "rajab": "Maulawi Qalamuddin RAJAB",
    "mallah": "Mallah Ahmed QASIMI",
    "qari": "Qari Saifullah AHMADZAI",
    "dulaymi": "Hasan Hashim Khalaf AL-DULAYMI",
}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return matcher_of((key, "Person", name) for key, name in LISTED.items())


def _score(matcher: Matcher, name: str, entity: str) -> float:
    return max((h.score for h in matcher.match(Query(name, "Person"), threshold=0.3) if h.entity_id == entity),
               default=0.0)


@pytest.mark.parametrize(("query", "entity"), [("Ahmad AGHA", "t:agha"), ("MOHAMMED ALVI", "t:alvi")])
def test_first_and_last_word_name_the_listed_person(matcher: Matcher, query: str, entity: str) -> None:
    assert _score(matcher, query, entity) >= 0.8


def test_a_short_middle_name_costs_no_more_than_a_long_one_in_the_frame(matcher: Matcher) -> None:
    # "Zia" (3 letters) left out: as cheap as leaving out "Masood Azhar"
    assert _score(matcher, "Ahmad AGHA", "t:agha") >= _score(matcher, "Ahmad Zia Agha", "t:agha") - 0.1


def test_the_frame_needs_sure_words(matcher: Matcher) -> None:
    # a one-slip word in the frame ("Ahmat" for "Ahmad") keeps the cost of the short
    # middle name it leaves out ("Zia"): the slip alone would cost about 0.07
    sure = _score(matcher, "Ahmad AGHA", "t:agha")
    slipped = _score(matcher, "Ahmat AGHA", "t:agha")
    assert sure >= 0.8 and slipped < sure - 0.1


@pytest.mark.parametrize(("query", "entity"), [("C. PAEK", "t:paek"), ("J. QURJU", "t:qurju")])
def test_an_initial_abbreviates_a_hyphenated_given_name_whole(matcher: Matcher, query: str, entity: str) -> None:
    assert _score(matcher, query, entity) >= 0.8


def test_separate_given_names_each_need_their_initial(matcher: Matcher) -> None:
    # "Chang Ho" written apart is two names: "C. PAK" leaves one of them out
    assert _score(matcher, "C. PAK", "t:pak") < _score(matcher, "C. PAEK", "t:paek")


def test_a_misspelt_title_is_not_read_as_a_name(matcher: Matcher) -> None:
    # the list's "Maulawi" is a title (not compared); "Maulwi" one slip away is read as it too
    assert _score(matcher, "Maulwi Qalamuddin RAJAB", "t:rajab") >= 0.9


def test_a_name_one_slip_from_a_title_still_counts(matcher: Matcher) -> None:
    # "Mallah" is a name one slip from "Mullah": the query keeps a form with it
    assert _score(matcher, "Mallah Ahmed QASIMI", "t:mallah") >= 0.9


def test_a_title_written_last_is_not_read_as_a_name(matcher: Matcher) -> None:
    assert _score(matcher, "Saifullah AHMADZAI Qari", "t:qari") >= 0.9


def test_initials_go_to_the_words_they_are_written_as(matcher: Matcher) -> None:
    # "K." is Khalaf (whose sound, "halaf", starts with h): the two H's are Hasan and Hashim
    hit = next(h for h in matcher.match(Query("H. H. K. AL-DULAYMI", "Person")) if h.entity_id == "t:dulaymi")
    detail = hit.reasons[0].detail
    assert hit.score >= 0.8 and "k~halaf" in detail and "h~hasan" in detail and "h~hashim" in detail, detail


def test_a_lone_rare_surname_names_the_person_whatever_the_length_of_the_given_names() -> None:
    """A query of one rare surname says nothing of the given names: a short one it left
    out (Oleg) costs no more than a long one (German), so both people alert alike."""
    listed = [
        ("deripaska", "Person", "Oleg Vladimirovich DERIPASKA"),
        ("gref", "Person", "German Oskarovich GREF"),
        ("other", "Person", "Oleg Ivanovich SMIRNOV"),
        ("another", "Person", "German Petrovich IVANOV"),
        *((surname.lower(), "Person", f"Sergey Ivanovich {surname}") for surname in (
            "SOKOLOV", "POPOV", "LEBEDEV", "KOZLOV", "NOVIKOV", "MOROZOV", "VOLKOV", "PAVLOV", "ZAYTSEV",
            "GOLUBEV", "BOGDANOV", "TARASOV", "BELYAEV", "FYODOROV", "VINOGRADOV", "SEMYONOV")),
    ]
    matcher = matcher_of(listed)
    short = matcher.match(Query("Deripaska", "Person"))
    long = matcher.match(Query("Gref", "Person"))
    assert short and short[0].entity_id == "t:deripaska"
    assert long and long[0].entity_id == "t:gref"
    assert abs(short[0].score - long[0].score) < 0.03
