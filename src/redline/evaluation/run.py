"""Run a deck through the matcher and measure recall, false alerts and calibration.

Recall counts a positive case as found when its labelled entity is among the hits at
the threshold. A false alert is any hit on a clean or placebo name. Hits of a positive
case on *other* entities are not counted either way: the same party is often listed by
several authorities under different ids.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from redline.errors import QueryError
from redline.evaluation.deck import Case
from redline.match.matcher import Matcher
from redline.model import Query

THRESHOLDS = tuple(round(0.5 + i * 0.01, 2) for i in range(51))
BANDS = ((0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.85), (0.85, 0.9), (0.9, 0.95), (0.95, 1.0), (1.0, 1.01))


@dataclass
class Outcome:
    case: Case
    label_score: float  # score of the labelled entity (0 when not returned)
    top_score: float
    seconds: float
    candidates: list[str] = field(default_factory=list)


def run_deck(
    matcher: Matcher, cases: Iterable[Case], floor: float = 0.5,
    progress: Callable[[int], None] | None = None, limit: int = 50,
) -> list[Outcome]:
    """Screen every case (for ``cross_script`` cases, with a ``ScriptBlindMatcher``)."""
    out = []
    for n, case in enumerate(cases, start=1):
        start = time.perf_counter()
        try:
            hits = matcher.match(Query(case.query, case.schema), threshold=floor, limit=limit)
        except QueryError:
            hits = []
        seconds = time.perf_counter() - start
        label = max((h.score for h in hits if h.entity_id == case.label), default=0.0)
        top = max((h.score for h in hits), default=0.0)
        out.append(Outcome(case, label, top, seconds, [h.entity_id for h in hits]))
        if progress:
            progress(n)
    return out


@dataclass
class Metrics:
    threshold: float
    recall: float
    recall_by_class: dict[str, float]
    cases_by_class: dict[str, int]
    false_alert_rate: float
    clean_cases: int
    curve: list[tuple[float, float, float]]
    bands: list[tuple[str, int, float]]
    misses: list[Outcome]
    false_alerts: list[Outcome]
    p50_ms: float
    p99_ms: float


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(outcomes: list[Outcome], threshold: float) -> Metrics:
    positive = [o for o in outcomes if o.case.label is not None]
    negative = [o for o in outcomes if o.case.label is None]
    by_class: dict[str, list[Outcome]] = defaultdict(list)
    for o in positive:
        by_class[o.case.kind].append(o)

    def recall(t: float, items: list[Outcome]) -> float:
        return sum(o.label_score >= t for o in items) / len(items) if items else 1.0

    def fa(t: float) -> float:
        return sum(o.top_score >= t for o in negative) / len(negative) if negative else 0.0

    curve = [(t, recall(t, positive), fa(t)) for t in THRESHOLDS]
    bands = []
    for low, high in BANDS:
        true = sum(low <= o.label_score < high for o in positive)
        false = sum(low <= o.top_score < high for o in negative)
        total = true + false
        bands.append((f"{low:.2f}–{min(high, 1.0):.2f}", total, true / total if total else 1.0))
    times = [o.seconds * 1000 for o in outcomes]
    return Metrics(
        threshold=threshold,
        recall=recall(threshold, positive),
        recall_by_class={k: recall(threshold, v) for k, v in sorted(by_class.items())},
        cases_by_class={k: len(v) for k, v in sorted(by_class.items())},
        false_alert_rate=fa(threshold),
        clean_cases=len(negative),
        curve=curve,
        bands=bands,
        misses=[o for o in positive if o.label_score < threshold],
        false_alerts=[o for o in negative if o.top_score >= threshold],
        p50_ms=_pct(times, 0.5),
        p99_ms=_pct(times, 0.99),
    )
