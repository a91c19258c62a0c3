"""List versions: immutable, switched atomically, never half-replaced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from redline.errors import FormatError, StoreError
from redline.model import Entity, Name
from redline.store.lists import ListStore


def _entities(n: int, prefix: str = "E") -> list[Entity]:
    return [
        Entity(id=f"t:{i}", list="t", source_id=str(i), schema="Person",
               names=[Name(f"{prefix} Person {i}")])
        for i in range(n)
    ]


def _failing(after: int) -> Iterator[Entity]:
    for i, entity in enumerate(_entities(10)):
        if i == after:
            raise FormatError("file ends early (truncated download?)", path="t.xml", line=99)
        yield entity


@pytest.fixture()
def store(tmp_path: Path) -> ListStore:
    return ListStore(tmp_path / "store.db")


def test_load_creates_active_version_with_counts(store: ListStore) -> None:
    version, changed = store.load("t", iter(_entities(5)), format="x", source="a", sha256="1" * 64,
                                  source_date="2024-05-07")
    assert changed
    assert version.entity_count == 5 and version.name_count == 5
    assert store.active_version("t") == version.version_id
    assert [e.id for e in store.iter_entities(version.version_id)] == [f"t:{i}" for i in range(5)]


def test_failed_load_leaves_previous_version_serving(store: ListStore) -> None:
    good, _ = store.load("t", iter(_entities(5)), format="x", source="a", sha256="1" * 64)
    with pytest.raises(FormatError, match="line 99"):
        store.load("t", _failing(after=7), format="x", source="b", sha256="2" * 64)
    assert store.active_version("t") == good.version_id
    assert len(store.versions("t")) == 1
    assert len(list(store.iter_entities(good.version_id))) == 5
    failure = store.failures(1)[0]
    assert failure[1] == "t" and "truncated" in failure[3]


def test_empty_file_refused(store: ListStore) -> None:
    with pytest.raises(StoreError, match="no entities"):
        store.load("t", iter([]), format="x", source="empty.xml", sha256="3" * 64)
    assert store.active_version("t") is None


def test_duplicate_ids_refused(store: ListStore) -> None:
    dupes = _entities(2) + _entities(1)
    with pytest.raises(StoreError, match="duplicate entity id t:0"):
        store.load("t", iter(dupes), format="x", source="d", sha256="4" * 64)


def test_same_file_twice_is_unchanged(store: ListStore) -> None:
    store.load("t", iter(_entities(3)), format="x", source="a", sha256="5" * 64)
    _, changed = store.load("t", iter(_entities(3)), format="x", source="a", sha256="5" * 64)
    assert not changed
    assert len(store.versions("t")) == 1


def test_diff_between_versions(store: ListStore) -> None:
    v1, _ = store.load("t", iter(_entities(4)), format="x", source="a", sha256="6" * 64)
    newer = _entities(5)[1:]
    newer[0].names.append(Name("New alias"))
    v2, _ = store.load("t", iter(newer), format="x", source="b", sha256="7" * 64)
    diff = store.diff(v1.version_id, v2.version_id)
    assert diff.added == ["t:4"]
    assert diff.removed == ["t:0"]
    assert diff.changed == ["t:1"]
    assert store.active_version("t") == v2.version_id
    with pytest.raises(StoreError, match="unknown list version"):
        store.diff("nope", v2.version_id)


def test_raw_record_round_trips(store: ListStore) -> None:
    entity = _entities(1)[0]
    entity.raw = {"uid": "1", "lastName": "X"}
    v, _ = store.load("t", iter([entity]), format="x", source="a", sha256="8" * 64)
    back = store.get_entity("t:0", v.version_id)
    assert back is not None and back.raw == {"uid": "1", "lastName": "X"}
    assert back.content_hash() == entity.content_hash()


def test_newer_reader_rereads_an_unchanged_file(store: ListStore) -> None:
    """A reader fix must reach sites whose publisher has not changed the file since."""
    old, _ = store.load("t", iter(_entities(3)), format="x", source="a", sha256="8" * 64,
                        source_date="2025-02-03")
    fixed = _entities(3)
    fixed[1].names[0] = Name("Fixed alias")
    new, changed = store.load("t", iter(fixed), format="x", source="a", sha256="8" * 64,
                              source_date="2025-02-03", reader_revision=2)
    assert changed and new.version_id == f"{old.version_id}-r2" and new.reader_revision == 2
    assert store.active_version("t") == new.version_id
    assert store.version(old.version_id) is not None  # decisions made against it still resolve
    assert store.diff(old.version_id, new.version_id).changed == ["t:1"]
    _, again = store.load("t", iter(fixed), format="x", source="a", sha256="8" * 64,
                          source_date="2025-02-03", reader_revision=2)
    assert not again and len(store.versions("t")) == 2


def test_store_from_before_reader_revisions_is_migrated(tmp_path: Path) -> None:
    import sqlite3

    from redline.store.lists import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute("CREATE TABLE migrations (component TEXT, version INTEGER, applied_at TEXT, "
               "PRIMARY KEY (component, version))")
    db.execute("INSERT INTO migrations VALUES ('lists', 1, 'then')")
    db.execute("INSERT INTO list_versions VALUES ('t@undated-9999999999','t','x','a',NULL,?,'then',0,0,0)",
               ("9" * 64,))
    db.execute("INSERT INTO active_lists VALUES ('t','t@undated-9999999999','then')")
    db.commit()
    db.close()
    store = ListStore(path)
    old = store.version("t@undated-9999999999")
    assert old is not None and old.reader_revision == 1
    _, changed = store.load("t", iter(_entities(2)), format="x", source="a", sha256="9" * 64)
    assert not changed  # same file, same reader: not read twice
