"""`redline cases|users|audit|report`: the analyst workflow from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from redline.cases.report import summarise, to_csv, to_html
from redline.cases.service import CaseService
from redline.errors import RedlineError
from redline.output import console, err_console, print_json
from redline.store.db import connect


def case_service(engine: Any) -> CaseService:
    settings = engine.settings
    return CaseService(connect(settings.database_url, settings.home), engine.store)


def _fail(exc: Exception) -> None:
    err_console.print(f"[red]error:[/red] {exc}")
    raise typer.Exit(2)


def register(app: typer.Typer, get_engine: Callable[[], Any]) -> None:
    cases = typer.Typer(help="Alerts as cases: list, show, decide, approve.", no_args_is_help=True)
    users = typer.Typer(help="Analyst, approver and admin accounts.", no_args_is_help=True)
    audit = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
    app.add_typer(cases, name="cases")
    app.add_typer(users, name="users")
    app.add_typer(audit, name="audit")

    @cases.command("list")
    def list_cases(state: str | None = None, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
        """Cases, highest score first, with counts per state."""
        svc = case_service(get_engine())
        found = svc.store.list(state=state)
        if as_json:
            print_json([c.__dict__ for c in found])
            return
        from rich.table import Table

        table = Table(title=f"cases {svc.store.counts()}")
        for col in ("id", "state", "risk", "score", "list", "input", "decision"):
            table.add_column(col)
        for c in found:
            table.add_row(c.id, c.state, c.risk, f"{c.top_score:.2f}", c.top_list, c.input_key, c.decision or "")
        console.print(table)

    @cases.command("show")
    def show_case(case_id: str) -> None:
        """One case with its input, hits, reasons and audit trail."""
        svc = case_service(get_engine())
        try:
            case = svc.store.get(case_id)
        except RedlineError as exc:
            _fail(exc)
        print_json({"case": case.__dict__, "audit": [r.__dict__ for r in svc.audit.records(case_id)]})

    @cases.command("decide")
    def decide(
        case_id: str,
        decision: Annotated[str, typer.Option(help="true_match, false_positive or needs_info")],
        comment: Annotated[str, typer.Option(help="Mandatory reasoning.")],
        user: Annotated[str, typer.Option(help="Analyst user name.")],
        version: Annotated[int | None, typer.Option(help="Case version you read (default: current).")] = None,
    ) -> None:
        """Record an analyst's decision (four-eyes cases then wait for an approver)."""
        svc = case_service(get_engine())
        try:
            expected = version if version is not None else svc.store.get(case_id).version
            case = svc.decide(case_id, user, decision, comment, expected)
        except RedlineError as exc:
            _fail(exc)
        console.print(f"{case.id}: {case.state} ({case.decision}) by {user}")

    @cases.command("approve")
    def approve(
        case_id: str,
        comment: Annotated[str, typer.Option(help="Mandatory reasoning.")],
        user: Annotated[str, typer.Option(help="Approver user name.")],
        reject: Annotated[bool, typer.Option(help="Send the decision back instead.")] = False,
    ) -> None:
        """Second person confirms (or rejects) a decision."""
        svc = case_service(get_engine())
        try:
            case = svc.approve(case_id, user, comment, svc.store.get(case_id).version, approve=not reject)
        except RedlineError as exc:
            _fail(exc)
        console.print(f"{case.id}: {case.state}")

    @cases.command("good-guy")
    def good_guy(
        customer: Annotated[str, typer.Argument(help="Customer / input key.")],
        entity_id: Annotated[str, typer.Argument(help="Listed entity id, e.g. ofac_sdn:35096.")],
        user: Annotated[str, typer.Option(help="Analyst user name.")],
        comment: Annotated[str, typer.Option(help="Why this customer is not that listed party.")],
    ) -> None:
        """Record a known false positive; it suppresses alerts until the listed entry changes."""
        try:
            case_service(get_engine()).add_good_guy(customer, entity_id, user, comment)
        except RedlineError as exc:
            _fail(exc)
        console.print(f"good-guy entry: {customer} is not {entity_id} (until that entry changes)")

    @users.command("add")
    def add_user(
        username: str,
        role: Annotated[str, typer.Option(help="analyst, approver or admin")],
        password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    ) -> None:
        """Create a user (password stored as an scrypt hash)."""
        try:
            case_service(get_engine()).create_user(username, password, role, actor="cli")
        except RedlineError as exc:
            _fail(exc)
        console.print(f"user {username} ({role}) created")

    @audit.command("verify")
    def verify() -> None:
        """Recompute the hash chain; name any record that was edited or removed."""
        report = case_service(get_engine()).audit.verify()
        if report.ok:
            console.print(f"[green]audit log intact[/green]: {report.records} records, chain verified")
            return
        for problem in report.problems:
            err_console.print(f"[red]TAMPERED[/red] {problem}")
        raise typer.Exit(1)

    @audit.command("export")
    def export(fmt: Annotated[str, typer.Option("--format", help="csv or json")] = "json",
               out: Annotated[Path | None, typer.Option(help="File (default: stdout).")] = None) -> None:
        """Export the audit log for auditors."""
        try:
            text = case_service(get_engine()).audit.export(fmt)
        except ValueError as exc:
            _fail(exc)
        if out:
            out.write_text(text, "utf-8")
        else:
            typer.echo(text)

    @app.command("report")
    def report(day: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default today).")] = None,
               html_out: Annotated[Path | None, typer.Option("--html")] = None,
               csv_out: Annotated[Path | None, typer.Option("--csv")] = None) -> None:
        """Daily screening summary: alerts by list, by decision, ageing."""
        svc = case_service(get_engine())
        summary = summarise(svc.store.list(limit=1_000_000), day)
        if html_out:
            html_out.write_text(to_html(summary, f"redline daily summary {day or 'today'}"), "utf-8")
        if csv_out:
            csv_out.write_text(to_csv(summary), "utf-8")
        for section, counts in summary.items():
            console.print(f"[bold]{section}[/bold]: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
