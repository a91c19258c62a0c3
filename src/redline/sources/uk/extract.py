"""Numbers buried in the UK lists' free-text cells.

The pre-2022 ConList has no number columns: "Passport Details" reads
"Passport No: 592667 (Qatari passport issued on 3 May 2007)" and ships hide their IMO
number in "Other Information". Pulling the numbers out lets an exact identifier match
count as evidence; the whole sentence stays in the entity's ``raw`` record.
"""

from __future__ import annotations

import re

from redline.text.identifiers import is_valid

#: An alphanumeric run, allowing single '-' or '.' between characters ("E-189935").
_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[-.](?=[A-Za-z0-9]))*")
_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_MIN_LEN, _MIN_DIGITS = 5, 4
_IMO = re.compile(r"\bIMO\b(?:\s*(?:number|no\.?|num\.?))?\s*[:.]?\s*(?:IMO\s*)?(\d{7})\b", re.IGNORECASE)
_MMSI = re.compile(r"\bMMSI\b(?:\s*(?:number|no\.?))?\s*[:.]?\s*(\d{9})\b", re.IGNORECASE)


def document_numbers(text: str | None) -> list[str]:
    """Likely document numbers in a sentence: runs of 5+ characters with 4+ digits, not dates."""
    if not text:
        return []
    found: list[str] = []
    for token in _TOKEN.findall(text):
        digits = sum(c.isdigit() for c in token)
        if len(token) < _MIN_LEN or digits < _MIN_DIGITS or _DATE_LIKE.match(token):
            continue
        if token not in found:
            found.append(token)
    return found


def imo_numbers(text: str | None) -> list[str]:
    """IMO numbers written as "IMO: 8937675" / "IMO number 9562233" / "IMO9562233"."""
    if not text:
        return []
    return list(dict.fromkeys(_IMO.findall(text) + re.findall(r"\bIMO(\d{7})\b", text)))


def mmsi_numbers(text: str | None) -> list[str]:
    if not text:
        return []
    return list(dict.fromkeys(_MMSI.findall(text)))


def is_ship_imo(number: str) -> bool:
    """True for a ship IMO number (checksum valid); company IMO numbers fail the checksum."""
    return is_valid("imo", number)
