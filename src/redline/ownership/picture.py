"""A small PNG of the ownership chain(s) behind one derived block (matplotlib, Agg).

Listed parties on top, the screened company at the bottom, each arrow labelled with
the share (or "control" / "? %"). Analysts paste it into a case file, so it is drawn
without any network, font download or display.
"""

from __future__ import annotations

from pathlib import Path

from redline.ownership.explain import Step, _pct
from redline.ownership.graph import OwnershipGraph
from redline.ownership.rules import Derivation

COLOURS = {"listed": "#d62728", "owned": "#ff7f0e", "presumed": "#ffbb78", "controlled": "#c5b0d5"}


def _layers(found: list[list[Step]], target: str) -> dict[str, int]:
    """Depth of each node: longest distance from a listed root along the paths."""
    depth: dict[str, int] = {}
    for path in found:
        depth.setdefault(path[0].owner, 0)
        for i, step in enumerate(path):
            depth[step.owner] = max(depth.get(step.owner, 0), i)
            depth[step.asset] = max(depth.get(step.asset, 0), i + 1)
    depth[target] = max(depth.values(), default=0) if found else 0
    return depth


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_png(graph: OwnershipGraph, derivations: dict[str, Derivation], target: str,
              found: list[list[Step]], out: Path, title: str = "") -> Path:
    """Draw the chains ``found`` (from ``explain.paths``) ending in ``target`` to ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    depth = _layers(found, target)
    by_layer: dict[int, list[str]] = {}
    for node, level in sorted(depth.items(), key=lambda kv: (kv[1], kv[0])):
        by_layer.setdefault(level, []).append(node)
    levels = max(by_layer, default=0) + 1
    width = max((len(v) for v in by_layer.values()), default=1)
    fig, ax = plt.subplots(figsize=(max(4.0, 3.2 * width), max(2.5, 1.6 * levels)), dpi=100)
    pos: dict[str, tuple[float, float]] = {}
    for level, nodes in by_layer.items():
        for i, node in enumerate(nodes):
            pos[node] = ((i + 1) / (len(nodes) + 1), 1.0 - (level + 0.5) / levels)
    edges = {(s.owner, s.asset): s for p in found for s in p}
    for (owner, asset), step in edges.items():
        (x1, y1), (x2, y2) = pos[owner], pos[asset]
        ax.annotate("", xy=(x2, y2 + 0.06), xytext=(x1, y1 - 0.06),
                    arrowprops={"arrowstyle": "->", "color": "#444", "lw": 1.2})
        label = _pct(step.percent, step.assumed, step.kind)
        # a third of the way down the arrow: edges that skip a layer must not hide under a box
        ax.text(x1 + 0.35 * (x2 - x1), y1 + 0.35 * (y2 - y1) - 0.02, label, fontsize=8,
                ha="center", va="center", bbox={"boxstyle": "round", "fc": "white", "ec": "none"})
    for node, (x, y) in pos.items():
        status = derivations[node].status if node in derivations else "owned"
        caption = graph.nodes[node].caption if node in graph.nodes else node
        ax.text(x, y, f"{_short(caption)}\n[{status}]", ha="center", va="center", fontsize=8,
                fontweight="bold" if node == target else "normal",
                bbox={"boxstyle": "round,pad=0.4", "fc": COLOURS.get(status, "#ddd"), "ec": "#333"})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    if title:
        ax.set_title(_short(title, 90), fontsize=9)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png", bbox_inches="tight")
    plt.close(fig)
    return out
