"""Rules over payment free text: vessel names, IMO numbers and goods words.

Remittance and instruction fields are where trade payments name what is shipped and on
which ship ("FREIGHT MV OCEAN STAR IMO 9321483 CRUDE OIL"). IMO numbers are looked up as
vessel identifiers, vessel names screened as Vessel parties, and goods words reported as
a routing signal for trade review (not, on their own, a reason to hold).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from redline.text.identifiers import IMO_IN_TEXT, imo_is_valid

#: "MV OCEAN STAR", "M/V OCEAN STAR", "M.T. ...", "VESSEL: OCEAN STAR", "TANKER OCEAN STAR".
_VESSEL = re.compile(
    r"\b(?:M\s*/\s*[VT]|M\.\s*[VT]\.?|MV|MT|SS|VESSEL|VSL|TANKER|SHIP|SUPERTANKER)"
    r"[\s:.\-]+((?:[A-Z0-9][A-Z0-9'\-]*)(?:\s+[A-Z0-9][A-Z0-9'\-]*){0,3})",
)
_STOP = {"IMO", "FLAG", "BL", "B/L", "INV", "INVOICE", "REF", "DATED", "FROM", "TO", "VIA",
         "FOR", "AND", "PORT", "LOADED", "CARGO", "VOYAGE", "CHARTER", "FREIGHT", "ON", "AT",
         "IN", "OF", "THE", "NO", "NR", "CONTRACT", "PAYMENT"}


@dataclass(frozen=True, slots=True)
class Mention:
    kind: str  # "imo" | "vessel" | "goods"
    value: str
    detail: str


def imo_numbers(text: str) -> list[Mention]:
    out = []
    for match in IMO_IN_TEXT.finditer(text):
        number = match.group(1)
        valid = imo_is_valid(number)
        out.append(Mention("imo", number, f"IMO {number} ({'valid' if valid else 'bad check digit'})"))
    return out


def vessel_names(text: str) -> list[Mention]:
    """Vessel names introduced by MV/M/V/MT/VESSEL/TANKER; upper-case text only (MT style)."""
    out = []
    for match in _VESSEL.finditer(text.upper()):
        words = []
        for word in match.group(1).split():
            if word in _STOP or word.isdigit():
                break
            words.append(word)
        if words and len(" ".join(words)) >= 3:
            name = " ".join(words)
            out.append(Mention("vessel", name, f"vessel name after '{match.group(0).split()[0]}'"))
    return out


@functools.cache
def _goods() -> dict[tuple[str, ...], str]:
    text = resources.files("redline.messages").joinpath("goods.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    out: dict[tuple[str, ...], str] = {}
    for category, words in data["categories"].items():
        for word in words:
            out[tuple(str(word).casefold().split())] = category
    return out


def goods_mentions(text: str) -> list[Mention]:
    tokens = re.findall(r"\w+", text.casefold())
    keys = _goods()
    out, seen = [], set()
    for i in range(len(tokens)):
        for size in (3, 2, 1):
            key = tuple(tokens[i:i + size])
            if len(key) == size and key in keys and key not in seen:
                seen.add(key)
                out.append(Mention("goods", " ".join(key), f"goods mention ({keys[key]})"))
                break
    return out
