"""The goods half of a shipment line: declared code, description, controls, exemption.

Kept apart from the party and route logic so that it can be benchmarked and tested on its
own. The declared code is never trusted over the description: when they contradict each
other the line is flagged and the controls the description points to are added, and a
medical exemption claimed by a contradicted code is not granted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from redline.errors import QueryError
from redline.goods.describe import Suggestion, mismatch, suggest
from redline.goods.hs import HsCode, normalize, normalize_many
from redline.goods.routes import GoodsFacts, RedFlag, flag
from redline.goods.tables import Control, classify_code


@dataclass
class GoodsCheck:
    declared: str
    code: HsCode | None = None  # the first declared code: kept for callers that show one
    codes: list[HsCode] = field(default_factory=list)  # every code the declaration holds
    controls: list[Control] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    exemption: str | None = None
    flags: list[RedFlag] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def facts(self) -> GoodsFacts:
        covering = [c for c in self.controls if c.applies]  # an "ex" entry counts: review, not clear
        chapters = {c.code[:2] for c in covering} | {code.chapter for code in self.codes}
        return GoodsFacts(controlled=bool(covering), exempt=self.exemption is not None and not covering,
                          art12g=any(c.art12g for c in covering), chapters=frozenset(chapters))

    def to_dict(self) -> dict[str, Any]:
        return {"declared": self.declared, "code": self.code.digits if self.code else None,
                "formatted": self.code.formatted() if self.code else None,
                "codes": [code.digits for code in self.codes],
                "controlled": self.facts.controlled, "exemption": self.exemption,
                "controls": [c.to_dict() for c in self.controls],
                "suggestions": [s.to_dict() for s in self.suggestions]}


def _from_description(suggestions: list[Suggestion], strong_only: bool) -> list[Control]:
    out: list[Control] = []
    for s in suggestions:
        if strong_only and s.strength != "strong":
            continue
        via = f"description ('{s.evidence}' → {s.hs}, rule {s.rule})"
        out += [replace(c, via=via) for c in classify_code(normalize(s.hs)).controls if c.applies]
    return out


def _dedupe(controls: list[Control]) -> list[Control]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in controls:
        if (c.table, c.code) not in seen:
            seen.add((c.table, c.code))
            out.append(c)
    return out


def _read_declared(result: GoodsCheck) -> None:
    """Parse the declared cell (one code or several); an invalid one is an error and a flag."""
    if not result.declared:
        return
    try:
        result.codes = normalize_many(result.declared)
    except QueryError as exc:
        result.errors.append(str(exc))
        result.flags.append(flag("invalid_hs_code", str(exc)))
        return
    result.code = result.codes[0]


def _check_declared(result: GoodsCheck) -> None:
    """Controls of every declared code, reconciled with the description.

    The declaration contradicts the description when no declared code fits it: then the
    line is flagged and the description's controls are added. With several codes, one that
    fits is enough ("8542.31 / 8482.10" for "microcontrollers and ball bearings"), since
    each code may describe another part of the line. An exemption is granted only when
    every code is exempt and the declaration is not contradicted.
    """
    exemptions: list[str | None] = []
    reasons: list[str | None] = []
    for code in result.codes:
        classification = classify_code(code)
        result.controls += classification.controls
        exemptions.append(classification.exemption)
        reasons.append(mismatch(code, result.suggestions))
    if all(reasons):
        result.flags.append(flag("declared_code_mismatch", "; ".join(r for r in reasons if r)))
        result.controls += _from_description(result.suggestions, strong_only=True)
    elif all(exemptions):
        result.exemption = exemptions[0]


def _check_description_only(result: GoodsCheck, description: str | None) -> None:
    """No usable code: the goods are judged from what the description rules suggest."""
    result.controls = _from_description(result.suggestions, strong_only=False)
    if not result.suggestions:
        result.flags.append(flag("goods_unidentified", f"description: {(description or '').strip()[:80]!r}"))
    elif not result.controls:
        exempt = [classify_code(normalize(s.hs)).exemption for s in result.suggestions]
        if all(exempt):
            result.exemption = f"by description: {exempt[0]}"


def check_goods(hs_code: str | None, description: str | None) -> GoodsCheck:
    """Classify the declared code(s), read the description, and reconcile the two."""
    result = GoodsCheck(declared=(hs_code or "").strip())
    result.suggestions = suggest(description)
    _read_declared(result)
    if result.codes:
        _check_declared(result)
    else:
        _check_description_only(result, description)
    result.controls = _dedupe(result.controls)
    return result
