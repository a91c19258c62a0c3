"""Route and counterparty red flags for one shipment line, weighted from data/routes.yaml.

Each red flag is a small pure check over a normalised view of the line (countries as ISO
codes, optional columns resolved by their aliases) and the facts about its goods. A flag
carries its weight and the public guidance it comes from, so a score always explains
itself. Hub and counterparty flags only fire for controlled goods: a T-shirt to Almaty is
not a diversion risk, whereas a destination under sanctions is checked for every line,
exempt medical goods included.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from importlib import resources
from typing import Any

import yaml

from redline.text.countries import country_code


@dataclass(frozen=True, slots=True)
class RedFlag:
    code: str
    weight: int
    text: str
    detail: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class GoodsFacts:
    """What the goods check found, as far as the route rules need it."""

    controlled: bool
    exempt: bool = False
    art12g: bool = False
    chapters: frozenset[str] = frozenset()


@dataclass(slots=True)
class Route:
    """The line's countries as codes, plus the raw values that could not be read."""

    shipper: list[str] = field(default_factory=list)
    consignee: list[str] = field(default_factory=list)
    end_user: list[str] = field(default_factory=list)
    destination: list[str] = field(default_factory=list)
    transit: list[str] = field(default_factory=list)
    payer: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@functools.cache
def route_config() -> dict[str, Any]:
    text = resources.files("redline.goods").joinpath("data/routes.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


def flag(code: str, detail: str) -> RedFlag:
    """A named flag with its configured weight, text and cited source."""
    cfg = route_config()
    spec = cfg["flags"][code]
    return RedFlag(code, int(spec["weight"]), str(spec["text"]), detail, str(cfg["sources"][spec["source"]]))


@functools.lru_cache(maxsize=8192)
def place_code(value: str) -> str | None:
    """ISO code of a country, a territory code for occupied regions, or the country of a city.

    "via Dubai" is read as Dubai: the routing word is not part of the place.
    """
    cfg = route_config()
    key = " ".join(value.split()).casefold()
    for prefix in sorted(cfg["route_prefixes"], key=len, reverse=True):
        if key.startswith(f"{prefix} "):
            key = key[len(prefix) + 1:]
            break
    alias = cfg["territory_aliases"].get(key) or cfg["city_aliases"].get(key)
    return str(alias) if alias else country_code(key)


# Separators between countries, strongest first. A part that is itself a place is never
# split further, so "Bosnia and Herzegovina" and "Korea, North" stay whole while
# "Armenia and Kazakhstan" and "Kazakhstan - Russia" become two countries. A bare '-'
# inside a name ("Guinea-Bissau") is not a separator: only one with spaces around it.
_SEPARATORS = (
    re.compile(r"\s*[;|\n]\s*"),
    re.compile(r"\s*(?:->|=>|>|→|⇒|»|➔)\s*"),
    re.compile(r"\s*,\s*"),
    re.compile(r"\s*/\s*"),
    re.compile(r"\s+[-–—]+\s+"),
    re.compile(r"\s+(?:and|&|und|et|y)\s+", re.IGNORECASE),
)


def _split_places(text: str, level: int = 0) -> tuple[list[str], list[str]]:
    """(codes, unreadable parts): the whole text if it is a place, else split at the next separator."""
    code = place_code(text)
    if code:
        return [code], []
    for index in range(level, len(_SEPARATORS)):
        parts = [p for p in _SEPARATORS[index].split(text) if p.strip()]
        if len(parts) > 1:
            codes: list[str] = []
            unknown: list[str] = []
            for part in parts:
                found, missing = _split_places(part.strip(), index + 1)
                codes += found
                unknown += missing
            return codes, unknown
    return [], [text]


@functools.lru_cache(maxsize=8192)
def parse_countries(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(codes, unreadable parts) of a country field: one place or a route written with ';', '|',
    '>', '→', ',', '/', ' - ' or 'and' between the countries."""
    text = value.strip()
    if not text:
        return (), ()
    codes, unknown = _split_places(text)
    return tuple(dict.fromkeys(codes)), tuple(dict.fromkeys(unknown))


def optional(row: Mapping[str, str], name: str) -> str:
    """An optional column's value under any of its configured names ('' if absent)."""
    for alias in route_config()["optional_columns"][name]:
        value = row.get(alias)
        if value and value.strip():
            return value.strip()
    return ""


def read_route(row: Mapping[str, str]) -> Route:
    route = Route()
    columns = (("shipper", "shipper_country"), ("consignee", "consignee_country"),
               ("end_user", "end_user_country"), ("destination", "destination_country"),
               ("transit", "transit_countries"))
    for attr, column in columns:
        codes, unknown = parse_countries(row.get(column) or "")
        getattr(route, attr).extend(codes)
        route.unknown.extend(f"{column}={u}" for u in unknown)
    codes, unknown = parse_countries(optional(row, "payment_country"))
    route.payer.extend(codes)
    route.unknown.extend(f"payment_country={u}" for u in unknown)
    if not route.destination:
        route.destination = list(route.consignee)
    return route


def _answer(value: str) -> bool | None:
    cfg, low = route_config(), value.strip().casefold()
    if low in cfg["yes_values"]:
        return True
    if low in cfg["no_values"]:
        return False
    return None


def _sanctioned(route: Route, goods: GoodsFacts) -> list[RedFlag]:
    restricted = route_config()["restricted_destinations"]
    out: list[RedFlag] = []
    seen: set[str] = set()  # destination and end user in Russia say one thing: flag it once
    places = [("destination", c) for c in route.destination] + [("end user in", c) for c in route.end_user]
    for where, code in places:
        if code not in restricted or code in seen:
            continue
        seen.add(code)
        kind = ("sanctioned_destination" if goods.controlled else
                "exempt_to_sanctioned" if goods.exempt else "sanctioned_destination_other")
        out.append(flag(kind, f"{where} {restricted[code]['name']}"))
    if goods.controlled:
        out += [flag("sanctioned_transit", f"transit via {restricted[c]['name']}")
                for c in route.transit if c in restricted]
    return out


def _hubs(route: Route) -> list[RedFlag]:
    hubs = route_config()["diversion_hubs"]
    out = [flag("hub_destination", f"destination {c.upper()}") for c in route.destination if c in hubs]
    out += [flag("hub_transit", f"transit via {c.upper()}") for c in route.transit if c in hubs]
    return out


def _counterparty(row: Mapping[str, str], route: Route, goods: GoodsFacts, today: date) -> list[RedFlag]:
    cfg, out = route_config(), []
    if route.end_user and route.destination and not set(route.end_user) & set(route.destination):
        out.append(flag("end_user_differs", f"end user in {route.end_user[0].upper()}, goods to "
                                            f"{route.destination[0].upper()}"))
    established = optional(row, "consignee_established")
    if established:
        try:
            age = (today - date.fromisoformat(established[:10])).days
        except ValueError:
            age = None
        if age is not None and 0 <= age < int(cfg["young_consignee_days"]):
            out.append(flag("young_consignee", f"established {established[:10]} ({age} days before {today})"))
    if _answer(optional(row, "consignee_history")) is False:
        out.append(flag("no_history", "no prior orders of these goods"))
    business = optional(row, "consignee_business").casefold()
    if business:
        words = list(cfg["business_keywords"]["generic"])
        for chapter in goods.chapters:
            words += cfg["business_keywords"].get(chapter, [])
        if not any(w in f"{business} " for w in words):
            out.append(flag("business_mismatch", f"consignee business '{business}' for chapter(s) "
                                                 f"{', '.join(sorted(goods.chapters))}"))
    if route.payer:
        parties = set(route.shipper) | set(route.consignee) | set(route.end_user) | set(route.destination)
        if route.payer[0] not in parties:
            out.append(flag("third_country_payment", f"paid from {route.payer[0].upper()}"))
    return out


def _clause(row: Mapping[str, str], route: Route, goods: GoodsFacts) -> list[RedFlag]:
    """Art. 12g: EU exporters of Annex XI/XX/XXXV/XL goods must contract out re-export to Russia."""
    cfg = route_config()
    if not goods.art12g or not set(route.shipper) & set(cfg["eu_members"]):
        return []
    exempt = set(cfg["eu_members"]) | set(cfg["partner_countries"]) | set(cfg["restricted_destinations"])
    if not route.destination or all(c in exempt for c in route.destination):
        return []
    if _answer(optional(row, "reexport_clause")) is False:
        return [flag("no_reexport_clause", "contract has no 'no re-export to Russia' clause")]
    return []


DESTINATION_COLUMNS = ("destination_country", "consignee_country", "end_user_country")


def _unreadable_destination(route: Route, goods: GoodsFacts) -> list[RedFlag]:
    """Controlled goods whose destination, consignee or end-user country could not be read.

    Without this an unreadable "Moskva" scored only the small unknown_country weight and
    the line came out clear, although the goods may be going to a sanctioned destination.
    """
    if not goods.controlled:
        return []
    values = [u for u in route.unknown if u.split("=", 1)[0] in DESTINATION_COLUMNS]
    if not values:
        return []
    return [flag("unknown_destination", "could not read " + ", ".join(repr(v) for v in dict.fromkeys(values)))]


def route_flags(row: Mapping[str, str], goods: GoodsFacts, today: date | None = None,
                route: Route | None = None) -> list[RedFlag]:
    """Every route and counterparty red flag that applies to one line."""
    route = route or read_route(row)
    flags = _sanctioned(route, goods)
    if goods.controlled:
        flags += _hubs(route)
        flags += _counterparty(row, route, goods, today or date.today())
        flags += _clause(row, route, goods)
    flags += _unreadable_destination(route, goods)
    unknown = dict.fromkeys(u.split("=", 1)[1] for u in route.unknown)
    flags += [flag("unknown_country", f"{value!r} in " + ", ".join(u.split("=", 1)[0] for u in route.unknown
                                                                   if u.endswith(f"={value}")))
              for value in unknown]
    return flags
