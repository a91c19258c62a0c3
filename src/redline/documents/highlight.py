"""A self-contained HTML view of a screened document with every mention highlighted.

Everything from the document and the lists is escaped (a hostile document must not
script the analyst's browser); no external CSS, fonts or scripts, so the file can be
attached to a case and opened offline.
"""

from __future__ import annotations

from html import escape
from typing import Any

_STYLE = """body{font-family:sans-serif;max-width:60rem;margin:2rem auto;line-height:1.5}
pre{white-space:pre-wrap;font-family:inherit}mark{background:#ffd54f;padding:0 .1em}
mark.high{background:#ef9a9a}table{border-collapse:collapse;margin-top:2rem}
td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top;font-size:.9rem}"""


def render(result: Any, title: str = "redline document screening") -> str:
    """HTML of ``result`` (a DocumentResult): text with <mark>s, then a table of mentions."""
    text: str = result.text
    by_span: dict[tuple[int, int], list[Any]] = {}
    for m in result.mentions:
        by_span.setdefault((m.start, m.end), []).append(m)
    parts: list[str] = []
    pos = 0
    for (start, end), found in sorted(by_span.items()):
        if start < pos:
            continue
        best = max(found, key=lambda m: m.score)
        tip = "; ".join(f"{m.caption} [{m.list} {m.entity_id}] {m.score:.2f}" for m in found)
        parts.append(escape(text[pos:start]))
        parts.append(f'<mark class="{"high" if best.score >= 0.95 else "mid"}" title="{escape(tip)}" '
                     f'data-entity="{escape(best.entity_id)}">{escape(text[start:end])}</mark>')
        pos = end
    parts.append(escape(text[pos:]))
    rows = "".join(
        f"<tr><td>{m.start}–{m.end}</td><td>{escape(m.text)}</td><td>{escape(m.caption)}</td>"
        f"<td>{escape(m.list)}<br>{escape(m.list_version)}</td><td>{m.score:.2f}</td>"
        f"<td>{'<br>'.join(escape(r.detail) for r in m.reasons)}</td></tr>"
        for m in result.mentions
    )
    return (
        f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>"
        f"<p>{escape(result.source)} ({escape(result.kind)}, {len(text)} characters): "
        f"{len(result.mentions)} mention(s)</p><pre>{''.join(parts)}</pre>"
        f"<table><tr><th>offsets</th><th>text</th><th>listed party</th><th>list / version</th><th>score</th>"
        f"<th>reasons</th></tr>{rows}</table></body></html>\n"
    )
