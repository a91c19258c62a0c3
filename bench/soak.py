"""Soak / load test: a real `redline serve` under a bounded load, watching errors and memory.

Why: screening runs for months behind a payment gateway; a slow leak (a cache that never
evicts, a per-request object kept alive) or a rare 500 only shows after many thousand
requests. This starts the real server process on a free 127.0.0.1 port, sends a mix of
yente-style ``POST /match/default`` and ``POST /screen/payment`` (the demo pacs.008) from
a few client threads until ``--seconds`` or ``--requests`` runs out, and reports
throughput, latency percentiles, errors and the server's resident memory (psutil) at
start (after a warm-up that builds the lazy index and screeners), middle and end.

Exit status is non-zero when any request failed or RSS grew by more than ``--max-growth-mb``.

    python bench/soak.py --seconds 120                      # demo list
    python bench/soak.py --seconds 120 --mirror ../shared/data --list ofac_sdn

The server runs with ``REDLINE_API_RATE=0``: the per-key rate limit would otherwise turn
the load itself into 429 errors, and the limiter is tested separately in tests/api.
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import httpx
import psutil

NAMES = ("Sberbank", "Herman Gref", "Vladimir Putin", "Gazprom Neft", "John Smith", "Rosneft Oil Company",
         "Ali Khamenei", "Kim Jong Un", "Acme Trading LLC", "Maria Garcia")
MB = 1024 * 1024


@dataclass
class SoakResult:
    """What one soak run measured; ``ok`` is the pass/fail verdict used for the exit status."""

    requests: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    rss_mb: dict[str, float] = field(default_factory=dict)
    max_growth_mb: float = 100.0

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(q) - 1]

    @property
    def growth_mb(self) -> float:
        return self.rss_mb.get("end", 0.0) - self.rss_mb.get("start", 0.0)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.growth_mb <= self.max_growth_mb

    def report(self) -> str:
        rss = ", ".join(f"{k} {v:.1f} MB" for k, v in self.rss_mb.items())
        lines = [
            f"requests {self.requests} in {self.seconds:.1f} s = {self.throughput:.1f} req/s",
            f"latency p50 {self.percentile(50):.1f} ms, p99 {self.percentile(99):.1f} ms, "
            f"max {max(self.latencies_ms, default=0.0):.1f} ms",
            f"errors {self.errors}" + (f" (first: {self.error_samples[0]})" if self.error_samples else ""),
            f"server RSS: {rss}; growth start->end {self.growth_mb:+.1f} MB (limit {self.max_growth_mb:.0f} MB)",
            "PASS" if self.ok else "FAIL",
        ]
        return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_home(home: Path, mirror: Path | None, lists: list[str]) -> str:
    """Load the demo list (or a mirror) into a fresh home and return a `screen` API key."""
    from redline.api.keys import KeyStore
    from redline.settings import get_settings
    from redline.store.lists import ListStore
    from redline.updater import load_demo

    settings = replace(get_settings(), home=home, database_url="", mirror=None)
    if mirror is None:
        store = ListStore(settings.sqlite_path)
        load_demo(store)
        store.close()
    else:
        cmd = [sys.executable, "-m", "redline", "lists", "update", "--mirror", str(mirror)]
        for name in lists:
            cmd += ["--list", name]
        subprocess.run(cmd, env=_env(home), check=True, stdout=subprocess.DEVNULL)
    keys = KeyStore.open(settings)
    key = keys.create("soak", "screen")[1]
    keys.close()
    return str(key)


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "REDLINE_HOME": str(home), "REDLINE_API_RATE": "0"}
    for name in ("REDLINE_MIRROR", "REDLINE_DATABASE_URL", "REDLINE_API_OPEN"):
        env.pop(name, None)
    return env


def start_server(home: Path, port: int, timeout: float = 120.0) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "redline", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--log-level", "warning"], env=_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not become ready")


def _requests(payment: bytes) -> itertools.cycle[tuple[str, dict[str, object]]]:
    """Alternate name matches (varied names and schemas) with payment messages."""
    mix: list[tuple[str, dict[str, object]]] = []
    for i, name in enumerate(NAMES):
        schema = ("Person", "Company", "LegalEntity")[i % 3]
        mix.append(("/match/default", {"json": {"queries": {"q": {"schema": schema, "properties": {"name": [name]}}}}}))
        mix.append(("/screen/payment", {"content": payment, "headers": {"Content-Type": "application/xml"}}))
    return itertools.cycle(mix)


def run_load(url: str, key: str, proc: psutil.Process, seconds: float, max_requests: int, concurrency: int,
             max_growth_mb: float, warmup: int = 20) -> SoakResult:
    result = SoakResult(max_growth_mb=max_growth_mb)
    payment = resources.files("redline.demo").joinpath("payment_pacs008.xml").read_bytes()
    headers = {"Authorization": f"Bearer {key}"}
    result.rss_mb["ready"] = proc.memory_info().rss / MB
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        for path, kwargs in itertools.islice(_requests(payment), warmup):
            client.post(path, **kwargs).raise_for_status()  # type: ignore[arg-type]
    result.rss_mb["start"] = proc.memory_info().rss / MB
    lock = threading.Lock()
    budget = itertools.count()
    started = time.monotonic()
    deadline = started + seconds
    middle_taken = threading.Event()

    def worker() -> None:
        mix = _requests(payment)
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            while time.monotonic() < deadline and next(budget) < max_requests:
                path, kwargs = next(mix)
                t0 = time.perf_counter()
                try:
                    response = client.post(path, **kwargs)  # type: ignore[arg-type]
                    failure = None if response.status_code == 200 else f"{path} -> {response.status_code}"
                except httpx.HTTPError as exc:
                    failure = f"{path} -> {type(exc).__name__}: {exc}"
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    result.requests += 1
                    result.latencies_ms.append(elapsed)
                    if failure:
                        result.errors += 1
                        if len(result.error_samples) < 5:
                            result.error_samples.append(failure)
                    halfway = (time.monotonic() - started >= seconds / 2 or result.requests >= max_requests // 2)
                    if halfway and not middle_taken.is_set():
                        middle_taken.set()
                        result.rss_mb["middle"] = proc.memory_info().rss / MB

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    result.rss_mb["end"] = proc.memory_info().rss / MB
    return result


def soak(seconds: float = 120.0, max_requests: int = 1_000_000, concurrency: int = 4, max_growth_mb: float = 100.0,
         mirror: Path | None = None, lists: list[str] | None = None) -> SoakResult:
    """Prepare a home, start the server, run the load, stop the server; used by the CLI and the test."""
    with tempfile.TemporaryDirectory(prefix="redline-soak-") as tmp:
        home = Path(tmp) / "home"
        key = prepare_home(home, mirror, lists or [])
        port = free_port()
        server = start_server(home, port)
        try:
            return run_load(f"http://127.0.0.1:{port}", key, psutil.Process(server.pid), seconds, max_requests,
                            concurrency, max_growth_mb)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=15)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="stop the load after this long")
    parser.add_argument("--requests", type=int, default=1_000_000, help="stop the load after this many requests")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--max-growth-mb", type=float, default=100.0, help="fail if server RSS grows more")
    parser.add_argument("--mirror", type=Path, help="load official files from this folder instead of the demo list")
    parser.add_argument("--list", action="append", default=[], dest="lists", help="with --mirror: only this list")
    args = parser.parse_args()
    result = soak(args.seconds, args.requests, args.concurrency, args.max_growth_mb, args.mirror, args.lists)
    print(result.report())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
