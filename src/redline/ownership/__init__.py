"""Ownership and control: who is blocked because listed parties own or control it.

``graph`` reads relations (FtM, CSV); ``rules`` derives blocks under the OFAC 50 % rule
or the EU/UK ownership-and-control tests; ``explain`` and ``picture`` show the working.
The screener that turns this into hits is ``redline.screeners.ownership``.
"""

from __future__ import annotations

from redline.ownership.explain import Step, confidence, explain, paths, render_path
from redline.ownership.graph import Edge, Node, OwnershipGraph, load_csv, load_ftm, load_graph, parse_percent
from redline.ownership.rules import Contribution, Derivation, Listing, OwnershipConfig, Rule, derive, load_config

__all__ = [
    "Contribution", "Derivation", "Edge", "Listing", "Node", "OwnershipConfig", "OwnershipGraph", "Rule", "Step",
    "confidence", "derive", "explain", "load_config", "load_csv", "load_ftm", "load_graph", "parse_percent", "paths",
    "render_path",
]
