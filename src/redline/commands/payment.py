"""`redline screen-payment FILE|FOLDER...`: screen payment messages in batch.

A thin shell over ``PaymentScreener``: folders are walked, every file (an RJE file may
hold many messages) is screened, a bad message becomes an error row and the batch goes
on. Exit code 0 = all pass, 1 = at least one hold, 2 = at least one message unreadable.
"""

from __future__ import annotations

import json as _json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from redline.output import console, err_console
from redline.screeners.payment import PaymentResult, PaymentScreener

_GET_SCREENER: Callable[[], PaymentScreener] | None = None
SUFFIXES = {".xml", ".fin", ".rje", ".mt", ".txt", ".dat", ".swift", ".out", ".in"}


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files as given, folders walked (sorted, hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if (child.is_file() and not child.name.startswith(".")
                        and child.suffix.lower() in SUFFIXES):
                    yield child
        else:
            yield path


def screen_paths(screener: PaymentScreener, paths: list[Path], progress: bool = False
                 ) -> list[PaymentResult]:
    files = list(iter_files(paths))
    results: list[PaymentResult] = []
    if not progress or len(files) < 2:
        for path in files:
            results.extend(screener.screen_file(path))
        return results
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("screening"), BarColumn(), MofNCompleteColumn(),
                  console=err_console, transient=True) as bar:
        task = bar.add_task("payments", total=len(files))
        for path in files:
            results.extend(screener.screen_file(path))
            bar.advance(task)
    return results


def _table(results: list[PaymentResult]) -> Any:
    from rich.table import Table

    table = Table(title="payment screening", show_lines=True)
    for col in ("message", "type", "decision", "hits / error"):
        table.add_column(col)
    colours = {"pass": "green", "hold": "red", "error": "yellow"}
    for r in results:
        detail = r.error or "\n".join(f"[{h.severity}] {h.path}: {h.detail}" for h in r.hits)
        colour = colours[r.decision]
        table.add_row(r.source, r.message_type or "-", f"[{colour}]{r.decision}[/{colour}]",
                      detail)
    return table


def screen_payment_command(
    files: Annotated[list[Path], typer.Argument(help="Message files or folders (MT or ISO 20022).")],
    json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")] = False,
) -> None:
    """Screen payment messages (pacs.008/009/004, pain.001, MT103/202/202COV): pass or hold."""
    if _GET_SCREENER is None:
        raise RuntimeError("payment command used before register()")
    missing = [p for p in files if not p.exists()]
    for path in missing:
        err_console.print(f"[red]error:[/red] {path}: no such file or folder")
    screener = _GET_SCREENER()
    results = screen_paths(screener, [p for p in files if p.exists()], progress=not json)
    if json:
        print(_json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2,
                          default=str))
    else:
        console.print(_table(results))
        holds = sum(r.decision == "hold" for r in results)
        errors = sum(r.decision == "error" for r in results)
        console.print(f"{len(results)} message(s): {holds} hold, {errors} error(s)")
    if missing or any(r.decision == "error" for r in results):
        raise typer.Exit(2)
    if any(r.decision == "hold" for r in results):
        raise typer.Exit(1)


def register(app: typer.Typer, get_screener: Callable[[], PaymentScreener]) -> None:
    """Add `screen-payment` to the main app; ``get_screener`` builds the wired screener."""
    global _GET_SCREENER
    _GET_SCREENER = get_screener
    app.command("screen-payment")(screen_payment_command)
