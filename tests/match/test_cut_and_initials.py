"""Payment-field cuts, initials that spell a legal form, and sibling romanisations."""

from __future__ import annotations

import pytest
from small_lists import matcher_of

from redline.index import ScreeningIndex
from redline.match.matcher import Matcher
from redline.model import Entity, Name, Query
from redline.text.names import prepare

LONG_NAMES = {
    "usc": "JOINT STOCK COMPANY UNITED SHIPBUILDING CORPORATION",
    "irisl": "ISLAMIC REPUBLIC OF IRAN SHIPPING LINES COMFORT SERVICES",
    "crimea": "STATE UNITARY ENTERPRISE OF THE REPUBLIC OF CRIMEA CRIMEAN PORTS",
    "delim": "Adam Sultanovich DELIMKHANOV",
    "tikriti": "Walid Hamid Tawfiq AL-TIKRITI",
}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    rows = [(key, "Person" if key in ("delim", "tikriti") else "Company", name) for key, name in LONG_NAMES.items()]
    # namesakes that crowd candidate retrieval, as a hundred Tikritis do on the real lists
    rows += [(f"tikriti{n}", "Person", f"{given} AL-TIKRITI")
             for n, given in enumerate(["Watban", "Barzan", "Sabawi", "Ali Hassan", "Rafi", "Hani", "Kamal", "Uday"])]
    return matcher_of(rows)


@pytest.mark.parametrize("key", ["usc", "irisl", "crimea"])
def test_name_cut_at_35_characters_is_found(matcher: Matcher, key: str) -> None:
    cut = LONG_NAMES[key][:35]
    hits = matcher.match(Query(cut, "Company"))
    found = {h.entity_id: h for h in hits}
    assert f"t:{key}" in found, [(h.entity_id, h.score) for h in hits]
    assert 0.8 <= found[f"t:{key}"].score < 0.95  # a cut name is never an exact match


def test_cut_match_explains_itself(matcher: Matcher) -> None:
    # the tokens of "...OF THE REP" share too little with the listed name to carry it
    hit = matcher.match(Query(LONG_NAMES["crimea"][:35], "Company"))[0]
    assert hit.entity_id == "t:crimea"
    assert "is the start of the listed name" in hit.reasons[0].detail


def test_short_query_is_not_read_as_cut(matcher: Matcher) -> None:
    # 20 characters cannot have been cut by a 35-character field
    assert matcher.match(Query("JOINT STOCK COMPANY", "Company")) == []


def test_prefix_of_another_word_is_not_a_cut_match(matcher: Matcher) -> None:
    hits = matcher.match(Query("JOINT STOCK COMPANY UNITED SHIPPING AGENTS LTD", "Company"))
    assert "t:usc" not in {h.entity_id for h in hits}


def test_initials_that_spell_a_legal_form_stay_initials() -> None:
    assert prepare("A. S. DELIMKHANOV", "Person")[0].tokens == ("a", "s", "delimhanov")
    assert prepare("S. A. Ivanov", "Person")[0].tokens[:2] == ("s", "a")
    # for a company the same letters are a legal form (Turkish A.S., Spanish S.A.)
    assert prepare("Alfa Makina A.S.", "Company")[0].legal_form == "a s"


def test_initials_with_rare_surname_alert(matcher: Matcher) -> None:
    hits = matcher.match(Query("A. S. DELIMKHANOV", "Person"))
    assert hits and hits[0].entity_id == "t:delim"
    assert "initial" in hits[0].reasons[0].detail


def test_every_romanisation_of_a_found_name_is_scored(matcher: Matcher) -> None:
    hits = matcher.match(Query("W. H. T. AL-TIKRITI", "Person"))
    assert hits and hits[0].entity_id == "t:tikriti", [(h.entity_id, h.score) for h in hits]


def test_a_slip_inside_a_legal_form_leaves_it_a_legal_form() -> None:
    form = prepare("STRELA LIMITED LIABLITY COMAPNY", "Company")[0]
    assert form.tokens == ("strela",)
    assert form.legal_form == "limited liability company"
    # the first word is a name as written, even when it is one letter from "limited"
    assert prepare("Limiter Systems", "Company")[0].tokens[0] == "limiter"


def test_two_slips_in_a_long_legal_word_at_the_end_leave_it_a_legal_form() -> None:
    """"BIO CORnPRATION" is BIO CORPORATION: two slips in an eleven-letter legal word
    where legal forms stand. Inside a name, a word two slips from one is a word of the
    name ("ChOPERATION" is the cooperation of ISLAMIC REGIONAL COOPERATION BANK)."""
    assert prepare("BIO CORnPRATION", "Company", query=True)[0].tokens == ("bio",)
    matcher = matcher_of([("bio", "Company", "BIO CORPORATION")])
    assert [h.entity_id for h in matcher.match(Query("BIO CORnPRATION", "Company"))] == ["t:bio"]
    inside = prepare("ISLAMIC REGIOeAL ChOPERATION BANK", "Company", query=True)[0]
    assert "choperation" in inside.raw
    # ten letters are one slip at most ("ENTERPRSIE" yes, "ENTRPRSIE" no)
    assert prepare("ACME ENTRPRSIE", "Company", query=True)[0].raw == ("acme", "entrprsie")


def test_reordered_common_name_finds_every_namesake() -> None:
    index = ScreeningIndex()
    entities = [
        Entity(id=f"t:{n}", list="t", source_id=str(n), schema="Person", names=[Name("Abdul Aziz")])
        for n in range(120)  # more namesakes than the candidate budget
    ]
    index.add_all((e, "t@1") for e in entities)
    hits = Matcher(index).match(Query("Aziz Abdul", "Person"), limit=200)
    assert len(hits) == 120


def test_romanisations_of_one_given_name_read_as_one() -> None:
    from redline.text.tokens import phonetic

    assert len({phonetic(t) for t in ("mohammed", "muhammad", "mohamad", "mohamed")}) == 1
    assert phonetic("umar") == phonetic("omar")
    assert phonetic("yurii") == phonetic("yury")
    assert phonetic("putin") != phonetic("patan")  # only listed groups, never a fuzzy rule


def test_cyrillic_initials_that_romanise_to_two_letters() -> None:
    index = ScreeningIndex()
    index.add_all([(Entity(id="t:s", list="t", source_id="s", schema="Person",
                           names=[Name("Юрий Василиевич Ситников")]), "t@1")])
    hits = Matcher(index).match(Query("Ю. В. Ситников", "Person"))
    assert hits and "initial" in hits[0].reasons[0].detail and hits[0].score >= 0.85


def test_nasab_connectors_do_not_count_as_missing_names() -> None:
    index = ScreeningIndex()
    entities = [Entity(id="t:k", list="t", source_id="k", schema="Person",
                       names=[Name("Kamel Ben Mouldi Ben Hassan HAMRAOUI")])]
    # "Ben" and "Hassan" are as common as on the real lists
    entities += [Entity(id=f"t:{n}", list="t", source_id=str(n), schema="Person",
                        names=[Name(f"Name{chr(97 + n % 26)}{n} Ben Hassan Family{n}")]) for n in range(60)]
    index.add_all((e, "t@1") for e in entities)
    hits = Matcher(index).match(Query("Kamel HAMRAOUI", "Person"))
    assert hits and hits[0].entity_id == "t:k"


def test_hong_kong_surname_romanisations_meet_pinyin() -> None:
    from redline.text.tokens import phonetic

    for cantonese, pinyin in (("Chan", "Chen"), ("Cheung", "Zhang"), ("Ng", "Wu"), ("Tse", "Xie")):
        assert phonetic(cantonese.lower()) == phonetic(pinyin.lower())
    assert phonetic("wong") not in (phonetic("wang"), phonetic("huang"))  # ambiguous: left alone


def test_first_and_last_name_meet_a_name_with_many_middle_names() -> None:
    index = ScreeningIndex()
    entities = [Entity(id="t:s", list="t", source_id="s", schema="Person",
                       names=[Name("Salem Eldin Amohamed Hamid AL-DABSKI")])]
    entities += [Entity(id=f"t:{n}", list="t", source_id=str(n), schema="Person",
                        names=[Name(f"Salem Given{n} Other{n} FAMILY{n}")]) for n in range(40)]
    index.add_all((e, "t@1") for e in entities)
    hits = Matcher(index).match(Query("Salem AL-DABSKI", "Person"))
    assert hits and hits[0].entity_id == "t:s"


def test_an_initial_and_a_two_letter_family_name_that_name_every_word_alert() -> None:
    """"Y. WU" is how a form abbreviates Yingjie WU; two letters of content are weak alone,
    but not when they and the initial account for the whole listed name."""
    matcher = matcher_of([("wu", "Person", "Yingjie WU"), ("ri", "Person", "Chae-Il RI"),
                          ("wuhan", "Person", "Yingjie WU Hanlin")])
    assert [h.entity_id for h in matcher.match(Query("Y. WU", "Person"))] == ["t:wu"]
    assert "t:ri" in [h.entity_id for h in matcher.match(Query("C. RI", "Person"))]  # Il goes with Chae
    # a listed word left over still leaves two letters too little to go on
    assert all(h.score < 0.8 for h in matcher.match(Query("Y. WU", "Person"), threshold=0.3)
               if h.entity_id == "t:wuhan")


def test_an_initial_abbreviates_a_given_name_that_another_alias_hyphenates() -> None:
    """"Yong Sik PAK" and "Yo'ng-sik PAK" read alike; the hyphen of the second shows that
    "Yong Sik" is one given name, so "Y. PAK" names the whole person."""
    index = ScreeningIndex()
    index.add_all([(Entity(id="t:pak", list="t", source_id="pak", schema="Person",
                           names=[Name("Yong Sik PAK"), Name("Yo'ng-sik PAK", kind="alias")]), "t@1")])
    hits = Matcher(index).match(Query("Y. PAK", "Person"))
    assert [h.entity_id for h in hits] == ["t:pak"]


def test_an_initial_meets_the_head_of_a_hyphenated_given_name() -> None:
    """"C." is the Ch'o'l of "Ch'o'l-Chae", not its Chae: the rest of the given name then
    goes with the initial instead of counting as a missing word."""
    # Ch'o'l is a common given name, so Chae weighs more, and weight alone would pick it
    matcher = matcher_of([("ko", "Person", "Ch'o'l-Chae KO"), ("pak", "Person", "Ch'o'l PAK"),
                          ("ri", "Person", "Ch'o'l RI"), ("kim", "Person", "Ch'o'l KIM")])
    hits = matcher.match(Query("C. KO", "Person"))
    assert [h.entity_id for h in hits] == ["t:ko"]
    detail = hits[0].reasons[0].detail
    # the head, or the given name read whole (see _hyphens_joined), never the tail alone
    assert "k~chol (initial" in detail or "k~cholchae (initial" in detail, detail
    assert "k~chae" not in detail


def test_arabic_initials_that_romanise_to_two_letters() -> None:
    """"ش." is one letter, read "sh": an initial of Shafiq. The two-letter name طه (Taha)
    also reads "th", but it is a name, not an initial."""
    matcher = matcher_of([("masa", "Person", "شفيق ماسا")])
    assert [h.entity_id for h in matcher.match(Query("ش. ماسا", "Person"))] == ["t:masa"]
    initials = [form.initials for form in prepare("محمد طه اشتری", "Person", query=True)]
    assert initials and all(not any(flags) for flags in initials)
    assert prepare("ث. اشتری", "Person", query=True)[0].initials[0]


def test_a_slip_in_a_dotted_legal_form_at_the_end_leaves_it_a_legal_form() -> None:
    """"COxRP." and "LTAD." are CORP. and LTDA. mistyped, not words the listed name lacks;
    undotted, or three letters short ("Sp.j.", a legal form of its own), they stay words."""
    matcher = matcher_of([("orbital", "Company", "ORBITAL HORIZONS CORP.")])
    hits = matcher.match(Query("ORBITAL HORIZONS COxRP.", "Company"))
    assert [h.entity_id for h in hits] == ["t:orbital"]
    assert prepare("Brasil Transportes LTAD.", "Company", query=True)[0].generic[-1]
    assert not prepare("Brasil Transportes LTAD.", "Company")[0].generic[-1]  # listed names are spelled right
    assert not prepare("Kutek Sp.j.", "Company", query=True)[0].generic[-1]
    assert not prepare("Orbital Coxrp", "Company", query=True)[0].generic[-1]


def test_a_legal_form_phrase_with_slips_in_its_words_is_still_a_legal_form() -> None:
    """"JONIT STOCK COMPAY" is JOINT STOCK COMPANY with two slips: word for word, one slip
    at most per word. Words that merely resemble a legal form stay words."""
    matcher = matcher_of([("class", "Company", "JOINT STOCK COMPANY CLASS")])
    assert [h.entity_id for h in matcher.match(Query("JONIT STOCK COMPAY CLASS", "Company"))] == ["t:class"]
    assert prepare("Jonit Stock Compay Class", "Company", query=True)[0].tokens == ("klas",)
    # words that only resemble one, a word more than a slip away, are words
    assert prepare("Point Stick Compass Class", "Company", query=True)[0].raw[0] == "point"
    # the lists spell their legal forms right: a listed name is read as written
    assert prepare("Jonit Stock Compay Class", "Company")[0].raw[0] == "jonit"


def test_a_legal_form_written_out_of_order_is_still_a_legal_form() -> None:
    """A query may write a legal form's words in another order ("OBSHCHESTVO AKTSIONERNOE",
    "O O Z SP"): they are still the legal form, not three words the listed name lacks."""
    assert prepare("TEKHNODINAMIKA OBSHCHESTVO AKTSIONERNOE", "Company", query=True)[0].tokens == ("tehnodinamika",)
    assert prepare("O O Z SP DONCOALTRADE", "Company", query=True)[0].raw == ("doncoaltrade",)
    matcher = matcher_of([("gazprom", "Company", "Open Joint Stock Company Gazprom")])
    assert [h.entity_id for h in matcher.match(Query("Gazprom Company Stock Joint Open", "Company"))] == ["t:gazprom"]
    # words of a legal form among the name's own words are the name's
    assert prepare("Stock Joint Ventures", "Company", query=True)[0].raw == ("stock", "joint", "ventures")


def test_a_slip_in_a_legal_form_the_list_spells_letter_by_letter() -> None:
    """"S.RgO." is S.R.O. mistyped: both names compare without their last words, as names
    whose legal forms the vocabulary reads do. A query without a legal form, or with
    another one, is compared word for word as before."""
    matcher = matcher_of([
        ("velmora", "Company", "Velmora Aerotech S.R.O."),
        ("donata", "Company", "KALVIRA COMPANY D.O.O."),
        ("reyco", "Company", "PRESKO GMBH."),
        ("istra", "Company", "NPO Lastrina (JSC)"),
    ])
    hits = matcher.match(Query("Velmroa Aerotech S.RgO.", "Company"))
    assert [h.entity_id for h in hits] == ["t:velmora"]
    assert "legal form 'srgo' read as 'sro'" in hits[0].reasons[0].detail
    assert [h.entity_id for h in matcher.match(Query("KALIVRA COMPANY D.O.kO.", "Company"))] == ["t:donata"]
    assert [h.entity_id for h in matcher.match(Query("PRESKO GBMH.", "Company"))] == ["t:reyco"]
    # a legal form in brackets is one too: "(JC)" is "(JSC)" mistyped
    assert [h.entity_id for h in matcher.match(Query("NPO Lasrtina (JC)", "Company"))] == ["t:istra"]
    assert prepare("NPO Lastrina (JC)", "Company")[0].tail == "jc"
    assert prepare("NPO Lastrina JC", "Company")[0].tail == ""
    # a slipped legal form is not the name as written: never an exact match
    slipped = matcher.match(Query("Velmora Aerotech S.RgO.", "Company"))[0]
    written = matcher.match(Query("Velmora Aerotech S.R.O.", "Company"))[0]
    assert slipped.score < written.score
    # another legal form two letters off is not a slip of this one
    other = matcher.match(Query("Velmroa Aerotech GMBH.", "Company"), threshold=0.0)
    assert all("read as" not in h.reasons[0].detail for h in other)
    assert prepare("Velmora Aerotech S.R.O.", "Company")[0].tail == "sro"
    assert prepare("Velmora Aerotech S.R.O.", "Company")[0].tail_tokens == 3
    assert prepare("Velmora Aerotech", "Company")[0].tail == ""
    assert prepare("Ivan Petrov S.R.O.", "Person")[0].tail == ""  # people have no legal form


def test_a_slip_in_one_syllable_of_a_hyphenated_given_name() -> None:
    """"Tx'-Son" leaves no syllable of "Tu'-Son" whole, and two-letter words admit no slip;
    read whole, the given name is one slip from the listed one."""
    matcher = matcher_of([("pak", "Person", "Pak Tu'-Son"), ("other", "Person", "Pak Chol-Su")])
    assert [h.entity_id for h in matcher.match(Query("Pak Tx'-Son", "Person"))] == ["t:pak"]
    tokens = {form.tokens for form in prepare("Pak Tu'-Son", "Person")}
    assert ("pak", "tu", "son") in tokens and ("pak", "tuson") in tokens
    assert len(prepare("Pak Tu Son", "Person")) == 1  # no hyphen, one reading
    assert all(len(f.tokens) == 3 for f in prepare("Pak Tu'-Son", "Company"))  # people's names only


def test_russian_state_enterprise_forms_are_legal_forms() -> None:
    """ФГУП, ФСУЕ, госкорпорация, АНО: "ФГУП Атомфлот" is FSUE ATOMFLOT, and a federal
    state unitary enterprise of another name is another party, however many words of
    the legal form it shares with a listed one."""
    matcher = matcher_of([
        ("atomflot", "Company", "FSUE ATOMFLOT"),
        ("rostec", "Company", "STATE CORPORATION ROSTEC"),
        ("dialog", "Company", "AUTONOMOUS NON-PROFIT ORGANIZATION DIALOG"),
        ("tskb", "Company", "Федеральное государственное унитарное предприятие Центральное конструкторское бюро"),
    ])
    for query, expected in (("ФГУП Атомфлот", "t:atomflot"), ("Госкорпорация Ростех", "t:rostec"),
                            ("АНО Диалог", "t:dialog"), ("FGUP Tsentralnoe Konstruktorskoe Byuro", "t:tskb")):
        assert matcher.match(Query(query, "Company"))[0].entity_id == expected, query
    for other in ("Federalnoe gosudarstvennoe unitarnoe predpriyatie Rosmorport", "FSUE Rosmorport"):
        assert matcher.match(Query(other, "Company")) == [], other


def test_among_equal_cut_scores_the_name_whose_words_agree_ranks_first() -> None:
    """A 35-character cut that ends in the first word of the name ("... SZ") is the start
    of every federal state unitary enterprise on the list: the one it names comes first."""
    names = ["Federal State Unitary Enterprise " + rest for rest in (
        "Almaz Antey Works", "Baltic Shipbuilding Plant", "Central Research Institute", "SZ Morye")]
    matcher = matcher_of([(f"e{n}", "Company", name) for n, name in enumerate(names)])
    hits = matcher.match(Query("Federal State Unitary Enterprise SZ", "Company"))
    assert hits[0].entity_id == "t:e3"
    assert len({h.score for h in hits}) == 1  # the cut says as much for each; the words decide
