"""Settings of the HTTP boundary, read from ``REDLINE_API_*`` environment variables.

They live here rather than in ``redline.settings`` because only the server reads them;
they are read once when an app is built, so a test can build two apps with different
limits side by side by passing an ``ApiConfig`` instead of touching the environment.

| variable | default | meaning |
|---|---|---|
| ``REDLINE_API_OPEN`` | off | ``1``: keyless requests get ``REDLINE_API_OPEN_ROLE`` (loopback hosts only) |
| ``REDLINE_API_OPEN_ROLE`` | ``screen`` | role granted in open mode (``admin`` is refused) |
| ``REDLINE_API_MAX_BODY`` | 1048576 | request body limit in bytes (413 above) |
| ``REDLINE_API_RATE`` | 50 | requests per second per key (token bucket; ``0`` = no limit) |
| ``REDLINE_API_BURST`` | 100 | bucket size: requests a key may send at once |
| ``REDLINE_API_CORS_ORIGINS`` | none | comma-separated origins allowed by CORS (off when empty) |
| ``REDLINE_API_MAX_BATCH`` | 100 | queries per ``/match`` request (yente's default) |
| ``REDLINE_API_GIL_SWITCH`` | 0.0005 | ``sys.setswitchinterval`` in a serving process (``0`` = leave Python's 5 ms) |
| ``REDLINE_MIRROR`` | none | the only folder(s) ``POST /lists/update`` may read (``os.pathsep``-separated) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from redline.errors import ConfigError

ROLES = ("screen", "analyst", "admin")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _number(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError as exc:
        raise ConfigError(f"{name}={text!r} is not a number") from exc
    if value < 0:
        raise ConfigError(f"{name} must not be negative")
    return value


@dataclass(frozen=True)
class ApiConfig:
    """Limits and switches of the HTTP API (see the module docstring for the variables)."""

    open_mode: bool = False
    open_role: str = "screen"
    max_body: int = 1 << 20
    rate: float = 50.0
    burst: int = 100
    cors_origins: tuple[str, ...] = ()
    max_batch: int = 100
    mirrors: tuple[Path, ...] = field(default_factory=tuple)
    gil_switch: float = 0.0005

    def __post_init__(self) -> None:
        if self.open_role not in ROLES or self.open_role == "admin":
            raise ConfigError(f"REDLINE_API_OPEN_ROLE must be 'screen' or 'analyst', not {self.open_role!r}")

    @classmethod
    def from_env(cls) -> ApiConfig:
        mirrors = tuple(Path(p) for p in os.environ.get("REDLINE_MIRROR", "").split(os.pathsep) if p.strip())
        origins = tuple(o.strip() for o in os.environ.get("REDLINE_API_CORS_ORIGINS", "").split(",") if o.strip())
        return cls(
            open_mode=_flag("REDLINE_API_OPEN"),
            open_role=os.environ.get("REDLINE_API_OPEN_ROLE", "screen").strip() or "screen",
            max_body=int(_number("REDLINE_API_MAX_BODY", 1 << 20)),
            rate=_number("REDLINE_API_RATE", 50.0),
            burst=max(1, int(_number("REDLINE_API_BURST", 100))),
            cors_origins=origins,
            max_batch=max(1, int(_number("REDLINE_API_MAX_BATCH", 100))),
            mirrors=mirrors,
            gil_switch=_number("REDLINE_API_GIL_SWITCH", 0.0005),
        )
