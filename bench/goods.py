"""Shipment lines per second for classify + description rules + route red flags.

    python bench/goods.py [--lines 200000]

Party screening is measured separately (bench/match.py); here the party matcher is a
no-op so the number is the goods and route logic alone. Target: >= 5,000 lines/s.
"""

from __future__ import annotations

import argparse
import random
import time

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from redline.screeners.goods import ShipmentScreener

CODES = ["8542.31", "8473.30", "848210", "8517 62 00", "9018.12", "3004.90", "8802.40", "6109.10", "8471.50",
         "9403.60", "8411.91", "8534.00"]
DESCRIPTIONS = ["NVIDIA H100 80GB PCIe", "ball bearings 6205-2RS", "Xilinx FPGA board", "cotton t-shirts",
                "Ultrasound diagnostic system", "network switches", "oak office desk", "GNSS receiver module",
                "CNC machining centre", "aircraft engine parts"]
COUNTRIES = ["DE", "KZ", "TR", "AE", "CN", "US", "AM", "RU", "FR", "GE", "KG", "IN"]


def rows(n: int, seed: int = 3) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [{
        "shipment_id": f"S{i}", "shipper": "", "consignee": "", "consignee_country": rng.choice(COUNTRIES),
        "destination_country": rng.choice(COUNTRIES), "transit_countries": ";".join(rng.sample(COUNTRIES, 2)),
        "hs_code": rng.choice(CODES), "description": rng.choice(DESCRIPTIONS),
        "consignee_established": rng.choice(["2026-06-01", "2001-01-01", ""]),
        "consignee_history": rng.choice(["none", "yes"]), "payment_country": rng.choice(COUNTRIES),
        "no_russia_clause": rng.choice(["yes", "no"]), "end_user_country": rng.choice([*COUNTRIES, ""]),
    } for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=200_000)
    args = parser.parse_args()
    data = rows(args.lines)
    screener = ShipmentScreener(lambda q: [])
    decisions: dict[str, int] = {}
    start = time.perf_counter()
    with Progress("shipment lines", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()) as progress:
        task = progress.add_task("lines", total=len(data))
        for n, result in enumerate(screener.screen_rows(data), start=1):
            decisions[result.decision] = decisions.get(result.decision, 0) + 1
            if n % 5000 == 0:
                progress.update(task, completed=n)
        progress.update(task, completed=len(data))
    seconds = time.perf_counter() - start
    print(f"{len(data):,} lines in {seconds:.2f} s → {len(data) / seconds:,.0f} lines/s on one core "
          f"(target 5,000 on 2 cores); decisions {decisions}")


if __name__ == "__main__":
    main()
