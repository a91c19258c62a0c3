"""The real commands: `redline api-key ...` and `redline serve` as a subprocess."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from apiserver import prepare_home

REDLINE = [sys.executable, "-m", "redline"]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*REDLINE, *args], env=env, capture_output=True, text=True, timeout=60)


def test_api_key_commands(tmp_path: Path) -> None:
    env = {**os.environ, "REDLINE_HOME": str(tmp_path / "home")}
    made = run(["api-key", "create", "ci-robot", "--role", "analyst"], env)
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip()
    assert secret.startswith("rl_") and "shown once" in made.stderr
    listed = run(["api-key", "list"], env).stdout
    assert "ci-robot" in listed and "analyst" in listed and secret.split("_", 2)[2] not in listed
    raw = (tmp_path / "home" / "redline.db").read_bytes()
    assert secret.split("_", 2)[2].encode() not in raw  # only the salted hash is stored
    assert run(["api-key", "create", "x", "--role", "root"], env).returncode == 2
    assert run(["api-key", "revoke", "ci-robot"], env).returncode == 0
    assert "revoked" in run(["api-key", "list"], env).stdout
    assert run(["api-key", "revoke", "ci-robot"], env).returncode == 1


def test_serve_refuses_open_mode_off_loopback(tmp_path: Path) -> None:
    env = {**os.environ, "REDLINE_HOME": str(tmp_path / "home"), "REDLINE_API_OPEN": "1"}
    result = run(["serve", "--host", "0.0.0.0", "--port", "1"], env)
    assert result.returncode == 2 and "loopback" in result.stderr


def test_serve_subprocess(tmp_path: Path) -> None:
    home = tmp_path / "home"
    keys = prepare_home(home)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "REDLINE_HOME": str(home)}
    proc = subprocess.Popen([*REDLINE, "serve", "--port", str(port), "--log-level", "warning"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        response = httpx.post(url + "/match/default", headers={"Authorization": f"Bearer {keys['screen']}"},
                              json={"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}})
        assert response.status_code == 200
        assert response.json()["responses"]["q"]["results"][0]["id"] == "demo:kim-jong-un"
        assert "server" not in response.headers  # no software banner
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
