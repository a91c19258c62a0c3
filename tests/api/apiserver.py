"""Helpers for the API tests: a real uvicorn server on a loopback port over a demo-loaded REDLINE_HOME."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi import APIRouter

from redline.api.keys import KeyStore
from redline.settings import Settings, get_settings
from redline.store.lists import ListStore
from redline.updater import load_demo


@dataclass
class Live:
    url: str
    keys: dict[str, str]
    home: Path
    mirror: Path

    def client(self, role: str | None = "admin", **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kwargs)


def home_settings(home: Path) -> Settings:
    return replace(get_settings(), home=home, database_url="", mirror=None)


def prepare_home(home: Path) -> dict[str, str]:
    """Demo list loaded and one key per role."""
    settings = home_settings(home)
    store = ListStore(settings.sqlite_path)
    load_demo(store)
    store.close()
    keys = KeyStore.open(settings)
    made = {role: keys.create(f"test-{role}", role)[1] for role in ("screen", "analyst", "admin")}
    keys.close()
    return made


def start(app: Any, ready: int = 200) -> tuple[str, Callable[[], None]]:
    """Serve ``app`` on a free 127.0.0.1 port in a thread; returns the URL and a stop function."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == ready:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    else:
        raise RuntimeError("server did not become ready")

    def stop() -> None:
        server.should_exit = True
        thread.join(10)
        sock.close()

    return url, stop


boom = APIRouter()


@boom.get("/boom")
async def explode() -> None:
    raise RuntimeError("secret internal detail /etc/passwd")


PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] and "instance" in body
    assert "Traceback" not in response.text
    return body


