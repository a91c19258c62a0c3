"""Pictures of a vessel report: a PNG (matplotlib, Agg) and a self-contained HTML map.

The HTML draws the track as inline SVG with no external script, tile server or CDN,
so it opens on an air-gapped analyst workstation and can be attached to a case as is.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np

from redline.maritime.events import iso
from redline.maritime.positions import Positions
from redline.maritime.reference import Zone
from redline.maritime.report import VesselReport

COLOURS = {"dark_period": "#7b3294", "sts_candidate": "#d7191c", "sts_listed_vessel": "#8b0000", "port_call": "#fdae61",
           "identity_anomaly": "#2c7bb6", "flag_mismatch": "#2c7bb6", "impossible_speed": "#e7298a",
           "loitering": "#1a9641"}
MAX_POINTS = 20_000


def _thin(track: Positions) -> Positions:
    if len(track) <= MAX_POINTS:
        return track
    return track.take(np.arange(0, len(track), math.ceil(len(track) / MAX_POINTS)))


def _extent(track: Positions, report: VesselReport) -> tuple[float, float, float, float]:
    lons = [float(x) for x in track.lon] + [e.lon for e in report.events if e.lon is not None]
    lats = [float(y) for y in track.lat] + [e.lat for e in report.events if e.lat is not None]
    if not lons:
        return -10.0, 30.0, 40.0, 70.0
    x0, x1, y0, y1 = min(lons), max(lons), min(lats), max(lats)
    pad = max(x1 - x0, y1 - y0, 0.05) * 0.08
    return x0 - pad, y0 - pad, x1 + pad, y1 + pad


def _zones_in(zones: list[Zone], box: tuple[float, float, float, float]) -> list[Zone]:
    x0, y0, x1, y1 = box
    return [z for z in zones if not (z.bbox()[0] > x1 or z.bbox()[2] < x0 or z.bbox()[1] > y1 or z.bbox()[3] < y0)]


def write_png(report: VesselReport, track: Positions, zones: list[Zone], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    track = _thin(track.sorted())
    box = _extent(track, report)
    fig, ax = plt.subplots(figsize=(9, 7), dpi=110)
    for zone in _zones_in(zones, box):
        xs, ys = zip(*[*zone.polygon, zone.polygon[0]], strict=True)
        ax.fill(xs, ys, alpha=0.15, color="grey")
        ax.annotate(zone.id, (xs[0], ys[0]), fontsize=7, color="dimgrey")
    for m in np.unique(track.mmsi).tolist():
        sel = track.mmsi == m
        ax.plot(track.lon[sel], track.lat[sel], "-", lw=0.8, label=f"MMSI {m}")
    plotted: set[str] = set()
    for e in report.events:
        if e.lon is None or e.lat is None:
            continue
        ax.plot(e.lon, e.lat, "o", ms=9, mfc="none", mew=2, color=COLOURS.get(e.kind, "black"),
                label=None if e.kind in plotted else e.kind.replace("_", " "))
        plotted.add(e.kind)
    ax.set_xlim(box[0], box[2])
    ax.set_ylim(box[1], box[3])
    mid = (box[1] + box[3]) / 2
    ax.set_aspect(1 / max(math.cos(math.radians(mid)), 0.05))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(f"{_title(report)} — risk {report.score:.2f} ({report.level})", fontsize=10)
    ax.grid(alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _title(report: VesselReport) -> str:
    q = report.query
    return " ".join(f"{k.upper()} {v}" for k, v in q.items() if v) or "vessel"


def _svg(report: VesselReport, track: Positions, zones: list[Zone], width: int = 900, height: int = 600) -> str:
    box = _extent(track, report)
    x0, y0, x1, y1 = box
    kx = math.cos(math.radians((y0 + y1) / 2))
    scale = min(width / max((x1 - x0) * kx, 1e-9), height / max(y1 - y0, 1e-9))

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - x0) * kx * scale:.1f},{height - (lat - y0) * scale:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" style="background:#eef4f8;border:1px solid #99a">']
    for zone in _zones_in(zones, box):
        pts = " ".join(xy(lon, lat) for lon, lat in zone.polygon)
        parts.append(f'<polygon points="{pts}" fill="#888" fill-opacity="0.2" stroke="#666">'
                     f"<title>{html.escape(zone.name)}</title></polygon>")
    for m in np.unique(track.mmsi).tolist():
        sel = track.mmsi == m
        pts = " ".join(xy(float(a), float(b)) for a, b in zip(track.lon[sel], track.lat[sel], strict=True))
        parts.append(f'<polyline class="track" points="{pts}" fill="none" stroke="#1f4e79" stroke-width="1.2">'
                     f"<title>MMSI {m}</title></polyline>")
    for e in report.events:
        if e.lon is None or e.lat is None:
            continue
        tip = html.escape(f"{e.kind}: {e.summary} ({iso(e.start)} – {iso(e.end)})")
        parts.append(f'<circle class="event {e.kind}" cx="{xy(e.lon, e.lat).split(",")[0]}" '
                     f'cy="{xy(e.lon, e.lat).split(",")[1]}" r="7" fill="none" '
                     f'stroke="{COLOURS.get(e.kind, "black")}" stroke-width="3"><title>{tip}</title></circle>')
    parts.append("</svg>")
    return "\n".join(parts)


def write_html(report: VesselReport, track: Positions, zones: list[Zone], path: Path) -> Path:
    track = _thin(track.sorted())
    esc = html.escape
    rows_hits = "".join(
        f"<tr><td>{esc(h.list)}</td><td>{esc(h.caption)}</td><td>{h.score:.2f}</td>"
        f"<td>{esc('; '.join(r.detail for r in h.reasons))}</td></tr>" for h in report.hits)
    rows_events = "".join(
        f'<tr><td style="color:{COLOURS.get(e.kind, "black")}">{esc(e.kind)}</td><td>{e.mmsi}'
        f"{' / ' + str(e.other_mmsi) if e.other_mmsi else ''}</td><td>{iso(e.start) or ''}</td>"
        f"<td>{iso(e.end) or ''}</td><td>{esc(e.summary)}</td>"
        f"<td>{esc('; '.join(r.detail for r in e.reasons))}</td></tr>" for e in report.events)
    rows_score = "".join(f"<tr><td>{esc(r.feature)}</td><td>{r.score:.2f}</td><td>{esc(r.detail)}</td></tr>"
                         for r in report.contributions)
    ident = report.identity.to_dict()

    def seen(values: dict[str, list[str]]) -> str:
        return "; ".join(f"{v} [" + ", ".join(s) + "]" for v, s in values.items())

    rows_ident = "".join(f"<tr><td>{esc(k)}</td><td>{esc(seen(ident[k]))}</td></tr>"
                         for k in ("names", "flags", "owners", "mmsis", "call_signs"))
    legend = " ".join(f'<span style="color:{c}">● {k.replace("_", " ")}</span>' for k, c in COLOURS.items())
    doc = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>redline vessel report: {esc(_title(report))}</title>
<style>body{{font-family:sans-serif;margin:1.5em}}table{{border-collapse:collapse;margin:.5em 0 1.5em}}
td,th{{border:1px solid #ccc;padding:3px 6px;font-size:13px;vertical-align:top}}th{{background:#eee}}</style>
</head><body>
<h1>{esc(_title(report))}</h1>
<p>Risk score <b>{report.score:.2f}</b> ({esc(report.level)}); MMSIs {esc(', '.join(map(str, report.mmsis))) or '-'};
{len(report.hits)} list hit(s), {len(report.events)} event(s).</p>
{_svg(report, track, zones)}
<p>{legend}</p>
<h2>Score</h2><table><tr><th>evidence</th><th>weight</th><th>detail</th></tr>{rows_score}</table>
<h2>List hits</h2><table><tr><th>list</th><th>name</th><th>score</th><th>reasons</th></tr>{rows_hits}</table>
<h2>Events</h2><table><tr><th>kind</th><th>MMSI</th><th>start</th><th>end</th><th>summary</th><th>why</th></tr>
{rows_events}</table>
<h2>Identity history</h2><table>{rows_ident}</table>
</body></html>
"""
    path.write_text(doc, "utf-8")
    return path
