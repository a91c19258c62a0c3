"""Helpers for the web UI tests: a demo-loaded home with users and cases, and a live server."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from redline.commands.cases import case_service
from redline.engine import Engine
from redline.model import Query
from redline.settings import Settings, get_settings
from redline.updater import demo_entities, load_demo
from redline.web import create_web_router, web_factories

PASSWORD = "correct-horse-1"
USERS = {"alice": "analyst", "dave": "analyst", "bob": "approver", "carol": "approver", "root": "admin"}
#: name screened -> (input key, birth date, country)
CUSTOMERS = {
    "Vladimir Putin": ("C-1", "1952-10-07", "ru"),
    "Герман Греф": ("C-2", None, "ru"),
    "Sberbank": ("C-3", None, "ru"),
    "Kim Jong Un": ("C-4", None, "kp"),
    "Bashar al-Assad": ("C-5", None, "sy"),
    "Huawei": ("C-6", None, "cn"),
    "Gazprom Neft": ("C-7", None, "ru"),
}


@dataclass
class Home:
    settings: Settings
    cases: dict[str, str]  # name screened -> case id
    old_version: str
    new_version: str


def home_settings(home: Path) -> Settings:
    return replace(get_settings(), home=home, database_url="", mirror=None)


def prepare(home: Path) -> Home:
    """Demo list, users for every role, one open case per customer, then a second list version."""
    settings = home_settings(home)
    engine = Engine(settings=settings)
    old = load_demo(engine.store).version
    assert old is not None
    svc = case_service(engine)
    for user, role in USERS.items():
        svc.create_user(user, PASSWORD, role, actor="test")
    made = {}
    for name, (key, dob, country) in CUSTOMERS.items():
        hits = engine.screen(Query(name=name, birth_date=dob, countries=[country], key=key))
        assert hits, name
        case = svc.open_alert("party", key, {"customer_id": key, "name": name, "birth_date": dob, "country": country},
                              hits, engine.list_versions())
        assert case is not None
        made[name] = case.id
    # A second version: one entry removed, one changed, one added (for the diff page).
    entities = [e for e in demo_entities() if e.id != "demo:huawei"]
    entities[0] = dataclasses.replace(entities[0], remarks="changed in the second version")
    entities.append(dataclasses.replace(entities[1], id="demo:new-entry", source_id="new-entry"))
    new, _ = engine.store.load("demo", iter(entities), format="test", source="test", sha256="f" * 64,
                               source_date="2026-12-01", demo=True)
    engine.close()
    return Home(settings, made, old.version_id, new.version_id)


def make_app(settings: Settings) -> FastAPI:
    app = FastAPI()
    app.include_router(create_web_router(*web_factories(settings), secret="test-secret-key"))
    return app


def serve(app: FastAPI) -> tuple[str, Callable[[], None]]:
    """Serve ``app`` on a free 127.0.0.1 port in a thread; returns the URL and a stop function."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/ui/login", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    else:
        raise RuntimeError("UI server did not start")

    def stop() -> None:
        server.should_exit = True
        thread.join(10)
        sock.close()

    return url, stop
