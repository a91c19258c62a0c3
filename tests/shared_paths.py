"""Where the read-only official files live; importable from any test as ``shared_paths``.

(A plain module rather than conftest: several test folders have their own conftest.py,
and ``from conftest import ...`` would pick whichever was imported first.)
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_DATA = Path(
    os.environ.get("REDLINE_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data")
)


def shared_file(*parts: str) -> Path:
    """A path under shared/data, skipping the test with a reason if it is missing."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real file not available: {path}")
    return path


def service_missing(reason: str) -> None:
    """Skip a test whose real service (PostgreSQL, Chromium) is missing here — or fail it.

    ``make test`` sets REDLINE_REQUIRE_SERVICES=1 after installing and starting the
    services, so CI cannot turn green by silently skipping the real-database and
    real-browser tests when an install step broke.
    """
    if os.environ.get("REDLINE_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)
