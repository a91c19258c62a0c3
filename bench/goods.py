"""Goods + route screening throughput: classify, description rules and red flags per line.

Target: >= 5,000 shipment lines/s on 2 cores. Party screening (the name matcher) is not
included (``screen_party`` returns nothing); it is measured separately. Lines are
generated: codes written in every format with random 8/10-digit tails, descriptions with
random part numbers and quantities (so the caches do not make every line a repeat),
countries by name and code, optional red-flag columns on a share of lines.

    .venv/bin/python bench/goods.py [--lines 200000] [--workers 2]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from redline.screeners.goods import ShipmentScreener

CODES = ["8542.31", "854239", "8542 32 00", "8473.30.20", "8471.50.0150", "848210", "8482.20", "8517.62.00",
         "9018.12", "3004.90", "6109.10", "9403.60", "8802.40", "8905.20", "8411", "0901.21", "7304.23",
         "8708.99", "2204.21", "9030.20", ""]
DESCRIPTIONS = ["NVIDIA H100 80GB PCIe x{n}", "Xilinx FPGA XC7A{n}T", "ball bearings 62{n2}-2RS, {n} pcs",
                "SKF tapered roller bearings lot {n}", "u-blox NEO-M8N GNSS module rev {n}",
                "ultrasound diagnostic system SN{n}", "insulin pens, {n} boxes", "cotton T-shirts size M {n}",
                "oak office desk model {n}", "STM32F4{n2} microcontroller reel", "digital oscilloscope {n} MHz",
                "spare parts for trucks {n}", "assorted goods {n}", "rack server 2U {n}", "red wine {n} bottles"]
COUNTRIES = ["DE", "Germany", "KZ", "Kazakhstan", "TR", "Türkiye", "AE", "United Arab Emirates", "CN", "HK",
             "AM", "GE", "RU", "Russia", "US", "FR", "IN", "Narnia", "Belarus", "Sevastopol", "JP"]


def make_rows(count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        code = rng.choice(CODES)
        if code and rng.random() < 0.3:
            code = code.replace(" ", "").replace(".", "")[:6].ljust(6, "0") + f"{rng.randrange(100):02d}"
        n, n2 = rng.randrange(1, 100_000), f"{rng.randrange(100):02d}"
        row = {"shipment_id": f"B-{seed}-{i}", "shipper": f"Shipper {rng.randrange(500)}",
               "shipper_country": rng.choice(["DE", "FR", "US", "NL"]), "consignee": f"Consignee {rng.randrange(5000)}",
               "consignee_country": rng.choice(COUNTRIES), "destination_country": rng.choice(COUNTRIES),
               "transit_countries": ";".join(rng.sample(COUNTRIES, rng.choice([0, 0, 1, 2]))),
               "hs_code": code, "description": rng.choice(DESCRIPTIONS).format(n=n, n2=n2),
               "value": str(rng.randrange(100, 1_000_000)), "currency": "EUR"}
        if rng.random() < 0.3:
            row.update(end_user=f"End user {rng.randrange(1000)}", end_user_country=rng.choice(COUNTRIES),
                       consignee_established=f"20{rng.randrange(10, 26)}-0{rng.randrange(1, 9)}-15",
                       consignee_history=rng.choice(["yes", "none"]), payment_country=rng.choice(COUNTRIES),
                       consignee_business=rng.choice(["electronics distribution", "furniture retail", "trading"]),
                       reexport_clause=rng.choice(["yes", "no"]))
        rows.append(row)
    return rows


def screen_chunk(args: tuple[int, int]) -> tuple[int, Counter[str], float]:
    """Generate and screen one chunk in a worker; returns (lines, decisions, screening seconds)."""
    count, seed = args
    rows = make_rows(count, seed)
    screener = ShipmentScreener(lambda query: [])
    start = time.perf_counter()
    decisions = Counter(screener.screen_row(row).decision for row in rows)
    return count, decisions, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=5_000)
    args = parser.parse_args()
    console = Console(stderr=True)
    chunks = [(min(args.chunk, args.lines - i), i) for i in range(0, args.lines, args.chunk)]
    decisions: Counter[str] = Counter()
    busy = 0.0
    columns = (TextColumn("screening shipments"), BarColumn(), MofNCompleteColumn(), TextColumn("lines"),
               TimeElapsedColumn())
    start = time.perf_counter()
    with Progress(*columns, console=console) as progress, ProcessPoolExecutor(args.workers) as pool:
        task = progress.add_task("lines", total=args.lines)
        for count, counts, seconds in pool.map(screen_chunk, chunks):
            decisions.update(counts)
            busy += seconds
            progress.advance(task, count)
    wall = time.perf_counter() - start
    print(f"{args.lines:,} shipment lines, {args.workers} worker(s): {wall:.1f} s wall incl. generation, "
          f"{args.lines / wall:,.0f} lines/s end to end; screening alone {args.lines / busy:,.0f} lines/s per "
          f"core (classify + description rules + route flags, no party screening)")
    print("decisions: " + ", ".join(f"{k} {v:,}" for k, v in sorted(decisions.items())))


if __name__ == "__main__":
    main()
