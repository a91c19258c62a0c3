"""CLI commands contributed by each screener, registered onto the main `redline` app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer


def register_all(app: typer.Typer, get_engine: Callable[[], Any]) -> None:
    from redline.commands import evaluate, sample

    sample.register(app, get_engine)
    evaluate.register(app, get_engine)
