"""Every setting in one place: REDLINE_* environment variables over defaults.

Reading settings anywhere else would make behaviour depend on import order; here they
are read when asked for, so tests can point REDLINE_HOME at a temporary folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    mirror: Path | None
    offline: bool
    match_config: str | None
    download_timeout: float

    @property
    def sqlite_path(self) -> Path:
        return self.home / "redline.db"


def get_settings() -> Settings:
    home = Path(os.environ.get("REDLINE_HOME") or user_data_dir("redline", appauthor=False))
    mirror = os.environ.get("REDLINE_MIRROR")
    return Settings(
        home=home,
        database_url=os.environ.get("REDLINE_DATABASE_URL", ""),
        mirror=Path(mirror) if mirror else None,
        offline=os.environ.get("REDLINE_OFFLINE", "") not in ("", "0", "false"),
        match_config=os.environ.get("REDLINE_MATCH_CONFIG") or None,
        download_timeout=float(os.environ.get("REDLINE_DOWNLOAD_TIMEOUT", "60")),
    )
