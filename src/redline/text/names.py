"""Turn a written name into comparable forms: transliterated, tokenised, de-noised.

One written name yields one ``NameForm`` per plausible romanisation. Each form keeps
the tokens that identify the party (``tokens``), the words that don't (legal forms are
removed and remembered; generic words stay but are flagged), and a joined string so
that "Sber Bank" can meet "Sberbank" and "JSCARGUMENT" can meet "JSC ARGUMENT".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA, DamerauLevenshtein
from rapidfuzz.process import extractOne

from redline.text.scripts import HAN, detect_script
from redline.text.tokens import is_generic, phonetic, tokenize, vocabulary, without_apostrophes
from redline.text.translit import foreign_words, han_syllables, latin_variants, pinyin_split, pinyin_syllables

PERSON_SCHEMAS = frozenset({"Person"})
#: Words after a person's name that say which generation, not who.
GENERATION_SUFFIXES = frozenset({"jr", "sr", "junior", "senior", "ii", "iii", "iv"})


@dataclass(slots=True, frozen=True)
class NameForm:
    """A name as the matcher sees it."""

    original: str
    latin: str
    tokens: tuple[str, ...]
    raw: tuple[str, ...]
    generic: tuple[bool, ...]
    legal_form: str
    joined: str
    joined_full: str
    script: str
    surname: tuple[bool, ...] = ()
    #: each token written joined by a hyphen to the one before it (Chang-Ho, Jihad-al-Din):
    #: one given name, which an initial abbreviates whole ("C. PAEK")
    bound: tuple[bool, ...] = ()
    #: which tokens are initials, when the original script says more than the Latin
    #: tokens do (empty: ask ``match.names.is_initial``)
    initials: tuple[bool, ...] = ()
    #: the letters of a last word that may be a legal form (see ``legal_tail``), and how
    #: many of ``tokens`` it left after legal forms were removed
    tail: str = ""
    tail_tokens: int = 0


#: Scripts whose one-letter words can romanise to several Latin letters that a word of
#: two letters can romanise to as well: "ش." reads "sh" (an initial), "طه" reads "th" (Taha).
_LETTER_WORD_SCRIPTS = frozenset({"Arab"})
_LETTER_WORD = re.compile(r"(?<!\w)\w(?!\w)")


def _letter_romanisations(value: str) -> frozenset[str]:
    """The Latin forms of the name's one-letter words (its initials, in its own script)."""
    return frozenset(
        token for letter in _LETTER_WORD.findall(value) for latin in latin_variants(letter)
        for token in tokenize(latin)
    )


def strip_legal_forms(tokens: list[str], fuzzy: bool = True) -> tuple[list[str], list[str]]:
    """Remove legal-form phrases anywhere in the name (ООО «Ромашка», Romashka LLC)."""
    kept_idx, removed = legal_form_mask(tokens, fuzzy)
    return [tokens[i] for i in kept_idx], removed


def writes_legal_form(tokens: list[str]) -> bool:
    """Whether the words write a legal form as spelled (no slip read into them): the
    sign that a name typed as a person, or untyped on a list, names a company."""
    return bool(legal_form_mask(tokens, fuzzy=False)[1])


#: Words at least this long that are one slip away from a legal-form word are read as it.
FUZZY_LEGAL_LENGTH = 6
#: ... and two slips away, when both words are at least this long.
TWO_SLIP_LEGAL_LENGTH = 11


@functools.cache
def legal_words() -> frozenset[str]:
    """Every word of a legal form ("joint", "gongsi")."""
    return frozenset(w for form in vocabulary().legal_forms for w in form)


@functools.cache
def _long_legal_words() -> tuple[str, ...]:
    return tuple(sorted(w for w in legal_words() if len(w) >= FUZZY_LEGAL_LENGTH))


@functools.cache
def _two_slip_legal_words() -> tuple[str, ...]:
    return tuple(w for w in _long_legal_words() if len(w) >= TWO_SLIP_LEGAL_LENGTH)


@functools.lru_cache(maxsize=65536)
def _as_legal_word(token: str, last: bool = False) -> str:
    """The legal-form word ``token`` is a one-slip misspelling of ("COMAPNY"), else itself.

    A typo inside "LIMITED LIABILITY COMPANY" must not turn the legal form into three
    distinctive words that the listed name lacks. The ``last`` word of a name, where
    legal forms stand, may be two slips from a long one ("BIO CORnPRATION"); inside a
    name such a word is more often a word of the name ("ChOPERATION" is cooperation).
    """
    words = _long_legal_words()
    if len(token) < FUZZY_LEGAL_LENGTH or token in words:
        return token
    found = extractOne(token, words, scorer=OSA.distance, score_cutoff=1)
    if found is None and last and len(token) >= TWO_SLIP_LEGAL_LENGTH:
        found = extractOne(token, _two_slip_legal_words(), scorer=DamerauLevenshtein.distance, score_cutoff=2)
    return found[0] if found else token


#: Letters per slip allowed in a legal-form phrase of several words ("JOIT STOaCK COMPANY",
#: "JONIT STOCK COMPAY"): a slip in one of its words does not make it a name.
LEGAL_PHRASE_LETTERS_PER_SLIP = 8


@functools.cache
def _legal_phrases() -> dict[int, tuple[tuple[str, ...], ...]]:
    """Legal forms of several words by their number of words."""
    out: dict[int, set[tuple[str, ...]]] = {}
    for form in vocabulary().legal_forms:
        if len(form) >= 2:
            out.setdefault(len(form), set()).add(form)
    return {size: tuple(sorted(forms)) for size, forms in out.items()}


@functools.cache
def _legal_phrases_any_order() -> frozenset[tuple[str, ...]]:
    """Legal forms of several words, each with its words sorted: a query that writes them
    out of order ("OBSHCHESTVO AKTSIONERNOE", "Company Stock Joint Open") still writes
    the legal form, not words of the name."""
    return frozenset(tuple(sorted(form)) for forms in _legal_phrases().values() for form in forms)


@functools.lru_cache(maxsize=65536)
def _near_legal_phrase(words: tuple[str, ...]) -> bool:
    """Whether words are a legal-form phrase with a slip in some of them: word for word,
    one slip at most in each word of four letters or more, one per eight letters in all."""
    slips = len("".join(words)) // LEGAL_PHRASE_LETTERS_PER_SLIP
    for form in _legal_phrases().get(len(words), ()) if slips else ():
        total = 0
        for word, legal in zip(words, form, strict=True):
            if word != legal:
                if min(len(word), len(legal)) < 4 or OSA.distance(word, legal, score_cutoff=1) > 1:
                    break
                total += 1
        else:
            if total <= slips:
                return True
    return False


def legal_form_mask(tokens: list[str], fuzzy: bool = True, phrases: bool = False) -> tuple[list[int], list[str]]:
    """Indices of the tokens that are not part of a legal-form phrase, and the removed words.

    ``fuzzy`` also reads one-slip misspellings of long legal words as those words;
    ``phrases`` (a query's: the lists spell theirs right) also legal-form phrases with a
    slip in some of their words.
    """
    vocab = vocabulary()
    if fuzzy:
        # the first word is left as written: "Limiter Systems" names a firm, it is no typo
        last = len(tokens) - 1
        tokens = tokens[:1] + [_as_legal_word(t, n == last) for n, t in enumerate(tokens[1:], start=1)]
    kept: list[int] = []
    removed: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(vocab.legal_max_len, len(tokens) - i), 0, -1):
            if tuple(tokens[i : i + size]) in vocab.legal_forms or (
                phrases and size >= 2 and (
                    tuple(sorted(tokens[i : i + size])) in _legal_phrases_any_order()
                    or _near_legal_phrase(tuple(tokens[i : i + size]))
                )
            ):
                removed.extend(tokens[i : i + size])
                i += size
                break
        else:
            kept.append(i)
            i += 1
    if not kept:  # a name that is only a legal form ("AO") keeps it
        return list(range(len(tokens))), []
    return kept, removed


#: The last word of a name, without the brackets or quotes around it.
_LAST_WORD = re.compile(r"(?:^|\s)[(\"«“‘]*([^\s(\"«“‘]+?)[)\"»”’,]*\s*$")


@dataclass(slots=True, frozen=True)
class _LastWord:
    """A name's last written word, where it may be a legal form."""

    written: str  # with its brackets and full stops: "(JC)", "S.RgO."
    letters: str  # its tokens written together: "jc", "srgo"
    start: int  # the position in the name's tokens of its first token


def _last_word(latin: str, tokens: list[str]) -> _LastWord | None:
    """The last written word and the tokens it gave, unless it gave all of them."""
    found = _LAST_WORD.search(without_apostrophes(latin))
    if not found:
        return None
    words = tokenize(found.group(1))
    if not words or len(words) >= len(tokens) or tokens[-len(words):] != words:
        return None
    return _LastWord(found.group(0), "".join(words), len(tokens) - len(words))


#: A dotted last word is read as a mistyped legal form only from this many letters on
#: ("Sp.j." is a legal form of its own, and three letters are one slip from many).
SLIPPED_LEGAL_LENGTH = 4


def _slipped_legal_tail(last: _LastWord | None, count: int) -> frozenset[int]:
    """Positions among ``count`` tokens of a last, dotted word one slip from a legal form
    ("COxRP.", "LTAD.", "S.A.fS."): generic words, not a distinctive name the listed one lacks."""
    if (last is None or "." not in last.written
            or not SLIPPED_LEGAL_LENGTH <= len(last.letters) <= 2 * SLIPPED_LEGAL_LENGTH):
        return frozenset()
    if extractOne(last.letters, _joined_legal_forms(), scorer=OSA.distance, score_cutoff=1) is None:
        return frozenset()
    return frozenset(range(last.start, count))


#: A last word this long or longer can be read as a legal form ("(JC)" for "(JSC)"; the
#: listed one must be a legal form of three letters or more, see ``legal_tails_agree``).
LEGAL_TAIL_LENGTH = 2


def legal_tail(last: _LastWord | None, kept_idx: list[int]) -> tuple[str, int]:
    """The letters of a name's last word if it is written with full stops, in brackets or is
    a legal form, and how many of the kept tokens (``kept_idx``) it gave; ("", 0) if not.

    The lists spell some legal forms letter by letter (S.R.O., D.O.O.), and those stay words
    of the name: read as legal forms, they shortened listed names that innocent names then
    met. A query whose own legal form slipped ("S.RgO.", "GBMH.") is compared without both
    (see ``legal_tails_agree``), which needs to know where each tail starts.
    """
    if last is None or len(last.letters) < LEGAL_TAIL_LENGTH:
        return "", 0
    marked = "." in last.written or "(" in last.written  # "S.RgO.", "(JC)"
    if not marked and last.letters not in _joined_legal_forms():
        return "", 0
    return last.letters, sum(1 for i in kept_idx if i >= last.start)


def legal_tails_agree(query: NameForm, listed: NameForm) -> bool:
    """Whether the query's last word is the listed name's legal form with a slip in it.

    "Icnoff Aerospace S.RgO." and "Incoff Aerospace S.R.O." then compare as "Icnoff
    Aerospace" and "Incoff Aerospace", as names whose legal forms the vocabulary reads do.
    """
    if not query.tail or not listed.tail or query.tail == listed.tail:
        return False
    if listed.tail not in _joined_legal_forms():
        return False
    return OSA.distance(query.tail, listed.tail, score_cutoff=1) <= 1


@functools.cache
def _joined_legal_forms() -> tuple[str, ...]:
    """Legal forms written together, of at least SLIPPED_LEGAL_LENGTH - 1 letters."""
    forms = {"".join(form) for form in vocabulary().legal_forms}
    return tuple(sorted(f for f in forms if len(f) >= SLIPPED_LEGAL_LENGTH - 1))


def surname_flags(value: str, count: int) -> tuple[bool, ...]:
    """Which tokens the list wrote as a SURNAME in capitals ("Jeffrey John James ASHFIELD").

    Lists such as OFAC write the family name in upper case; a person query that meets
    only the given names of such an entry has not met the person.
    """
    if not any(ch.islower() for ch in value):
        return ()
    flags: list[bool] = []
    for word in value.replace(",", " ").split():
        upper = word.isupper() and sum(ch.isalpha() for ch in word) > 1
        flags.extend(upper for _ in tokenize(word.lower()))
    return tuple(flags) if len(flags) == count and any(flags) else ()


#: Runs of text outside the CJK ideographs (and their punctuation) in a Chinese name.
_NON_HAN = re.compile(r"[^\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def _han_company_tokens(text: str) -> list[list[str]]:
    """Segment pinyin of a Chinese company name: translate known words, join the rest.

    华为技术有限公司 → hua wei | ji shu | you xian gong si → [huawei, technologies] (+ the
    untranslated reading [huawei, jishu]) so both English and pinyin list entries match.
    """
    syllables = [s for s in han_syllables(text) if s.isalnum()]
    # words written in other letters ("ZTE", katakana) are words of their own, not syllables
    foreign = {w for run in _NON_HAN.findall(text) for w in foreign_words(run)}
    return _pinyin_words(syllables, foreign)


def _pinyin_words(syllables: list[str], foreign: set[str]) -> list[list[str]]:
    """Pinyin syllables read as words: known words translated (and kept as written), legal
    forms dropped, the syllables between them joined into one word."""
    vocab = vocabulary()
    translated: list[str] = []
    literal: list[str] = []
    run: list[str] = []

    def end_run() -> None:
        """The syllables no known word covered, read as one word."""
        if run:
            translated.append("".join(run))
            literal.append("".join(run))
            run.clear()

    i = 0
    while i < len(syllables):
        if syllables[i] in foreign:
            end_run()
            translated.append(syllables[i])
            literal.append(syllables[i])
            i += 1
            continue
        for size in range(min(8, len(syllables) - i), 1, -1):
            word = "".join(syllables[i : i + size])
            if word in vocab.chinese or tuple(syllables[i : i + size]) in vocab.legal_forms:
                end_run()
                if word in vocab.chinese:
                    translated.extend(vocab.chinese[word].split())
                    literal.append(word)
                i += size
                break
        else:
            run.append(syllables[i])
            i += 1
    end_run()
    return [t for t in (translated, literal) if t]


def _pinyin_company_tokens(tokens: list[str]) -> list[list[str]]:
    """A company name written in pinyin, read with its known words translated.

    Chinese suppliers write their names in pinyin on invoices and bills of lading
    ("Huawei Jishu Youxian Gongsi", "Hua Wei Ji Shu You Xian Gong Si") while the lists
    write them in English (Huawei Technologies Co., Ltd.): the same readings as the
    name written in Chinese characters. Nothing when no word of the name is a known one.
    """
    vocab = vocabulary()
    if len(tokens) > 1 and all(t in pinyin_syllables() for t in tokens):
        # one syllable a word: the word breaks are lost, as in characters
        readings = _pinyin_words(tokens, set())
        if len(readings) < 2 or readings[0] == readings[1]:
            return []
        # ... and one known word alone ("Ji Shu You Xian Gong Si") is no name
        return readings if len(readings[1]) > 1 or readings[1][0] not in vocab.chinese else []
    translated: list[str] = []
    # words of the name besides its legal form: "Jishu" alone is no name to read as
    # "technologies", while Zhongguo Dianzi Keji Jituan (CETC) is four known words
    kept = known = 0
    legal = legal_words()
    i = 0
    while i < len(tokens):
        for size in range(min(4, len(tokens) - i), 0, -1):
            word = "".join(tokens[i : i + size])
            if word in vocab.chinese and all(pinyin_split(t) for t in tokens[i : i + size]):
                translated.extend(vocab.chinese[word].split())
                known += 1
                i += size
                break
        else:
            translated.append(tokens[i])
            kept += tokens[i] not in legal
            i += 1
    return [translated] if translated != tokens and kept + known > 1 else []


#: Articles that follow "Abd" (servant of) in Arabic names, as romanised apart or assimilated
#: to the next consonant (Abd ar-Rahman, Abd as-Salam).
_ABD_ARTICLES = frozenset({"al", "el", "ul", "ol", "il", "ar", "as", "an", "ad", "at", "az", "ash", "adh"})


def join_abd_article(tokens: list[str], flags: tuple[bool, ...]) -> tuple[list[str], tuple[bool, ...]]:
    """Read "Abd al-Aziz" as "Abdul Aziz": one name written as two words or one.

    Lists and customers write the same name "Abd Al Aziz", "Abdul Aziz" and "Abdel Aziz";
    joined, the article-bearing forms meet the Abdul/Abdel romanisation group.
    """
    if "abd" not in tokens:
        return tokens, flags
    out: list[str] = []
    out_flags: list[bool] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "abd" and i + 2 < len(tokens) and tokens[i + 1] in _ABD_ARTICLES:
            out.append("abdul")
            out_flags.append(bool(flags) and (flags[i] or flags[i + 1]))
            i += 2
            continue
        out.append(tokens[i])
        out_flags.append(bool(flags) and flags[i])
        i += 1
    return out, tuple(out_flags) if flags else ()


def prepare(value: str, schema: str = "LegalEntity", query: bool = False) -> list[NameForm]:
    """All comparable forms of one written name (empty if nothing is left to compare).

    ``query``: the name is one to screen, not a listed one. A first word one slip from a
    title ("Shekh", "Maulwi"), or a title written last ("SAIFULLAH Qari"), then also gives
    a form without it: the lists spell their titles right and put them first, a payment or
    a form may not, and a surname that happens to look like a title ("Mallah", "Major")
    keeps its own form too.
    """
    value = value.strip()
    if not value:
        return []
    script = detect_script(value)
    token_lists: list[tuple[str, list[str]]] = []
    han_company = script == HAN and schema not in PERSON_SCHEMAS
    if han_company:
        for tokens in _han_company_tokens(value):
            token_lists.append((" ".join(tokens), tokens))
    if not han_company or schema == "LegalEntity":
        for latin in latin_variants(value, organisation=schema not in PERSON_SCHEMAS):
            token_lists.append((latin, tokenize(latin)))
    if script == "Latn" and schema not in PERSON_SCHEMAS:
        for latin, tokens in token_lists[:]:
            token_lists.extend((latin, reading) for reading in _pinyin_company_tokens(tokens))
    if schema in PERSON_SCHEMAS and script == "Latn":
        token_lists.extend(_hyphens_joined(token_lists))
    forms: list[NameForm] = []
    seen: set[tuple[str, ...]] = set()
    initial_first = _INITIAL_FIRST.match(value) is not None
    letters = _letter_romanisations(value) if script in _LETTER_WORD_SCRIPTS else None
    for latin, raw_tokens in token_lists:
        tokens = raw_tokens
        flags = surname_flags(value, len(tokens)) if script == "Latn" else ()
        tokens, flags = join_abd_article(tokens, flags)
        if schema in PERSON_SCHEMAS or schema == "LegalEntity":
            # a one-letter title written with a full stop is an initial: "U. S. H. AL-TIKRITI"
            # is Uday Saddam Hussein, not the Burmese honorific U
            while len(tokens) > 1 and _is_title(tokens[0], script) and not (len(tokens[0]) == 1 and initial_first):
                tokens = tokens[1:]
                flags = flags[1:]
            # "SHAKRO JR.", "John Smith III": a generation, not a word of the name (kept,
            # the listed "jr" met the "zhr" of نازنین زهرا شاکری, which sounds alike)
            while schema in PERSON_SCHEMAS and len(tokens) > 1 and tokens[-1] in GENERATION_SUFFIXES:
                tokens = tokens[:-1]
                flags = flags[:-1]
            if query and len(tokens) > 1 and _near_title(tokens[0]):
                token_lists.append((latin, tokens[1:]))
            if query and len(tokens) > 1 and _is_title(tokens[-1], script) and len(tokens[-1]) > 1:
                token_lists.append((latin, tokens[:-1]))  # a title moved behind the name: "SAIFULLAH Qari"
        # people have no legal form, but their initials can spell one ("A. S.", "S. A.")
        slipped_legal: frozenset[int] = frozenset()
        last_word: tuple[str, int] = ("", 0)
        if schema in PERSON_SCHEMAS:
            kept_idx, removed = list(range(len(tokens))), []
        else:
            kept_idx, removed = legal_form_mask(tokens, phrases=query)
            last = _last_word(latin, tokens)
            last_word = legal_tail(last, kept_idx)
            if query:
                tail = _slipped_legal_tail(last, len(tokens))
                slipped_legal = frozenset(k for k, i in enumerate(kept_idx) if i in tail)
        kept = [tokens[i] for i in kept_idx]
        flags = tuple(flags[i] for i in kept_idx) if flags else ()
        phon = tuple(phonetic(t) for t in kept)
        if not phon or phon in seen:
            continue
        seen.add(phon)
        forms.append(
            NameForm(
                original=value,
                latin=latin,
                tokens=phon,
                raw=tuple(kept),
                generic=tuple(
                    is_generic(t, schema not in PERSON_SCHEMAS) or i in slipped_legal for i, t in enumerate(phon)),
                legal_form=" ".join(removed),
                # phonetic of the written-together name, not a join of phonetic tokens:
                # "zhong guo" and "zhongguo", "NS CHAMPION" and "NSCHAMPION" must agree
                joined=phonetic("".join(kept)),
                joined_full=phonetic("".join(tokens)),
                script=script,
                surname=flags,
                bound=hyphen_bound(latin, kept),
                initials=tuple(len(t) == 1 or t in letters for t in kept) if letters is not None else (),
                tail=last_word[0],
                tail_tokens=last_word[1],
            )
        )
    return forms


def _is_title(token: str, script: str) -> bool:
    """Whether a word is an honorific or title ("Haji", "Herr", "Dr").

    Read from another script, a title comes romanised as that script writes it: Хаджи
    reads "khadzhi", Херр "kherr"; they sound as the lists' Haji and Herr do.
    """
    if token in vocabulary().titles:
        return True
    return script != "Latn" and phonetic(token) in _title_sounds()


#: Titles at least this long are also recognised by sound in a romanised script.
TITLE_SOUND_LENGTH = 4


@functools.cache
def _title_sounds() -> frozenset[str]:
    # short titles sound like names in other scripts: Хон (Hong) is not "Hon.", Май not "Maj."
    return frozenset(phonetic(t) for t in vocabulary().titles if len(t) >= TITLE_SOUND_LENGTH)


#: A name whose first word is one letter and a full stop ("U. S. H. AL-TIKRITI").
_INITIAL_FIRST = re.compile(r"\W*\w\.")

#: Words at least this long one slip from a title of at least this length may be that title.
NEAR_TITLE_LENGTH = 5


@functools.lru_cache(maxsize=65536)
def _near_title(token: str) -> bool:
    if len(token) < NEAR_TITLE_LENGTH or token in vocabulary().titles:
        return False
    return any(len(t) >= NEAR_TITLE_LENGTH and OSA.distance(token, t, score_cutoff=1) <= 1
               for t in vocabulary().titles)


def hyphen_bound(latin: str, tokens: list[str]) -> tuple[bool, ...]:
    """For each token, whether the text joins it to the previous word by a hyphen.

    Found by locating the tokens in the lower-cased text in order; a token the earlier
    steps rewrote ("abd al" read as "abdul") is simply not bound.
    """
    text = without_apostrophes(latin)
    out: list[bool] = []
    pos = 0
    for token in tokens:
        at = text.find(token, pos)
        if at < 0:
            out.append(False)
            continue
        out.append(pos > 0 and text[at - 1] in HYPHENS)  # pos > 0: a word was found before it
        pos = at + len(token)
    return tuple(out)


def _hyphens_joined(token_lists: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """Each reading with the parts of its hyphenated words written as one word.

    A Korean given name is two syllables joined by a hyphen ("Young-Chol"): a slip or two
    in one syllable leaves it no syllable at all ("oCl", "Tf"), while the given name read
    whole is still one slip or two from the listed one.
    """
    out = []
    for latin, tokens in token_lists:
        bound = hyphen_bound(latin, tokens)
        if not any(bound):
            continue
        joined: list[str] = []
        for token, joins in zip(tokens, bound, strict=True):
            if joins and joined:
                joined[-1] += token
            else:
                joined.append(token)
        out.append((latin, joined))
    return out


#: Hyphens and dashes that join the parts of one word.
HYPHENS = frozenset("-‐‑–")
