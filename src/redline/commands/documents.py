"""`redline screen-text FILE|-` and `redline ownership FILE --company X`.

Thin shells: ``screen-text`` hands the bytes to ``DocumentScreener`` and prints the
mentions (``--json`` list, ``--html`` highlighted view); ``ownership`` builds the
relations graph, marks its listed parties through the loaded lists (and the file's own
sanction flags for FtM data), derives blocks under the chosen rule and prints each with
its paths (``--png`` draws the chain). Exit codes: 0 nothing found, 1 mentions / a
derived block, 2 unusable input.
"""

from __future__ import annotations

import json as _json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from redline.errors import RedlineError
from redline.output import console, err_console

if TYPE_CHECKING:
    from redline.engine import Engine


def _read_input(file: str) -> tuple[bytes, str]:
    if file == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    path = Path(file)
    if path.is_dir():
        raise RedlineError(f"{file}: is a folder; screen-text reads one document (or - for stdin)")
    if not path.is_file():
        raise RedlineError(f"{file}: no such file")
    try:
        return path.read_bytes(), str(path)
    except OSError as exc:
        raise RedlineError(f"{file}: cannot read: {exc.strerror or exc}") from exc


def register(app: typer.Typer, get_engine: Callable[[], Engine]) -> None:
    @app.command("screen-text")
    def screen_text(
        file: Annotated[str, typer.Argument(help="Text, HTML or PDF file; '-' reads standard input.")],
        json: Annotated[bool, typer.Option("--json", help="Print the mentions as a JSON list.")] = False,
        html: Annotated[Path | None, typer.Option("--html", help="Write a highlighted HTML view here.")] = None,
        kind: Annotated[str | None, typer.Option("--kind", help="text, html or pdf (default: sniffed).")] = None,
        encoding: Annotated[str | None, typer.Option(help="Text encoding (default UTF-8).")] = None,
        threshold: Annotated[float | None, typer.Option(help="Minimum mention score.")] = None,
    ) -> None:
        """Find mentions of listed parties in a document (Latin, Cyrillic, Chinese)."""
        from redline.documents.highlight import render
        from redline.screeners.document import DocumentScreener

        try:
            data, source = _read_input(file)
            engine = get_engine()
            screener = DocumentScreener(engine.matcher(), threshold=threshold)
            result = screener.screen_bytes(data, source, kind, encoding)
        except RedlineError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        if html is not None:
            html.write_text(render(result), "utf-8")
        if json:
            typer.echo(_json.dumps([m.to_dict() for m in result.mentions], ensure_ascii=False, indent=1))
        else:
            console.print(f"{source} ({result.kind}, {len(result.text)} characters): "
                          f"{len(result.mentions)} mention(s)")
            for m in result.mentions:
                console.print(f"  {m.start}-{m.end} [bold]{escape(repr(m.text))}[/bold] → {escape(m.caption)} "
                              f"{escape(f'[{m.list} {m.entity_id}]')} {m.score:.2f}")
        raise typer.Exit(1 if result.mentions else 0)

    @app.command("ownership")
    def ownership(
        file: Annotated[Path, typer.Argument(
            help="Relations: FtM JSON lines (.ftm.json) or CSV owner,owned,percent,source.")],
        company: Annotated[str, typer.Option("--company", help="Company name or id in the file.")],
        png: Annotated[Path | None, typer.Option("--png", help="Draw the ownership chain to this PNG.")] = None,
        rule: Annotated[str | None, typer.Option("--rule", help="ofac (default), eu or uk.")] = None,
        on: Annotated[str | None, typer.Option("--on", help="Ownership as of this ISO date (default today).")] = None,
        json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    ) -> None:
        """Blocks derived from ownership and control (OFAC 50 % rule, EU/UK variants)."""
        from redline.ownership import load_config, load_graph
        from redline.screeners.ownership import OwnershipScreener, file_lookup, matcher_lookup

        try:
            cfg = load_config()
            graph = load_graph(file)
            lookups = [file_lookup(cfg, file.name)]
            engine = get_engine()
            if engine.store.active_versions():
                lookups.append(matcher_lookup(engine.matcher(), cfg, _sanctioned(engine, cfg.listed_topics)))
            screener = OwnershipScreener(graph, lookups, rule=rule, config=cfg, on=on)
            nodes = screener.find(company)
            if not nodes:
                raise RedlineError(f"{company!r} is not a party in {file}")
        except RedlineError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from exc
        hits = [h for n in nodes if (h := screener.hit(n.id, company)) is not None]
        # listings the rule does not apply (an EU-only designation under the OFAC rule) are
        # said, not silently dropped: the analyst may have to apply another jurisdiction's rule
        skipped = [{"node": node_id, "entity_id": item.entity_id, "list": item.list}
                   for node_id, items in screener.not_counted.items() for item in items]
        if json:
            typer.echo(_json.dumps({"rule": screener.rule.name, "on": screener.on, "not_counted": skipped,
                                    "results": [{"node": n.id, "caption": n.caption,
                                                 "status": getattr(screener.derivations.get(n.id), "status", None),
                                                 "explanation": screener.explain(n.id)} for n in nodes],
                                    "hits": [h.to_dict() for h in hits]}, ensure_ascii=False, indent=1))
        else:
            for n in nodes:
                console.print(screener.explain(n.id), markup=False)
            for item in skipped:
                console.print(f"not counted under the {screener.rule.name} rule: {item['node']} is listed only as "
                              f"{item['entity_id']} on {item['list']}", markup=False)
        if png is not None:
            target = next((n.id for n in nodes if n.id in screener.derivations), nodes[0].id)
            screener.write_png(target, png)
        raise typer.Exit(1 if hits else 0)


def _sanctioned(engine: Engine, topics: frozenset[str]) -> Callable[[str], bool]:
    """OpenSanctions files also carry registry companies: on ftm_* lists require a sanction topic."""
    def accept(entity_id: str) -> bool:
        if not entity_id.startswith("ftm_"):
            return True
        entity = engine.store.get_entity(entity_id)
        found = set(entity.properties.get("topics", [])) if entity else set()
        return bool(found & topics)
    return accept
