"""Customer books for the batch tests (plain helpers; fixtures live in conftest.py)."""

from __future__ import annotations

import csv
import os
import random
import sys
from pathlib import Path

import pytest

REDLINE = [sys.executable, "-m", "redline"]
SHARED_DATA = Path(os.environ.get("REDLINE_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))


def shared_file(*parts: str) -> Path:
    """A path under shared/data, skipping the test when absent (as tests/conftest.shared_file does)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real file not available: {path}")
    return path

#: Listed demo names written the way customers' books write them, with the entry they name.
LISTED = [
    ("Vladimir Putin", "Person", "demo:putin"),
    ("Герман Греф", "Person", "demo:gref"),
    ("Sberbank of Russia", "Company", "demo:sberbank"),
    ("Bashar al-Assad", "Person", "demo:assad"),
]
FIRST = ["Anna", "Marek", "Sofia", "Jonas", "Lucia", "Pieter", "Ingrid", "Tomas", "Chloé", "Mehmet", "Olga", "Kenji"]
LAST = ["Schmidt", "Novak", "Rossi", "Jansen", "Moreau", "Lindqvist", "Kowalczyk", "Yilmaz", "Dubois", "Okafor"]
FIRMS = ["Northwind", "Bluewater", "Alder", "Kestrel", "Harbour", "Silverline", "Granite", "Meridian"]


def write_book(path: Path, size: int, seed: int = 3, planted_every: int = 50) -> list[dict[str, str]]:
    """A CSV customer book with non-default column names; every ``planted_every``-th row is listed."""
    rng = random.Random(seed)
    rows = []
    for n in range(size):
        if n % planted_every == 7:
            name, kind, _ = LISTED[(n // planted_every) % len(LISTED)]
        elif rng.random() < 0.6:
            name, kind = f"{rng.choice(FIRST)} {rng.choice(LAST)}", "Person"
        else:
            name, kind = f"{rng.choice(FIRMS)} {rng.choice(['Trading', 'Logistics', 'Foods'])} GmbH", "Company"
        planted = n % planted_every == 7  # no invented birth date or country for a listed party
        dob = f"{rng.randint(1950, 2000)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" if kind == "Person" else ""
        country = rng.choice(["DE", "Russia", "fr", ""])
        rows.append({"customer_id": f"K{n:06d}", "full_name": name, "kind": kind,
                     "birth_date": "" if planted else dob, "cc": "" if planted else country})
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return rows


MAP = "name=full_name,dob=birth_date,country=cc,id=customer_id,type=kind"
