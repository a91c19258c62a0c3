"""Vessel screening: IMO, MMSI, call sign and name, with the ship's identity history.

A sanctioned tanker is renamed and reflagged, sometimes every few months, but keeps its
IMO number for life. So identifiers are matched exactly (IMO after its check digit),
and every name, flag and owner the lists and AIS ever recorded for that IMO is gathered
into a ``VesselIdentity``; each historic name is screened through the party matcher, so
a listing under a former name (on a list that gives no IMO) is still found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from redline.errors import QueryError
from redline.maritime.positions import StaticRecord
from redline.maritime.reference import load_config, mmsi_flag
from redline.model import Entity, Hit, Identifier, Query, Reason
from redline.text.countries import country_code
from redline.text.identifiers import IMO_IN_TEXT, compact, is_valid, normalize

PartyScreen = Callable[[Query], list[Hit]]
ID_TYPES = ("imo", "mmsi", "call_sign")
#: properties only a ship's record has; their presence marks an untyped (LegalEntity) entry as a vessel
VESSEL_PROPS = ("flag", "pastFlags", "tonnage", "grossRegisteredTonnage", "deadweightTonnage", "vesselType",
                "buildDate")
OWNER_PROPS = ("owner", "pastOwner", "operator", "manager", "registeredOwner", "commercialManager",
               "shipManager", "technicalManager")


@dataclass(slots=True)
class VesselIdentity:
    """Everything known about one ship, each value with where it was seen."""

    imo: str | None = None
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    flags: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    owners: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    mmsis: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    call_signs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def to_dict(self) -> dict[str, Any]:
        return {"imo": self.imo, **{k: {v: sorted(s) for v, s in sorted(getattr(self, k).items())}
                                     for k in ("names", "flags", "owners", "mmsis", "call_signs")}}


def _norm(id_type: str, value: str) -> str:
    return normalize(id_type, value)


def entity_ids(entity: Entity) -> list[tuple[str, str, str]]:
    """(type, normalised value, where) for every vessel identifier, incl. 'IMO n' in text."""
    out = [(i.type, _norm(i.type, i.value), f"identifier {i.label or i.type}")
           for i in entity.identifiers if i.type in ID_TYPES and i.value]
    texts = [(n.value, "name") for n in entity.names] + [(entity.remarks or "", "remarks")]
    for text, where in texts:
        out.extend(("imo", m, f"{where} text") for m in IMO_IN_TEXT.findall(text))
    return out


def is_vessel_hit(hit: Hit) -> bool:
    """Whether a party-matcher hit may count as a vessel.

    The matcher lets a ``Vessel`` query meet ``LegalEntity`` entries too (COMPATIBLE), because
    some lists do not type their entries; but that also lets a ship called "ALPHA" hit
    "JSC Alfa-Bank". A bank or person is never a ship, so an untyped entry counts only when its
    record shows it is a vessel (IMO/MMSI/call sign, or a flag or tonnage); anything else is dropped.
    """
    if hit.schema == "Vessel":
        return True
    if hit.schema != "LegalEntity" or hit.entity is None:
        return False
    entity = hit.entity
    return bool(entity_ids(entity)) or any(entity.properties.get(p) for p in VESSEL_PROPS)


class VesselScreener:
    """Indexes Vessel entities by identifier once; ``screen`` answers per query."""

    def __init__(self, entities: Iterable[Entity], screen_party: PartyScreen,
                 list_versions: Mapping[str, str] | None = None, config: dict[str, Any] | None = None) -> None:
        self._screen_party = screen_party
        self._versions = dict(list_versions or {})
        self._scores = (config or load_config())["screening"]
        self._index: dict[tuple[str, str], list[tuple[Entity, str]]] = defaultdict(list)
        self.vessels = 0
        for entity in entities:
            if entity.schema != "Vessel":
                continue
            self.vessels += 1
            seen = set()
            for id_type, value, where in entity_ids(entity):
                if value and (id_type, value) not in seen:
                    seen.add((id_type, value))
                    self._index[(id_type, value)].append((entity, where))

    def lookup(self, id_type: str, value: str) -> list[tuple[Entity, str]]:
        return list(self._index.get((id_type, _norm(id_type, value)), []))

    def screen(self, imo: str | None = None, mmsi: str | None = None, call_sign: str | None = None,
               name: str | None = None, ais_static: Iterable[StaticRecord] = ()) -> list[Hit]:
        """Hits, best first, one per listed entity (identifier and name reasons merged)."""
        return self.investigate(imo, mmsi, call_sign, name, ais_static)[0]

    def investigate(self, imo: str | None = None, mmsi: str | None = None, call_sign: str | None = None,
                    name: str | None = None, ais_static: Iterable[StaticRecord] = ()
                    ) -> tuple[list[Hit], VesselIdentity]:
        """Hits and the identity history (lists + AIS) they were found with."""
        imo, mmsi = self._check(imo, mmsi)
        if not (imo or mmsi or call_sign or name):
            raise QueryError("vessel query needs an IMO number, MMSI, call sign or name")
        identity = VesselIdentity(imo=imo)
        hits: dict[str, Hit] = {}
        queries = [("imo", imo), ("mmsi", mmsi), ("call_sign", call_sign)]
        statics = [r for r in ais_static if (imo and r.imo == imo) or (mmsi and str(r.mmsi) == mmsi)]
        for rec in statics:  # AIS may add MMSIs and call signs the query did not give
            src = f"AIS MMSI {rec.mmsi}"
            identity.mmsis[str(rec.mmsi)].add(src)
            if rec.name:
                identity.names[rec.name].add(src)
            if rec.call_sign:
                identity.call_signs[rec.call_sign].add(src)
            flag = mmsi_flag(rec.mmsi)
            if flag:
                identity.flags[flag].add(f"AIS MID of MMSI {rec.mmsi}")
            queries += [("mmsi", str(rec.mmsi)), ("call_sign", rec.call_sign)]
        done = set()
        for id_type, value in queries:
            if not value or (id_type, _norm(id_type, value)) in done:
                continue
            done.add((id_type, _norm(id_type, value)))
            for entity, where in self.lookup(id_type, value):
                self._add_id_hit(hits, entity, id_type, value, where, name or value)
        for hit in list(hits.values()):
            if hit.entity is not None:
                self._collect(identity, hit.entity)
        if name:
            identity.names[name.upper()].add("query")
        names = list(identity.names)[: int(self._scores["max_history_names"])]
        for qname in names:
            query = Query(name=qname, schema="Vessel", identifiers=[Identifier("imo", imo)] if imo else [])
            for hit in filter(is_vessel_hit, self._screen_party(query)):
                old = hits.get(hit.entity_id)
                if old is None:
                    hits[hit.entity_id] = hit
                else:
                    old.reasons.extend(r for r in hit.reasons if r not in old.reasons)
                    old.score = max(old.score, hit.score)
        return sorted(hits.values(), key=lambda h: (-h.score, h.entity_id)), identity

    @staticmethod
    def _check(imo: str | None, mmsi: str | None) -> tuple[str | None, str | None]:
        if imo:
            if compact(imo).removeprefix("IMO").strip("0") == "":
                raise QueryError(f"IMO number {imo!r} is not valid: all zeros is a placeholder for 'no IMO', "
                                 "not a ship's number")
            if not is_valid("imo", imo):
                raise QueryError(f"IMO number {imo!r} is not valid: an IMO ship number has 7 digits and "
                                 "its last digit must equal the weighted sum of the first six (weights 7..2) mod 10")
            imo = normalize("imo", imo)
        if mmsi:
            mmsi = normalize("mmsi", mmsi)
            if not is_valid("mmsi", mmsi):
                raise QueryError(f"MMSI {mmsi!r} is not valid: an MMSI has exactly 9 digits")
        return imo, mmsi

    def _add_id_hit(self, hits: dict[str, Hit], entity: Entity, id_type: str, value: str, where: str,
                    query_name: str) -> None:
        score = float(self._scores[id_type])
        label = {"imo": "IMO number", "mmsi": "MMSI", "call_sign": "call sign"}[id_type]
        check = " (check digit valid)" if id_type == "imo" else ""
        reason = Reason(f"identifier.{id_type}", score, f"{label} {_norm(id_type, value)}{check} equals the "
                        f"listed {label} ({where})", query_value=value, listed_value=_norm(id_type, value))
        hit = hits.get(entity.id)
        if hit is None:
            hits[entity.id] = Hit(entity.id, entity.list, self._versions.get(entity.list, "unknown"), entity.schema,
                                  entity.caption, score, entity.caption, query_name, [reason], entity)
        else:
            if reason not in hit.reasons:
                hit.reasons.append(reason)
            hit.score = max(hit.score, score)

    @staticmethod
    def _collect(identity: VesselIdentity, entity: Entity) -> None:
        src = f"{entity.list} {entity.source_id}"
        for n in entity.names:
            identity.names[n.value.upper()].add(f"{src} ({n.kind})")
        for prop in ("flag", "pastFlags"):
            for value in entity.properties.get(prop, []):
                identity.flags[country_code(value) or value].add(f"{src} {prop}")
        for prop in OWNER_PROPS:
            for value in entity.properties.get(prop, []):
                identity.owners[value].add(f"{src} {prop}")
        for id_type, value, _ in entity_ids(entity):
            if id_type == "mmsi":
                identity.mmsis[value].add(src)
            elif id_type == "call_sign":
                identity.call_signs[value].add(src)
