"""Ownership and control relations as a small directed graph (owner → asset).

Relations come from FollowTheMoney files (``Ownership``, ``Directorship``,
``UnknownLink``, with the parties' names from the same file) or from a plain CSV
``owner,owned,percent,source``. Every edge keeps where it came from (file line or FtM
id) because a derived block is only as good as the record an analyst can check.
Percentages are kept as given; ``None`` means the source did not say, which the rules
treat conservatively instead of as zero.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from redline.errors import FormatError

PARTY_SCHEMAS = frozenset({"Person", "Company", "Organization", "LegalEntity", "PublicBody", "Vessel"})
_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")
MAX_CSV_BYTES = 256 * 1024 * 1024


@dataclass(slots=True)
class Node:
    """A party in the graph: its id in the source, names, and what the file says of it."""

    id: str
    names: list[str] = field(default_factory=list)
    schema: str = "LegalEntity"
    topics: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    target: bool = False

    @property
    def caption(self) -> str:
        return self.names[0] if self.names else self.id


@dataclass(slots=True)
class Edge:
    """``owner`` holds ``percent`` of ``asset`` (kind ownership) or steers it (kind control)."""

    owner: str
    asset: str
    percent: float | None
    kind: str = "ownership"
    role: str | None = None
    start: str | None = None
    end: str | None = None
    source: str = ""

    def active(self, on: str) -> bool:
        """In force on ISO date ``on`` (open ends count as in force)."""
        if self.start and self.start[:10] > on:
            return False
        return not (self.end and self.end[:10] < on)


class OwnershipGraph:
    """Nodes by id, edges by asset (who owns/controls it) and by owner."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.owners_of: dict[str, list[Edge]] = defaultdict(list)
        self.assets_of: dict[str, list[Edge]] = defaultdict(list)
        self.source = ""

    def node(self, node_id: str) -> Node:
        found = self.nodes.get(node_id)
        if found is None:
            found = self.nodes[node_id] = Node(node_id)
        return found

    def add_edge(self, edge: Edge) -> None:
        if edge.owner == edge.asset:
            return  # treasury shares / self-links say nothing about outside ownership
        self.node(edge.owner)
        self.node(edge.asset)
        self.edges.append(edge)
        self.owners_of[edge.asset].append(edge)
        self.assets_of[edge.owner].append(edge)

    def active_owners(self, asset: str, on: str) -> list[Edge]:
        return [e for e in self.owners_of.get(asset, ()) if e.active(on)]

    def find(self, text: str) -> list[Node]:
        """Nodes whose id equals ``text`` or one of whose names equals it (case-insensitive)."""
        if text in self.nodes:
            return [self.nodes[text]]
        wanted = " ".join(text.casefold().split())
        return [n for n in self.nodes.values() if any(" ".join(v.casefold().split()) == wanted for v in n.names)]


def parse_percent(value: str | None) -> float | None:
    """'51', '50.5 %', '49,9' → float; empty or unreadable → None (unknown, not zero)."""
    if value is None:
        return None
    match = _PERCENT.match(value)
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    return number if 0.0 <= number <= 100.0 else None


def _first(props: dict[str, Any], key: str) -> str | None:
    found = props.get(key) or []
    return str(found[0]) if found else None


def _max_percent(values: Iterable[Any]) -> float | None:
    numbers = [p for p in (parse_percent(str(v)) for v in values) if p is not None]
    return max(numbers) if numbers else None


def _relation_edges(data: dict[str, Any], where: str) -> Iterator[Edge]:
    props: dict[str, Any] = data.get("properties") or {}
    schema = data.get("schema")
    start, end = _first(props, "startDate"), _first(props, "endDate")
    role = _first(props, "role")
    if schema == "Ownership":
        for owner in props.get("owner") or []:
            for asset in props.get("asset") or []:
                yield Edge(owner, asset, _max_percent(props.get("percentage") or []), "ownership",
                           role, start, end, where)
    elif schema == "Directorship":
        for director in props.get("director") or []:
            for org in props.get("organization") or []:
                yield Edge(director, org, None, "control", role or "director", start, end, where)
    elif schema == "UnknownLink":
        for subject in props.get("subject") or []:
            for obj in props.get("object") or []:
                yield Edge(subject, obj, None, "link", role, start, end, where)


def load_ftm(path: Path) -> OwnershipGraph:
    """Graph from an FtM JSON-lines file: relations as edges, parties as named nodes."""
    from redline.sources.ftm import iter_ftm
    graph = OwnershipGraph()
    graph.source = str(path)
    parties: dict[str, dict[str, Any]] = {}
    for number, data in iter_ftm(path):
        schema = data.get("schema")
        where = f"{path.name}:{number} ({data.get('id')})"
        if schema in PARTY_SCHEMAS:
            parties[data["id"]] = data
        for edge in _relation_edges(data, where):
            graph.add_edge(edge)
    for node_id, data in parties.items():
        props = data.get("properties") or {}
        node = graph.node(node_id)
        node.names = [str(v) for v in props.get("name") or []] or node.names
        node.schema = data.get("schema") or node.schema
        node.topics = [str(v) for v in props.get("topics") or []]
        node.datasets = [str(v) for v in data.get("datasets") or []]
        node.target = bool(data.get("target"))
    return graph


def load_csv(path: Path) -> OwnershipGraph:
    """Graph from ``owner,owned,percent,source`` (header required; percent may be empty).

    ``percent`` may also read ``control`` / ``director`` for a control relation. Owners
    and owned parties are identified by the text given, which is also their name.
    """
    raw = path.read_bytes()
    if len(raw) > MAX_CSV_BYTES:
        raise FormatError(f"file larger than {MAX_CSV_BYTES} bytes", path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not valid UTF-8 at byte {exc.start}: wrong encoding?", path=path) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = {"owner", "owned"} - set(header)
    if missing:
        raise FormatError(f"header must name owner,owned,percent,source; missing {sorted(missing)}",
                          path=path, line=1)
    reader.fieldnames = header
    graph = OwnershipGraph()
    graph.source = str(path)
    for number, row in enumerate(reader, start=2):
        owner, owned = (row.get("owner") or "").strip(), (row.get("owned") or "").strip()
        if not owner or not owned:
            raise FormatError("owner and owned must both be given", path=path, line=number,
                              field="owner" if not owner else "owned")
        percent_text = (row.get("percent") or "").strip()
        kind, percent = "ownership", parse_percent(percent_text)
        if percent_text.lower() in {"control", "director", "board"}:
            kind = "control"
        elif percent_text and percent is None:
            raise FormatError(f"percent {percent_text!r} is not a number between 0 and 100",
                              path=path, line=number, field="percent")
        where = f"{path.name}:{number}" + (f" ({row['source'].strip()})" if (row.get("source") or "").strip() else "")
        graph.add_edge(Edge(owner, owned, percent, kind, percent_text.lower() if kind == "control" else None,
                            row.get("start") or None, row.get("end") or None, where))
        for name in (owner, owned):
            if not graph.nodes[name].names:
                graph.nodes[name].names = [name]
    return graph


def load_graph(path: Path) -> OwnershipGraph:
    """FtM JSON lines or CSV, by extension (``.csv``) or else FtM."""
    if not path.exists():
        raise FormatError("file not found", path=path)
    return load_csv(path) if path.suffix.lower() == ".csv" else load_ftm(path)


def today() -> str:
    return date.today().isoformat()
