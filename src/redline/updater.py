"""Bring list versions into the store: from official addresses, a mirror, or the demo list.

Downloads land in a staging folder first and are only loaded once complete; loading is
one transaction per list (see store.lists), so a truncated download or a parser error
leaves the previous version serving and the failure is reported with the file and line.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import httpx

from redline.errors import DownloadError, RedlineError
from redline.model import Entity
from redline.sources.discovery import Snapshot, discover, newest
from redline.sources.registry import LISTS, ListInfo
from redline.store.lists import ListStore, ListVersion, file_sha256

DEMO_LIST = "demo"
Progress = Callable[[str, int], None]


@dataclass
class LoadResult:
    list_name: str
    status: str  # loaded | unchanged | failed
    source: str
    version: ListVersion | None = None
    error: str | None = None
    seconds: float = 0.0


def _counted(entities: Iterator[Entity], list_name: str, progress: Progress | None) -> Iterator[Entity]:
    for n, entity in enumerate(entities, start=1):
        if list_name.startswith("ftm_") and entity.list != list_name:
            entity.list = list_name
            entity.id = f"{list_name}:{entity.source_id}"
        if progress and n % 500 == 0:
            progress(list_name, n)
        yield entity


def load_snapshot(store: ListStore, snap: Snapshot, progress: Progress | None = None) -> LoadResult:
    start = time.perf_counter()
    try:
        sha = file_sha256(snap.files)
        entities = snap.format.read(snap.main, snap.companions)
        version, changed = store.load(
            snap.list_name, _counted(entities, snap.list_name, progress),
            format=snap.format.format, source=str(snap.main), sha256=sha,
            source_date=snap.date.replace("-00", "") if snap.date else None,
            reader_revision=snap.format.revision,
        )
    except RedlineError as exc:
        return LoadResult(snap.list_name, "failed", str(snap.main), None, str(exc),
                          time.perf_counter() - start)
    return LoadResult(
        snap.list_name, "loaded" if changed else "unchanged", str(snap.main), version, None,
        time.perf_counter() - start,
    )


def update_from_mirror(
    store: ListStore, mirror: Path, only: set[str] | None = None, progress: Progress | None = None
) -> tuple[list[LoadResult], list[str]]:
    snapshots, notes = discover(mirror)
    chosen = [s for s in newest(snapshots) if not only or s.list_name in only or
              (s.list_name.startswith("ftm_") and "ftm" in only)]
    return [load_snapshot(store, snap, progress) for snap in chosen], notes


def download(info: ListInfo, staging: Path, timeout: float) -> list[Path]:
    """Fetch a list's files into ``staging``; partial files never leave the staging area."""
    staging.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in info.downloads:
        target = staging / item.filename
        partial = target.with_suffix(target.suffix + ".part")
        try:
            with httpx.stream("GET", item.url, timeout=timeout, follow_redirects=True) as response:
                response.raise_for_status()
                expected = int(response.headers.get("content-length") or 0)
                with open(partial, "wb") as fh:
                    for chunk in response.iter_bytes(1 << 16):
                        fh.write(chunk)
            size = partial.stat().st_size
            if expected and size != expected:
                raise DownloadError(
                    f"download truncated: got {size} of {expected} bytes", path=item.url
                )
            partial.replace(target)
        except httpx.HTTPError as exc:
            partial.unlink(missing_ok=True)
            raise DownloadError(f"cannot download: {exc}", path=item.url) from exc
        paths.append(target)
    return paths


def update_from_official(
    store: ListStore, home: Path, only: set[str] | None = None, timeout: float = 60.0,
    progress: Progress | None = None,
) -> list[LoadResult]:
    results = []
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for info in LISTS:
        if not info.downloads or (only and info.name not in only) or (not only and not info.default):
            continue
        staging = home / "downloads" / info.name / stamp
        try:
            download(info, staging, timeout)
        except DownloadError as exc:
            results.append(LoadResult(info.name, "failed", info.downloads[0].url, None, str(exc)))
            shutil.rmtree(staging, ignore_errors=True)
            continue
        snapshots, _ = discover(staging)
        picked = [s for s in newest(snapshots) if s.list_name == info.name]
        if not picked:
            results.append(LoadResult(info.name, "failed", str(staging), None,
                                      "downloaded file is not in a recognised format"))
            continue
        results.append(load_snapshot(store, picked[0], progress))
    return results


def demo_entities() -> Iterator[Entity]:
    text = resources.files("redline.demo").joinpath("demo_list.jsonl").read_text("utf-8")
    for line in text.splitlines():
        if line.strip():
            yield Entity.from_dict(json.loads(line))


def load_demo(store: ListStore) -> LoadResult:
    """Load the demo list (written by the redline authors, NOT an official list)."""
    data = resources.files("redline.demo").joinpath("demo_list.jsonl").read_bytes()
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    version, changed = store.load(
        DEMO_LIST, demo_entities(), format="redline-demo-jsonl", source="redline demo list",
        sha256=sha, source_date="2026-11-28", demo=True,
    )
    return LoadResult(DEMO_LIST, "loaded" if changed else "unchanged", "redline demo list", version)
