"""`redline vessel IMO [--ais FILE]`: screen a ship and report its AIS behaviour.

A thin shell over ``VesselScreener`` and ``redline.maritime``: screens the ship by
identifier and identity history, reads the AIS file (raw NMEA or decoded CSV), runs
the behaviour detectors for the ship's MMSIs, and writes a PNG and a self-contained
HTML map beside the printed report. Exit code 0 = no list hit and risk below "high",
1 = list hit or high risk, 2 = unusable input (including an AIS file without a single timed,
positioned row; a list hit still wins with 1, so a sanctioned ship is never reported as an error).
"""

from __future__ import annotations

import json as _json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated

import typer

from redline.errors import RedlineError
from redline.maritime.ingest import read_ais
from redline.maritime.positions import Positions
from redline.maritime.reference import load_config, load_zones
from redline.maritime.render import write_html, write_png
from redline.maritime.report import VesselReport, build_report
from redline.model import Entity, Hit, Query
from redline.output import console, err_console
from redline.screeners.vessel import VesselScreener
from redline.text.identifiers import compact

Context = Callable[[], tuple[Iterable[Entity], Callable[[Query], list[Hit]]]]
_GET_CONTEXT: Context | None = None


def _print(report: VesselReport) -> None:
    from rich.table import Table

    console.print(f"[bold]{' '.join(f'{k} {v}' for k, v in report.query.items() if v)}[/bold]  risk "
                  f"[bold]{report.score:.2f}[/bold] ({report.level}); MMSIs {report.mmsis or '-'}")
    if report.behaviour == "not assessed":
        console.print("[bold red]AIS behaviour: NOT ASSESSED[/bold red] (the risk above reflects list hits only)")
    for warning in report.warnings:
        err_console.print(f"[bold yellow]warning:[/bold yellow] {warning}")
    hits = Table(title="list hits")
    for col in ("list", "name", "score", "reasons"):
        hits.add_column(col)
    for h in report.hits:
        hits.add_row(h.list, h.caption, f"{h.score:.2f}", "\n".join(r.detail for r in h.reasons))
    console.print(hits)
    events = Table(title="AIS events")
    for col in ("kind", "MMSI", "start", "hours", "summary"):
        events.add_column(col)
    for e in report.events:
        d = e.to_dict()
        events.add_row(e.kind, str(e.mmsi), d["start"] or "-", str(d["hours"] or "-"), e.summary)
    console.print(events)
    if report.ingest:
        r = report.ingest
        console.print(f"AIS {r.source}: {r.positions} positions ({r.untimed} untimed), {r.static} identities, "
                      f"{r.skipped_total} skipped {dict(r.skipped)}")
        for example in r.examples:
            console.print(f"  rejected {example}")


def parse_identifier(identifier: str) -> tuple[str | None, str | None]:
    """(IMO, MMSI) from "IMO 9305609", "MMSI 273123456" or bare digits (9 digits = MMSI); a
    prefix decides, so the error for a bad value names the kind of number the user meant."""
    ident = compact(identifier).upper()
    if ident.startswith("MMSI"):
        return None, ident[4:]
    if ident.startswith("IMO"):
        return ident[3:], None
    return (None, ident) if len(ident) == 9 else (ident, None)


def vessel_command(
    identifier: Annotated[str, typer.Argument(help="IMO number (7 digits, check digit verified) or 9-digit MMSI; "
                                                 "prefix 'IMO' or 'MMSI' to be explicit.")],
    ais: Annotated[Path | None, typer.Option("--ais", help="AIS file: raw NMEA or decoded CSV (DMA, NOAA).")] = None,
    name: Annotated[str | None, typer.Option(help="Also screen this vessel name.")] = None,
    call_sign: Annotated[str | None, typer.Option("--call-sign", help="Also screen this call sign.")] = None,
    zones: Annotated[Path | None, typer.Option(help="Extra zones (YAML or GeoJSON): ports, coverage holes.")] = None,
    config: Annotated[Path | None, typer.Option(help="Detector thresholds overriding the defaults (YAML).")] = None,
    out: Annotated[Path, typer.Option(help="Folder for the PNG and HTML report.")] = Path("."),
    no_pictures: Annotated[bool, typer.Option("--no-pictures", help="Skip PNG/HTML.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")] = False,
) -> None:
    """Screen a vessel (IMO/MMSI, identity history) and score its AIS behaviour."""
    if _GET_CONTEXT is None:
        raise RuntimeError("vessel command used before register()")
    imo, mmsi = parse_identifier(identifier)
    try:
        cfg = load_config(config)
        zone_list = load_zones(zones)
        entities, screen_party = _GET_CONTEXT()
        screener = VesselScreener(entities, screen_party, config=cfg)
        data = read_ais(ais) if ais else None
        report = build_report(screener, imo=imo, mmsi=mmsi, name=name, call_sign=call_sign, ais=data,
                              config=cfg, zones=zone_list)
    except RedlineError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    out_dict = report.to_dict()
    if not no_pictures:
        out.mkdir(parents=True, exist_ok=True)
        stem = f"vessel-{imo or mmsi}"
        track = data.positions.for_mmsi(set(report.mmsis)) if data and report.mmsis else None
        track = track if track is not None else Positions.empty()
        out_dict["pictures"] = [str(write_png(report, track, zone_list, out / f"{stem}.png")),
                                str(write_html(report, track, zone_list, out / f"{stem}.html"))]
    if json:
        typer.echo(_json.dumps(out_dict, ensure_ascii=False, indent=2, default=str))
    else:
        _print(report)
        for pic in out_dict.get("pictures", []):
            console.print(f"wrote {pic}")
    if report.hits or report.level == "high":
        raise typer.Exit(1)
    if not report.ais_usable:
        raise typer.Exit(2)


def register(app: typer.Typer, get_context: Context) -> None:
    """Add ``redline vessel`` to the app; ``get_context`` gives (entities, party matcher)."""
    global _GET_CONTEXT
    _GET_CONTEXT = get_context
    app.command("vessel")(vessel_command)
