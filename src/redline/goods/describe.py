"""Description → HS-6 suggestions with their evidence, and declared-code mismatches.

A transparent rule model (data/descriptions.yaml): an analyst sees exactly which words
or part numbers suggested a code. A declared code that none of the strong suggestions
shares a heading with is flagged — exporters mis-declare GPUs as "computer parts" to
slip past controls.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from redline.goods.hs import HsCode


@dataclass(frozen=True)
class Suggestion:
    hs6: str
    rule: str
    evidence: str
    strength: str
    note: str


@functools.cache
def _rules() -> tuple[tuple[str, tuple[str, ...], tuple[re.Pattern[str], ...], str, str], ...]:
    data = yaml.safe_load(resources.files("redline.goods").joinpath("data/descriptions.yaml").read_text("utf-8"))
    return tuple(
        (r["id"], tuple(r["hs6"]), tuple(re.compile(p, re.IGNORECASE) for p in r["patterns"]), r["strength"], r["note"])
        for r in data["rules"]
    )


def suggest(description: str) -> list[Suggestion]:
    out: list[Suggestion] = []
    for rule_id, codes, patterns, strength, note in _rules():
        for pattern in patterns:
            match = pattern.search(description or "")
            if match:
                out.extend(Suggestion(code, rule_id, match.group(0), strength, note) for code in codes)
                break
    out.sort(key=lambda s: s.strength != "strong")
    return out


def mismatch(declared: HsCode, suggestions: list[Suggestion]) -> str | None:
    """Why the declared code contradicts the description, or None."""
    strong = [s for s in suggestions if s.strength == "strong"]
    if not strong:
        return None
    if any(declared.digits[:4] == s.hs6[:4] for s in strong):
        return None
    evidence = ", ".join(sorted({f"'{s.evidence}' → {s.hs6}" for s in strong}))
    return f"declared {declared.formatted()} but the description points to {evidence}"
