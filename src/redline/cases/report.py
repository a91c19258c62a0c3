"""Daily screening summary: alerts by list, by decision, and ageing of open cases."""

from __future__ import annotations

import csv
import html
import io
from collections import Counter
from datetime import UTC, datetime

from redline.store.cases import Case

AGE_BANDS = ((1, "< 1 day"), (3, "1–3 days"), (7, "3–7 days"), (30, "7–30 days"), (10**6, "> 30 days"))


def summarise(cases: list[Case], day: str | None = None) -> dict[str, Counter[str]]:
    now = datetime.now(UTC)
    day = day or now.strftime("%Y-%m-%d")
    by_list: Counter[str] = Counter()
    by_decision: Counter[str] = Counter()
    ageing: Counter[str] = Counter()
    opened_today: Counter[str] = Counter()
    for case in cases:
        by_list[case.top_list or "-"] += 1
        by_decision[case.decision or case.state] += 1
        if case.created_at.startswith(day):
            opened_today[case.source] += 1
        if case.state in ("open", "needs_info", "decided"):
            age = (now - datetime.fromisoformat(case.created_at)).total_seconds() / 86400
            ageing[next(label for limit, label in AGE_BANDS if age < limit)] += 1
    return {"alerts by list": by_list, "by decision or state": by_decision,
            "open cases by age": ageing, f"opened on {day} by screener": opened_today}


def to_csv(summary: dict[str, Counter[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "key", "count"])
    for section, counts in summary.items():
        for key, count in sorted(counts.items()):
            writer.writerow([section, key, count])
    return out.getvalue()


def to_html(summary: dict[str, Counter[str]], title: str) -> str:
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}"
             "td,th{border:1px solid #999;padding:4px 10px;text-align:left}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>"]
    for section, counts in summary.items():
        parts.append(f"<h2>{html.escape(section)}</h2><table><thead><tr><th scope='col'>key</th>"
                     "<th scope='col'>count</th></tr></thead><tbody>")
        for key, count in sorted(counts.items()):
            parts.append(f"<tr><td>{html.escape(key)}</td><td>{count}</td></tr>")
        if not counts:
            parts.append("<tr><td colspan='2'>none</td></tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "".join(parts)
