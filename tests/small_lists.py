"""A matcher over a handful of hand-written entries; importable from any test as ``small_lists``.

Matcher tests build tiny lists to stage one situation (namesakes crowding retrieval, a
hyphenated given name, ...). Every entry sits on one list "t" and has the id "t:<key>".
"""

from __future__ import annotations

from collections.abc import Iterable

from redline.index import ScreeningIndex
from redline.match.config import MatchConfig
from redline.match.matcher import Matcher
from redline.model import Entity, Name


def matcher_of(rows: Iterable[tuple[str, str, str]], config: MatchConfig | None = None) -> Matcher:
    """A matcher over (key, schema, name) rows, one entity each."""
    index = ScreeningIndex()
    index.add_all(
        (Entity(id=f"t:{key}", list="t", source_id=key, schema=schema, names=[Name(name)]), "t@1")
        for key, schema, name in rows
    )
    return Matcher(index, config)
