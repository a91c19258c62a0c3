"""Description → HS suggestions with their evidence, and declared-code mismatches.

A transparent rule model (data/descriptions.yaml) rather than a learned classifier: an
analyst or auditor sees exactly which words or part numbers suggested a code, and a
reviewer changes a rule in a pull request. A declared code whose heading none of the
strong rules accepts is flagged: exporters mis-declare GPUs as "computer parts" or
furniture to slip past controls, so a declared code is never trusted over its own
description.
"""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

import yaml

from redline.errors import ConfigError
from redline.goods.hs import HsCode, normalize

MAX_DESCRIPTION = 2000


@dataclass(frozen=True, slots=True)
class Suggestion:
    hs: str  # HS-6 digits, or a 4-digit heading
    rule: str
    evidence: str  # every distinct text in the description that fired the rule
    strength: str  # strong | weak
    note: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    codes: tuple[str, ...]
    headings: frozenset[str]
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None
    strength: str
    note: str


def _compile(rule_id: str, parts: list[str]) -> re.Pattern[str]:
    try:
        return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"descriptions.yaml rule {rule_id}: bad pattern: {exc}") from exc


@functools.cache
def rules() -> tuple[Rule, ...]:
    text = resources.files("redline.goods").joinpath("data/descriptions.yaml").read_text("utf-8")
    out = []
    for raw in yaml.safe_load(text)["rules"]:
        rule_id = str(raw["id"])
        codes = tuple(normalize(str(c)).digits for c in raw["hs6"])
        words = [r"\b" + r"\s+".join(re.escape(w) for w in k.split()) + r"\b" for k in raw.get("keywords", [])]
        parts = list(raw.get("patterns", [])) + words
        if not parts:
            raise ConfigError(f"descriptions.yaml rule {rule_id}: no patterns or keywords")
        if raw["strength"] not in ("strong", "weak"):
            raise ConfigError(f"descriptions.yaml rule {rule_id}: strength must be strong or weak")
        headings = frozenset(str(h) for h in raw.get("consistent_headings", [c[:4] for c in codes]))
        unless = _compile(rule_id, raw["unless"]) if raw.get("unless") else None
        out.append(Rule(rule_id, codes, headings, _compile(rule_id, parts), unless, raw["strength"],
                        str(raw["note"])))
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _suggest(description: str) -> tuple[Suggestion, ...]:
    out: list[Suggestion] = []
    for rule in rules():
        found = [m.group(0).strip() for m in rule.pattern.finditer(description)]
        if not found or (rule.unless is not None and rule.unless.search(description)):
            continue
        evidence = ", ".join(dict.fromkeys(found))
        out.extend(Suggestion(code, rule.id, evidence, rule.strength, rule.note) for code in rule.codes)
    out.sort(key=lambda s: s.strength != "strong")
    return tuple(out)


def suggest(description: str | None) -> list[Suggestion]:
    """Every rule that fires on the description, strong rules first, each with its evidence."""
    text = " ".join((description or "")[:MAX_DESCRIPTION].split())
    return list(_suggest(text)) if text else []


def mismatch(declared: HsCode, suggestions: list[Suggestion]) -> str | None:
    """Why the declared code contradicts the description, or None.

    Only strong rules can contradict: a weak keyword ("server") is not evidence enough to
    overrule a declaration. The comparison is at heading level (4 digits), with each rule
    naming the headings consistent with it.
    """
    strong = [s for s in suggestions if s.strength == "strong"]
    if not strong:
        return None
    by_rule = {r.id: r for r in rules()}
    heading = declared.digits[:4]
    if any(heading in by_rule[s.rule].headings for s in strong):
        return None
    evidence = ", ".join(sorted({f"'{s.evidence}' → {s.hs}" for s in strong}))
    return f"declared {declared.formatted()} but the description points to {evidence}"
