"""Control tables as versioned data, each with its legal source, and the lookup over them.

Every YAML file in data/tables/ is one published table (CHPL, an EU 833 annex, an EAR
supplement, ...) with its citation, date and honesty fields: ``partial`` (only part of
the published table is shipped) and ``status`` (transcribed / unverified-excerpt /
hs-mapping). A lookup hands back every entry that applies and *how*: ``covers`` (the code
lies within the entry), ``may cover`` (the code lies within an "ex" entry, which lists only
the goods it describes, so the description decides) or ``some subheadings`` (the code is
broader than the entry).

The lookup is a dictionary per prefix length built once, so classifying a code costs five
dictionary probes whatever the size of the tables: shipment files run to millions of lines.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

import yaml

from redline.errors import ConfigError
from redline.goods.hs import HsCode, normalize

APPLIES = ("covers", "may cover")
ORDER = {"covers": 0, "may cover": 1, "some subheadings": 2}
REQUIRED = ("id", "title", "authority", "source", "url", "date", "partial", "status", "measure", "label", "entries")


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    label: str  # "tier 3.B", "annex XI", "category 3A090"
    description: str
    verified: bool
    ex: bool = False  # an "ex" code: only the goods described within the code are listed


@dataclass(frozen=True)
class ControlTable:
    id: str
    title: str
    authority: str
    source: str
    url: str
    date: str
    partial: bool
    status: str
    measure: str
    art12g: bool
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Control:
    """One table entry that applies to a code, and how."""

    table: str
    title: str
    code: str
    label: str
    description: str
    how: str  # "covers" | "may cover" | "some subheadings"
    measure: str
    source: str
    url: str
    date: str
    partial_table: bool
    verified: bool
    art12g: bool
    via: str = "declared code"  # or "description"

    @property
    def applies(self) -> bool:
        """The entry reaches the goods (an "ex" entry only if they are the goods it describes)."""
        return self.how in APPLIES

    @property
    def reason(self) -> str:
        scope = {"covers": "covers", "may cover": "may cover"}.get(self.how, "lists some subheadings of")
        code = f"ex {self.code}" if self.how == "may cover" else self.code
        caveat = "" if self.verified else " [unverified transcription: check the source]"
        check = (" ('ex' entry: only the goods described are listed; check the goods against that description)"
                 if self.how == "may cover" else "")
        return (f"{self.title}: entry {code} ({self.label}: {self.description}) {scope} "
                f"the {self.via}{check}{caveat}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"reason": self.reason}


@dataclass(frozen=True)
class Classification:
    """What the tables say about one code."""

    code: HsCode
    controls: tuple[Control, ...]
    exemption: str | None

    @property
    def controlled(self) -> bool:
        return any(c.how == "covers" for c in self.controls)

    @property
    def possibly_controlled(self) -> bool:
        """Only "ex" entries reach the code: listed or not depends on what the goods are."""
        return not self.controlled and any(c.how == "may cover" for c in self.controls)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code.digits, "formatted": self.code.formatted(), "level": self.code.level,
                "chapter": self.code.chapter_title(), "controlled": self.controlled,
                "possibly_controlled": self.possibly_controlled,
                "controls": [c.to_dict() for c in self.controls], "exemption": self.exemption,
                "partial_tables": [t.id for t in load_tables() if t.partial]}


def _digits(code: object) -> str:
    return re.sub(r"\D", "", str(code))


def _table(name: str, data: Any) -> ControlTable:
    if not isinstance(data, dict):
        raise ConfigError(f"goods table {name}: not a mapping")
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ConfigError(f"goods table {name}: missing {', '.join(missing)}")
    label_key = str(data["label"])
    entries = []
    for i, raw in enumerate(data["entries"]):
        code = _digits(raw.get("code", ""))
        if len(code) not in (2, 4, 6, 8, 10):
            raise ConfigError(f"goods table {name} entry {i}: code {raw.get('code')!r} is not 2-10 even digits")
        normalize(code)  # the chapter must exist
        entries.append(Entry(code, f"{label_key} {raw[label_key]}", str(raw["description"]),
                             bool(raw.get("verified", True)), bool(raw.get("ex", False))))
    return ControlTable(
        id=str(data["id"]), title=str(data["title"]), authority=str(data["authority"]),
        source=str(data["source"]), url=str(data["url"]), date=str(data["date"]),
        partial=bool(data["partial"]), status=str(data["status"]), measure=str(data["measure"]),
        art12g=bool(data.get("art12g", False)), entries=tuple(entries),
    )


@functools.cache
def load_tables() -> tuple[ControlTable, ...]:
    """Every shipped table, in file-name order (stable output)."""
    folder = resources.files("redline.goods").joinpath("data/tables")
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    return tuple(_table(n, yaml.safe_load(folder.joinpath(n).read_text("utf-8"))) for n in names)


def _control(table: ControlTable, entry: Entry, how: str) -> Control:
    if how == "covers" and entry.ex:
        how = "may cover"
    return Control(table.id, table.title, entry.code, entry.label, entry.description, how, table.measure,
                   table.source, table.url, table.date, table.partial, entry.verified, table.art12g)


@functools.cache
def _index() -> tuple[dict[str, tuple[Control, ...]], dict[str, tuple[Control, ...]]]:
    """(entry code → controls that cover it, proper prefix → controls listed below it)."""
    exact: dict[str, list[Control]] = defaultdict(list)
    below: dict[str, list[Control]] = defaultdict(list)
    for table in load_tables():
        for entry in table.entries:
            exact[entry.code].append(_control(table, entry, "covers"))
            for n in range(2, len(entry.code), 2):
                below[entry.code[:n]].append(_control(table, entry, "some subheadings"))
    return ({k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in below.items()})


@functools.cache
def exemptions() -> tuple[tuple[str, str], ...]:
    text = resources.files("redline.goods").joinpath("data/exemptions.yaml").read_text("utf-8")
    return tuple((_digits(e["code"]), str(e["description"])) for e in yaml.safe_load(text)["entries"])


def exemption_for(code: HsCode) -> tuple[str, str] | None:
    """(exempt entry code, description) when the code lies in a medical/humanitarian heading."""
    return next((e for e in exemptions() if code.digits.startswith(e[0])), None)


@functools.lru_cache(maxsize=65536)
def classify_code(code: HsCode) -> Classification:
    """Every control that applies to a checked code, most specific entries first.

    An exemption removes only the controls whose entry is no more specific than the
    exempt heading; a listed subheading inside an exempt heading stays listed.
    """
    exact, below = _index()
    found: list[Control] = []
    for n in range(2, len(code.digits) + 1, 2):
        found.extend(exact.get(code.digits[:n], ()))
    found.extend(below.get(code.digits, ()))
    exempt = exemption_for(code)
    if exempt:
        found = [c for c in found if c.applies and len(c.code) > len(exempt[0])]
    found.sort(key=lambda c: (ORDER[c.how], -len(c.code), c.table))
    note = f"{exempt[1]} (exempt heading {exempt[0]})" if exempt else None
    return Classification(code, tuple(found), note)


def classify(value: str) -> Classification:
    """Classify a code written in any format; QueryError if it is not a code."""
    return classify_code(normalize(value))
