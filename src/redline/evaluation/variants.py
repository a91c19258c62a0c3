"""Name manipulations a screening engine must survive, one function per class.

Each function takes a listed name and a seeded ``random.Random`` and returns a variant
or None when the class does not apply (no middle name to drop, no Cyrillic to
re-romanise). They model what real customer data does to a listed name: other
romanisation systems, word order, initials, typos and keyboard slips, joined or split
words, legal forms, honorifics and payment-field truncation.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from redline.text.scripts import ARABIC, CYRILLIC, HAN, detect_script

Variant = Callable[[str, str, random.Random], str | None]

_KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij",
    "i": "uok", "o": "ipl", "p": "ol", "a": "qsz", "s": "adwx", "d": "sfec", "f": "dgrv",
    "g": "fhtb", "h": "gjyn", "j": "hkum", "k": "jlim", "l": "kop", "z": "asx", "x": "zcs",
    "c": "xvd", "v": "cbf", "b": "vng", "n": "bmh", "m": "nj",
}

# Alternative romanisations of Russian Cyrillic (German, French, ISO 9, ICAO 9303).
_ROMAN = {
    "german": {"ж": "sch", "ш": "sch", "щ": "schtsch", "ч": "tsch", "х": "ch", "ц": "z",
               "й": "j", "ю": "ju", "я": "ja", "в": "w", "е": "e", "ё": "jo", "ы": "y", "э": "e",
               "у": "u", "з": "s", "с": "s", "ъ": "", "ь": ""},
    "french": {"ж": "j", "ш": "ch", "щ": "chtch", "ч": "tch", "х": "kh", "ц": "ts",
               "й": "i", "ю": "iou", "я": "ia", "у": "ou", "е": "e", "ё": "io", "ы": "y",
               "э": "e", "ъ": "", "ь": ""},
    "iso9": {"ж": "ž", "ш": "š", "щ": "ŝ", "ч": "č", "х": "h", "ц": "c", "й": "j",
             "ю": "û", "я": "â", "ы": "y", "э": "è", "е": "e", "ё": "ë", "ъ": "", "ь": ""},
    "icao": {"ж": "zh", "ш": "sh", "щ": "shch", "ч": "ch", "х": "kh", "ц": "ts", "й": "i",
             "ю": "iu", "я": "ia", "ы": "y", "э": "e", "е": "e", "ё": "e", "ъ": "ie", "ь": ""},
}
_BASE = dict(zip("абвгдзиклмнопрстуф", "abvgdziklmnoprstuf", strict=True))

# Latin (BGN-style) → Cyrillic, longest first, to write a romanised Russian name in Cyrillic.
_TO_CYRILLIC = (
    ("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("iy", "ий"), ("yy", "ый"), ("y", "ы"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"),
    ("w", "в"), ("x", "кс"), ("j", "дж"), ("q", "к"),
)

_ARABIC_SWAPS = (
    (r"\bmuhammad\b", "mohammed"), (r"\bmohammed\b", "muhammad"), (r"\bmohamed\b", "muhammad"),
    (r"\bmohammad\b", "mohamad"), (r"\babdul\b", "abd al"), (r"\babd al\b", "abdul"),
    (r"\bal[- ]", "el-"), (r"\bel[- ]", "al "), (r"\bhussein\b", "husayn"), (r"\bhusayn\b", "hussein"),
    (r"\bhassan\b", "hasan"), (r"\bahmad\b", "ahmed"), (r"\bahmed\b", "ahmad"), (r"\bomar\b", "umar"),
    (r"\byousef\b", "yusuf"), (r"\byusuf\b", "yousef"), (r"ou", "u"), (r"ee", "i"),
)
_ARABIC_HINT = re.compile(
    r"\b(al|el|abd|abdul|bin|ibn|abu|muhammad|mohammed|mohamed|ahmad|ahmed|ali|hassan|hussein)\b", re.I
)

LEGAL = ("LLC", "Ltd", "JSC", "OOO", "GmbH", "Co., Ltd.", "PJSC", "Limited")
TITLES = ("Mr", "Dr.", "Mrs.", "Sheikh", "Haji", "Prof.")


def _words(name: str) -> list[str]:
    return name.replace(",", " ").split()


def reorder(name: str, schema: str, rng: random.Random) -> str | None:
    words = _words(name)
    if len(words) < 2:
        return None
    return " ".join(words[1:] + words[:1]) if rng.random() < 0.5 else " ".join(reversed(words))


def missing_middle(name: str, schema: str, rng: random.Random) -> str | None:
    """First given name and the family name, middle names and patronymics dropped.

    The family name is every word the list writes in capitals ("Oscar Domingo VILLA
    DIAZ" → "Oscar VILLA DIAZ": dropping a Hispanic first surname is not a missing
    middle name), else the last word. A leading title is not the given name: "Sheikh
    Hassaan HUSSEIN" has no middle name, and "Sheikh HUSSEIN" would be a name without
    its given name, which names every listed Hussein alike.
    """
    words = _words(name)
    if schema != "Person" or len(words) < 3:
        return None
    titles = _titles()
    given = 0
    while given < len(words) - 1 and words[given].lower().strip(".") in titles:
        given += 1
    start = _surname_start(words)
    if start < given + 2:
        return None
    return " ".join([*words[: given + 1], *words[start:]])


def _surname_start(words: list[str]) -> int:
    """Index of the first family-name word: lists write family names in capitals."""
    capitals = [w.isupper() and any(c.isalpha() for c in w) for w in words]
    if any(capitals) and not all(capitals):
        return capitals.index(True)
    return len(words) - 1


_PARTICLES = frozenset({"al", "el", "bin", "ben", "ibn", "bint", "abu", "abou", "de", "del", "da", "di",
                        "van", "von", "der", "la", "le"})


def initials(name: str, schema: str, rng: random.Random) -> str | None:
    """Given names written as initials, the way forms and payment fields abbreviate them.

    The family name stays whole: the last word, or every word the list writes in
    capitals (OFAC/UN write "Jesus Alfredo SALAZAR RAMIREZ"); particles (al, bin, de)
    stay as written, and an initial is the first *letter* ("'Ali" → "A.").
    """
    words = _words(name)
    if schema != "Person" or len(words) < 2:
        return None
    titles = _titles()
    surname_start = _surname_start(words)
    out: list[str] = []
    abbreviated = False
    for word in words[:surname_start]:
        letters = [c for c in word if c.isalpha()]
        if not letters:
            continue
        if word.lower() in _PARTICLES or word.lower().strip(".") in titles:
            out.append(word)  # a title is not a given name: "Hajji Khair MOHAMMAD" → "Hajji K. MOHAMMAD"
        else:
            out.append(letters[0].upper() + ".")
            abbreviated = True
    if not abbreviated:
        return None
    return " ".join([*out, *words[surname_start:]])


def _titles() -> frozenset[str]:
    from redline.text.tokens import vocabulary

    return vocabulary().titles


def _edit(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("sub", "del", "ins", "swap"))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if op == "sub":
        return word[:i] + letter + word[i + 1 :]
    if op == "del":
        return word[:i] + word[i + 1 :]
    if op == "ins":
        return word[:i] + letter + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def typo1(name: str, schema: str, rng: random.Random) -> str | None:
    words = _words(name)
    idx = max(range(len(words)), key=lambda k: len(words[k]), default=None)
    if idx is None or len(words[idx]) < 5:
        return None
    words[idx] = _edit(words[idx], rng)
    return " ".join(words)


def typo2(name: str, schema: str, rng: random.Random) -> str | None:
    words = _words(name)
    long = [k for k, w in enumerate(words) if len(w) >= 5]
    if len(long) >= 2:
        for k in rng.sample(long, 2):
            words[k] = _edit(words[k], rng)
    elif long and len(words[long[0]]) >= 8:
        words[long[0]] = _edit(_edit(words[long[0]], rng), rng)
    else:
        return None
    return " ".join(words)


def keyboard(name: str, schema: str, rng: random.Random) -> str | None:
    words = _words(name)
    idx = max(range(len(words)), key=lambda k: len(words[k]), default=None)
    if idx is None or len(words[idx]) < 5:
        return None
    word = words[idx]
    positions = [i for i in range(1, len(word)) if word[i].lower() in _KEYBOARD]
    if not positions:
        return None
    i = rng.choice(positions)
    words[idx] = word[:i] + rng.choice(_KEYBOARD[word[i].lower()]) + word[i + 1 :]
    return " ".join(words)


def concatenate(name: str, schema: str, rng: random.Random) -> str | None:
    words = _words(name)
    if len(words) < 2 or schema == "Person":
        return None
    i = rng.randrange(len(words) - 1)
    return " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2:]])


def split(name: str, schema: str, rng: random.Random) -> str | None:
    words = _words(name)
    long = [k for k, w in enumerate(words) if len(w) >= 8]
    if not long or schema == "Person":
        return None
    k = rng.choice(long)
    cut = len(words[k]) // 2
    words[k] = words[k][:cut] + " " + words[k][cut:]
    return " ".join(words)


def punctuation(name: str, schema: str, rng: random.Random) -> str | None:
    words = _words(name)
    if len(words) < 2:
        return None
    sep = rng.choice(("-", ". ", "/", " - "))
    return sep.join(w.lower() if rng.random() < 0.5 else w.upper() for w in words)


def legal_form(name: str, schema: str, rng: random.Random) -> str | None:
    if schema == "Person" or schema == "Vessel":
        return None
    return f"{rng.choice(LEGAL)} {name}" if rng.random() < 0.5 else f"{name} {rng.choice(LEGAL)}"


def title(name: str, schema: str, rng: random.Random) -> str | None:
    if schema != "Person":
        return None
    return f"{rng.choice(TITLES)} {name}"


def truncation(name: str, schema: str, rng: random.Random) -> str | None:
    """Cut at a 35-character payment field, when a distinctive word survives the cut.

    A name cut down to its legal form ("OBSHCHESTVO S OGRANICHENNOI OTVETST") identifies
    no one; such cases would measure the deck, not the matcher.
    """
    if len(name) <= 38:
        return None
    from redline.text.names import prepare

    cut = name[:35]
    full = prepare(name, schema)
    kept = prepare(cut, schema)
    if not full or not kept:
        return None
    distinctive = {
        t for t, g in zip(full[0].tokens, full[0].generic, strict=True) if not g and len(t) > 2
    }
    complete = set(kept[0].tokens[:-1]) if not name[35:36].isspace() else set(kept[0].tokens)
    return cut if distinctive & complete else None


def cyrillic(name: str, schema: str, rng: random.Random) -> str | None:
    """A Latin listed name written in Cyrillic, or a Cyrillic one in another romanisation."""
    script = detect_script(name)
    if script == CYRILLIC:
        table = {**_BASE, **_ROMAN[rng.choice(sorted(_ROMAN))]}
        return "".join(table.get(ch, table.get(ch.lower(), ch)) for ch in name.lower()).title()
    if script != "Latn" or schema not in ("Person", "Organization", "Company", "LegalEntity"):
        return None
    text = name.lower()
    if not re.fullmatch(r"[a-z ,.'-]+", text):
        return None
    out = []
    i = 0
    while i < len(text):
        for latin, cyr in _TO_CYRILLIC:
            if text.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out).title()


def chinese(name: str, schema: str, rng: random.Random) -> str | None:
    """Hanzi written as pinyin with tone marks / other word splits, or pinyin reordered."""
    if detect_script(name) == HAN:
        from pypinyin import Style, lazy_pinyin

        style = rng.choice((Style.TONE, Style.NORMAL))
        syllables = [s for s in lazy_pinyin(name, style=style) if s.strip()]
        if schema == "Person" and 2 <= len(syllables) <= 4:
            return f"{syllables[0].title()} {''.join(syllables[1:]).title()}"
        return " ".join(s.title() for s in syllables)
    return None


def arabic(name: str, schema: str, rng: random.Random) -> str | None:
    """Another common romanisation of an Arabic name (Muhammad/Mohammed, al-/el-)."""
    if detect_script(name) == ARABIC or not _ARABIC_HINT.search(name):
        return None
    text = name.lower()
    swaps = [s for s in _ARABIC_SWAPS if re.search(s[0], text)]
    if not swaps:
        return None
    for pattern, repl in rng.sample(swaps, min(2, len(swaps))):
        text = re.sub(pattern, repl, text, count=1)
    return text.title() if text != name.lower() else None


CLASSES: dict[str, Variant] = {
    "reorder": reorder, "missing_middle": missing_middle, "initials": initials,
    "typo1": typo1, "typo2": typo2, "keyboard": keyboard, "concatenate": concatenate,
    "split": split, "punctuation": punctuation, "legal_form": legal_form, "title": title,
    "truncation": truncation, "cyrillic": cyrillic, "chinese": chinese, "arabic": arabic,
}
