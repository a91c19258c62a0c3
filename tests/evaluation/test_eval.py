"""The evaluation harness on the demo list: deck generation, metrics, report, curve."""

from __future__ import annotations

import random
from pathlib import Path

from redline.engine import Engine
from redline.evaluation import variants
from redline.evaluation.deck import clean_population, exact_names, positives
from redline.evaluation.run import measure, run_deck
from redline.evaluation.script_blind import ScriptBlindMatcher
from redline.match.matcher import Matcher
from redline.updater import load_demo


def test_variants_do_what_they_say() -> None:
    rng = random.Random(1)
    assert variants.reorder("Vladimir PUTIN", "Person", rng) == "PUTIN Vladimir"
    assert variants.missing_middle("Herman Oskarovich GREF", "Person", rng) == "Herman GREF"
    assert variants.initials("Herman Oskarovich GREF", "Person", rng) == "H. O. GREF"
    assert variants.cyrillic("Vladimir Putin", "Person", rng) == "Владимир Путин"
    assert variants.truncation("PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA", "Company", rng) is not None
    assert variants.truncation("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU ROMASHKA", "Company", rng) is None
    typo = variants.typo1("Herman GREF Oskarovich", "Person", rng)
    assert typo and typo != "Herman GREF Oskarovich" and len(typo.split()) == 3
    assert variants.legal_form("Vladimir PUTIN", "Person", rng) is None


def test_exact_gate_on_demo_list(demo_matcher: Matcher) -> None:
    cases = exact_names(demo_matcher.index)
    outcomes = run_deck(demo_matcher, cases)
    metrics = measure(outcomes, demo_matcher.cfg.threshold)
    assert metrics.recall == 1.0, [o.case.query for o in metrics.misses]


def test_clean_population_is_clean(demo_matcher: Matcher) -> None:
    listed = {e.form.tokens for e in demo_matcher.index.names}
    clean = clean_population(demo_matcher.index, 200)
    assert len(clean) == 200
    assert {c.kind for c in clean} == {"clean"}
    from redline.text.names import prepare

    assert not any(f.tokens in listed for c in clean for f in prepare(c.query, c.schema))


def test_a_name_written_without_vowels_that_has_a_listed_names_consonants_is_not_clean() -> None:
    """Faker's Persian companies include real banks: بانک ملت is Bank Mellat, listed by
    OFAC, and all its letters say is b-n-k m-l-t. It cannot serve as a clean name; a
    Persian name with other consonants, or a Latin name with the same ones, can."""
    from redline.evaluation.deck import _consonants, reads_as_listed
    from redline.text.names import prepare

    listed_names = [f for name in ("BANK MELLAT", "Husam SUKKAR") for f in prepare(name, "Company")]
    listed = {f.tokens for f in listed_names}
    consonants = {_consonants(f.tokens) for f in listed_names}
    assert reads_as_listed(prepare("بانک ملت", "Company"), listed, consonants)
    assert reads_as_listed(prepare("ملت بانک", "Company"), listed, consonants)
    assert not reads_as_listed(prepare("بانک سپه", "Company"), listed, consonants)
    assert not reads_as_listed(prepare("حسام شاکری", "Company"), listed, consonants)  # sh is not s
    assert not reads_as_listed(prepare("Bank Molotov", "Company"), listed, consonants)


def test_eval_command_writes_report_and_curve(redline_home: Path, tmp_path: Path) -> None:
    from redline.commands.evaluate import evaluate

    engine = Engine()
    load_demo(engine.store)
    out = tmp_path / "eval"
    result = evaluate(engine, out, per_class=5, clean=100, exact=0, baseline_cases=0)
    report = (out / "report.md").read_text("utf-8")
    assert "| **overall** |" in report and "Precision per score band" in report
    assert (out / "threshold_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result["exact"].recall == 1.0
    assert set(result["metrics"].recall_by_class) >= {"reorder", "typo1", "cyrillic"}
    assert len(positives(engine.matcher().index, 3)) > 10


def test_initials_and_missing_middle_keep_the_family_name() -> None:
    rng = random.Random(1)
    assert variants.initials("'Ali Salih AL-TABUKI", "Person", rng) == "A. S. AL-TABUKI"
    assert variants.initials("Jesus Alfredo SALAZAR RAMIREZ", "Person", rng) == "J. A. SALAZAR RAMIREZ"
    assert variants.initials("Abou Abdallah al Faransi", "Person", rng) == "Abou A. al Faransi"
    assert variants.missing_middle("Oscar Domingo VILLA DIAZ", "Person", rng) == "Oscar VILLA DIAZ"
    assert variants.missing_middle("Jose VILLA DIAZ", "Person", rng) is None  # nothing in the middle


def test_missing_middle_keeps_the_given_name_after_a_title() -> None:
    """A title is not the given name: dropping the only given name leaves no missing-middle case."""
    rng = random.Random(0)
    assert variants.missing_middle("Sheikh Hassaan HUSSEIN", "Person", rng) is None
    assert variants.missing_middle("HAJI GUL MOHAMMAD", "Person", rng) is None
    assert variants.missing_middle("Haji Abdul Baz MOHAMMAD", "Person", rng) == "Haji Abdul MOHAMMAD"


def test_initials_leave_titles_as_written() -> None:
    rng = random.Random(0)
    assert variants.initials("Hajji Khair MOHAMMAD", "Person", rng) == "Hajji K. MOHAMMAD"
    assert variants.initials("Dr Amin", "Person", rng) is None  # nothing but a title to abbreviate


def test_deck_and_exact_gate_draw_on_every_listed_name_as_written() -> None:
    """"APOLLON LLC" reads as "APOLLON", an alias indexed before it; the exact gate must
    still screen it as written, and the deck may still manipulate it ("APOLLONLLC"), so
    neither depends on which names the index folded together."""
    from redline.index import ScreeningIndex
    from redline.model import Entity, Name, Query

    index = ScreeningIndex()
    names = [Name("APOLLON"), Name("APOLLON LLC", kind="alias"), Name("Apollon", kind="alias")]
    index.add_all([(Entity(id="t:apollon", list="t", source_id="a", schema="Company", names=names), "t@1")])
    assert sorted(c.query for c in exact_names(index)) == ["APOLLON", "APOLLON LLC", "Apollon"]
    assert {c.source for c in positives(index, 5)} <= {"APOLLON", "APOLLON LLC", "Apollon"}
    # written together with its legal form, the folded alias is still found
    hits = Matcher(index).match(Query("APOLLONLLC", "Company"))
    assert [h.entity_id for h in hits] == ["t:apollon"]


def test_cross_script_cases_find_people_through_their_latin_names_only() -> None:
    """The Arabic-script name of a person listed in both scripts is screened with every
    Arabic-script listed name hidden: it must reach the entry through its Latin name,
    as it reaches people that OFAC lists in Latin letters alone."""
    from redline.evaluation.deck import ARABIC_TO_LATIN, cross_script
    from redline.index import ScreeningIndex
    from redline.model import Entity, Name, Query

    index = ScreeningIndex()
    tikriti = [Name("Barzan Ibrahim Hasan AL-TIKRITI"), Name("برزان إبراهيم حسن التكريتي", kind="alias")]
    people = [("t:tikriti", tikriti),
              ("t:latin", [Name("Ahmad Ali TAHER")]),  # Latin only: no case
              ("t:bank", [Name("BANK MELLAT"), Name("بانک ملت", kind="alias")])]  # not a person: no case
    index.add_all([(Entity(id=i, list="t", source_id=i, schema="Company" if i == "t:bank" else "Person",
                           names=n), "t@1") for i, n in people])
    cases = cross_script(index, 10)
    assert [(c.query, c.kind, c.label) for c in cases] == [("برزان إبراهيم حسن التكريتي", ARABIC_TO_LATIN, "t:tikriti")]
    matcher = Matcher(index)
    blind = ScriptBlindMatcher(matcher, frozenset({"Arab"}))
    hidden = blind.match(Query(cases[0].query, "Person"))
    assert hidden[0].entity_id == "t:tikriti" and hidden[0].matched_name == "Barzan Ibrahim Hasan AL-TIKRITI"
    assert matcher.match(Query(cases[0].query, "Person"))[0].matched_name == cases[0].query  # not hidden
    outcomes = run_deck(blind, cases)
    assert measure(outcomes, matcher.cfg.threshold).recall == 1.0
