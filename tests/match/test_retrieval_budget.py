"""Candidate retrieval under a small budget: what must still reach the scorer.

The real lists name one person on five lists and carry hundreds of Ahmads, Joint Stock
Companies and Al-Alis; retrieval keeps a budget of candidates, and these tests shrink the
budget so that a handful of namesakes crowd it the same way.
"""

from __future__ import annotations

import dataclasses

from small_lists import matcher_of

from redline.index import ScreeningIndex
from redline.match.config import load_config
from redline.match.matcher import Matcher
from redline.model import Entity, Name, Query
from redline.text.names import prepare
from redline.text.tokens import is_generic, phonetic


def _matcher(rows: list[tuple[str, str, str]], candidates: int) -> Matcher:
    """(key, schema, name) rows on one list; the budget set to ``candidates``."""
    return matcher_of(rows, dataclasses.replace(load_config(), candidates=candidates))


def _found(matcher: Matcher, name: str, schema: str) -> dict[str, float]:
    return {h.entity_id: h.score for h in matcher.match(Query(name, schema), limit=100)}


def test_a_name_listed_by_five_publishers_counts_once_in_the_budget() -> None:
    rows = [("target", "Person", "Hamid Hamad Hamid AL-'ALI")]
    for spelling in ("Hamid AL-ALI", "Hamed AL-ALI", "Hamid ALALI"):
        rows += [(f"{spelling}-{n}", "Person", spelling) for n in range(5)]  # UN, EU, UK, OFAC, CSL
    found = _found(_matcher(rows, candidates=3), "Hamid AL-'ALI", "Person")
    assert found.get("t:target", 0) >= 0.8, found
    assert sum(1 for k in found if k.startswith("t:Hamid AL-ALI")) == 5  # every copy still reported


def test_equal_ranks_prefer_names_as_long_as_the_query() -> None:
    # every namesake has AHMAD and a word starting with A, as "Ayman AHMAD" does
    rows = [(f"ns{n}", "Person", f"Ahmad Abbas {given} Omar") for n, given in enumerate(
        ["Karim", "Nasser", "Tariq", "Bilal", "Samir", "Faisal", "Hadi", "Jamal", "Majid", "Rami", "Ziad", "Wael",
         "Yasin", "Zaki", "Nabil", "Fadi", "Omar", "Tamer", "Hazem", "Bassam"])]
    rows.append(("target", "Person", "Ayman AHMAD"))  # last: index order must not decide
    found = _found(_matcher(rows, candidates=2), "A. AHMAD", "Person")
    assert found.get("t:target", 0) >= 0.8, found


def test_legal_form_words_out_of_order_do_not_crowd_out_the_name() -> None:
    rows = [("target", "Company", "JOINT STOCK COMPANY RAWENSTVO")]
    rows += [(f"bank{n}", "Company", f"JOINT STOCK COMMERCIAL BANK {word}") for n, word in enumerate(
        ["ROSBANK", "RUBLEV", "PERESVET", "AVANGARD", "SOLIDARNOST", "ZENIT", "URALSIB", "TAVRICHESKIY"])]
    matcher = _matcher(rows, candidates=2)
    for query in ("Stock Company Rawenstvo Joint", "Joint Stok Company Rawenstvo"):
        assert matcher.match(Query(query, "Company"))[0].entity_id == "t:target", query


def test_legal_form_words_count_as_generic_when_not_stripped() -> None:
    for word in ("obshchestvo", "ogranichennoi", "aktsionernoe", "zakrytoe", "gongsi", "corporation"):
        assert is_generic(phonetic(word)), word
    form = prepare("Ogranichennoi Rawenstvo Obshchestvo", "Company")[0]  # not a legal form in this order
    assert form.generic == (True, False, True), form
    # ... but not the syllables of Chinese legal forms that are also names (Xi'an, Gong)
    assert not is_generic("gong") and not is_generic("xian")


def test_generic_words_in_other_languages_are_generic() -> None:
    """A Dutch "Kamp Groep" or a Spanish "Grupo Industrias Kamp" is named by Kamp alone."""
    for word in ("groep", "gruppe", "grupo", "internacional", "industrias", "servicios", "compagnie"):
        assert is_generic(phonetic(word)), word
    assert prepare("Kamp Groep", "Company")[0].generic == (False, True)


def test_a_short_name_written_together_is_found() -> None:
    matcher = _matcher([("akin", "Person", "AKIN I"), ("other", "Person", "AKIM IVANOV")], candidates=30)
    assert _found(matcher, "AKINI", "Person").get("t:akin", 0) >= 0.8
    # by the joined-name table, not only by its words: on the real lists "AKIN" has too many namesakes
    assert [matcher.index.names[n].value for n in matcher.index.joined["akini"]] == ["AKIN I"]


def test_a_short_name_one_slip_from_a_generic_word_stays_a_name() -> None:
    # "banco" is generic; "Canko" (phonetic "kanko") is one slip from it and is a surname
    assert is_generic(phonetic("banco")) and not is_generic(phonetic("canko"))
    # longer words one slip from a generic word are still read as it (a typo in a legal form)
    assert is_generic(phonetic("cmpany")) and is_generic(phonetic("tradng"))
    matcher = _matcher([("canko", "Person", "Ali CANKO")] + [
        (f"a{n}", "Person", f"Ali {name}") for n, name in enumerate(["KANTO", "KANKA", "CANTU", "LANKO", "BANKO"])],
        candidates=2)
    assert _found(matcher, "A. CANKO", "Person").get("t:canko", 0) >= 0.8


def test_initials_with_a_two_letter_family_name_reach_the_right_person() -> None:
    """DPRK and Burmese listings: dozens of JOs, each with other given names."""
    givens = ["Kyong Il", "Myong Hak", "Song Nam", "Tong Hyok", "Hak Su", "Il Song", "Nam Chol", "Kwang Su",
              "Hyon Ok", "Sung Il", "Pyong Ho", "Chang Ho"]
    rows = [(f"jo{n}", "Person", f"{given} JO") for n, given in enumerate(givens)]
    rows.append(("target", "Person", "Yong Chol JO"))
    found = _found(_matcher(rows, candidates=3), "Y. C. JO", "Person")
    assert found.get("t:target", 0) >= 0.8, found
    assert max(found.values()) == found["t:target"]


def test_a_one_letter_title_written_with_a_full_stop_is_an_initial() -> None:
    """"U" is a Burmese honorific, but "U. S. H. AL-TIKRITI" abbreviates Uday Saddam Hussein."""
    assert ("tant",) in {f.tokens for f in prepare("U Thant", "Person")}
    assert all(f.tokens[0] == "u" for f in prepare("U. S. H. AL-TIKRITI", "Person"))
    rows = [("uday", "Person", "Uday Saddam Hussein AL-TIKRITI"), ("saddam", "Person", "Saddam Hussein AL-TIKRITI")]
    hits = _matcher(rows, candidates=30).match(Query("U. S. H. AL-TIKRITI", "Person"))
    assert hits[0].entity_id == "t:uday"


def test_a_word_with_two_slips_is_retrieved_when_no_listed_word_is_one_slip_away() -> None:
    """"ALUMIkNgT" shares no one-deletion variant with ALUMINAT, but one of ALUMINAT's
    three parts survives in it: the listed word is found by its parts and checked by
    its edit distance."""
    matcher = matcher_of([("aluminat", "Company", "ALUMINAT"), ("alumina", "Company", "ALUMINA TRADE"),
                          ("nat", "Company", "NATIONAL TRADE")])
    assert matcher.index.words_two_slips_from("alumikngt") == ["aluminat"]
    hits = matcher.match(Query("ALUMIkNgT", "Company"))
    assert [h.entity_id for h in hits] == ["t:aluminat"]
    assert "2 edit(s)" in hits[0].reasons[0].detail
    assert matcher.index.words_two_slips_from("zzzzzzzzz") == []


def test_a_seven_letter_word_is_retrieved_from_a_query_word_two_letters_longer() -> None:
    """Two slips in a seven-letter word are too many to score, but two letters added to it
    make a nine-letter word, which may carry two: "KORgVAqNT" is KORVANT."""
    matcher = matcher_of([("korvant", "Company", "KORVANT"), ("kor", "Company", "KORVIN TRADE")])
    assert matcher.index.words_two_slips_from("korgvaqnt") == ["korvant"]
    assert [h.entity_id for h in matcher.match(Query("KORgVAqNT", "Company"))] == ["t:korvant"]


def test_first_and_last_word_find_a_name_with_a_middle_word_among_common_namesakes() -> None:
    """Alis and Muhammads by the dozen, and names that have both words but not as their
    first and last: "Ali MUHAMMAD" still retrieves "Ali Hajj MUHAMMAD", whose frame it is."""
    givens = ["Karim", "Nasser", "Tariq", "Bilal", "Samir", "Faisal", "Hadi", "Jamal", "Majid", "Rami"]
    rows = [(f"m{n}", "Person", f"Muhammad {given} Ali {given}") for n, given in enumerate(givens)]
    rows += [(f"a{n}", "Person", f"Ali {given} {given}a MUHAMMADI") for n, given in enumerate(givens)]
    rows.append(("target", "Person", "Ali Hajj MUHAMMAD"))  # last: index order must not decide
    config = dataclasses.replace(load_config(), candidates=2, max_postings=5)
    found = _found(matcher_of(rows, config), "Ali MUHAMMAD", "Person")
    assert found.get("t:target", 0) >= 0.8, found


def test_an_initial_and_a_last_word_find_the_name_they_frame_among_common_namesakes() -> None:
    """"K. MOHAMMAD" ties, on each word, with every Mohammad that has a K-word somewhere;
    few names begin with a K-word and end with Mohammad."""
    givens = ["Karim", "Kamal", "Khalid", "Kasim", "Kazem", "Khalil", "Kader", "Kamil", "Karam", "Kenan"]
    rows = [(f"m{n}", "Person", f"Mohammad {given} Ali") for n, given in enumerate(givens)]
    rows += [(f"a{n}", "Person", f"Ali {given} MOHAMMAD") for n, given in enumerate(givens)]
    rows.append(("target", "Person", "Haji Khair MOHAMMAD"))  # last: index order must not decide
    config = dataclasses.replace(load_config(), candidates=2, max_postings=5, name={
        **load_config().name, "initials_candidate_factor": 1})
    found = _found(matcher_of(rows, config), "K. MOHAMMAD", "Person")
    assert found.get("t:target", 0) >= 0.8, found


def test_a_name_written_together_with_one_letter_too_many_is_retrieved() -> None:
    """".KV.R. ENGlINEERING LIMITED" splits the initials wrongly and slips the only word,
    which engineering firms by the hundred share, as they share an initial R: written
    together, it is K.V.R. ENGINEERING with one letter more."""
    rows = [("target", "Company", "K.V.R. ENGINEERING LIMITED")]
    rows += [(f"eng{n}", "Company", f"R. {word} ENGINEERING LIMITED") for n, word in enumerate(
        ["KOVAR", "VARNA", "KAVERI", "KVANT", "RIVA", "KRAVEN", "VIKRAM", "TOMSK"])]
    matcher = _matcher(rows, candidates=2)
    hits = matcher.match(Query(".KV.R. ENGlINEERING LIMITED", "Company"))
    assert hits and hits[0].entity_id == "t:target"
    assert "written together" in hits[0].reasons[0].detail


def test_an_arabic_word_romanised_to_one_sound_is_not_an_initial() -> None:
    """طاها (Taha) and طه (Taha, no alef) are names the listed one lacks, not initials
    that cost next to nothing (unidecode once read both as "th", one sound); "ث." is an
    initial."""
    matcher = matcher_of([("m", "Person", "Mahmud KARIMI")])
    floor = matcher.cfg.name["min_token_weight"]
    for written in ("محمد طاها كريمي", "محمد طه كريمي"):
        taha = prepare(written, "Person", query=True)[0]
        assert taha.tokens[1].startswith("ta") and matcher._weights(taha)[1] > floor, taha.tokens
    assert matcher._weights(prepare("ث. كريمي", "Person", query=True)[0])[0] == floor


def test_a_word_two_slips_away_outranks_words_that_only_sound_alike() -> None:
    """"Sebruank" is Sberbank with two slips. Sberbank names a dozen listed subsidiaries,
    so its word is a common key, while loose sound keys lead to a few rare words that are
    further from the query (Sobrino, Sabanko): the word checked to be two slips away
    must still reach the scorer first."""
    rows = [("target", "Company", "SBERBANK")]
    rows += [(f"sub{n}", "Company", f"SBERBANK {word}") for n, word in enumerate(
        ["LEASING", "FACTORING", "CAPITAL", "INVESTMENTS", "EUROPE", "SWITZERLAND", "KAZAKHSTAN", "TECHNOLOGIES",
         "INSURANCE", "SERVICES", "SOLUTIONS", "MANAGEMENT"])]
    rows += [(f"sound{n}", "Company", word) for n, word in enumerate(["SOBRINO", "SABANKO", "SIRNIKA", "SUBRINO"])]
    matcher = _matcher(rows, candidates=3)
    assert matcher.index.words_two_slips_from("sebruank") == ["sberbank"]
    assert _found(matcher, "Sebruank", "Company").get("t:target", 0) >= 0.8


def test_a_name_two_slips_away_is_scored_however_far_down_the_key_ranking() -> None:
    """"Abul MzNAN" is Abdul MANAN with two slips: "abul" is one slip from a hundred
    Abduls, "mznan" shares only loose sound keys, and names that write "abul" as the
    query does and have a sound-alike word (Mozanan) rank above it. Written together it
    is two slips from "abdulmanan", so it is scored all the same; with the check turned
    off it is not."""
    givens = ["Karim", "Nasser", "Tariq", "Bilal", "Samir", "Faisal", "Hadi", "Jamal", "Majid", "Rami"]
    rows = [(f"a{n}", "Person", f"Abdul {given} MAZIN") for n, given in enumerate(givens)]
    rows += [(f"m{n}", "Person", f"Abul MOZANAN {given}") for n, given in enumerate(givens)]
    rows.append(("target", "Person", "Abdul MANAN"))
    config = dataclasses.replace(load_config(), candidates=1)
    assert matcher_of(rows, config).match(Query("Abul MzNAN", "Person"))[0].entity_id == "t:target"
    off = dataclasses.replace(config, name={**config.name, "near_spellings": 0})
    assert "t:target" not in {h.entity_id for h in matcher_of(rows, off).match(Query("Abul MzNAN", "Person"))}


def test_every_written_spelling_of_a_name_keeps_its_slip_keys() -> None:
    """"SHABEEHA" and "Shabiha" read alike (ee is i), but a slip is made on what was
    written: "SHzABEEHA" is one deletion from the first and two from the second. Both
    spellings stay in the index, so the query is found among names that share only its
    loose sound keys."""
    index = ScreeningIndex()
    entities = [Entity(id="t:target", list="t", source_id="x", schema="Organization",
                       names=[Name("Shabiha"), Name("SHABEEHA", kind="alias")])]
    for n, word in enumerate(["SHAZIB", "SHUZAIB", "SHIZBA", "SHAZBAH", "SHZABI", "ZABIHA", "SHAZABI"]):
        entities.append(Entity(id=f"t:d{n}", list="t", source_id=str(n), schema="Organization", names=[Name(word)]))
    index.add_all((entity, "t@1") for entity in entities)
    matcher = Matcher(index, dataclasses.replace(load_config(), candidates=1))
    assert [h.entity_id for h in matcher.match(Query("SHzABEEHA", "Organization"))] == ["t:target"]


def test_a_lone_word_two_slips_away_is_retrieved_beside_words_one_slip_away() -> None:
    """"PEROTEH FZE" is PETROTECH FZE with two slips, and listed words one slip from
    "peroteh" exist (PEROTEK, PIROTEKH). For a word among others, those would mean the
    two-slip lane is skipped (namesakes two slips from a common word would crowd out the
    one); a name's only word has no such namesakes, so both lanes are read."""
    rows = [("target", "Company", "PETROTECH FZE")]
    rows += [(f"d{n}", "Company", word) for n, word in enumerate(
        ["PEROTEK", "PERROTEKA LLC", "PIROTEKH", "PROTEH", "PEROTEHNIKA"])]
    assert "t:target" in _found(_matcher(rows, candidates=30), "PEROTEH FZE", "Company")
    # a name whose only word reads as generic ("PROIET", one slip from "project") too
    rows = [("target", "Organization", "PROFINET, OOO"), ("d0", "Company", "PRIET GROUP"), ("d1", "Company", "PROJET")]
    assert prepare("PROIET OOO", "Organization", query=True)[0].generic == (True,)
    assert "t:target" in _found(_matcher(rows, candidates=30), "PROIET OOO", "Organization")


def test_a_swap_beside_a_dropped_letter_is_two_slips() -> None:
    """"Inspeccth" drops the e of Inspectech and swaps c and t: two slips as a typist
    makes them, three by an edit distance that never edits a letter twice."""
    matcher = _matcher([("target", "LegalEntity", "Inspectech"), ("other", "Company", "BENEATHCO DMCC")], 30)
    assert _found(matcher, "Inspeccth", "LegalEntity").get("t:target", 0) >= 0.8
    assert matcher.index.words_two_slips_from("benehaco") == ["beneathco"]


def test_a_generic_word_does_not_keep_the_one_word_listed_name_out_of_the_budget() -> None:
    """"SBERBANK KAZAKHSTAN": Kazakhstan is a generic word, so SBERBANK is the nearest
    name, although many listed Sberbank subsidiaries have two words, as the query does."""
    rows = [("sber", "Company", "SBERBANK")]
    rows += [(f"sub{n}", "Company", f"SBERBANK {word}") for n, word in enumerate(
        ["CAPITAL", "LEASING", "FACTORING", "INVESTMENTS", "TECHNOLOGIES", "SERVICE", "ROSSII", "EUROPE"])]
    # other listed companies, so that Sberbank is as rare a word as it is in the lists
    rows += [(f"other{n}", "Company", f"{a}{b} {c}") for n, (a, b, c) in enumerate(
        (a, b, c) for a in ("NOVO", "PETRO", "AVIA", "ELEKTRO", "TRANS", "AGRO") for b in ("STROY", "MASH", "TEKH",
        "PROM", "SNAB") for c in ("HOLDING", "ZAVOD", "TRADING"))]
    hits = _matcher(rows, candidates=2).match(Query("JSC SBERBANK KAZAKHSTAN", "Company"))
    assert hits and hits[0].entity_id == "t:sber", [(h.entity_id, h.score) for h in hits]
