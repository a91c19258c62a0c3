"""`redline serve` (the HTTP API under uvicorn) and `redline api-key create|list|revoke`.

Keys are made on the server's machine by someone who can read its REDLINE_HOME; the
API itself cannot mint keys, so a stolen admin key cannot create more keys.
"""

from __future__ import annotations

import importlib
import ipaddress
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from redline.engine import Engine
from redline.errors import RedlineError

if TYPE_CHECKING:
    from redline.api.keys import KeyStore

KEY_ROLES = ("screen", "analyst", "admin")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _fast_io() -> dict[str, str]:
    """uvloop and httptools when installed: C event loop and HTTP parser, less CPU per request than
    asyncio + h11 (both come with ``uvicorn[standard]``). uvicorn's "auto" picks them too; naming them
    keeps the choice explicit, and without them the server still runs on asyncio + h11."""
    found: dict[str, str] = {}
    for module, option in (("uvloop", "loop"), ("httptools", "http")):
        try:
            importlib.import_module(module)
        except ImportError:
            continue
        found[option] = module
    return found


def register(app: typer.Typer, get_engine: Callable[[], Engine]) -> None:
    keys_app = typer.Typer(help="Create, list and revoke API keys (stored hashed).", no_args_is_help=True)
    app.add_typer(keys_app, name="api-key")

    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
        workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes (one core each).")] = 1,
        log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
        access_log: Annotated[bool, typer.Option(help="Log one line per request (off: less work per request; "
                                                      "benchmarks turn it off).")] = True,
    ) -> None:
        """Serve the HTTP API (yente-compatible /match, /screen/party, /lists) with uvicorn."""
        import uvicorn

        from redline.api.config import ApiConfig

        try:
            config = ApiConfig.from_env()
        except RedlineError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        if config.open_mode and not _is_loopback(host):
            typer.echo("error: REDLINE_API_OPEN=1 (no API keys) is only allowed on a loopback --host", err=True)
            raise typer.Exit(2)
        common = {"host": host, "port": port, "log_level": log_level, "proxy_headers": False,
                  "server_header": False, "date_header": True, "access_log": access_log, **_fast_io()}
        if workers > 1:
            # Each process builds its own app (and engine thread) from the same REDLINE_* settings.
            uvicorn.run("redline.api.app:create_app", factory=True, workers=workers, **common)  # type: ignore[arg-type]
        else:
            from redline.api.app import create_app

            uvicorn.run(create_app(get_engine(), config=config), **common)  # type: ignore[arg-type]

    def _store() -> KeyStore:
        from redline.api.keys import KeyStore

        return KeyStore.open(get_engine().settings)

    @keys_app.command("create")
    def key_create(
        name: Annotated[str, typer.Argument(help="Who or what uses the key.")],
        role: Annotated[str, typer.Option(help="screen < analyst < admin.")] = "screen",
    ) -> None:
        """Create a key and print it once (only its salted hash is stored)."""
        if role not in KEY_ROLES:
            typer.echo(f"error: role must be one of {', '.join(KEY_ROLES)}", err=True)
            raise typer.Exit(2)
        store = _store()
        try:
            key, secret = store.create(name, role)
        except RedlineError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        finally:
            store.close()
        typer.echo(secret)
        typer.echo(f"key {key.key_id} ({key.role}) for {key.name}: shown once, store it now", err=True)

    @keys_app.command("list")
    def key_list() -> None:
        """Key ids, names, roles and status (never the keys)."""
        store = _store()
        try:
            for key in store.list():
                status = f"revoked {key.revoked_at}" if key.revoked_at else "active"
                typer.echo(f"{key.key_id}\t{key.role}\t{key.name}\t{key.created_at}\t{status}")
        finally:
            store.close()

    @keys_app.command("revoke")
    def key_revoke(key: Annotated[str, typer.Argument(help="Key id (or name: all its active keys).")]) -> None:
        """Revoke a key at once (running servers check the store on every request)."""
        store = _store()
        try:
            count = store.revoke(key)
        finally:
            store.close()
        if not count:
            typer.echo(f"error: no active key {key!r}", err=True)
            raise typer.Exit(1)
        typer.echo(f"revoked {count} key(s)")
