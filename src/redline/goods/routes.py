"""Route and counterparty red flags for one shipment line, with weights from routes.yaml."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

import yaml

from redline.text.countries import country_code


@dataclass(frozen=True)
class RedFlag:
    code: str
    weight: int
    text: str
    detail: str


@functools.cache
def route_config() -> dict[str, Any]:
    return dict(yaml.safe_load(resources.files("redline.goods").joinpath("data/routes.yaml").read_text("utf-8")))


def _flag(code: str, detail: str) -> RedFlag:
    spec = route_config()["flags"][code]
    return RedFlag(code, int(spec["weight"]), spec["text"], detail)


def countries(value: str | None) -> list[str]:
    out = []
    for part in (value or "").replace(",", ";").split(";"):
        code = country_code(part.strip()) if part.strip() else None
        if code:
            out.append(code)
    return out


def route_flags(row: dict[str, str], controlled: bool, today: date | None = None) -> list[RedFlag]:
    cfg = route_config()
    restricted, hubs = cfg["restricted_destinations"], set(cfg["diversion_hubs"])
    flags: list[RedFlag] = []
    destination = countries(row.get("destination_country") or row.get("consignee_country"))
    transit = countries(row.get("transit_countries"))
    end_user_codes = countries(row.get("end_user_country"))
    for code in dict.fromkeys(destination + transit + end_user_codes):
        if code in restricted:
            where = "destination" if code in destination else "transit" if code in transit else "end user in"
            flags.append(_flag("restricted_destination", f"{where} {restricted[code]}"))
    if controlled:
        for code in destination:
            if code in hubs:
                flags.append(_flag("hub_destination", f"destination {code.upper()}"))
        for code in transit:
            if code in hubs:
                flags.append(_flag("hub_transit", f"transit via {code.upper()}"))
        established = (row.get("consignee_established") or "").strip()
        if established:
            try:
                age = ((today or date.today()) - date.fromisoformat(established[:10])).days
                if age < 365:
                    flags.append(_flag("young_consignee", f"established {established} ({age} days)"))
            except ValueError:
                pass
        if (row.get("consignee_history") or "").strip().lower() in ("none", "no", "false", "0"):
            flags.append(_flag("no_history", "no prior orders of these goods"))
        business = (row.get("consignee_business") or "").strip().lower()
        if business and not any(w in business for w in ("electronic", "semiconductor", "computer", "industrial",
                                                          "machin", "bearing", "aero", "distribut", "telecom")):
            flags.append(_flag("business_mismatch", f"consignee business: {business}"))
        clause = (row.get("no_russia_clause") or "").strip().lower()
        if clause in ("no", "false", "0", "missing"):
            flags.append(_flag("no_reexport_clause", "contract has no re-export clause"))
        end_user = countries(row.get("end_user_country"))
        if end_user and destination and end_user[0] != destination[0]:
            flags.append(_flag("end_user_differs", f"end user in {end_user[0].upper()}, consignee in "
                                                   f"{destination[0].upper()}"))
    payer = countries(row.get("payment_country"))
    parties = set(countries(row.get("consignee_country"))) | set(countries(row.get("shipper_country")))
    if controlled and payer and payer[0] not in parties:
        flags.append(_flag("third_country_payment", f"paid from {payer[0].upper()}"))
    return flags
