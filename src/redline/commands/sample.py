"""`redline run-sample`: the main job of the README, end to end on the embedded store.

Loads the lists (official addresses, or the mirror, or — when neither can be reached —
the demo list, loudly labelled), then screens a realistic sample: a customer book, a
payment and a shipment.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

from redline.model import Query
from redline.output import console, entity_progress, err_console, hits_table
from redline.text.countries import country_code
from redline.updater import load_demo, update_from_mirror, update_from_official


def _ensure_lists(engine: Any, mirror: Path | None, offline: bool) -> bool:
    """Load lists; returns True when screening runs on the demo list only."""
    store = engine.store
    with entity_progress() as progress:
        if mirror:
            results, _ = update_from_mirror(store, mirror, None, progress)
        elif offline:
            results = []
        else:
            results = update_from_official(store, engine.settings.home, None,
                                           engine.settings.download_timeout, progress)
    ok = [r for r in results if r.status != "failed"]
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        err_console.print(f"[yellow]could not update {r.list_name}:[/yellow] {r.error}")
    official = [v for v in store.active_versions() if not v.demo]
    if ok or official:
        if not mirror and failed and not ok:
            err_console.print("[yellow]Official addresses unreachable; screening against the "
                              "versions already stored.[/yellow]")
        return False
    reason = "offline mode" if offline else "official list addresses cannot be reached"
    err_console.print(
        f"[bold yellow]{reason} and no mirror is set (--mirror DIR or REDLINE_MIRROR): "
        "using the DEMO list instead. The demo list is NOT an official sanctions list.[/bold yellow]"
    )
    load_demo(store)
    return True


def _customers() -> list[dict[str, str]]:
    text = resources.files("redline.demo").joinpath("customers.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def run_sample(engine: Any, mirror: Path | None, offline: bool) -> int:
    demo = _ensure_lists(engine, mirror, offline)
    label = " [bold yellow](DEMO LIST — not official)[/bold yellow]" if demo else ""
    versions = engine.list_versions()
    console.rule(f"Lists{label}")
    for name, version in sorted(versions.items()):
        console.print(f"  {name}: {version}")
    console.rule("Customers")
    from redline.commands.cases import case_service

    cases = case_service(engine)
    alerts = 0
    for row in _customers():
        query = Query(
            name=row["name"], schema=row.get("type") or "LegalEntity",
            birth_date=row.get("birth_date") or None,
            countries=[c for c in [country_code(row.get("country"))] if c], key=row["customer_id"],
        )
        hits = engine.screen(query)
        if hits:
            alerts += 1
            case = cases.open_alert("party", row["customer_id"], dict(row), hits, versions)
            outcome = f"case {case.id}" if case else "suppressed by good-guy list"
            console.print(hits_table(hits[:3], f"{row['customer_id']} {row['name']!r}: ALERT → {outcome}"))
        else:
            console.print(f"  {row['customer_id']} {row['name']!r}: clear")
    for hook in SAMPLE_STEPS:
        alerts += hook(engine)
    console.rule("Summary")
    console.print(f"{alerts} alert(s); list versions: {', '.join(sorted(versions.values()))}{label}")
    console.print(f"open cases: {cases.store.counts()} — decide with `redline cases decide ID ...`; "
                  "`redline audit verify` checks the audit chain")
    return alerts


def _payment_step(engine: Any) -> int:
    """Screen the demo pacs.008; a hold opens a case like any other alert."""
    from redline.commands.cases import case_service
    from redline.services import payment_screener

    console.rule("Payment (pacs.008)")
    data = resources.files("redline.demo").joinpath("payment_pacs008.xml").read_bytes()
    results = payment_screener(engine).screen_bytes(data, "demo/payment_pacs008.xml")
    held = 0
    for result in results:
        console.print(f"  {result.message_type} {result.reference}: [bold]{result.decision.upper()}[/bold]")
        for hit in result.hits:
            console.print(f"    [{hit.severity}] {hit.path}: {hit.detail}", markup=False)
        if result.decision == "hold":
            held += 1
            case = case_service(engine).open_case(
                "payment", result.reference or "payment", {"message": "demo/payment_pacs008.xml"},
                [h.to_dict() for h in result.hits], result.list_versions, "high",
            )
            console.print(f"  held → case {case.id}")
    return held


def _shipment_step(engine: Any) -> int:
    """Screen the demo shipments: GPUs to a Kazakh reseller, bearings via Türkiye, medical devices."""
    from redline.commands.cases import case_service
    from redline.commands.goods import read_shipments, results_table
    from redline.screeners.goods import ShipmentScreener

    console.rule("Shipments")
    path = Path(str(resources.files("redline.demo").joinpath("shipments.csv")))
    results = list(ShipmentScreener(engine.screen).screen_rows(read_shipments(path, {})))
    console.print(results_table(results))
    flagged = [r for r in results if r.decision in ("block", "review")]
    for r in flagged:
        risk = "high" if r.decision == "block" else "medium"
        case_service(engine).open_case("shipment", r.shipment_id, {"shipment": r.shipment_id},
                                       [r.to_dict()], engine.list_versions(), risk)
    return len(flagged)


#: Further sample steps (payment, shipment), run after the customer book.
SAMPLE_STEPS: list[Callable[[Any], int]] = [_payment_step, _shipment_step]


def register(app: typer.Typer, get_engine: Callable[[], Any]) -> None:
    @app.command("run-sample")
    def run_sample_command(
        mirror: Annotated[Path | None, typer.Option(help="Mirror folder of official files.")] = None,
        offline: Annotated[bool, typer.Option(help="Do not try the official addresses.")] = False,
    ) -> None:
        """Main job: load lists, then screen sample customers, a payment and a shipment."""
        engine = get_engine()
        run_sample(engine, mirror or engine.settings.mirror, offline or engine.settings.offline)
