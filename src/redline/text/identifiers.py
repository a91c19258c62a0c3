"""Identifier types: normalise, validate and compare official numbers.

Built on python-stdnum, the field's maintained checksum library. An exact identifier
match is decisive evidence in screening, so the comparison form must be canonical
("IMO 9176187", "9176187" and "imo:9176187" are one number) and validity is checked
before a number is trusted.
"""

from __future__ import annotations

import re

from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum import imo as _imo
from stdnum import lei as _lei
from stdnum.exceptions import ValidationError
from stdnum.ru import inn as _inn
from stdnum.ru import ogrn as _ogrn

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")


#: Types that lists label differently for the same number: OFAC calls a Russian INN a
#: "Tax ID No." and an OGRN a "Registration Number". Comparison is per family.
FAMILIES = {
    "inn": "tax", "tax_id": "tax", "kpp": "tax",
    "ogrn": "registration", "registration": "registration", "okpo": "registration",
    "passport": "document", "national_id": "document", "driver_license": "document",
}


def family(id_type: str) -> str:
    """The comparison family of an identifier type (itself when it has none)."""
    return FAMILIES.get(id_type, id_type)


def compact(value: str) -> str:
    """Upper-case alphanumerics only; the canonical comparison form for any identifier."""
    return _NON_ALNUM.sub("", value).upper()


def normalize(id_type: str, value: str) -> str:
    """Canonical form of ``value`` for ``id_type`` (prefixes such as 'IMO' dropped)."""
    text = compact(value)
    if id_type == "imo" and text.startswith("IMO"):
        text = text[3:]
    if id_type == "bic":
        return text[:11]
    return text


def is_valid(id_type: str, value: str) -> bool:
    """Checksum/format validity where the type has one; True for free-form types."""
    text = normalize(id_type, value)
    if not text:
        return False
    validators = {
        "imo": lambda v: _imo.is_valid("IMO" + v),
        "bic": _bic.is_valid,
        "iban": _iban.is_valid,
        "lei": _lei.is_valid,
        "inn": _inn.is_valid,
        "ogrn": _ogrn.is_valid,
        "mmsi": lambda v: v.isdigit() and len(v) == 9,
    }
    check = validators.get(id_type)
    if check is None:
        return True
    try:
        return bool(check(text))  # type: ignore[no-untyped-call]
    except (ValidationError, ValueError):
        return False


def imo_is_valid(value: str) -> bool:
    return is_valid("imo", value)


def bic8(value: str) -> str:
    """Institution part of a BIC (bank + country + location): a listed BIC8 covers branches."""
    return normalize("bic", value)[:8]


def iban_country(value: str) -> str | None:
    """Country of an IBAN (lower-case ISO2) when the IBAN is valid."""
    text = compact(value)
    return text[:2].lower() if is_valid("iban", text) else None


def format_id(id_type: str, value: str) -> str:
    """Human form for display ("IMO 9176187", grouped IBAN)."""
    text = normalize(id_type, value)
    if id_type == "imo":
        return f"IMO {text}"
    if id_type == "iban":
        return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
    return text


IMO_IN_TEXT = re.compile(r"\bIMO[\s:#.-]*(\d{7})\b", re.IGNORECASE)
BIC_SHAPE = re.compile(r"\b[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b")
