"""Control tables as versioned data, each with its legal source, and the lookup over them."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from redline.goods.hs import HsCode, covers, inside, normalize


@dataclass(frozen=True)
class ControlTable:
    id: str
    title: str
    authority: str
    source: str
    url: str
    date: str
    partial: bool
    why: str
    entries: tuple[dict[str, str], ...]


@dataclass
class Control:
    """One table entry that applies to a code, and how."""

    table: str
    title: str
    code: str
    label: str
    description: str
    how: str  # "covers" (the code lies within the entry) or "some subheadings"
    source: str
    partial_table: bool
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        scope = "covers" if self.how == "covers" else "lists some subheadings of"
        return f"{self.title}: entry {self.code} ({self.label}: {self.description}) {scope} the declared code"


def _digits(code: str) -> str:
    return re.sub(r"\D", "", str(code))


@functools.cache
def load_tables() -> tuple[ControlTable, ...]:
    tables = []
    folder = resources.files("redline.goods").joinpath("data")
    for name in ("chpl.yaml", "advanced_computing.yaml", "eu_833_annex_xi.yaml", "eu_833_annex_x.yaml"):
        data = yaml.safe_load(folder.joinpath(name).read_text("utf-8"))
        entries = tuple({**e, "code": _digits(e["code"])} for e in data["entries"])
        tables.append(ControlTable(
            id=data["id"], title=data["title"], authority=data["authority"], source=data["source"],
            url=data["url"], date=str(data["date"]), partial=bool(data["partial"]), why=data["why"].strip(),
            entries=entries,
        ))
    return tuple(tables)


@functools.cache
def exemptions() -> tuple[dict[str, str], ...]:
    data = yaml.safe_load(resources.files("redline.goods").joinpath("data/exemptions.yaml").read_text("utf-8"))
    return tuple({**e, "code": _digits(e["code"])} for e in data["entries"])


def exemption_for(code: HsCode) -> dict[str, str] | None:
    return next((e for e in exemptions() if covers(e["code"], code)), None)


def classify(value: str) -> tuple[HsCode, list[Control]]:
    """Every control that applies to a written code, most specific entries first."""
    code = normalize(value)
    found: list[Control] = []
    for table in load_tables():
        for entry in table.entries:
            how = "covers" if covers(entry["code"], code) else "some subheadings" if inside(entry["code"], code) else ""
            if not how:
                continue
            label = next((f"{k} {entry[k]}" for k in ("tier", "annex", "category") if k in entry), "listed")
            found.append(Control(table.id, table.title, entry["code"], label, entry["description"], how,
                                 table.source, table.partial))
    found.sort(key=lambda c: (c.how != "covers", -len(c.code)))
    return code, found
