"""`redline screen-file` and `redline rescreen`: batch screening of a customer book.

A thin shell over ``redline.batch``: it parses options, draws the progress bar and turns
an interruption into the one instruction the user needs (rerun with ``--resume``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from redline.batch.job import JobResult, JobSpec, parts_dir, run_job, validate
from redline.batch.mapping import parse_map
from redline.errors import RedlineError
from redline.output import console, err_console, print_json

MapOpt = Annotated[str | None, typer.Option(
    "--map", help="FIELD=COLUMN pairs, comma-separated; fields: name, dob, country, id, type "
                  "(e.g. name=full_name,dob=birth_date,country=cc,id=customer_id,type=kind).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Output file: .parquet, .csv or .jsonl.")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", help="Processes (default: all cores).")]
ChunkOpt = Annotated[int, typer.Option("--chunk-size", help="Records per committed chunk.")]
ThresholdOpt = Annotated[float | None, typer.Option(help="Alert threshold (default from config).")]
LimitOpt = Annotated[int | None, typer.Option(
    help="Maximum hits per record (default from config); entries tied with the last one kept are kept too.")]
EncodingOpt = Annotated[str, typer.Option(help="Text encoding of CSV / JSON lines input.")]
ResumeOpt = Annotated[bool, typer.Option("--resume", help="Continue an interrupted run with the same options.")]
FreshOpt = Annotated[bool, typer.Option("--fresh", help="Discard an interrupted run and start again.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", help="No progress bar.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


class RateColumn(ProgressColumn):
    """Records per second, which is what people size batch windows by."""

    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rec/s" if speed else "– rec/s", style="progress.data.speed")


@contextmanager
def record_progress(enabled: bool, label: str) -> Iterator[Callable[[int, int | None], None] | None]:
    if not enabled:
        yield None
        return
    progress = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=err_console,
    )
    task = progress.add_task(label, total=None)

    def update(done: int, total: int | None) -> None:
        progress.update(task, completed=done, total=total)

    with progress:
        yield update


def _summary(result: JobResult, as_json: bool, extra: dict[str, Any] | None = None) -> None:
    body = {
        "out": str(result.out), "records": result.records, "hits": result.hits, "errors": result.errors,
        "chunks": result.chunks, "resumed_chunks": result.resumed_chunks, "seconds": round(result.seconds, 2),
        "records_per_second": round(result.rate, 1), "mapping": result.mapping,
        "list_versions": result.list_versions, **(extra or {}),
    }
    if as_json:
        print_json(body)
        return
    resumed = f" ({result.resumed_chunks} chunk(s) from the interrupted run)" if result.resumed_chunks else ""
    console.print(f"screened {result.records:,} records in {result.seconds:,.1f} s ({result.rate:,.0f}/s){resumed}: "
                  f"{result.hits:,} hit row(s) → {result.out}")
    for key, value in (extra or {}).items():
        console.print(f"  {key}: {value}")
    if result.errors:
        console.print(f"[yellow]{result.errors:,} record(s) could not be screened[/yellow]: "
                      "see the status=error rows in the output")


def _run(action: Callable[[], Any], out: Path) -> Any:
    try:
        return action()
    except KeyboardInterrupt:
        err_console.print(f"[yellow]interrupted[/yellow]: finished chunks are kept in {parts_dir(out)}; "
                          "rerun the same command with --resume to continue")
        raise typer.Exit(130) from None
    except RedlineError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def _check_lists(engine: Any) -> None:
    if not engine.store.active_versions():
        err_console.print("[red]error:[/red] no lists loaded: run `redline lists update` (or --mirror DIR)")
        raise typer.Exit(2)


def register(app: typer.Typer, get_engine: Callable[[], Any]) -> None:
    @app.command("screen-file")
    def screen_file(
        book: Annotated[Path, typer.Argument(help="Customer book: .csv, .parquet or .jsonl.")],
        out: OutOpt,
        mapping: MapOpt = None,
        workers: WorkersOpt = None,
        chunk_size: ChunkOpt = 5000,
        threshold: ThresholdOpt = None,
        limit: LimitOpt = None,
        encoding: EncodingOpt = "utf-8",
        resume: ResumeOpt = False,
        fresh: FreshOpt = False,
        quiet: QuietOpt = False,
        as_json: JsonOpt = False,
    ) -> None:
        """Screen every record of a customer book against all loaded lists (resumable, all cores)."""
        engine = get_engine()
        _check_lists(engine)

        def action() -> JobResult:
            spec = JobSpec(book, out, parse_map(mapping), threshold, limit, chunk_size, encoding)
            validate(spec)
            with err_console.status("loading the screening index"):
                matcher = engine.matcher()
            with record_progress(not quiet and not as_json, "screening") as progress:
                return run_job(spec, matcher, engine.list_versions(), workers=workers, resume=resume,
                               fresh=fresh, progress=progress)

        _summary(_run(action, out), as_json)

    @app.command("rescreen")
    def rescreen_command(
        book: Annotated[Path, typer.Argument(help="Customer book: .csv, .parquet or .jsonl.")],
        since: Annotated[list[str], typer.Option(
            "--since", help="List version id, or list name (= its previous version); repeatable.")],
        out: OutOpt,
        mapping: MapOpt = None,
        workers: WorkersOpt = None,
        chunk_size: ChunkOpt = 5000,
        threshold: ThresholdOpt = None,
        limit: LimitOpt = None,
        encoding: EncodingOpt = "utf-8",
        resume: ResumeOpt = False,
        fresh: FreshOpt = False,
        quiet: QuietOpt = False,
        as_json: JsonOpt = False,
    ) -> None:
        """Screen a book only against entries added or changed since a list version; list removed ones."""
        from redline.batch.delta import rescreen

        engine = get_engine()
        _check_lists(engine)

        def action() -> Any:
            spec = JobSpec(book, out, parse_map(mapping), threshold, limit, chunk_size, encoding)
            validate(spec)
            with err_console.status("building the index of changed entries"):
                engine.index()
            with record_progress(not quiet and not as_json, "re-screening") as progress:
                return rescreen(engine, spec, since, workers=workers, resume=resume, fresh=fresh,
                                progress=progress)

        result, delta = _run(action, out)
        counts = list(delta.change.values())
        _summary(result, as_json, {
            "since": delta.since, "now": delta.now, "added": counts.count("added"),
            "changed": counts.count("changed"), "removed": len(delta.removed),
        })
