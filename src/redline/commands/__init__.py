"""CLI commands contributed by each screener, registered onto the main `redline` app.

Each module exposes ``register(app, get_engine)``; cli.py stays a thin shell.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import typer

MODULES = (
    "sample", "evaluate", "serve", "batch", "cases", "payment", "vessel", "goods", "documents",
)


def register_all(app: typer.Typer, get_engine: Callable[[], Any]) -> None:
    for name in MODULES:
        qualified = f"redline.commands.{name}"
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError as exc:
            if exc.name == qualified:
                continue  # that screener is not part of this build
            raise
        register = getattr(module, "register", None)
        if register is None:
            continue
        adapter = ADAPTERS.get(name)
        register(app, adapter(get_engine) if adapter else get_engine)


def _payment(get_engine: Callable[[], Any]) -> Callable[[], Any]:
    def build() -> Any:
        from redline.services import payment_screener

        return payment_screener(get_engine())

    return build


def _vessel(get_engine: Callable[[], Any]) -> Callable[[], Any]:
    def build() -> Any:
        from redline.services import vessel_context

        return vessel_context(get_engine())

    return build


#: Commands whose register() takes a ready screener factory rather than the engine.
ADAPTERS: dict[str, Callable[[Callable[[], Any]], Callable[[], Any]]] = {"payment": _payment, "vessel": _vessel}
