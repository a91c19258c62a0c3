"""Downloads from a real HTTP server on loopback: complete files load, broken ones never do."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from redline.errors import DownloadError
from redline.sources.discovery import discover, newest
from redline.sources.registry import Download, ListInfo
from redline.store.lists import ListStore
from redline.updater import download, load_snapshot

BODY: dict[str, bytes] = {}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        data = BODY.get(self.path)
        if data is None:
            self.send_error(404)
            return
        self.send_response(200)
        declared = len(data) * 2 if self.path.endswith("truncated.xml") else len(data)
        self.send_header("Content-Length", str(declared))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _info(url: str, name: str) -> ListInfo:
    return ListInfo("ofac_cons", "t", "p", "l", (Download(url, name),))


def test_download_then_load(server: str, shared_data: Path, tmp_path: Path) -> None:
    BODY["/cons.xml"] = (shared_data / "ofac" / "cons_non_sdn_xml_2024-05-06" / "consolidated.xml").read_bytes()
    files = download(_info(server + "/cons.xml", "consolidated.xml"), tmp_path / "staging", timeout=10)
    assert files[0].read_bytes() == BODY["/cons.xml"]
    snaps = newest(discover(tmp_path / "staging")[0])
    store = ListStore(tmp_path / "db.sqlite")
    result = load_snapshot(store, snaps[0])
    assert result.status == "loaded" and result.version is not None and result.version.entity_count == 443


def test_truncated_download_is_refused_and_leaves_no_file(server: str, tmp_path: Path) -> None:
    BODY["/truncated.xml"] = b"<sdnList>" + b" " * 1000
    with pytest.raises(DownloadError) as info:
        download(_info(server + "/truncated.xml", "consolidated.xml"), tmp_path / "s", timeout=10)
    assert "truncated.xml" in str(info.value)
    assert list((tmp_path / "s").iterdir()) == []


def test_http_error_is_a_download_error(server: str, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="404"):
        download(_info(server + "/missing.xml", "consolidated.xml"), tmp_path / "s", timeout=10)
