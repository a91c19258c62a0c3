"""Find official list files in a mirror folder, whatever sub-folder they sit in.

Air-gapped sites copy the official files into a folder by hand, in any layout. We walk
it, recognise each file by name *and* content (two lists both publish a
``consolidated.xml``), date each snapshot (content date first, then a date in the path,
then the file time) and keep the newest snapshot of each list.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from redline.errors import RedlineError
from redline.sources.base import ListFormat
from redline.sources.registry import all_formats

_PATH_DATE = re.compile(r"(?<!\d)(20\d\d)[-_]?(0[1-9]|1[0-2])(?:[-_]?(0[1-9]|[12]\d|3[01]))?(?!\d)")


@dataclass(frozen=True)
class Snapshot:
    list_name: str
    format: ListFormat
    main: Path
    companions: dict[str, Path] = field(default_factory=dict)
    date: str = ""
    date_from: str = ""

    @property
    def files(self) -> list[Path]:
        return [self.main, *self.companions.values()]


def path_date(path: Path, root: Path) -> str | None:
    """Latest date written in the path below ``root`` (2024-05-07, 2025-02, 20240513)."""
    best = None
    for part in path.relative_to(root).parts:
        for match in _PATH_DATE.finditer(part):
            year, month, day = match.groups()
            found = f"{year}-{month}-{day or '00'}"
            best = max(best or found, found)
    return best


def _ftm_list_name(path: Path) -> str:
    stem = path.name.split(".")[0]
    stem = re.sub(r"(^|_)entities$", "", stem) or path.parent.name
    slug = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    return f"ftm_{slug or 'dataset'}"


def _companions(main: Path, fmt: ListFormat) -> dict[str, Path]:
    found: dict[str, Path] = {}
    siblings = {p.name.lower(): p for p in main.parent.iterdir() if p.is_file()}
    for name in fmt.companions:
        if name.lower() in siblings:
            found[name] = siblings[name.lower()]
    return found


def discover(root: Path) -> tuple[list[Snapshot], list[str]]:
    """Every recognised snapshot under ``root``, and notes on files that were skipped."""
    if not root.is_dir():
        raise RedlineError(f"mirror folder {root} does not exist or is not a folder")
    formats = all_formats()
    snapshots: list[Snapshot] = []
    notes: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            for fmt in formats:
                if not fnmatch.fnmatch(name.lower(), fmt.main_file.lower()):
                    continue
                try:
                    if fmt.sniff is not None and not fmt.sniff(path):
                        continue
                except (OSError, RedlineError) as exc:
                    notes.append(f"{path}: cannot inspect ({exc})")
                    continue
                companions = _companions(path, fmt)
                missing = [r for r in fmt.required if r not in companions]
                if missing:
                    notes.append(f"{path}: incomplete {fmt.format} set, missing {', '.join(missing)}")
                    continue
                date, source = None, ""
                if fmt.snapshot_date is not None:
                    try:
                        date, source = fmt.snapshot_date(path), "content"
                    except (OSError, RedlineError):
                        date = None
                if not date:
                    date, source = path_date(path, root), "path"
                if not date:
                    mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                    date, source = mtime.strftime("%Y-%m-%d"), "file time"
                list_name = _ftm_list_name(path) if fmt.list_name == "ftm" else fmt.list_name
                snapshots.append(Snapshot(list_name, fmt, path, companions, date, source))
                break
    return snapshots, notes


def newest(snapshots: list[Snapshot]) -> list[Snapshot]:
    """The newest snapshot per list; on a date tie the richer format wins."""
    best: dict[str, Snapshot] = {}
    for snap in snapshots:
        current = best.get(snap.list_name)
        key = (snap.date, snap.format.priority)
        if current is None or key > (current.date, current.format.priority):
            best[snap.list_name] = snap
    return [best[name] for name in sorted(best)]
