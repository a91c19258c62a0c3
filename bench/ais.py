"""AIS throughput: decoded-CSV ingest + all behaviour detectors, and raw NMEA decode.

Target: >= 200,000 positions/s for decoded CSV (decode + detection) on 2 cores, and the
peak memory for 10 M positions. A NOAA-layout CSV of N positions (random walks of
N/1440 vessels, one fix a minute for a day, a fifth of them slow so the STS grid and
loitering have work) is generated in a child process first, so the measured process's
peak RSS is ingest + detection only. The NMEA figure decodes the real pyais sample
(../shared/data/ais) repeated to about 100,000 lines.

    .venv/bin/python bench/ais.py [--positions 10000000] [--keep FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, peak_rss_mb

T0 = 1_704_067_200


def generate(n: int, path: Path, seed: int = 1) -> int:
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    per = 1440
    vessels = max(2, n // per)
    n = vessels * per
    ids = rng.permutation(np.unique(rng.integers(200_000_000, 800_000_000, vessels * 2)))[:vessels]
    mmsi = np.repeat(ids, per)
    k = np.tile(np.arange(per), vessels)
    v = np.repeat(np.arange(vessels), per)
    speed = rng.uniform(5, 15, vessels)
    speed[rng.random(vessels) < 0.2] = 0.5
    course = np.radians(rng.uniform(0, 360, vessels))[v] + np.cumsum(rng.normal(0, 0.01, n))
    step_deg = speed[v] * 1852 / 60 / 111_195  # degrees per minute
    dlat = step_deg * np.cos(course)
    lat0, lon0 = rng.uniform(50, 60, vessels), rng.uniform(0, 25, vessels)
    # cumulative walk, restarted at each vessel
    starts = np.arange(0, n, per)
    cum = np.cumsum(dlat)
    lat = lat0[v] + cum - np.repeat(cum[starts] - dlat[starts], per)
    dlon = step_deg * np.sin(course) / np.cos(np.radians(lat))
    cum = np.cumsum(dlon)
    lon = lon0[v] + cum - np.repeat(cum[starts] - dlon[starts], per)
    t = T0 + k * 60 + rng.integers(0, 20, n)
    frame = pl.DataFrame({
        "MMSI": mmsi, "BaseDateTime": pl.from_epoch(pl.Series(t), "s").dt.strftime("%Y-%m-%dT%H:%M:%S"),
        "LAT": np.round(lat, 5), "LON": np.round(lon, 5), "SOG": np.round(speed[v] + rng.normal(0, 0.2, n), 1),
        "COG": np.round(np.degrees(course) % 360, 1), "Heading": 511, "VesselName": pl.Series(mmsi).cast(str),
        "IMO": "", "CallSign": "", "VesselType": 80, "Status": 0, "Length": 200, "Width": 32, "Draft": 10.0,
        "Cargo": 80, "TransceiverClass": "A"})
    frame.write_csv(path)
    return n


def measure(path: Path) -> dict[str, float]:
    from redline.maritime import read_ais
    from redline.maritime.detect import detect

    t0 = time.perf_counter()
    data = read_ais(path)
    t1 = time.perf_counter()
    events = detect(data)
    t2 = time.perf_counter()
    n = len(data.positions)
    return {"positions": n, "skipped": data.report.skipped_total, "events": len(events),
            "ingest_s": t1 - t0, "detect_s": t2 - t1, "ingest_per_s": n / (t1 - t0),
            "detect_per_s": n / (t2 - t1), "total_per_s": n / (t2 - t0), "peak_rss_mb": peak_rss_mb()}


def nmea_rate(target_lines: int = 100_000) -> dict[str, float] | None:
    from redline.maritime.nmea import decode_lines

    sample = SHARED / "ais" / "pyais_nmea_data_sample.txt"
    if not sample.exists():
        return None
    lines = sample.read_bytes().splitlines()
    lines = lines * max(1, target_lines // len(lines))
    t0 = time.perf_counter()
    data = decode_lines(lines)
    dt = time.perf_counter() - t0
    return {"lines": len(lines), "lines_per_s": len(lines) / dt, "positions_per_s": len(data.positions) / dt}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path, help="write the generated CSV here and keep it")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    path = args.keep or Path(tempfile.mkdtemp(prefix="redline-ais-")) / "ais.csv"
    t0 = time.perf_counter()
    n = generate(args.positions, path)
    size = path.stat().st_size / 1e6
    print(f"generated {n:,} positions ({size:,.0f} MB) in {time.perf_counter() - t0:.1f} s")
    child = subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True,
                           capture_output=True, text=True, env=os.environ)
    r = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"decoded CSV: {r['positions']:,} positions, {r['skipped']} skipped, {r['events']:,} events")
    print(f"  ingest  {r['ingest_s']:.1f} s  {r['ingest_per_s']:,.0f} positions/s")
    print(f"  detect  {r['detect_s']:.1f} s  {r['detect_per_s']:,.0f} positions/s")
    print(f"  total   {r['total_per_s']:,.0f} positions/s (target >= 200,000)")
    print(f"  peak RSS {r['peak_rss_mb']:,.0f} MB")
    nm = nmea_rate()
    if nm:
        print(f"raw NMEA: {nm['lines']:,} lines, {nm['lines_per_s']:,.0f} lines/s, "
              f"{nm['positions_per_s']:,.0f} positions/s")
    if not args.keep:
        path.unlink()


if __name__ == "__main__":
    main()
