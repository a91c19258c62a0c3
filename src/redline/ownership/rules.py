"""Derive blocks from ownership: the OFAC 50 % rule and the EU/UK ownership-and-control tests.

Semantics (OFAC revised guidance of 13 August 2014; see ``config.yaml`` for the EU/UK
readings): start from the listed parties; an entity whose active owners that are
blocked hold, *added together*, 50 % or more of it is blocked; an entity blocked that
way is a blocked owner in turn, with its full holding (OFAC does not multiply
percentages down a chain: listed A owns 50 % of B, B owns 50 % of C → C is blocked).
The computation is a fixpoint over a worklist, so circular holdings end: each entity
is decided at most once and only ever moves from "not blocked" to "blocked".

Two phases keep certainty visible. Phase 1 uses only known percentages of listed or
certainly-blocked owners ("owned"). Phase 2 adds what needs judgement, each flagged:
unknown percentages (assumed to be whatever the known shares of other owners leave),
aggregation where the rule does not aggregate (EU/UK), control (EU/UK directorships
or a majority of the board), and owners whose own block is presumed ("presumed" /
"controlled"). A derivation records the contributing edges, so every block can show
the path(s) back to the listed parties.
"""

from __future__ import annotations

import functools
from collections import deque
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from redline.errors import ConfigError
from redline.ownership.graph import Edge, OwnershipGraph

CERTAIN = frozenset({"listed", "owned"})


@dataclass(slots=True, frozen=True)
class Rule:
    name: str
    title: str
    threshold: float
    inclusive: bool
    aggregate: bool
    control: bool
    #: the official lists whose entries block under this rule; entries of other official
    #: lists do not (an EU-only listing blocks nothing under the OFAC rule). Empty: all.
    lists: frozenset[str] = frozenset()

    def counts(self, list_name: str) -> bool:
        """Whether a listing on ``list_name`` makes a blocked owner under this rule.

        Lists that are no official publication (the demo list, an FtM file, the relations
        file's own sanction flags, a caller's own table) always count: their user chose them.
        """
        return not self.lists or list_name in self.lists or list_name not in official_lists()

    def meets(self, percent: float) -> bool:
        # a hair of tolerance: 33.33 + 16.67 must count as 50
        return percent >= self.threshold - 1e-6 if self.inclusive else percent > self.threshold + 1e-6

    @property
    def wording(self) -> str:
        return f"{'at least' if self.inclusive else 'more than'} {self.threshold:g} %"


@dataclass(slots=True)
class Listing:
    """Why a graph node counts as a listed party (which list entry, how it was identified)."""

    entity_id: str
    list: str
    version: str
    caption: str
    confidence: float
    how: str


@dataclass(slots=True)
class Contribution:
    edge: Edge
    percent: float | None
    assumed: bool = False


@dataclass(slots=True)
class Derivation:
    node: str
    status: str  # listed | owned | presumed | controlled
    share: float = 0.0
    contributions: list[Contribution] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)

    @property
    def control(self) -> bool:
        return self.status == "controlled"


@dataclass(slots=True)
class OwnershipConfig:
    rules: dict[str, Rule]
    default_rule: str
    control_roles: tuple[str, ...]
    link_control_roles: tuple[str, ...]
    score: dict[str, float]
    listed_match_threshold: float
    company_match_threshold: float
    listed_topics: frozenset[str]
    max_paths: int
    raw: dict[str, Any]

    def rule(self, name: str | None = None) -> Rule:
        key = (name or self.default_rule).lower()
        if key not in self.rules:
            raise ConfigError(f"unknown ownership rule {name!r}; use one of {sorted(self.rules)}")
        return self.rules[key]


@functools.cache
def official_lists() -> frozenset[str]:
    """The names of the official lists redline reads (see ``sources.registry``)."""
    from redline.sources.registry import LISTS

    return frozenset(info.name for info in LISTS)


@functools.cache
def _default_text() -> str:
    return resources.files("redline.ownership").joinpath("config.yaml").read_text("utf-8")


def load_config(path: Path | None = None) -> OwnershipConfig:
    """The ownership rules from the packaged YAML, or from ``path`` (same layout)."""
    try:
        data = yaml.safe_load(path.read_text("utf-8") if path else _default_text())
        rules = {k: Rule(k, v["title"], float(v["threshold"]), bool(v["inclusive"]), bool(v["aggregate"]),
                         bool(v["control"]), frozenset(v.get("lists") or ()))
                 for k, v in data["rules"].items()}
        return OwnershipConfig(
            rules=rules, default_rule=data["default_rule"],
            control_roles=tuple(r.lower() for r in data["control_roles"]),
            link_control_roles=tuple(r.lower() for r in data["link_control_roles"]),
            score={k: float(v) for k, v in data["score"].items()},
            listed_match_threshold=float(data["listed_match_threshold"]),
            company_match_threshold=float(data["company_match_threshold"]),
            listed_topics=frozenset(data["listed_topics"]), max_paths=int(data["max_paths"]), raw=data,
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"ownership config {path or 'config.yaml'}: {exc}") from exc


class Deriver:
    """Runs one rule over one graph as of one date."""

    def __init__(self, graph: OwnershipGraph, rule: Rule, config: OwnershipConfig, on: str) -> None:
        self.graph, self.rule, self.cfg, self.on = graph, rule, config, on

    def run(self, listed: dict[str, list[Listing]]) -> dict[str, Derivation]:
        state = {n: Derivation(n, "listed", 100.0, listings=ls) for n, ls in listed.items() if ls}
        for phase_two in (False, True):
            queue = deque(sorted({e.asset for n in state for e in self.graph.assets_of.get(n, ())}))
            while queue:
                asset = queue.popleft()
                if asset in state:
                    continue
                found = self._assess(asset, state, phase_two)
                if found is None:
                    continue
                state[asset] = found
                queue.extend(e.asset for e in self.graph.assets_of.get(asset, ()) if e.asset not in state)
        return state

    def _assess(self, asset: str, state: dict[str, Derivation], phase_two: bool) -> Derivation | None:
        blocked = {n for n, d in state.items() if phase_two or d.status in CERTAIN}
        found = self._ownership(asset, blocked, state, phase_two)
        if found is None and phase_two and self.rule.control:
            found = self._control(asset, blocked)
        return found

    def _ownership(self, asset: str, blocked: set[str], state: dict[str, Derivation],
                   phase_two: bool) -> Derivation | None:
        per_owner: dict[str, list[Edge]] = {}
        for edge in self.graph.active_owners(asset, self.on):
            if edge.kind == "ownership":
                per_owner.setdefault(edge.owner, []).append(edge)
        known_total = 0.0
        contributions: list[Contribution] = []
        unknown: list[Edge] = []
        for owner, edges in per_owner.items():
            known = [e for e in edges if e.percent is not None]
            # several records of one holding (registry history) are alternatives, not additions
            best = max(known, key=lambda e: e.percent or 0.0) if known else None
            if best is not None:
                known_total += best.percent or 0.0
            if owner not in blocked:
                continue
            if best is not None:
                contributions.append(Contribution(best, best.percent))
            else:
                unknown.append(edges[0])
        if not contributions and not unknown:
            return None
        share = sum(c.percent or 0.0 for c in contributions)
        single = max((c.percent or 0.0 for c in contributions), default=0.0)
        flags: list[str] = []
        uncertain = [c.edge.owner for c in contributions if state[c.edge.owner].status not in CERTAIN]
        if self.rule.meets(share if self.rule.aggregate else single):
            status = "owned" if not uncertain else "presumed"
        elif not phase_two:
            return None
        elif not self.rule.aggregate and self.rule.meets(share):
            status = "presumed"
            flags.append(f"reaches {share:g} % only by adding up {len(contributions)} listed owners; "
                         f"{self.rule.name.upper()} aggregation of separate holdings needs review")
        elif unknown:
            remaining = max(0.0, 100.0 - known_total)
            assumed = share + remaining
            if not self.rule.meets(assumed):
                return None
            status = "presumed"
            share = assumed
            for edge in unknown:
                contributions.append(Contribution(edge, None, assumed=True))
            names = ", ".join(self._name(e.owner) for e in unknown)
            flags.append(f"percentage not given for {names}; assumed up to {remaining:g} % "
                         f"(what the known shares of other owners leave)")
        else:
            return None
        for owner in uncertain:
            flags.append(f"relies on {self._name(owner)}, whose own block is {state[owner].status} (not certain)")
        return Derivation(asset, status, share, contributions, flags)

    def _control(self, asset: str, blocked: set[str]) -> Derivation | None:
        directors = [e for e in self.graph.active_owners(asset, self.on) if e.kind == "control"]
        links = [e for e in self.graph.active_owners(asset, self.on) if e.kind == "link"]
        listed_dirs = [e for e in directors if e.owner in blocked]
        decisive = [e for e in listed_dirs if any(r in (e.role or "").lower() for r in self.cfg.control_roles)]
        decisive += [e for e in links if e.owner in blocked
                     and any(r in (e.role or "").lower() for r in self.cfg.link_control_roles)]
        flags = []
        if len({e.owner for e in directors}) >= 2 and len({e.owner for e in listed_dirs}) * 2 > len(
                {e.owner for e in directors}):
            decisive = listed_dirs
            flags.append(f"{len({e.owner for e in listed_dirs})} of {len({e.owner for e in directors})} "
                         "known directors are listed or blocked (majority of the board)")
        if not decisive:
            return None
        for edge in decisive:
            flags.append(f"control: {self._name(edge.owner)} is '{edge.role or edge.kind}' of {self._name(asset)}")
        return Derivation(asset, "controlled", 0.0, [Contribution(e, None) for e in decisive], flags)

    def _name(self, node_id: str) -> str:
        node = self.graph.nodes.get(node_id)
        return f"'{node.caption}'" if node else f"'{node_id}'"


def derive(graph: OwnershipGraph, listed: dict[str, list[Listing]], rule: Rule,
           config: OwnershipConfig, on: str) -> dict[str, Derivation]:
    """Every node that is listed or blocked under ``rule`` on ISO date ``on``."""
    return Deriver(graph, rule, config, on).run(listed)
