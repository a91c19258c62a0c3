"""Run every behaviour detector over ingested AIS and return events in time order."""

from __future__ import annotations

from typing import Any

import numpy as np

from redline.maritime.events import Event
from redline.maritime.identity import identity_anomalies
from redline.maritime.ingest import AisData
from redline.maritime.positions import Positions
from redline.maritime.reference import Zone, load_config, load_zones
from redline.maritime.sts import sts_candidates
from redline.maritime.tracks import Steps, dark_periods, impossible_speeds, loitering, port_calls


def detect(data: AisData | Positions, config: dict[str, Any] | None = None, zones: list[Zone] | None = None,
           mmsis: set[int] | None = None) -> list[Event]:
    """All events; with ``mmsis`` only those involving these vessels (STS still pairs them
    with every other vessel in the data). Untimed positions are ignored."""
    cfg = config or load_config()
    zones = load_zones() if zones is None else zones
    positions = data.positions if isinstance(data, AisData) else data
    p = positions.timed()
    if mmsis is not None:
        # STS needs the neighbours too, so only restrict for the per-track detectors
        own = p.for_mmsi(mmsis).sorted()
    else:
        own = p = p.sorted()
    steps = Steps.of(own) if len(own) > 1 else Steps(np.empty(0, bool), np.empty(0, np.int64), np.empty(0))
    events: list[Event] = []
    events += dark_periods(own, steps, zones, cfg["dark"])
    events += impossible_speeds(own, steps, cfg["spoofing"])
    events += loitering(own, steps, zones, cfg["loitering"])
    events += port_calls(own, steps, zones, cfg["port_call"])
    events += sts_candidates(p if mmsis is None else p.sorted(), zones, cfg["sts"])
    if isinstance(data, AisData):
        events += identity_anomalies(data.static, cfg["identity"])
    if mmsis is not None:
        events = [e for e in events if e.involves(mmsis)]
    events.sort(key=lambda e: (e.start if e.start is not None else -1, e.kind, e.mmsi))
    return events
