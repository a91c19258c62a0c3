"""A matcher blind to names written in some scripts, for the cross-script measure.

OFAC lists most people of its Middle East programmes in Latin letters only, while a
customer file or a payment writes them in Arabic. The EU and UN list many of the same
people in both scripts, so hiding their Arabic-script names measures how an Arabic-script
query finds an entry through its Latin names alone. The hiding lives here, not on
``Matcher.match``, so that screening's signature carries nothing only the evaluation uses.
"""

from __future__ import annotations

from redline.match.matcher import Matcher
from redline.text.names import NameForm


class ScriptBlindMatcher(Matcher):
    """The given matcher's built index and tables, with names in ``scripts`` never retrieved."""

    def __init__(self, matcher: Matcher, scripts: frozenset[str]) -> None:
        # share the built tables: building a matcher over all lists takes a minute
        self.__dict__.update(matcher.__dict__)
        self.hidden_scripts = scripts

    def _retrieve(self, forms: list[NameForm], person: bool, truncated: bool) -> list[int]:
        names = self.index.names
        return [n for n in super()._retrieve(forms, person, truncated)
                if names[n].form.script not in self.hidden_scripts]
