"""The `redline` command: a thin shell over the library (Engine, updater, screeners)."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from redline.engine import Engine
from redline.errors import RedlineError
from redline.model import Hit, Identifier, Query
from redline.output import console, entity_progress, err_console, hits_table, print_json
from redline.text.countries import country_code
from redline.updater import LoadResult, load_demo, update_from_mirror, update_from_official

app = typer.Typer(help="redline: sanctions and export-control screening.", no_args_is_help=True)
lists_app = typer.Typer(help="Load, inspect and compare list versions.", no_args_is_help=True)
app.add_typer(lists_app, name="lists")

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def fail(exc: Exception, code: int = 2) -> None:
    err_console.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(code)


def _engine() -> Engine:
    return Engine()


def _report(results: list[LoadResult], as_json: bool) -> None:
    if as_json:
        print_json([{**asdict(r), "version": r.version.version_id if r.version else None} for r in results])
        return
    from rich.table import Table

    table = Table(title="list update")
    for col in ("list", "status", "version", "entities", "seconds", "detail"):
        table.add_column(col)
    for r in results:
        colour = {"loaded": "green", "unchanged": "cyan", "failed": "red"}[r.status]
        table.add_row(
            r.list_name, f"[{colour}]{r.status}[/{colour}]",
            r.version.version_id if r.version else "-",
            str(r.version.entity_count) if r.version else "-", f"{r.seconds:.1f}",
            r.error or r.source,
        )
    console.print(table)


@lists_app.command("update")
def lists_update(
    mirror: Annotated[Path | None, typer.Option(help="Local folder with official files (air-gapped sites).")] = None,
    only: Annotated[list[str] | None, typer.Option("--list", help="Only these lists.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Download every official list (or read a mirror folder) and switch to the new versions."""
    engine = _engine()
    mirror = mirror or engine.settings.mirror
    before = engine.list_versions()
    try:
        with entity_progress(not as_json) as progress:
            if mirror:
                results, notes = update_from_mirror(engine.store, mirror, set(only or []), progress)
                for note in notes:
                    err_console.print(f"[yellow]skipped:[/yellow] {note}")
            else:
                results = update_from_official(
                    engine.store, engine.settings.home, set(only or []),
                    engine.settings.download_timeout, progress,
                )
    except RedlineError as exc:
        fail(exc)
    _report(results, as_json)
    from redline.services import reopen_after_update

    reopened = reopen_after_update(engine, before)
    if reopened and not as_json:
        console.print(f"reopened {len(reopened)} closed case(s) whose listed entries changed: {', '.join(reopened)}")
    if results and all(r.status == "failed" for r in results):
        raise typer.Exit(1)


@lists_app.command("demo")
def lists_demo() -> None:
    """Load the demo list (written from public facts; NOT an official list)."""
    result = load_demo(_engine().store)
    console.print(f"[yellow]DEMO list loaded[/yellow] ({result.status}): not an official sanctions list.")


@lists_app.command("status")
def lists_status(as_json: JsonOpt = False, all_versions: Annotated[bool, typer.Option("--all")] = False) -> None:
    """Which lists are loaded, which version is serving, with entity and name counts."""
    store = _engine().store
    versions = store.versions() if all_versions else store.active_versions()
    if as_json:
        print_json([asdict(v) for v in versions])
        return
    from rich.table import Table

    table = Table(title="lists")
    for col in ("list", "version", "active", "source date", "loaded at", "entities", "names", "format"):
        table.add_column(col)
    for v in versions:
        label = f"{v.list_name} [yellow](DEMO)[/yellow]" if v.demo else v.list_name
        table.add_row(label, v.version_id, "yes" if v.active else "", v.source_date or "",
                      v.loaded_at, str(v.entity_count), str(v.name_count), v.format)
    console.print(table)
    if not versions:
        console.print("No lists loaded. Run `redline lists update` (or `--mirror DIR`).")
    for at, name, _source, error in store.failures(5):
        console.print(f"[red]failed load[/red] {at} {name}: {error}")


@lists_app.command("diff")
def lists_diff(
    old: Annotated[str, typer.Argument(help="Old version id (or list name: previous vs active).")],
    new: Annotated[str | None, typer.Argument(help="New version id.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Entries added, removed and changed between two versions of a list."""
    store = _engine().store
    try:
        if new is None:
            versions = [v.version_id for v in store.versions(old)]
            if len(versions) < 2:
                raise RedlineError(f"list {old!r} has fewer than two versions to compare")
            active = store.active_version(old) or versions[-1]
            earlier = [v for v in versions if v != active]
            old, new = earlier[-1], active
        diff = store.diff(old, new)
    except RedlineError as exc:
        fail(exc)
    if as_json:
        print_json(asdict(diff))
        return
    console.print(f"{diff.old} → {diff.new}: [green]+{len(diff.added)}[/green] "
                  f"[red]-{len(diff.removed)}[/red] [yellow]~{len(diff.changed)}[/yellow]")
    for label, ids in (("added", diff.added), ("removed", diff.removed), ("changed", diff.changed)):
        for entity_id in ids[:20]:
            console.print(f"  {label:8} {entity_id}")
        if len(ids) > 20:
            console.print(f"  … {len(ids) - 20} more {label}")


def _parse_ids(values: list[str] | None) -> list[Identifier]:
    out = []
    for value in values or []:
        if ":" not in value:
            raise RedlineError(f"identifier {value!r} must be TYPE:VALUE, e.g. inn:7707083893")
        id_type, number = value.split(":", 1)
        out.append(Identifier(id_type.strip().lower(), number.strip()))
    return out


@app.command("screen")
def screen(
    name: Annotated[str, typer.Argument(help="Name to screen, in any script.")],
    schema: Annotated[str, typer.Option("--type", help="Person, Organization, Company, Vessel, ...")] = "LegalEntity",
    country: Annotated[list[str] | None, typer.Option(help="Country (name or ISO code).")] = None,
    dob: Annotated[str | None, typer.Option(help="Birth date YYYY[-MM[-DD]].")] = None,
    ident: Annotated[list[str] | None, typer.Option("--id", help="Identifier TYPE:VALUE.")] = None,
    threshold: Annotated[float | None, typer.Option(help="Alert threshold (default from config).")] = None,
    limit: Annotated[int, typer.Option(help="Maximum hits.")] = 10,
    key: Annotated[str | None, typer.Option(help="Customer key: applies that customer's good-guy entries.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Screen one party against every loaded list; hits come with their reasons."""
    engine = _engine()
    suppressed: list[Hit] = []
    try:
        countries = [c for c in (country_code(x) for x in country or []) if c]
        query = Query(name=name, schema=schema, birth_date=dob, countries=countries,
                      identifiers=_parse_ids(ident), key=key)
        hits = engine.screen(query, threshold=threshold, limit=limit)
        if key:
            from redline.commands.cases import case_service

            hits, suppressed = case_service(engine).split_suppressed(key, hits)
    except RedlineError as exc:
        fail(exc)
    if as_json:
        print_json({"query": asdict(query), "list_versions": engine.list_versions(),
                    "hits": [h.to_dict() for h in hits],
                    "suppressed": [{"entity_id": h.entity_id, "score": h.score} for h in suppressed]})
        return
    console.print(hits_table(hits, f"{len(hits)} hit(s) for {name!r}"))
    for hit in suppressed:
        console.print(f"suppressed by good-guy entry: {hit.entity_id} ({hit.score:.2f})")


def _register_extensions() -> None:
    """Screeners contribute their commands here, so cli.py stays a thin shell."""
    from redline.commands import register_all

    register_all(app, _engine)


_register_extensions()


def main() -> None:  # pragma: no cover - console entry point
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    app()
