"""What each page shows, computed from the case service and the list store.

These functions run on the UI's own worker thread (see ``router``) and return plain
dicts for the templates: no HTTP here, so they can be tested without a server, and no
HTML here, so every string reaches the page through Jinja's escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from redline.cases.report import summarise, to_html
from redline.cases.service import CaseService, case_config
from redline.engine import Engine
from redline.model import Entity
from redline.web.highlight import Segment, explain, mark

STATES = ("open", "needs_info", "decided", "closed")
AUDIT_ROWS = 200
DIFF_IDS = 500

#: Input fields shown on their own row beside the listed entry; the rest go under "other".
_INPUT_FIELDS = {
    "name": ("name", "query_name"),
    "type": ("type", "schema"),
    "birth date": ("birth_date", "dob"),
    "countries": ("country", "countries", "nationality"),
    "identifiers": ("identifiers", "identifier", "id"),
}


@dataclass(frozen=True)
class Viewer:
    """The logged-in user as the templates need them: name, role, what the role allows, CSRF token."""

    user: str
    role: str
    csrf: str

    @property
    def permissions(self) -> list[str]:
        return list(case_config()["roles"].get(self.role, []))

    def may(self, permission: str) -> bool:
        return permission in self.permissions


def _lines(value: Any) -> list[list[Segment]]:
    """A cell as lines of unmarked text (lists become one line per item)."""
    if value in (None, "", [], {}):
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = " ".join(str(v) for v in item.values() if v)
        out.append([(str(item), False)])
    return out


def _input_value(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if data.get(key) not in (None, "", []):
            return data[key]
    return None


def _name_note(kind: str, value: str, hit: dict[str, Any]) -> str:
    return f" ({kind}{', the name that matched' if value == hit.get('matched_name') else ''})"


def side_by_side(case_input: dict[str, Any], hit: dict[str, Any], entity: Entity | None,
                 marks: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of (label, screened input, listed entry) with the matched name words marked."""
    listed_tokens = marks["listed_tokens"]
    query_name = [marks["query_name"]] if marks["query_name"] else _lines(case_input.get("name"))
    rows: list[dict[str, Any]] = [{"label": "name", "query": query_name,
                                   "listed": [[*mark(n.value, listed_tokens), (_name_note(n.kind, n.value, hit), False)]
                                              for n in entity.names] if entity else [marks["matched_name"]]}]
    if entity is None:
        return rows
    listed: dict[str, Any] = {
        "type": entity.schema,
        "birth date": [b.value + (f" – {b.end}" if b.end else "") + (" (circa)" if b.circa else "")
                       for b in entity.birth_dates],
        "countries": sorted(set(entity.nationalities) | set(entity.countries)),
        "identifiers": [f"{i.type}: {i.value}" + (f" ({i.country})" if i.country else "") for i in entity.identifiers],
    }
    for label, keys in _INPUT_FIELDS.items():
        if label == "name":
            continue
        rows.append({"label": label, "query": _lines(_input_value(case_input, keys)), "listed": _lines(listed[label])})
    used = {k for keys in _INPUT_FIELDS.values() for k in keys}
    other = [f"{k}: {v}" for k, v in sorted(case_input.items()) if k not in used and v not in (None, "", [])]
    rows.append({"label": "other input", "query": _lines(other), "listed": []})
    for label, value in (("programs", entity.programs), ("listed on", entity.listed_on),
                         ("addresses", [a.full for a in entity.addresses]), ("remarks", entity.remarks),
                         ("source", entity.source_url)):
        rows.append({"label": label, "query": [], "listed": _lines(value)})
    return rows


def case_context(engine: Engine, svc: CaseService, case_id: str) -> dict[str, Any]:
    case = svc.store.get(case_id)
    hits = []
    for hit in sorted(case.hits, key=lambda h: -float(h.get("score", 0))):
        entity_id, version = hit.get("entity_id", ""), hit.get("list_version")
        entity = engine.store.get_entity(entity_id, version) if entity_id else None
        marks = explain(hit)
        hits.append({"hit": hit, "entity": entity, "marks": marks,
                     "rows": side_by_side(case.input, hit, entity, marks)})
    return {"case": case, "hits": hits, "audit": svc.audit.records(case.id),
            "decisions": list(case_config()["decisions"])}


def queue_context(engine: Engine, svc: CaseService, state: str | None, list_name: str | None,
                  source: str | None) -> dict[str, Any]:
    counts = svc.store.counts()
    lists = sorted({v.list_name for v in engine.store.versions()} | ({list_name} if list_name else set()))
    return {"cases": svc.store.list(state=state or None, source=source or None, list_name=list_name or None),
            "counts": {s: counts.get(s, 0) for s in (*STATES, *sorted(set(counts) - set(STATES)))},
            "total": sum(counts.values()), "lists": lists,
            "filters": {"state": state or "", "list": list_name or "", "source": source or ""}}


def lists_context(engine: Engine, list_name: str | None, old: str | None, new: str | None) -> dict[str, Any]:
    store = engine.store
    all_versions = store.versions()
    names = sorted({v.list_name for v in all_versions})
    list_name = list_name if list_name in names else (names[0] if names else None)
    versions = [v for v in all_versions if v.list_name == list_name]
    ids = [v.version_id for v in versions]
    new = new if new in ids else (ids[-1] if ids else None)
    old = old if old in ids or old == "" else (ids[-2] if len(ids) > 1 else "")
    diff = None
    if new:
        found = store.diff(old or None, new)
        diff = {"old": found.old, "new": found.new, "limit": DIFF_IDS,
                "parts": [(label, len(got), got[:DIFF_IDS]) for label, got in
                          (("added", found.added), ("removed", found.removed), ("changed", found.changed))]}
    return {"names": names, "list_name": list_name, "versions": list(reversed(versions)),
            "old": old, "new": new, "diff": diff}


def audit_context(svc: CaseService, verify: bool) -> dict[str, Any]:
    records = svc.audit.records()
    result = svc.audit.verify() if verify else None
    return {"records": list(reversed(records[-AUDIT_ROWS:])), "total": len(records), "verification": result}


_BODY = re.compile(r"<body>(.*)</body>", re.S)
_H1 = re.compile(r"<h1>(.*?)</h1>", re.S)


def report_context(svc: CaseService, day: str | None) -> dict[str, Any]:
    """The daily report exactly as ``cases.report.to_html`` writes it, inside the UI layout."""
    summary = summarise(svc.store.list(limit=1_000_000), day)
    page = to_html(summary, f"redline daily summary {day or 'today'}")
    found = _BODY.search(page)
    body = found.group(1) if found else page
    heading = _H1.search(body)
    title = heading.group(1) if heading else "Daily report"
    return {"report_title": title, "report_html": _H1.sub("", body, count=1), "day": day or ""}


def valid_day(day: str | None) -> str | None:
    return day if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else None
