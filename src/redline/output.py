"""Shared CLI output: rich tables for people, JSON for machines, progress for long work."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from redline.model import Hit

console = Console()
# messages are not cut into lines at the console's width: a path or an error read off a
# captured log must stay whole (and the terminal wraps them anyway)
err_console = Console(stderr=True, soft_wrap=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def hits_table(hits: list[Hit], title: str, reasons: bool = True) -> Table:
    table = Table(title=title, show_lines=reasons)
    table.add_column("score", justify="right")
    table.add_column("list")
    table.add_column("listed entry")
    table.add_column("schema")
    if reasons:
        table.add_column("why")
    for hit in hits:
        row = [f"{hit.score:.2f}", hit.list, f"{hit.caption}\n[dim]{hit.entity_id}[/dim]", hit.schema]
        if reasons:
            row.append("\n".join(f"[{r.score:+.2f}] {r.detail}" for r in hit.reasons))
        table.add_row(*row)
    return table


@contextmanager
def entity_progress(enabled: bool = True) -> Iterator[Any]:
    """A progress display with one task per list; yields a ``callback(list, count)``."""
    if not enabled:
        yield None
        return
    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("entities"), TimeElapsedColumn(), console=err_console, transient=False,
    )
    tasks: dict[str, Any] = {}

    def callback(list_name: str, count: int) -> None:
        if list_name not in tasks:
            tasks[list_name] = progress.add_task(f"loading {list_name}", total=None)
        progress.update(tasks[list_name], completed=count)

    with progress:
        yield callback
