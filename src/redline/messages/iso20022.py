"""ISO 20022 payment messages: pacs.008, pacs.009 (incl. COV), pacs.004 and pain.001.

Namespace-agnostic on purpose: banks run several versions at once (pacs.008.001.02 to
.001.12, the Swiss ``pain.001.001.03.ch.02``) and the element names that matter for
screening have not changed between them, so the message kind is read from the root
element of the Document and the namespace only cross-checks it. The SWIFT translator
``Envelope``/``AppHdr`` (or any other wrapper) is looked through; the AppHdr's From/To
BICs become the sender and receiver.
"""

from __future__ import annotations

import re

from lxml import etree

from redline.errors import MessageError
from redline.messages.model import Field, ParsedMessage, Party, PartyId, TextItem
from redline.messages.xml_safe import local, namespace, parse_xml, text_of
from redline.text.identifiers import compact, is_valid

#: Root element of the Document → message family.
KINDS = {
    "FIToFICstmrCdtTrf": "pacs.008",
    "FICdtTrf": "pacs.009",
    "PmtRtr": "pacs.004",
    "CstmrCdtTrfInitn": "pain.001",
}

PARTY_TAGS = {
    "Dbtr": "debtor", "Cdtr": "creditor", "UltmtDbtr": "ultimate_debtor",
    "UltmtCdtr": "ultimate_creditor", "InitgPty": "initiating_party",
}
AGENT_TAGS = {
    "InstgAgt": "instructing_agent", "InstdAgt": "instructed_agent",
    "DbtrAgt": "debtor_agent", "CdtrAgt": "creditor_agent",
    "IntrmyAgt1": "intermediary_agent_1", "IntrmyAgt2": "intermediary_agent_2",
    "IntrmyAgt3": "intermediary_agent_3",
    "PrvsInstgAgt1": "previous_instructing_agent_1",
    "PrvsInstgAgt2": "previous_instructing_agent_2",
    "PrvsInstgAgt3": "previous_instructing_agent_3",
    "InstgRmbrsmntAgt": "instructing_reimbursement_agent",
    "InstdRmbrsmntAgt": "instructed_reimbursement_agent",
    "ThrdRmbrsmntAgt": "third_reimbursement_agent", "FwdgAgt": "forwarding_agent",
    "ChrgsAcctAgt": "charges_account_agent",
}
ROLE_TAGS = {**PARTY_TAGS, **AGENT_TAGS}
#: Participants whose element name only means something under its parent: ``Agt`` is
#: the charges agent under ``ChrgsInf``, ``Dbtr`` under ``Tax`` is the tax debtor (not the
#: payment's debtor). Keyed by (parent tag, tag); checked before ROLE_TAGS.
CONTEXT_ROLES = {
    ("ChrgsInf", "Agt"): "charges_agent", ("ChrgsInf", "Pty"): "charges_agent",  # Pty: v02
    ("Strd", "Invcr"): "invoicer", ("Strd", "Invcee"): "invoicee",
    ("Tax", "Cdtr"): "tax_creditor", ("Tax", "Dbtr"): "tax_debtor",
    ("TaxRmt", "Cdtr"): "tax_creditor", ("TaxRmt", "Dbtr"): "tax_debtor",
    ("GrnshmtRmt", "Grnshee"): "garnishee", ("GrnshmtRmt", "GrnshmtAdmstr"): "garnishment_administrator",
    ("RtrRsnInf", "Orgtr"): "return_originator",
    ("RltdRmtInf", "RmtLctnPstlAdr"): "remittance_recipient",
    ("RmtLctnDtls", "PstlAdr"): "remittance_recipient",
}
#: Accounts that belong to no party element, read as parties of their own.
OWNERLESS_ACCOUNTS = {"ChrgsAcct": "charges_account", "SttlmAcct": "settlement_account"}
TEXT_TAGS = {
    "Ustrd": "remittance", "AddtlRmtInf": "remittance", "InstrInf": "instruction",
    "AddtlInf": "additional", "AddtlTxInf": "additional", "Inf": "regulatory",
}
#: Elements that may repeat; their path carries an index (``CdtTrfTxInf[0]``).
REPEATING = {"CdtTrfTxInf", "PmtInf", "TxInf", "AdrLine", "Ustrd", "Strd", "InstrForCdtrAgt",
             "InstrForNxtAgt", "RgltryRptg", "Dtls", "RtrRsnInf", "AddtlInf", "Othr",
             "AddtlRmtInf", "ChrgsInf", "RltdRmtInf", "RmtLctnDtls", "RfrdDocInf"}
AMOUNT_TAGS = {"IntrBkSttlmAmt", "InstdAmt", "RtrdIntrBkSttlmAmt", "RtrdInstdAmt", "Amt"}
ADDRESS_TAGS = ("StrtNm", "BldgNb", "BldgNm", "Flr", "PstBx", "Room", "PstCd", "TwnNm",
                "TwnLctnNm", "DstrctNm", "CtrySubDvsn")
_VERSION = re.compile(r"\b((?:pacs|pain|camt|head|acmt|remt|admi|auth|reda)\.\d{3}\.\d{3}\.\d{2})")


def parse_iso20022(data: bytes, source: str) -> ParsedMessage:
    """Parse one XML payment message (bytes) into a ParsedMessage."""
    root = parse_xml(data, source)
    doc = root if local(root.tag) == "Document" else _find(root, "Document")
    if doc is None:
        raise MessageError(f"not an ISO 20022 message: no Document element (root is "
                           f"<{local(root.tag)}>)", source=source, field="Document")
    body = next(iter(doc), None)
    if body is None:
        raise MessageError("Document element is empty", source=source, field="Document")
    header = _find(root, "AppHdr")
    declared = _declared_type(doc, header)
    tag = local(body.tag)
    family = KINDS.get(tag)
    if family is None:
        what = declared or "unknown document"
        raise MessageError(
            f"unsupported message {what} (<{tag}>): only pacs.008, pacs.009, pacs.004 and "
            "pain.001 are payment messages redline screens", source=source, field=tag,
        )
    if declared and not declared.startswith(family):
        raise MessageError(f"namespace/header says {declared} but the content is a "
                           f"{family} <{tag}>", source=source, field=tag)
    msg = ParsedMessage(source=source, syntax="mx", message_type=declared or family)
    walker = _Walker(msg)
    walker.walk(body, "")
    walker.attach_accounts()
    if header is not None:
        _read_header(header, msg)
    msg.reference = _first_text(body, "MsgId")
    msg.uetr = _first_text(body, "UETR") or _first_text(body, "OrgnlUETR")
    service = _first_text(header, "BizSvc") if header is not None else None
    msg.cover = family == "pacs.009" and (
        _find(body, "UndrlygCstmrCdtTrf") is not None or bool(service and ".cov" in service)
    )
    return msg


def _find(elem: etree._Element, name: str) -> etree._Element | None:
    for child in elem.iter():
        if isinstance(child.tag, str) and local(child.tag) == name:
            return child
    return None


def _first_text(elem: etree._Element | None, name: str) -> str | None:
    found = _find(elem, name) if elem is not None else None
    return (text_of(found) or None) if found is not None else None


def _declared_type(doc: etree._Element, header: etree._Element | None) -> str | None:
    match = _VERSION.search(namespace(doc.tag))
    if match:
        return match.group(1)
    if header is not None:
        value = _first_text(header, "MsgDefIdr")
        match = _VERSION.search(value or "")
        if match:
            return match.group(1)
    return None


def _read_header(header: etree._Element, msg: ParsedMessage) -> None:
    for index, (tag, role) in enumerate((("Fr", "sender"), ("To", "receiver"))):
        node = next((c for c in header if local(c.tag) == tag), None)
        inst = _find(node, "FinInstnId") if node is not None else None
        if inst is not None:
            party = Party(role=role, kind="agent", path=f"AppHdr/{tag}")
            _read_institution(inst, f"AppHdr/{tag}/FIId/FinInstnId", party)
            msg.parties.insert(index, party)


def _read_institution(inst: etree._Element, path: str, party: Party) -> None:
    """Fill an agent from a FinInstnId (BIC, LEI, name, address, clearing id)."""
    for child in inst:
        tag, sub = local(child.tag), f"{path}/{local(child.tag)}"
        value = text_of(child)
        if tag in ("BICFI", "BIC") and value:
            party.identifiers.append(PartyId("bic", compact(value), sub, is_valid("bic", value)))
        elif tag == "LEI" and value:
            party.identifiers.append(PartyId("lei", compact(value), sub, is_valid("lei", value)))
        elif tag == "Nm" and value:
            party.name = Field(value, sub)
        elif tag == "PstlAdr":
            _read_address(child, sub, party)
        elif tag in ("ClrSysMmbId", "Othr"):
            ident = _first_text(child, "MmbId") or _first_text(child, "Id")
            if ident:
                party.identifiers.append(PartyId("other", ident, sub, scheme=tag))


def _read_address(adr: etree._Element, path: str, party: Party) -> None:
    lines = 0
    for child in adr:
        tag, value = local(child.tag), text_of(child)
        if not value:
            continue
        if tag == "AdrLine":
            party.address.append(Field(value, f"{path}/AdrLine[{lines}]"))
            lines += 1
        elif tag == "Ctry":
            party.country = Field(value.upper(), f"{path}/Ctry")
        elif tag in ADDRESS_TAGS:
            item = Field(value, f"{path}/{tag}")
            party.address.append(item)
            if tag == "TwnNm":
                party.town = item


def _read_party_id(ident: etree._Element, path: str, party: Party) -> None:
    for elem in ident.iter():
        if not isinstance(elem.tag, str):
            continue
        tag, value = local(elem.tag), text_of(elem)
        where = _path_to(ident, elem, path)
        if tag in ("AnyBIC", "BICOrBEI") and value:
            party.identifiers.append(PartyId("bic", compact(value), where, is_valid("bic", value)))
        elif tag == "LEI" and value:
            party.identifiers.append(PartyId("lei", compact(value), where, is_valid("lei", value)))
        elif tag == "BirthDt" and value:
            party.birth_date = Field(value, where)
        elif tag == "CityOfBirth" and value:
            party.birth_place = Field(value, where)
        elif tag == "Othr":
            other = next((c for c in elem if local(c.tag) == "Id"), None)
            if other is not None and text_of(other) and text_of(other) != "NOTPROVIDED":
                scheme = _first_text(elem, "Cd") or _first_text(elem, "Prtry")
                party.identifiers.append(PartyId("other", text_of(other), f"{where}/Id",
                                                 scheme=scheme))


def _read_customer(elem: etree._Element, path: str, party: Party) -> None:
    """Fill a customer-type participant: PartyIdentification, TaxParty or NameAndAddress."""
    for child in elem:
        if not isinstance(child.tag, str):
            continue
        ctag, value = local(child.tag), text_of(child)
        if ctag == "Nm" and value:
            party.name = Field(value, f"{path}/Nm")
        elif ctag in ("PstlAdr", "Adr"):  # Adr: NameAndAddress (remittance location)
            _read_address(child, f"{path}/{ctag}", party)
        elif ctag == "Id":
            _read_party_id(child, f"{path}/Id", party)
        elif ctag == "CtryOfRes" and value and party.country is None:
            party.country = Field(value.upper(), f"{path}/CtryOfRes")
        elif ctag in ("TaxId", "RegnId") and value:
            party.identifiers.append(PartyId("other", value, f"{path}/{ctag}", scheme=ctag))
        elif ctag == "Authstn" and party.name is None:
            signer = _first_text(child, "Nm")  # tax party: the person who signs for it
            if signer:
                party.name = Field(signer, f"{path}/Authstn/Nm")


def _read_account(acct: etree._Element, path: str, party: Party) -> None:
    """An account's IBAN or other account number, as identifiers of ``party``."""
    iban = _find(acct, "IBAN")
    if iban is not None and text_of(iban):
        value = compact(text_of(iban))
        party.identifiers.append(PartyId("iban", value, f"{path}/Id/IBAN", is_valid("iban", value)))
    other = _find(acct, "Othr")
    ident = next((c for c in other if local(c.tag) == "Id"), None) if other is not None else None
    if ident is not None and text_of(ident):
        party.identifiers.append(PartyId("account", text_of(ident), f"{path}/Id/Othr/Id"))


def _path_to(top: etree._Element, elem: etree._Element, path: str) -> str:
    parts = []
    node: etree._Element | None = elem
    while node is not None and node is not top:
        parts.append(local(node.tag))
        node = node.getparent()
    return "/".join([path, *reversed(parts)])


class _Walker:
    """Walks the message body once, turning role elements into parties and leaves into text."""

    def __init__(self, msg: ParsedMessage) -> None:
        self.msg = msg
        self.accounts: list[tuple[str, str, str, etree._Element]] = []
        self.by_key: dict[tuple[str, str], Party] = {}

    def walk(self, elem: etree._Element, path: str, prefix: str = "") -> None:
        counts: dict[str, int] = {}
        for child in elem:
            if not isinstance(child.tag, str):
                continue
            tag = local(child.tag)
            if tag in REPEATING:
                sub = f"{tag}[{counts.get(tag, 0)}]"
                counts[tag] = counts.get(tag, 0) + 1
            else:
                sub = tag
            child_path = f"{path}/{sub}" if path else sub
            role = CONTEXT_ROLES.get((local(elem.tag), tag)) or ROLE_TAGS.get(tag)
            if role:
                self._role(child, prefix + role, tag, child_path, path)
            elif tag.endswith("Acct") and (tag[:-4] in ROLE_TAGS or tag in OWNERLESS_ACCOUNTS):
                self.accounts.append((path, tag[:-4], child_path, child))
            elif tag in TEXT_TAGS and len(child) == 0:
                if text_of(child):
                    self.msg.texts.append(TextItem(TEXT_TAGS[tag], text_of(child), child_path))
            elif tag == "Purp":
                for code in child:
                    if text_of(code):
                        self.msg.texts.append(TextItem(
                            "purpose", text_of(code), f"{child_path}/{local(code.tag)}"))
            else:
                if tag in AMOUNT_TAGS and child.get("Ccy"):
                    self.msg.currencies.append(Field(child.get("Ccy", ""), child_path))
                    self.msg.amounts.append(Field(text_of(child), child_path))
                nested = "underlying_" if tag == "UndrlygCstmrCdtTrf" else prefix
                self.walk(child, child_path, nested)

    def _role(self, elem: etree._Element, role: str, tag: str, path: str, parent: str) -> None:
        target, where = elem, path
        inner = {local(c.tag): c for c in elem if isinstance(c.tag, str)}
        if "Pty" in inner:  # pacs.004 return chain: Dbtr/Pty or Dbtr/Agt
            target, where = inner["Pty"], f"{path}/Pty"
        elif "Agt" in inner:
            target, where = inner["Agt"], f"{path}/Agt"
        fin = next((c for c in target if local(c.tag) == "FinInstnId"), None)
        party = Party(role=role, kind="agent" if fin is not None else "party", path=path)
        if fin is not None:
            _read_institution(fin, f"{where}/FinInstnId", party)
        else:
            _read_customer(target, where, party)
        self.msg.parties.append(party)
        self.by_key[(parent, tag)] = party
        branch = next((c for c in target if local(c.tag) == "BrnchId"), None)
        if fin is not None and branch is not None:
            self._branch(branch, role, f"{where}/BrnchId")

    def _branch(self, branch: etree._Element, role: str, path: str) -> None:
        """``BrnchId`` names the branch that acts (``BANK X, TEHRAN BRANCH``): screen it too."""
        party = Party(role=f"{role}_branch", kind="agent", path=path)
        _read_institution(branch, path, party)
        if party.name or party.identifiers or party.country or party.address:
            self.msg.parties.append(party)

    def attach_accounts(self) -> None:
        """Accounts sit beside their party (``DbtrAcct`` next to ``Dbtr``): join them."""
        for parent, tag, path, elem in self.accounts:
            name = next((c for c in elem if local(c.tag) == "Nm"), None)
            account_name = text_of(name) if name is not None else ""
            if tag in ROLE_TAGS:
                party = self.by_key.get((parent, tag)) or self._owner(parent, tag)
                self._account_holder(party, account_name, path)
            else:
                party = self._new_party(OWNERLESS_ACCOUNTS[f"{tag}Acct"], "party", path, parent)
                party.name = Field(account_name, f"{path}/Nm") if account_name else None
            _read_account(elem, path, party)
            if account_name:
                self.msg.texts.append(TextItem("account_name", account_name, f"{path}/Nm"))

    def _owner(self, parent: str, tag: str) -> Party:
        """The party an account belongs to when the message has the account but not the party."""
        kind = "agent" if tag in AGENT_TAGS else "party"
        party = self._new_party(ROLE_TAGS[tag], kind, f"{parent}/{tag}".lstrip("/"), parent)
        self.by_key[(parent, tag)] = party
        return party

    def _account_holder(self, owner: Party, name: str, path: str) -> None:
        """``DbtrAcct/Nm`` is the account holder's name, which need not be the debtor's own
        (a nominee or front company): it is a party in its own right, screened by name."""
        if name:
            self.msg.parties.append(Party(role=f"{owner.role}_account_holder", kind=owner.kind,
                                          path=path, name=Field(name, f"{path}/Nm")))

    def _new_party(self, role: str, kind: str, path: str, parent: str) -> Party:
        if "UndrlygCstmrCdtTrf" in parent:
            role = "underlying_" + role
        party = Party(role=role, kind=kind, path=path)
        self.msg.parties.append(party)
        return party
