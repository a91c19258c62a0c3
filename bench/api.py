"""HTTP API throughput and latency: yente-shaped POST /match/default with every list loaded.

    python bench/api.py [--requests 3000] [--levels 1,10,50] [--workers 2] [--rates 300,500,700,900]
                        [--duration 20] [--home DIR]

Loads every list in the shared mirror into a fresh REDLINE_HOME, starts
`redline serve` on 127.0.0.1 as a separate process (rate limit off, one API key), then
sends a fixed number of requests per concurrency level from one asyncio process
(a lean keep-alive HTTP/1.1 client) and prints requests/s, p50/p99 latency and errors per level.
Client and server share the machine's cores: on a 2-core box this is the honest number.
Queries are half listed-name variants (hits) and half clean names (no hit).

Two tables. Closed loop: each client sends its next request as soon as the last returns, so it
measures saturation throughput, and latency there is queueing (clients / throughput, Little's
law). Open loop (wrk2-style): a fixed total rate is offered over ``--paced-clients``
connections and each latency runs from the request's *scheduled* send time (coordinated
omission corrected); it answers "at R req/s, what latency do callers see", and the last line
names the highest offered rate whose p99 stayed within ``--p99-target``. Both tables also give
the server's CPU time per request (all its processes, from /proc), which is robust to other
load on the machine where wall-clock numbers are not.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import httpx
from _common import fresh_home, require_shared

from redline.api.keys import KeyStore
from redline.engine import Engine
from redline.evaluation.deck import clean_population, positives
from redline.updater import update_from_mirror


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its children (uvicorn's workers)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:  # fields[1] is the parent pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def bodies(engine: Engine, count: int) -> list[bytes]:
    index = engine.index()
    cases = positives(index, max(1, count // 60)) + clean_population(index, count // 2)
    random.Random(3).shuffle(cases)
    cases = (cases * (count // max(1, len(cases)) + 1))[:count]
    return [json.dumps({"queries": {"q": {"schema": c.schema, "properties": {"name": [c.query]}}}}).encode()
            for c in cases]


class Connection:
    """A minimal keep-alive HTTP/1.1 client: httpx's pool costs more CPU than the server at 50 clients,
    and client and server share the cores, so a lean client measures the server more fairly."""

    def __init__(self, host: str, port: int, key: str) -> None:
        self.host, self.port, self.key = host, port, key
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAuthorization: Bearer {self.key}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        self.writer.write(head + body)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return int(status_line.split()[1])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def level(port: int, key: str, work: list[bytes], concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    position = 0
    path = "/match/default?limit=5"
    connections = [Connection("127.0.0.1", port, key) for _ in range(concurrency)]

    async def user(conn: Connection) -> None:
        nonlocal position, errors
        while position < len(work):
            body = work[position]
            position += 1
            start = time.perf_counter()
            try:
                ok = await conn.post(path, body) == 200
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                ok = False
                conn.close()
                conn.writer = None
            latencies.append((time.perf_counter() - start) * 1000)
            errors += not ok

    for conn in connections:  # warm-up: connection set-up, caches
        await conn.post(path, work[0])
    started = time.perf_counter()
    await asyncio.gather(*(user(c) for c in connections))
    wall = time.perf_counter() - started
    for conn in connections:
        conn.close()
    latencies.sort()
    return {"rps": len(work) / wall, "p50": latencies[len(latencies) // 2],
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], "errors": errors}


async def paced(port: int, key: str, work: list[bytes], clients: int, rate: float,
                duration: float) -> dict[str, float]:
    """Open loop (wrk2-style): requests are *scheduled* at ``rate`` per second over
    ``clients`` keep-alive connections, and each latency runs from its scheduled time, so a
    stalled server is charged for the requests that queued behind it (no coordinated omission)."""
    total = max(1, int(rate * duration))
    path = "/match/default?limit=5"
    connections = [Connection("127.0.0.1", port, key) for _ in range(clients)]
    for conn in connections:
        await conn.post(path, work[0])
    latencies: list[float] = []
    errors = 0
    position = 0
    started = time.perf_counter()

    async def user(conn: Connection) -> None:
        nonlocal position, errors
        while position < total:
            i = position
            position += 1
            scheduled = started + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            try:
                ok = await conn.post(path, work[i % len(work)]) == 200
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                ok = False
                conn.close()
                conn.writer = None
            latencies.append((time.perf_counter() - scheduled) * 1000)
            errors += not ok

    await asyncio.gather(*(user(c) for c in connections))
    wall = time.perf_counter() - started
    for conn in connections:
        conn.close()
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * q))]

    return {"offered": rate, "achieved": total / wall, "p50": pct(0.5), "p90": pct(0.9), "p99": pct(0.99),
            "max": latencies[-1], "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000, help="requests per concurrency level")
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--home", type=Path, help="reuse a REDLINE_HOME loaded by an earlier run")
    parser.add_argument("--rates", "--rate", default="300,500,700,900",
                        help="open-loop offered rates (req/s) for the paced table; empty to skip")
    parser.add_argument("--p99-target", type=float, default=50.0, help="ms; the paced table names the "
                        "highest offered rate whose p99 stays within it")
    parser.add_argument("--paced-clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per paced rate")
    args = parser.parse_args()
    mirror = require_shared()
    if args.home:
        home = args.home
        os.environ["REDLINE_HOME"] = str(home)
    else:
        home = fresh_home()
    engine = Engine()
    started = time.perf_counter()
    results = [] if args.home else update_from_mirror(engine.store, mirror)[0]
    entities = sum(v.entity_count for v in engine.store.active_versions())
    work = bodies(engine, args.requests)  # also builds and caches the index the server will load
    lists = len(engine.store.active_versions())
    print(f"{lists} lists ({len(results)} loaded now), {entities:,} entities; {time.perf_counter() - started:.0f} s")
    keys = KeyStore.open(engine.settings)
    _, key = keys.create("bench", "screen")
    keys.close()
    engine.close()
    port = free_port()
    env = {**os.environ, "REDLINE_HOME": str(home), "REDLINE_API_RATE": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "redline", "serve", "--port", str(port), "--workers", str(args.workers),
         "--log-level", "warning", "--no-access-log"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("server did not become ready")
        print(f"server: {args.workers} process(es) on {os.cpu_count()} cores; {len(work)} requests per level")
        print("closed loop (each client sends its next request as soon as the last returns: saturation)")
        print(f"{'clients':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'cpu ms/req':>10}")
        for concurrency in (int(x) for x in args.levels.split(",") if x):
            cpu = process_tree_cpu(server.pid)
            r = asyncio.run(level(port, key, work, concurrency))
            cpu = (process_tree_cpu(server.pid) - cpu) * 1000 / (len(work) + concurrency)
            print(f"{concurrency:>8} {r['rps']:>8.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} {int(r['errors']):>7} "
                  f"{cpu:>10.2f}")
        rates = [float(x) for x in args.rates.split(",") if x]
        if rates:
            print(f"open loop ({args.paced_clients} connections, requests scheduled at a fixed rate for "
                  f"{args.duration:.0f} s; latency from the scheduled time)")
            print(f"{'offered':>8} {'achieved':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
                  f"{'max ms':>8} {'errors':>7} {'cpu ms/req':>10}")
        within: list[float] = []
        for rate in rates:
            cpu = process_tree_cpu(server.pid)
            r = asyncio.run(paced(port, key, work, args.paced_clients, rate, args.duration))
            cpu = (process_tree_cpu(server.pid) - cpu) * 1000 / (max(1, int(rate * args.duration))
                                                               + args.paced_clients)
            print(f"{rate:>8.0f} {r['achieved']:>9.0f} {r['p50']:>8.1f} {r['p90']:>8.1f} {r['p99']:>8.1f} "
                  f"{r['max']:>8.1f} {int(r['errors']):>7} {cpu:>10.2f}")
            if r["p99"] <= args.p99_target and not r["errors"] and r["achieved"] >= 0.95 * rate:
                within.append(rate)
        if rates:
            best = f"{max(within):.0f} req/s" if within else "none of the offered rates"
            print(f"highest offered rate with p99 <= {args.p99_target:g} ms (no errors, >= 95 % achieved): {best}")
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
