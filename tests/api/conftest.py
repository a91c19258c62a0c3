"""Fixtures: the live API servers the tests talk to over real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from apiserver import Live, boom, home_settings, prepare_home, start

from redline.api.app import create_app
from redline.api.config import ApiConfig


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The main test server: keys required, generous rate limit, 64 KiB body limit."""
    home = tmp_path_factory.mktemp("api-home")
    mirror = tmp_path_factory.mktemp("api-mirror")
    keys = prepare_home(home)
    config = ApiConfig(rate=1000, burst=1000, max_body=64 * 1024, mirrors=(mirror,))
    url, stop = start(create_app(settings=home_settings(home), config=config, extra_routers=[boom]))
    yield Live(url, keys, home, mirror)
    stop()


@pytest.fixture()
def make_live(tmp_path: Path) -> Iterator[Callable[[ApiConfig], Live]]:
    """Extra servers with their own limits (rate limiting, open mode)."""
    stops: list[Callable[[], None]] = []

    def make(config: ApiConfig) -> Live:
        home = tmp_path / f"home{len(stops)}"
        keys = prepare_home(home)
        url, stop = start(create_app(settings=home_settings(home), config=config))
        stops.append(stop)
        return Live(url, keys, home, tmp_path)

    yield make
    for stop in stops:
        stop()
