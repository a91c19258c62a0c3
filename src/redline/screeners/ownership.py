"""Ownership screening: a company that is not listed but is owned or controlled by listed parties.

``OwnershipScreener`` takes an ownership graph and one or more *lookups* that say which
graph nodes are listed (by the loaded lists through the matcher, by list id, or by the
FtM file's own sanction flags), derives blocks under one rule (OFAC 50 % by default,
EU/UK as variants; see ``redline/ownership/config.yaml``) and answers queries with
hits of their own kind: list ``ownership_<rule>``, one ``Reason`` of feature
``ownership`` carrying the full explanation (paths, percentages, flags).

Score = ``score[status]`` from the config × confidence of the weakest listed root on
the chain (1.0 for id / file flags, matcher score / 0.95 capped at 1 for names).
Listed nodes themselves give no ownership hit: party screening already finds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from redline.errors import QueryError
from redline.index.index import ScreeningIndex
from redline.match.matcher import Matcher
from redline.model import SCHEMAS, Entity, Hit, Name, Query, Reason
from redline.ownership.explain import confidence, explain, paths
from redline.ownership.graph import Node, OwnershipGraph, today
from redline.ownership.rules import Derivation, Listing, OwnershipConfig, Rule, derive, load_config

ListedLookup = Callable[[Node], list[Listing]]
_SCHEMA_MAP = {"PublicBody": "Organization"}
_NAME_CEILING = 0.95


def schema_of(node: Node) -> str:
    schema = _SCHEMA_MAP.get(node.schema, node.schema)
    return schema if schema in SCHEMAS else "LegalEntity"


def file_lookup(config: OwnershipConfig | None = None, source: str = "file") -> ListedLookup:
    """Nodes the FtM file itself marks as sanctioned targets (OpenSanctions ``topics``)."""
    topics = (config or load_config()).listed_topics

    def lookup(node: Node) -> list[Listing]:
        hit = sorted(topics & set(node.topics))
        if not node.target or not hit:
            return []
        datasets = ",".join(node.datasets[:3]) + ("…" if len(node.datasets) > 3 else "")
        return [Listing(node.id, f"{source}:{datasets or 'ftm'}", source, node.caption, 1.0,
                        f"marked as target with topics {', '.join(hit)} in the relations file")]
    return lookup


def matcher_lookup(matcher: Matcher, config: OwnershipConfig | None = None,
                   accept: Callable[[str], bool] | None = None, max_names: int = 5) -> ListedLookup:
    """Nodes that are entries of the loaded lists: by source id, else by name through the matcher.

    ``accept(entity_id)`` can refuse entries that are on a loaded list without being
    sanctioned (an OpenSanctions file also carries registry companies).
    """
    cfg = config or load_config()
    by_source: dict[str, list[int]] = {}
    for idx, item in enumerate(matcher.index.entities):
        by_source.setdefault(item.id.split(":", 1)[-1], []).append(idx)
        by_source.setdefault(item.id, []).append(idx)

    def lookup(node: Node) -> list[Listing]:
        out: dict[str, Listing] = {}
        for idx in by_source.get(node.id, ()):
            item = matcher.index.entities[idx]
            if accept is None or accept(item.id):
                out[item.id] = Listing(item.id, item.list, item.version, item.caption, 1.0,
                                       f"same id {node.id} on {item.list}")
        schema = schema_of(node)
        for name in node.names[:max_names]:
            try:
                hits = matcher.match(Query(name, schema), threshold=cfg.listed_match_threshold, limit=3)
            except QueryError:  # a name with no letters is simply not listed
                continue
            for hit in hits:
                if hit.entity_id in out or (accept is not None and not accept(hit.entity_id)):
                    continue
                out[hit.entity_id] = Listing(hit.entity_id, hit.list, hit.list_version, hit.caption,
                                             min(1.0, hit.score / _NAME_CEILING),
                                             f"name '{name}' matched '{hit.matched_name}' ({hit.score:.2f})")
        return list(out.values())
    return lookup


def fixed_lookup(listed: dict[str, Iterable[Listing]]) -> ListedLookup:
    """Listed nodes given explicitly (by graph node id): for callers that already know."""
    table = {k: list(v) for k, v in listed.items()}
    return lambda node: table.get(node.id, [])


class OwnershipScreener:
    """Derives every block in one graph once; answers screening queries from that."""

    def __init__(self, graph: OwnershipGraph, lookups: Sequence[ListedLookup], rule: str | Rule | None = None,
                 config: OwnershipConfig | None = None, on: str | None = None) -> None:
        self.graph = graph
        self.cfg = config or load_config()
        self.rule = rule if isinstance(rule, Rule) else self.cfg.rule(rule)
        self.on = on or today()
        self.listed: dict[str, list[Listing]] = {}
        #: listings found but not counted: on an official list this rule does not apply
        self.not_counted: dict[str, list[Listing]] = {}
        for node in graph.nodes.values():
            found = [listing for lookup in lookups for listing in lookup(node)]
            counted = [listing for listing in found if self.rule.counts(listing.list)]
            if counted:
                self.listed[node.id] = counted
            if len(counted) < len(found):
                self.not_counted[node.id] = [listing for listing in found if listing not in counted]
        self.derivations: dict[str, Derivation] = derive(graph, self.listed, self.rule, self.cfg, self.on)
        self._matcher: Matcher | None = None

    def derived(self) -> list[Derivation]:
        """Blocks that come from ownership or control (not the listed parties themselves)."""
        return [d for d in self.derivations.values() if d.status != "listed"]

    def explain(self, node_id: str) -> str:
        return explain(self.graph, self.derivations, node_id, self.rule, self.cfg.max_paths)

    def paths(self, node_id: str) -> list[list]:  # type: ignore[type-arg]
        return paths(self.derivations, node_id, self.cfg.max_paths)

    def find(self, name_or_id: str) -> list[Node]:
        """Graph nodes meant by ``name_or_id``: exact id or name first, else the name matcher."""
        exact = self.graph.find(name_or_id)
        if exact:
            return exact
        hits = self._node_matcher().match(Query(name_or_id), threshold=self.cfg.company_match_threshold)
        return [self.graph.nodes[h.entity_id] for h in hits]

    def _node_matcher(self) -> Matcher:
        if self._matcher is None:
            index = ScreeningIndex()
            index.add_all((Entity(id=n.id, list="graph", source_id=n.id, schema=schema_of(n),
                                  names=[Name(v) for v in n.names or [n.id]]), "graph")
                          for n in self.graph.nodes.values())
            self._matcher = Matcher(index)
        return self._matcher

    def hit(self, node_id: str, query_name: str | None = None) -> Hit | None:
        """The ownership hit for one node, or None when it is not blocked by ownership/control."""
        found = self.derivations.get(node_id)
        if found is None or found.status == "listed":
            return None
        node = self.graph.nodes[node_id]
        score = round(self.cfg.score[found.status] * confidence(self.derivations, node_id), 4)
        roots = {p[0].owner for p in paths(self.derivations, node_id, 1000)}
        versions = sorted({f"{lst.list}@{lst.version}" for r in roots for lst in self.derivations[r].listings})
        text = self.explain(node_id)
        return Hit(entity_id=f"ownership:{node_id}", list=f"ownership_{self.rule.name}",
                   list_version=";".join(versions), schema=schema_of(node), caption=node.caption, score=score,
                   matched_name=node.caption, query_name=query_name or node.caption,
                   reasons=[Reason("ownership", score, text, query_name, node.caption)])

    def screen(self, query: Query) -> list[Hit]:
        """Ownership hits for the graph companies the query names (by id or name)."""
        hits = [h for n in self.find(query.name) if (h := self.hit(n.id, query.name)) is not None]
        hits.sort(key=lambda h: (-h.score, h.entity_id))
        return hits

    def write_png(self, node_id: str, out: Path) -> Path:
        from redline.ownership.picture import write_png

        return write_png(self.graph, self.derivations, node_id, self.paths(node_id), out,
                         title=f"{self.graph.nodes[node_id].caption}: {self.rule.title}")
