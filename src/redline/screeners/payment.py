"""Payment screening: one parsed message in, a ``pass``/``hold`` decision with reasons out.

Every party and agent is screened by name (the party matcher), every BIC against listed
banks, every country, address, name and free-text field against sanctioned territories,
currencies against embargoed issuers, and free text for vessels, IMO numbers and goods
words. Each hit names the message field it came from, so the analyst who releases or
rejects the payment can see exactly what stopped it, and the list versions used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from redline.errors import MessageError
from redline.messages import parse_each
from redline.messages.freetext import goods_mentions, imo_numbers, vessel_names
from redline.messages.model import ParsedMessage, Party
from redline.model import Hit, Identifier, Query, Reason
from redline.text.countries import country_code
from redline.text.identifiers import iban_country
from redline.text.territories import (
    Territory,
    territory_for_country,
    territory_for_currency,
)
from redline.text.territories import (
    hits as territory_hits,
)

PartyScreen = Callable[[Query], list[Hit]]
BicLookup = Callable[[str], list[Hit]]
#: Listed parties named in a piece of free text: (the words that name it, the hit).
MentionFinder = Callable[[str], list[tuple[str, Hit]]]
_RESIDENCE = re.compile(r"/(ORDERRES|BENEFRES)/([A-Z]{2})//")
# SWIFT free text: a line "//..." continues the one before; "/BNF/", "/INV/" open a coded part
_CONTINUATION = re.compile(r"\n//")
_CODE_WORD = re.compile(r"(?m)^/[A-Z0-9]{1,8}/")


def readable(value: str) -> str:
    """Free text as a person reads it: SWIFT continuation lines joined, code words dropped.

    ":72:/BNF/FOR FURTHER CREDIT TO VIKTOR" + "//VEKSELBERG" names Viktor Vekselberg; read
    line by line with its markers, the name is cut in two.
    """
    return _CODE_WORD.sub("", _CONTINUATION.sub(" ", value))


@dataclass(slots=True)
class PaymentHit:
    """One reason a payment may not pass. ``severity``: hold, risk, route or info."""

    kind: str
    path: str
    value: str
    detail: str
    severity: str
    code: str | None = None
    reasons: list[Reason] = field(default_factory=list)
    list_hit: Hit | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["list_hit"] = self.list_hit.to_dict() if self.list_hit else None
        return out


@dataclass(slots=True)
class PaymentResult:
    source: str
    decision: str  # "pass" | "hold" | "error"
    message_type: str | None = None
    reference: str | None = None
    uetr: str | None = None
    hits: list[PaymentHit] = field(default_factory=list)
    list_versions: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    error_field: str | None = None
    parties: int = 0

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in ("source", "decision", "message_type", "reference",
                                              "uetr", "list_versions", "error", "error_field",
                                              "parties")}
        out["hits"] = [h.to_dict() for h in self.hits]
        return out


#: Lines after the first that an MT name may run on to, at 35 characters each.
_NAME_CONTINUATION_LINES = 2
_DIGIT = re.compile(r"\d")
#: an MT party field in free format: 50K, 59, 52D, 58D ... (50F and 59F number their lines)
_FREE_FORMAT_PARTY = re.compile(r":\d\d[KD]?:$")


def _wrapped_name(party: Party) -> str | None:
    """An MT party's name with the lines it wraps onto, or None when it cannot wrap.

    Free-format MT party fields (50K, 59, 52D ...) give the name and address as up to four
    35-character lines with nothing to tell them apart. An address line carries a number
    (a house, a postcode) or a town; a name wrapped at the line length does not. ISO 20022
    names are their own element and never wrap.
    """
    if party.name is None or not _FREE_FORMAT_PARTY.search(party.name.path) or not party.address:
        return None
    lines = [party.name.value]
    for item in party.address[:_NAME_CONTINUATION_LINES]:
        if _DIGIT.search(item.value) or item.path != party.name.path:
            break
        lines.append(item.value)
    return " ".join(lines) if len(lines) > 1 else None


class PaymentScreener:
    """Screens parsed payment messages; matcher and BIC index are passed in, not imported."""

    def __init__(self, screen_party: PartyScreen, bic_lookup: BicLookup, *,
                 list_versions: dict[str, str] | None = None, hold_on_risk: bool = False,
                 find_mentions: MentionFinder | None = None):
        self.screen_party = screen_party
        self.bic_lookup = bic_lookup
        #: listed parties named in remittance and instruction text ("ON BEHALF OF ROSNEFT
        #: TRADING SA", "FOR FURTHER CREDIT TO ..."); None screens names in the name fields only
        self.find_mentions = find_mentions
        self.list_versions = dict(list_versions or {})
        self.hold_on_risk = hold_on_risk

    # -- entry points -------------------------------------------------------------------
    def screen_bytes(self, data: bytes, source: str,
                     list_versions: dict[str, str] | None = None) -> list[PaymentResult]:
        """Parse and screen; a bad message becomes an error result, never an exception."""
        # each message of a batch on its own: one unsupported or broken message (an MT940
        # in an RJE file) is an error row of its own and hides none of the others
        return [self.error_result(source, item, list_versions) if isinstance(item, MessageError)
                else self.screen(item, list_versions)
                for item in parse_each(data, source)]

    def screen_file(self, path: Path, list_versions: dict[str, str] | None = None
                    ) -> list[PaymentResult]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            err = MessageError(f"cannot read: {exc.strerror or exc}", source=str(path))
            return [self.error_result(str(path), err, list_versions)]
        return self.screen_bytes(data, str(path), list_versions)

    def error_result(self, source: str, exc: MessageError,
                     list_versions: dict[str, str] | None = None) -> PaymentResult:
        return PaymentResult(source=exc.source or source, decision="error", error=str(exc),
                             error_field=exc.field,
                             list_versions=dict(list_versions or self.list_versions))

    def screen(self, message: ParsedMessage,
               list_versions: dict[str, str] | None = None) -> PaymentResult:
        run = _Run(self)
        for party in message.parties:
            run.party(party)
        for text in message.texts:
            run.text(text.value, text.path, text.kind)
        for currency in message.currencies:
            place = territory_for_currency(currency.value)
            if place:
                run.territory(place, "currency", currency.path, currency.value,
                              f"currency {currency.value} is issued by {place.name}")
        decision = "hold" if any(h.severity == "hold" for h in run.hits) else "pass"
        return PaymentResult(
            source=message.source, decision=decision, message_type=message.message_type,
            reference=message.reference, uetr=message.uetr, hits=run.hits,
            list_versions=dict(list_versions if list_versions is not None else self.list_versions),
            parties=len(message.parties),
        )


class _Run:
    """The hits of one message, de-duplicated, with per-message lookup caches."""

    def __init__(self, screener: PaymentScreener) -> None:
        self.s = screener
        self.hits: list[PaymentHit] = []
        self._seen: set[tuple[str, str, str]] = set()
        self._bic_cache: dict[str, list[Hit]] = {}

    def add(self, hit: PaymentHit) -> None:
        key = (hit.kind, hit.path, hit.code or hit.value)
        if key not in self._seen:
            self._seen.add(key)
            self.hits.append(hit)

    def territory(self, place: Territory, kind: str, path: str, value: str, detail: str) -> None:
        severity = "hold"
        if place.level == "risk" and not self.s.hold_on_risk:
            severity = "risk"
        reason = Reason(kind, 1.0, f"{detail} ({place.level})", query_value=value,
                        listed_value=place.code)
        self.add(PaymentHit(kind, path, value, detail, severity, place.code, [reason]))

    def scan(self, value: str, path: str, context: frozenset[str], what: str) -> None:
        for match in territory_hits(value, context):
            self.territory(match.territory, "territory", path, match.matched,
                           f"{what} names {match.territory.name} ('{match.matched}')")

    def party(self, party: Party) -> None:
        label = party.role.replace("_", " ")
        context: frozenset[str] = frozenset()
        if party.country:
            code = country_code(party.country.value)
            context = frozenset({code}) if code else frozenset()
            place = territory_for_country(code)
            if place:
                self.territory(place, "country", party.country.path, party.country.value,
                               f"{label} country is {place.name}")
        for item in [party.name, *party.address, party.birth_place]:
            if item is not None:
                self.scan(item.value, item.path, context if item is not party.name
                          else frozenset(), label)
        identifiers = []
        for ident in party.identifiers:
            if ident.type == "bic":
                identifiers.append(Identifier("bic", ident.value))
                self.bic(ident.value, ident.path, label)
            elif ident.type == "iban":
                identifiers.append(Identifier("iban", ident.value))
                if not ident.valid:
                    self.add(PaymentHit("invalid_iban", ident.path, ident.value,
                                        f"{label} IBAN fails its checksum", "info"))
                place = territory_for_country(iban_country(ident.value))
                if place:
                    self.territory(place, "country", ident.path, ident.value,
                                   f"{label} IBAN is held in {place.name}")
            elif ident.type == "lei":
                identifiers.append(Identifier("lei", ident.value))
        if party.name:
            schema = "Organization" if party.kind == "agent" else (
                "Person" if party.birth_date else "LegalEntity")
            query = Query(name=party.name.value, schema=schema, countries=sorted(context),
                          identifiers=identifiers, key=party.name.path,
                          birth_date=party.birth_date.value if party.birth_date else None)
            found = self.s.screen_party(query)
            for hit in found:
                self.add(PaymentHit("party", party.name.path, party.name.value,
                                    f"{label} matches listed {hit.caption}", "hold",
                                    hit.entity_id, list(hit.reasons), hit))
            wrapped = _wrapped_name(party)
            if wrapped:
                # MT name lines wrap at 35 characters ("PUBLIC JOINT STOCK COMPANY" /
                # "SOVCOMFLOT", "MR" / "ARKADY ROTENBERG"): the name read on, up to the
                # first line with a number (a street, a postcode), is screened as well
                known = {hit.entity_id for hit in found}
                for hit in self.s.screen_party(replace(query, name=wrapped)):
                    if hit.entity_id not in known:
                        self.add(PaymentHit("party", party.name.path, wrapped,
                                            f"{label} (name read across lines) matches listed {hit.caption}",
                                            "hold", hit.entity_id, list(hit.reasons), hit))

    def bic(self, bic: str, path: str, label: str) -> None:
        if bic not in self._bic_cache:
            self._bic_cache[bic] = self.s.bic_lookup(bic)
        for hit in self._bic_cache[bic]:
            self.add(PaymentHit("bic", path, bic, f"{label} BIC {bic} is listed: {hit.caption}",
                                "hold", hit.entity_id, list(hit.reasons), hit))
        place = territory_for_country(bic[4:6]) if len(bic) >= 6 else None
        if place:
            self.territory(place, "country", path, bic, f"{label} BIC {bic} is in {place.name}")

    def text(self, value: str, path: str, kind: str) -> None:
        what = kind.replace("_", " ") + " text"
        self.scan(value, path, frozenset(), what)
        for match in _RESIDENCE.finditer(value):
            place = territory_for_country(match.group(2))
            if place:
                self.territory(place, "country", path, match.group(0),
                               f"regulatory code {match.group(1)} gives {place.name}")
        for mention in imo_numbers(value):
            query = Query(name=f"IMO {mention.value}", schema="Vessel", key=path,
                          identifiers=[Identifier("imo", mention.value)])
            self.listed_or_mention("imo", path, mention.value, mention.detail, query)
        for mention in vessel_names(value):
            query = Query(name=mention.value, schema="Vessel", key=path)
            self.listed_or_mention("vessel", path, mention.value, mention.detail, query)
        for mention in goods_mentions(value):
            self.add(PaymentHit("goods", path, mention.value, mention.detail, "route"))
        self.mentions(readable(value), path, what)

    def mentions(self, value: str, path: str, what: str) -> None:
        """Hold on every listed party the text names, but those already held at this path."""
        if self.s.find_mentions is None or not value.strip():
            return
        # a field screened as a party name too (an account holder's name) holds once per entry
        known = {hit.code for hit in self.hits if hit.path == path and hit.code}
        for words, hit in self.s.find_mentions(value):
            if hit.entity_id in known:
                continue
            words = " ".join(words.split())
            self.add(PaymentHit("mention", path, words, f"{what} names listed {hit.caption} ('{words}')",
                                "hold", hit.entity_id, list(hit.reasons), hit))

    def listed_or_mention(self, kind: str, path: str, value: str, detail: str,
                          query: Query) -> None:
        found = self.s.screen_party(query)
        for hit in found:
            self.add(PaymentHit(kind, path, value, f"{detail}: listed {hit.caption}", "hold",
                                hit.entity_id, list(hit.reasons), hit))
        if not found:
            self.add(PaymentHit(kind, path, value, f"{detail}: for vessel lookup", "info"))
