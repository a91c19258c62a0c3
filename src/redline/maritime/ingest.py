"""One entry point for AIS files: sniff the format, read it, report what was skipped.

AIS feeds are noisy by nature (radio collisions, truncated lines, half multi-part
messages), so a bad sentence is counted and skipped, never fatal; the ``IngestReport``
tells the analyst how much of the input was usable and why the rest was not. Only a
file that is not AIS at all (unknown CSV layout, unreadable) raises ``MessageError``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redline.errors import MessageError
from redline.maritime.positions import Positions, StaticRecord

MAX_EXAMPLES = 20
EXAMPLES_PER_REASON = 3


@dataclass(slots=True)
class IngestReport:
    """Counts per outcome; ``skipped`` maps a reason to how many lines/rows it cost."""

    source: str
    format: str = "unknown"
    lines: int = 0
    messages: Counter[str] = field(default_factory=Counter)  # decoded messages per AIS type
    positions: int = 0
    untimed: int = 0
    static: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)  # kept, but worth knowing
    examples: list[str] = field(default_factory=list)

    def skip(self, reason: str, line: int | None = None, text: str | None = None, n: int = 1) -> None:
        self.skipped[reason] += n
        if self.skipped[reason] <= EXAMPLES_PER_REASON:
            self.example(reason, line, text)

    def example(self, reason: str, line: int | None, text: str | None) -> None:
        """Record one example line for ``reason`` without counting it (counts come in bulk)."""
        if len(self.examples) < MAX_EXAMPLES:
            where = f"line {line}: " if line is not None else ""
            snippet = f" ({text[:80]!r})" if text else ""
            self.examples.append(f"{where}{reason}{snippet}")

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "format": self.format, "lines": self.lines,
            "messages": dict(sorted(self.messages.items())), "positions": self.positions,
            "untimed": self.untimed, "static": self.static, "skipped": dict(self.skipped),
            "warnings": dict(self.warnings),
            "skipped_total": self.skipped_total, "examples": list(self.examples),
        }


@dataclass(slots=True)
class AisData:
    positions: Positions
    static: list[StaticRecord]
    report: IngestReport


def sniff(path: Path) -> str:
    """'nmea' or 'csv', from the first non-blank lines."""
    try:
        with path.open("rb") as fh:
            head = [line for line in (fh.readline() for _ in range(20)) if line.strip()]
    except OSError as exc:
        raise MessageError(f"cannot read AIS file: {exc}", source=str(path)) from exc
    if not head:
        raise MessageError("AIS file is empty", source=str(path))
    if any(b"VDM," in line or b"VDO," in line for line in head):
        return "nmea"
    return "csv"


def read_ais(path: str | Path, fmt: str | None = None) -> AisData:
    """Read raw NMEA or decoded CSV (DMA, NOAA MarineCadastre or generic layout)."""
    path = Path(path)
    fmt = fmt or sniff(path)
    if fmt == "nmea":
        from redline.maritime.nmea import read_nmea

        return read_nmea(path)
    if fmt == "csv":
        from redline.maritime.csvio import read_csv

        return read_csv(path)
    raise MessageError(f"unknown AIS format {fmt!r} (use nmea or csv)", source=str(path))
