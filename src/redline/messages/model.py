"""What a parsed payment message looks like, whatever its syntax (ISO 20022 or SWIFT MT).

Screening rules must not care whether a debtor came from ``CdtTrfTxInf[0]/Dbtr`` or from
``:50K:``, so both parsers produce the same parties, identifiers and free-text items.
Every value keeps the field path it was read from, because an analyst releasing a held
payment has to point at the exact field that caused the hold.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Roles use ISO 20022 vocabulary for both syntaxes (MT ``:50a:`` is the debtor). Any
#: role may also appear as ``<role>_account_holder`` (the ``Nm`` of its ``...Acct``, which
#: can differ from the party's own name) and an agent as ``<role>_branch`` (``BrnchId``).
PARTY_ROLES = (
    "debtor", "creditor", "ultimate_debtor", "ultimate_creditor", "initiating_party",
    "instructing_agent", "instructed_agent", "debtor_agent", "creditor_agent",
    "intermediary_agent_1", "intermediary_agent_2", "intermediary_agent_3",
    "previous_instructing_agent_1", "previous_instructing_agent_2",
    "previous_instructing_agent_3", "instructing_reimbursement_agent",
    "instructed_reimbursement_agent", "third_reimbursement_agent", "forwarding_agent",
    "sender", "receiver",
    "charges_agent", "charges_account_agent", "charges_account", "settlement_account",
    "invoicer", "invoicee", "tax_creditor", "tax_debtor", "garnishee",
    "garnishment_administrator", "return_originator", "remittance_recipient",
)


@dataclass(slots=True)
class Field:
    """One value and the message field it was read from."""

    value: str
    path: str


@dataclass(slots=True)
class PartyId:
    """An identifier of a party: ``bic``, ``lei``, ``iban``, ``account`` or ``other``.

    ``valid`` is the checksum result for BIC/IBAN/LEI (None for free-form ids); an
    invalid IBAN is kept, because a typo'd IBAN is still evidence an analyst must see.
    """

    type: str
    value: str
    path: str
    valid: bool | None = None
    scheme: str | None = None


@dataclass(slots=True)
class Party:
    """A debtor, creditor, agent or other participant of a payment.

    ``kind`` is ``party`` (a customer: person or organisation) or ``agent`` (a financial
    institution). ``role`` may carry the prefix ``underlying_`` for the customer credit
    transfer inside a cover payment (pacs.009 COV, MT202COV sequence B).
    """

    role: str
    kind: str
    path: str
    name: Field | None = None
    address: list[Field] = field(default_factory=list)
    country: Field | None = None
    town: Field | None = None
    identifiers: list[PartyId] = field(default_factory=list)
    birth_date: Field | None = None
    birth_place: Field | None = None

    def ids(self, id_type: str) -> list[PartyId]:
        return [i for i in self.identifiers if i.type == id_type]


@dataclass(slots=True)
class TextItem:
    """Free text: remittance information, instructions, regulatory reporting, purpose."""

    kind: str
    value: str
    path: str


@dataclass(slots=True)
class ParsedMessage:
    """One payment message, syntax-independent.

    ``syntax`` is ``mx`` or ``mt``; ``message_type`` the ISO id (``pacs.008.001.08``) or
    ``MT103``/``MT202``; ``cover`` is set for pacs.009 COV and MT202COV/205COV.
    """

    source: str
    syntax: str
    message_type: str
    reference: str | None = None
    cover: bool = False
    uetr: str | None = None
    parties: list[Party] = field(default_factory=list)
    texts: list[TextItem] = field(default_factory=list)
    amounts: list[Field] = field(default_factory=list)
    currencies: list[Field] = field(default_factory=list)

    def by_role(self, role: str) -> list[Party]:
        return [p for p in self.parties if p.role == role]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
