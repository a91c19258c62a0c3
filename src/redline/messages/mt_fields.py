"""SWIFT MT party fields (50a, 52a–59a) and their options, turned into parties.

Each option packs a party differently: ``A`` is an optional account line plus a BIC,
``K``/``D``/no letter is an account line plus four lines of name and address, ``F`` is
structured (``1/`` name, ``2/`` address, ``3/`` country and town, ``4/`` birth date,
``5/`` birth place...). Screening needs the same Party whichever option the sender chose.
"""

from __future__ import annotations

import re

from redline.messages.model import Field, Party, PartyId
from redline.text.countries import country_code
from redline.text.identifiers import compact, is_valid

_NUMBERED = re.compile(r"^([1-8])/(.*)$")
_IDENTIFIER_CODES = {"ARNU", "CCPT", "CUST", "DRLC", "EMPL", "NIDN", "SOSE", "TXID"}
_IBAN_SHAPE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$")
_EMPTY_ACCOUNTS = {"", "-", "NOTPROVIDED", "NONE"}
AGENT_ROLES_MT = {"debtor_agent", "creditor_agent", "intermediary_agent_1", "instructing_agent",
                  "instructing_reimbursement_agent", "instructed_reimbursement_agent",
                  "third_reimbursement_agent"}


def parse_party_field(tag: str, lines: list[str], role: str, path: str,
                      institution: bool) -> Party:
    """Build a Party from one MT party field (``tag`` like ``50F``, ``57D``, ``59``)."""
    option = tag[2:] if len(tag) > 2 else ""
    party = Party(role=role, kind="agent" if institution else "party", path=path)
    lines = [line.rstrip() for line in lines if line.strip()]
    if not lines:
        return party
    if option == "F":
        _option_f(lines, party, path)
        return party
    first = lines[0]
    rest = lines[1:]
    if first.startswith("/") or (option in ("A", "G") and len(lines) > 1):
        _account(first, party, path)
    else:
        rest = lines
    if option in ("A", "G") or (option == "C" and tag.startswith("50")):
        for line in rest[:1]:
            bic = compact(line)
            party.identifiers.append(PartyId("bic", bic, path, is_valid("bic", bic)))
        return party
    if option == "L":
        if rest:
            party.identifiers.append(PartyId("other", rest[0], path))
        return party
    if option == "C":  # 56C/57C: account only
        return party
    if rest:
        if option == "B":
            party.address.extend(Field(line, path) for line in rest)
        else:
            party.name = Field(rest[0].strip(), path)
            party.address.extend(Field(line.strip(), path) for line in rest[1:])
    _country_from_lines(party, path)
    return party


def _account(line: str, party: Party, path: str) -> None:
    """``/account``, ``/D/account``, ``//FW123`` (clearing code) or ``CODE/CC/number``."""
    text = line.strip()
    if text.startswith("//"):
        value = text[2:].strip()
        if value:
            party.identifiers.append(PartyId("other", value, path, scheme="clearing"))
        return
    text = text[1:] if text.startswith("/") else text
    if text[:2] in ("D/", "C/"):
        text = text[2:]
    value = text.strip()
    if value.upper() in _EMPTY_ACCOUNTS:
        return
    packed = compact(value)
    if _IBAN_SHAPE.match(packed):
        party.identifiers.append(PartyId("iban", packed, path, is_valid("iban", packed)))
    else:
        party.identifiers.append(PartyId("account", value, path))


def _option_f(lines: list[str], party: Party, path: str) -> None:
    """50F/59F: party identifier line, then numbered lines (1/ name ... 8/ continuation)."""
    numbered = lines
    first = lines[0]
    if not _NUMBERED.match(first):
        numbered = lines[1:]
        code = first.split("/", 1)[0]
        if first.startswith("/"):
            _account(first, party, path)
        elif code in _IDENTIFIER_CODES:
            party.identifiers.append(PartyId("other", first[len(code) + 1:], path, scheme=code))
        else:
            party.identifiers.append(PartyId("other", first, path))
    names: list[str] = []
    for line in numbered:
        match = _NUMBERED.match(line)
        if not match:
            if names:  # tolerate a wrapped name line without its number
                names.append(line.strip())
            continue
        number, value = match.group(1), match.group(2).strip()
        if number == "1":
            names.append(value)
        elif number == "2":
            party.address.append(Field(value, path))
        elif number == "3":
            country, _, town = value.partition("/")
            if len(country) == 2 and country.isalpha():
                party.country = Field(country.upper(), path)
            if town:
                party.town = Field(town.replace("/", " ").strip(), path)
                party.address.append(party.town)
        elif number == "4" and value:
            party.birth_date = Field(_date(value), path)
        elif number == "5" and value:
            place = value.split("/", 1)[-1] if "/" in value else value
            party.birth_place = Field(place.strip(), path)
        elif number in ("6", "7") and value:
            party.identifiers.append(PartyId("other", value, path, scheme=f"{number}/"))
        elif number == "8" and party.identifiers:
            party.identifiers[-1].value += value
    if names:
        party.name = Field(" ".join(names), path)


def _date(value: str) -> str:
    digits = value.strip()
    if len(digits) == 8 and digits.isdigit():
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return digits


def _country_from_lines(party: Party, path: str) -> None:
    """Unstructured addresses often end in a country ('LAGOS NIGERIA'); read it if so."""
    for line in reversed(party.address):
        words = [w for w in re.split(r"[^A-Za-z\u00C0-\u024F\u0400-\u04FF]+", line.value) if w]
        candidates = [line.value.strip(), " ".join(words[-2:])]
        if words and len(words[-1]) >= 4:
            candidates.append(words[-1])
        for candidate in candidates:
            if len(candidate) < 4:
                continue
            code = country_code(candidate)
            if code:
                party.country = Field(code.upper(), path)
                return
