"""`redline classify` and `redline screen-shipment`."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from redline.errors import QueryError, RedlineError
from redline.goods.tables import classify, exemption_for, load_tables
from redline.output import console, err_console, print_json
from redline.screeners.goods import ShipmentResult, ShipmentScreener
from redline.sources.base import open_text


def parse_map(value: str | None) -> dict[str, str]:
    """`--map consignee=buyer_name,hs_code=tariff` → {standard column: file column}."""
    mapping: dict[str, str] = {}
    for part in (value or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise QueryError(f"--map entry {part!r} must look like column=their_column")
        ours, theirs = (p.strip() for p in part.split("=", 1))
        mapping[ours] = theirs
    return mapping


def read_shipments(path: Path, mapping: dict[str, str]) -> Iterator[dict[str, str]]:
    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        columns = set(reader.fieldnames or [])
        missing = [theirs for theirs in mapping.values() if theirs not in columns]
        if missing:
            raise QueryError(f"{path}: --map names columns not in the file: {', '.join(missing)}")
        reverse = {theirs: ours for ours, theirs in mapping.items()}
        for row in reader:
            yield {reverse.get(k, k): (v or "") for k, v in row.items() if k is not None}


def results_table(results: list[ShipmentResult]) -> Table:
    table = Table(title="shipment screening", show_lines=True)
    for col in ("shipment", "decision", "score", "why"):
        table.add_column(col)
    for r in results:
        colour = {"block": "red", "review": "yellow", "clear": "green", "error": "magenta"}[r.decision]
        why = "\n".join(r.explain()) or r.error or "no controls or red flags"
        table.add_row(escape(r.shipment_id), f"[{colour}]{r.decision}[/{colour}]", str(r.score), escape(why))
    return table


def register(app: typer.Typer, get_engine: Callable[[], Any]) -> None:
    @app.command("classify")
    def classify_command(
        code: Annotated[str, typer.Argument(help="HS / CN / HTS code in any format (8542.31, 8542 31 00 90).")],
        as_json: Annotated[bool, typer.Option("--json")] = False,
    ) -> None:
        """Every control (CHPL tier, EU annex, advanced-computing class) that applies to a code."""
        try:
            hs, controls = classify(code)
        except QueryError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        exempt = exemption_for(hs)
        if as_json:
            print_json({"code": hs.digits, "formatted": hs.formatted(),
                        "controls": [c.__dict__ | {"reason": c.reason} for c in controls],
                        "exemption": exempt})
            return
        console.print(f"[bold]{hs.formatted()}[/bold]: {len(controls)} control(s)")
        for c in controls:
            console.print(f"  {escape(f'[{c.table}]')} {escape(c.reason)}  [dim]({escape(c.source)})[/dim]")
        if exempt:
            console.print(f"  exemption: {exempt['description']}")
        if not controls:
            tables = ", ".join(t.id for t in load_tables())
            console.print(f"  not listed in: {tables}")

    @app.command("screen-shipment")
    def screen_shipment(
        file: Annotated[Path, typer.Argument(help="CSV of shipment lines (see README for the layout).")],
        map_: Annotated[str | None, typer.Option("--map", help="column=their_column,...")] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
        out: Annotated[Path | None, typer.Option(help="Write results as JSON lines.")] = None,
    ) -> None:
        """Parties, goods and route of each shipment line: clear, review or block, with reasons."""
        engine = get_engine()
        screener = ShipmentScreener(engine.screen)
        try:
            results = list(screener.screen_rows(read_shipments(file, parse_map(map_))))
        except RedlineError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                for r in results:
                    fh.write(json.dumps(r.to_dict(), ensure_ascii=False, default=str) + "\n")
        if as_json:
            print_json([r.to_dict() for r in results])
        else:
            console.print(results_table(results))
        if any(r.decision == "block" for r in results):
            raise typer.Exit(1)
