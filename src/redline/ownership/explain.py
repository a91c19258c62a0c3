"""Turn a derivation into words and paths an analyst can check against the registry.

A derived block is a claim about somebody who is *not* on any list, so it must show
its working: which listed parties sit at the top, through which companies, with which
percentages, from which source records, and what had to be assumed.
"""

from __future__ import annotations

from dataclasses import dataclass

from redline.ownership.graph import OwnershipGraph
from redline.ownership.rules import Derivation, Rule

STATUS_WORDS = {
    "listed": "listed",
    "owned": "blocked by ownership",
    "presumed": "presumed blocked (needs review)",
    "controlled": "controlled by listed persons (needs review)",
}


@dataclass(slots=True, frozen=True)
class Step:
    """One hop of a path: ``owner`` → ``asset`` with the share (None: control/unknown)."""

    owner: str
    asset: str
    percent: float | None
    kind: str
    assumed: bool
    source: str


def paths(derivations: dict[str, Derivation], node: str, limit: int = 20) -> list[list[Step]]:
    """Chains from listed parties down to ``node`` through contributing holdings.

    Contributions always point at owners decided earlier, so the walk cannot loop; the
    ``seen`` guard is there for graphs edited by hand.
    """
    out: list[list[Step]] = []

    def walk(current: str, suffix: list[Step], seen: frozenset[str]) -> None:
        if len(out) >= limit:
            return
        found = derivations.get(current)
        if found is None or found.status == "listed":
            if suffix:
                out.append(suffix)
            return
        for c in found.contributions:
            if c.edge.owner in seen:
                continue
            step = Step(c.edge.owner, current, c.percent, c.edge.kind, c.assumed, c.edge.source)
            walk(c.edge.owner, [step, *suffix], seen | {c.edge.owner})

    walk(node, [], frozenset({node}))
    return out


def confidence(derivations: dict[str, Derivation], node: str) -> float:
    """Weakest identification of a listed root among the chains that lead to ``node``."""
    roots = {p[0].owner for p in paths(derivations, node, limit=1000)}
    values = [max((lst.confidence for lst in derivations[r].listings), default=1.0) for r in roots]
    return min(values, default=1.0)


def _pct(value: float | None, assumed: bool = False, kind: str = "ownership") -> str:
    if kind != "ownership":
        return kind
    if value is None:
        return "? %" if not assumed else "? % (assumed)"
    return f"{value:g} %"


def render_path(graph: OwnershipGraph, path: list[Step]) -> str:
    """'Zakharov [listed] —75 %→ SPS' style one-liner."""
    def name(node_id: str) -> str:
        node = graph.nodes.get(node_id)
        return node.caption if node else node_id

    parts = [f"{name(path[0].owner)} [listed]"]
    for step in path:
        parts.append(f"—{_pct(step.percent, step.assumed, step.kind)}→ {name(step.asset)}")
    return " ".join(parts)


def explain(graph: OwnershipGraph, derivations: dict[str, Derivation], node: str, rule: Rule,
            max_paths: int = 20) -> str:
    """The full explanation of one node's status under ``rule``."""
    found = derivations.get(node)
    caption = graph.nodes[node].caption if node in graph.nodes else node
    if found is None:
        return f"'{caption}' is not blocked under {rule.title}: listed owners hold less than {rule.wording}."
    if found.status == "listed":
        where = "; ".join(f"{lst.list} {lst.entity_id} ({lst.how})" for lst in found.listings)
        return f"'{caption}' is itself listed: {where}."
    lines = [f"'{caption}' is {STATUS_WORDS[found.status]} under {rule.title}."]
    if found.status != "controlled":
        how = "in aggregate " if len(found.contributions) > 1 else ""
        lines.append(f"Owned {found.share:g} % {how}by listed or blocked owners (threshold: {rule.wording}):")
    for c in found.contributions:
        owner = derivations[c.edge.owner]
        owner_caption = graph.nodes[c.edge.owner].caption
        if owner.status == "listed":
            what = "listed: " + "; ".join(f"{lst.list} {lst.entity_id} ({lst.how})" for lst in owner.listings)
        else:
            what = f"itself {STATUS_WORDS[owner.status]}"
        lines.append(f"  - {_pct(c.percent, c.assumed, c.edge.kind)} {'held ' if c.edge.kind == 'ownership' else ''}"
                     f"by '{owner_caption}' ({what}) [source {c.edge.source}]")
    found_paths = paths(derivations, node, max_paths)
    if found_paths:
        lines.append("Paths:")
        lines.extend(f"  {render_path(graph, p)}" for p in found_paths)
    if found.flags:
        lines.append("Flags:")
        lines.extend(f"  ! {f}" for f in found.flags)
    return "\n".join(lines)
