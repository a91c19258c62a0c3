"""`redline classify CODE` and `redline screen-shipment FILE`: thin shells over redline.goods.

Exit codes: 0 = nothing blocked, 1 = at least one line blocked, 2 = unusable input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from redline.errors import RedlineError
from redline.goods.check import check_goods
from redline.goods.describe import Suggestion, mismatch, suggest
from redline.goods.hs import normalize
from redline.goods.shipments import iter_shipments, parse_map
from redline.goods.shipments import read_shipments as read_shipments
from redline.goods.tables import Classification, classify_code, load_tables
from redline.model import Hit, Query
from redline.output import console, err_console
from redline.screeners.goods import ShipmentResult, ShipmentScreener

PartyScreenerFactory = Callable[[], Callable[[Query], list[Hit]]]
_GET_PARTY_SCREENER: PartyScreenerFactory | None = None
COLOURS = {"block": "red", "review": "yellow", "clear": "green"}
EXPLAIN_UP_TO = 50


def _fail(exc: Exception) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {escape(str(exc))}")
    return typer.Exit(2)


def _classify_json(found: Classification | None, description: str | None, suggestions: list[Suggestion],
                   why: str | None) -> dict[str, Any]:
    """The code's classification plus what the description says.

    When the description contradicts the code, the top-level ``controlled`` is the stricter
    of the two: a caller reading only that key must not see "not controlled" for an H100
    declared as furniture. ``controlled_by`` and ``mismatch`` say why.
    """
    out: dict[str, Any] = found.to_dict() if found else {}
    if description is None:
        return out
    by_description = check_goods(None, description)
    out["description"] = {"text": description, "suggestions": [s.to_dict() for s in suggestions],
                          "goods": by_description.to_dict(), "mismatch": why}
    if found and why:
        out["mismatch"] = why
        if by_description.facts.controlled and not out.get("controlled"):
            out["controlled"] = True
            out["controlled_by"] = "description"
    return out


def classify_command(
    code: Annotated[str | None, typer.Argument(help="HS / CN / HTS code, any format (8542.31, 8542 31 00 90).")] = None,
    description: Annotated[str | None, typer.Option("--description", "-d", help="Goods description to check.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Every control (CHPL tier, EU 833 annex, EAR supplement, advanced computing) for a code or description."""
    if not code and not description:
        raise _fail(ValueError("give an HS code, a --description, or both"))
    try:
        found = classify_code(normalize(code)) if code else None
    except RedlineError as exc:
        raise _fail(exc) from exc
    suggestions = suggest(description)
    why = mismatch(found.code, suggestions) if found and description else None
    if as_json:
        typer.echo(json.dumps(_classify_json(found, description, suggestions, why), ensure_ascii=False,
                              default=str))
        return
    if found:
        console.print(f"[bold]{found.code.formatted()}[/bold] ({found.code.level}, chapter {found.code.chapter}: "
                      f"{escape(found.code.chapter_title())}) — {len(found.controls)} control(s)")
        for c in found.controls:
            console.print(f"  [bold]{escape(c.table)}[/bold] {escape(c.reason)}")
        for c in {c.table: c for c in found.controls}.values():
            console.print(f"  [dim]{escape(c.table)}: {escape(c.measure)}. Source: {escape(c.source)} "
                          f"({c.date}) {c.url}[/dim]")
        if found.exemption:
            console.print(f"  [green]exempt:[/green] {escape(found.exemption)}")
        if not found.controls:
            partial = ", ".join(t.id for t in load_tables() if t.partial)
            console.print(f"  no entry in the shipped tables; partial tables (a miss is not proof): {partial}")
    for s in suggestions:
        console.print(f"  suggested [bold]{s.hs}[/bold] from '{escape(s.evidence)}' ({s.rule}, {s.strength}): "
                      f"{escape(s.note)}")
    if description and not suggestions:
        console.print("  no description rule matched")
    if why:
        console.print(f"  [red]mismatch:[/red] {escape(why)}")
        if check_goods(None, description).facts.controlled:
            console.print("  [red]controlled by description:[/red] treat the goods as controlled "
                          "until the code is corrected")


def results_table(results: list[ShipmentResult]) -> Table:
    """One row per shipment: decision, score, goods, red flags and party hits."""
    table = Table(title="shipment screening", show_lines=True)
    for col in ("shipment", "decision", "score", "goods", "red flags"):
        table.add_column(col)
    for r in results:
        colour = COLOURS.get(r.decision, "magenta")
        codes = r.goods.codes if r.goods else []
        goods = " / ".join(c.formatted() for c in codes) or "(no valid code)"
        goods += "".join(f"\n{c.table} {c.label}" + (" (ex: check)" if c.how == "may cover" else "")
                         for c in r.controls if c.applies)
        if r.exemption:
            goods += "\nexempt"
        flags = "\n".join(f"+{f.weight} {f.code}: {f.detail}" for f in r.flags) or "-"
        table.add_row(escape(r.shipment_id), f"[{colour}]{r.decision}[/{colour}]", str(r.score), escape(goods),
                      escape(flags))
    return table


def explanation(result: ShipmentResult) -> Panel:
    colour = COLOURS.get(result.decision, "magenta")
    body = "\n".join(escape(line) for line in result.explain()) or "no controls, red flags or party hits"
    return Panel(body, title=f"{escape(result.shipment_id)}: [{colour}]{result.decision}[/{colour}] "
                             f"(score {result.score})", title_align="left")


def write_out(results: list[ShipmentResult], out: Path) -> None:
    """JSON lines (.jsonl / .json) or Parquet (.parquet, needs pyarrow)."""
    if out.suffix == ".parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise RedlineError("writing Parquet needs pyarrow: pip install 'pyarrow>=14'") from exc
        pq.write_table(pa.Table.from_pylist([r.to_row() for r in results]), out)
        return
    with open(out, "w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r.to_dict(), ensure_ascii=False, default=str) + "\n")


def _party_screener() -> Callable[[Query], list[Hit]]:
    if _GET_PARTY_SCREENER is None:
        raise RedlineError("no party screener registered: call redline.commands.goods.register first")
    screener = _GET_PARTY_SCREENER()
    # accept the engine itself until the lead wires a factory returning the callable
    return getattr(screener, "screen", screener)  # type: ignore[no-any-return]


def screen_shipment_command(
    file: Annotated[Path, typer.Argument(help="CSV of shipment lines (layout: see redline.goods.shipments).")],
    map_: Annotated[str | None, typer.Option("--map", help="Other layouts: our_column=their_column,...")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines on stdout, one per shipment.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Write results: .jsonl or .parquet.")] = None,
    explain: Annotated[bool | None, typer.Option("--explain/--no-explain",
                                                 help="Per-shipment explanation (default: up to 50 lines).")] = None,
    encoding: Annotated[str, typer.Option(help="File encoding.")] = "utf-8-sig",
) -> None:
    """Parties, goods and route of each shipment line: clear, review or block, with the reasons."""
    try:
        screener = ShipmentScreener(_party_screener())
        results: list[ShipmentResult] = []
        for line, row, problem in iter_shipments(file, parse_map(map_), encoding):
            result = screener.screen_row(row, line)
            if problem:
                result.errors.append(problem)
                result.decision = "review" if result.decision == "clear" else result.decision
            results.append(result)
        if out:
            write_out(results, out)
    except (RedlineError, LookupError) as exc:
        raise _fail(exc) from exc
    if as_json:
        for r in results:
            typer.echo(json.dumps(r.to_dict(), ensure_ascii=False, default=str))
    else:
        console.print(results_table(results))
        if explain or (explain is None and len(results) <= EXPLAIN_UP_TO):
            for r in results:
                if r.decision != "clear":
                    console.print(explanation(r))
        counts = {d: sum(r.decision == d for r in results) for d in ("block", "review", "clear")}
        console.print(f"{len(results)} line(s): " + ", ".join(f"{n} {d}" for d, n in counts.items()))
    if any(r.decision == "block" for r in results):
        raise typer.Exit(1)


def register(app: typer.Typer, get_party_screener: PartyScreenerFactory) -> None:
    """Add both commands; ``get_party_screener()`` is called only when shipments are screened."""
    global _GET_PARTY_SCREENER
    _GET_PARTY_SCREENER = get_party_screener
    app.command("classify")(classify_command)
    app.command("screen-shipment")(screen_shipment_command)
