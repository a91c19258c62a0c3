"""Build the screeners over one Engine, so every interface wires them the same way.

Screeners receive the matcher and lookups as plain callables (they never import the
engine); this module is where those callables come from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from redline.model import Entity, Hit, Identifier, Name, Query

if TYPE_CHECKING:
    from redline.engine import Engine
    from redline.screeners.document import DocumentScreener
    from redline.screeners.payment import PaymentScreener


def indexed_entities(engine: Engine, with_id_types: set[str] | None = None,
                     schemas: set[str] | None = None) -> list[Entity]:
    """Light Entity objects from the screening index (no store round trip): id, names, ids."""
    index = engine.index()
    names: dict[int, list[str]] = {}
    for entry in index.names:
        names.setdefault(entry.entity, [])
        if entry.value not in names[entry.entity]:
            names[entry.entity].append(entry.value)
    out = []
    for idx, item in enumerate(index.entities):
        if schemas and item.schema not in schemas:
            continue
        if with_id_types and not any(t in with_id_types for t, _ in item.identifiers):
            continue
        out.append(Entity(
            id=item.id, list=item.list, source_id=item.id.split(":", 1)[-1], schema=item.schema,
            names=[Name(v, "primary" if i == 0 else "alias") for i, v in enumerate(names.get(idx, [item.caption]))],
            identifiers=[Identifier(t, v) for t, v in item.identifiers],
            countries=sorted(item.countries),
        ))
    return out


def document_screener(engine: Engine) -> DocumentScreener:
    from redline.screeners.document import DocumentScreener

    return DocumentScreener(engine.matcher())


def payment_screener(
    engine: Engine, documents: Callable[[], DocumentScreener] | None = None,
) -> PaymentScreener:
    """``documents`` gives the document screener that reads free text; a process that
    also screens documents passes its own, so that one automaton serves both."""
    from redline.messages.bic_index import BicIndex
    from redline.screeners.payment import PaymentScreener

    versions = engine.list_versions()
    bics = BicIndex(indexed_entities(engine, {"bic"}), versions)
    return PaymentScreener(engine.screen, bics.lookup, list_versions=versions,
                           find_mentions=text_mentions(documents or _built_once(engine)))


def _built_once(engine: Engine) -> Callable[[], DocumentScreener]:
    """The engine's document screener, built on first call: its automaton costs seconds,
    and a batch of messages without free text does not pay for it."""
    built: list[DocumentScreener] = []

    def get() -> DocumentScreener:
        if not built:
            built.append(document_screener(engine))
        return built[0]

    return get


def text_mentions(documents: Callable[[], DocumentScreener]) -> Callable[[str], list[tuple[str, Hit]]]:
    """Listed parties named in free text (remittance lines, instructions), by ``documents``."""
    from redline.errors import RedlineError

    def find(text: str) -> list[tuple[str, Hit]]:
        try:
            found = documents().screen_text(text, "payment text").mentions
        except RedlineError:
            return []  # nothing a name could be read from (the message parser checked the text)
        return [(m.text, Hit(m.entity_id, m.list, m.list_version, m.schema, m.caption, m.score,
                             m.matched_name, m.text, list(m.reasons))) for m in found]

    return find


def vessel_context(engine: Engine) -> tuple[list[Entity], Callable[[Query], list[Hit]]]:
    """Listed vessels (full records: remarks, flags, owners) and the party matcher."""
    vessels = [entity for entity, _ in engine.store.iter_active(schema="Vessel")]
    return vessels, engine.screen


def reopen_after_update(engine: Engine, before: dict[str, str]) -> list[str]:
    """Reopen closed cases whose listed entries changed or disappeared in the new versions.

    A decision is only valid for the entry as it read when it was made; when OFAC amends
    or delists the entry, the analyst must look again (and good-guy entries lapse by
    themselves because they are tied to the entry's content hash).
    """
    from redline.commands.cases import case_service

    touched: set[str] = set()
    after = engine.list_versions()
    for list_name, new in after.items():
        old = before.get(list_name)
        if old and old != new:
            diff = engine.store.diff(old, new)
            touched.update(diff.changed)
            touched.update(diff.removed)
    if not touched:
        return []
    return [case.id for case in case_service(engine).reopen_changed(touched, after, actor="lists-update")]
