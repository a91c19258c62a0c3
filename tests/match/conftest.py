from __future__ import annotations

import pytest

from redline.index import ScreeningIndex
from redline.match.matcher import Matcher
from redline.updater import demo_entities


@pytest.fixture(scope="session")
def demo_matcher() -> Matcher:
    index = ScreeningIndex()
    index.add_all((e, "demo@test") for e in demo_entities())
    return Matcher(index)
