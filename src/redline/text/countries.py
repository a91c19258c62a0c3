"""Country names and codes to ISO 3166-1 alpha-2.

Lists write "Russia", "Korea, North", "RUSSIAN FEDERATION" or "RU"; the matcher can only
compare codes. Unknown names return ``None`` rather than a guess, because a wrong country
would add false evidence to a score.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import pycountry
import yaml


@functools.cache
def _aliases() -> dict[str, str | None]:
    text = resources.files("redline.text").joinpath("countries.yaml").read_text("utf-8")
    data: dict[str, str | None] = yaml.safe_load(text)
    return {k.casefold(): v for k, v in data.items()}


# "Russia (RU)", "Germany (DEU)": a name followed by its own code in brackets
_NAME_AND_CODE = re.compile(r"^(.+?)\s*\(([a-z]{2,3})\)$")


def _name_and_code(text: str) -> str | None:
    """The country of "Name (CODE)", when name and code agree or only one of them is readable.

    Two readable halves that name different countries give None: picking one would be a
    guess, and a wrong country adds false evidence.
    """
    found = _NAME_AND_CODE.match(text)
    if not found:
        return None
    by_name, by_code = country_code(found.group(1)), country_code(found.group(2))
    if by_name and by_code and by_name != by_code:
        return None
    return by_name or by_code


@functools.lru_cache(maxsize=4096)
def country_code(value: str | None) -> str | None:
    """ISO alpha-2 (lower case) for a country name or code, or None if unknown."""
    if not value:
        return None
    text = " ".join(value.strip().split()).casefold().rstrip(".")
    if not text:
        return None
    aliases = _aliases()
    if text in aliases:
        return aliases[text]
    if _NAME_AND_CODE.match(text):
        return _name_and_code(text)
    if len(text) == 2 and text.isalpha():
        found = pycountry.countries.get(alpha_2=text.upper())
        return text if found else None
    if len(text) == 3 and text.isalpha():
        found = pycountry.countries.get(alpha_3=text.upper())
        if found:
            return str(found.alpha_2).lower()
    try:
        return str(pycountry.countries.lookup(text).alpha_2).lower()
    except LookupError:
        pass
    for record in pycountry.countries:
        names = {getattr(record, a, "") for a in ("name", "common_name", "official_name")}
        if any(n and n.casefold() == text for n in names):
            return str(record.alpha_2).lower()
    return None


def country_name(code: str) -> str:
    """Readable name for a code, falling back to the code itself."""
    record = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else None
    return str(record.name) if record else code
