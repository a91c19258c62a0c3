"""SIGKILL in the middle of `lists update`: the serving version is the old or the new one, never a mix."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redline.store.lists import ListStore

pytestmark = pytest.mark.slow


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "REDLINE_HOME": str(home)}
    env.pop("REDLINE_MIRROR", None)
    return env


def _mirror(shared_data: Path, root: Path, snapshot: str) -> Path:
    folder = root / f"ofac_{snapshot}"
    folder.mkdir(parents=True)
    (folder / "sdn.csv").write_bytes((shared_data / "ofac" / f"sdn_csv_{snapshot}" / "sdn.csv").read_bytes())
    return root


@pytest.mark.parametrize("delay", [0.8, 1.6, 2.4])
def test_kill_during_update_keeps_a_whole_version(shared_data: Path, tmp_path: Path, delay: float) -> None:
    home = tmp_path / "home"
    old = _mirror(shared_data, tmp_path / "old", "2024-04-26")
    new = _mirror(shared_data, tmp_path / "new", "2024-05-03")
    first = subprocess.run([sys.executable, "-m", "redline", "lists", "update", "--mirror", str(old), "--json"],
                           env=_env(home), capture_output=True, text=True, timeout=300, check=False)
    assert first.returncode == 0, first.stderr
    old_count = json.loads(first.stdout)[0]["version"]
    proc = subprocess.Popen([sys.executable, "-m", "redline", "lists", "update", "--mirror", str(new)],
                            env=_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    store = ListStore(home / "redline.db")
    active = store.active_version("ofac_sdn")
    assert active is not None
    version = store.version(active)
    assert version is not None
    stored = sum(1 for _ in store.iter_entities(active))
    assert stored == version.entity_count  # the serving version is complete
    assert version.entity_count in (14668, 14965)  # old (2024-04-26) or new (2024-05-03), never a mix
    if version.entity_count == 14668:
        assert active == old_count
    # a later update completes normally from whatever state the kill left
    again = subprocess.run([sys.executable, "-m", "redline", "lists", "update", "--mirror", str(new), "--json"],
                           env=_env(home), capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert ListStore(home / "redline.db").version(store.active_version("ofac_sdn") or "").entity_count == 14965
