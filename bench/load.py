"""Load every list in ../shared/data into a fresh store; print entities/s, names/s, memory.

    python bench/load.py            # all lists found in the mirror
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import fresh_home, peak_rss_mb, require_shared
from rich.console import Console
from rich.table import Table

from redline.engine import Engine
from redline.output import entity_progress
from redline.updater import update_from_mirror


def main() -> None:
    mirror = require_shared()
    fresh_home()
    engine = Engine()
    start = time.perf_counter()
    with entity_progress() as progress:
        results, _ = update_from_mirror(engine.store, mirror, None, progress)
    load_seconds = time.perf_counter() - start
    table = Table(title=f"bench/load.py — lists from {mirror}")
    for col in ("list", "status", "entities", "names", "seconds", "entities/s", "names/s"):
        table.add_column(col, justify="right")
    entities = names = 0
    for r in results:
        v = r.version
        e, n = (v.entity_count, v.name_count) if v else (0, 0)
        entities += e
        names += n
        table.add_row(r.list_name, r.status, str(e), str(n), f"{r.seconds:.2f}",
                      f"{e / r.seconds:,.0f}" if r.seconds else "-", f"{n / r.seconds:,.0f}" if r.seconds else "-")
    table.add_row("all", "", str(entities), str(names), f"{load_seconds:.2f}",
                  f"{entities / load_seconds:,.0f}", f"{names / load_seconds:,.0f}")
    console = Console()
    console.print(table)
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        console.print(f"[red]failed[/red] {r.list_name}: {r.error}")
    start = time.perf_counter()
    index = engine.index()
    console.print(f"index build: {time.perf_counter() - start:.2f} s for {len(index.names):,} name forms, "
                  f"{index.key_count:,} keys, {len(index)} entities")
    console.print(f"peak RSS: {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
