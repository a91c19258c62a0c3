"""SWIFT MT (FIN) messages: MT103, MT202, MT202COV, MT205/205COV and MT101.

A FIN file may hold one message or an RJE batch (messages separated by ``$``), and
gateway exports put ACK/NAK service messages (``{1:F21...}``) in front of the message
they acknowledge; both are handled here so a batch screens every payment in it, and a
bad message (unsupported type, truncated block) is reported at its position without
costing the others their result (``parse_mt_each``). The
header blocks give sender and receiver, block 3 field 119 marks a cover payment, and
block 4 carries the parties, which ``mt_fields`` reads option by option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from redline.errors import MessageError
from redline.messages.model import Field, ParsedMessage, Party, PartyId, TextItem
from redline.messages.mt_fields import parse_party_field
from redline.text.identifiers import is_valid

SUPPORTED = {"101", "103", "202", "205"}
#: Block ids of a FIN message (basic/application header, user header, text, trailer).
SWIFT_BLOCKS = {"1", "2", "3", "4", "5"}
_BLOCK_START = re.compile(r"\{([0-9A-Za-z]{1,3}):")
_FIELD = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
_TAG3 = re.compile(r"\{(\d{3}):([^{}]*)\}")
_LT = re.compile(r"([A-Z]{6}[A-Z0-9]{6})")

#: Party field number → role, per message kind (the same tag means different parties).
CUSTOMER_ROLES = {"50": "debtor", "59": "creditor", "51": "instructing_agent",
                  "52": "debtor_agent", "53": "instructing_reimbursement_agent",
                  "54": "instructed_reimbursement_agent", "55": "third_reimbursement_agent",
                  "56": "intermediary_agent_1", "57": "creditor_agent"}
BANK_ROLES = {"52": "debtor", "58": "creditor", "53": "instructing_reimbursement_agent",
              "54": "instructed_reimbursement_agent", "56": "intermediary_agent_1",
              "57": "creditor_agent"}
COVER_ROLES = {"50": "underlying_debtor", "59": "underlying_creditor",
               "52": "underlying_debtor_agent", "56": "underlying_intermediary_agent_1",
               "57": "underlying_creditor_agent"}
TEXT_FIELDS = {"70": "remittance", "72": "instruction", "77B": "regulatory",
               "77T": "remittance", "23E": "instruction"}


@dataclass(slots=True)
class MessageBlocks:
    """The blocks of one message in a file, or why they could not be read.

    A truncated or unterminated block spoils only its own message: the batch goes on at
    the next message, so one damaged payment cannot hide the others from screening.
    """

    blocks: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None
    error_field: str | None = None

    def is_service(self) -> bool:
        """ACK/NAK (``{1:F21...}``): a gateway receipt, not a payment to screen."""
        return any(b == "1" and c[1:3] == "21" for b, c in self.blocks[:1])

    def is_swift(self) -> bool:
        return self.error is not None or any(b in SWIFT_BLOCKS for b, _ in self.blocks)


def split_messages(text: str) -> list[MessageBlocks]:
    """Every message in ``text``, in order; a new one starts at ``{1:`` or after an RJE ``$``."""
    messages: list[MessageBlocks] = []
    current = MessageBlocks()
    i, n = 0, len(text)
    while i < n:
        if text[i] == "$":  # RJE separator: only ever between messages, outside any block
            current = _close(messages, current)
            i += 1
            continue
        match = _BLOCK_START.match(text, i) if text[i] == "{" else None
        if not match:
            i += 1
            continue
        block = match.group(1)
        if block == "1" and current.blocks:
            current = _close(messages, current)
        content, end, problem = _read_block(text, block, match.end())
        if problem:
            current.error, current.error_field = problem, f"block {block}"
            current = _close(messages, current)
        else:
            current.blocks.append((block, content))
        i = end
    _close(messages, current)
    return messages


def split_blocks(text: str, source: str) -> list[list[tuple[str, str]]]:
    """Blocks of every message in ``text``; raises on the first unreadable message."""
    out = []
    for message in split_messages(text):
        if message.error:
            raise MessageError(message.error, source=source, field=message.error_field)
        out.append(message.blocks)
    return out


def _close(messages: list[MessageBlocks], current: MessageBlocks) -> MessageBlocks:
    if current.blocks or current.error:
        messages.append(current)
    return MessageBlocks()


def _read_block(text: str, block: str, start: int) -> tuple[str, int, str | None]:
    """``(content, index after the block, problem)``; a block never runs into the next message."""
    boundary = text.find("{1:", start)
    boundary = len(text) if boundary < 0 else boundary
    if block == "4" and text[start:start + 1] in ("\r", "\n"):
        end = text.find("\n-}", start, boundary)
        if end < 0:
            return "", boundary, "text block 4 is not closed by '-}' (truncated message?)"
        return text[start:end], end + 3, None
    depth, j = 1, start
    while j < boundary and depth:
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        j += 1
    if depth:
        return "", boundary, f"block {block} is not closed (truncated message?)"
    return text[start:j - 1], j, None


def parse_mt(data: bytes, source: str) -> list[ParsedMessage]:
    """Every payment message in a FIN/RJE file; raises on the first one that is unusable."""
    results = parse_mt_each(data, source)
    for result in results:
        if isinstance(result, MessageError):
            raise result
    return [r for r in results if isinstance(r, ParsedMessage)]


def parse_mt_each(data: bytes, source: str) -> list[ParsedMessage | MessageError]:
    """One result per payment message in a FIN/RJE file: the message, or why it is unusable.

    ACK/NAK service messages are skipped. In a batch each result's source is numbered
    (``batch.rje#3``) so an analyst can find the bad message. A problem with the file as a
    whole (not text, no SWIFT blocks, only service messages) still raises MessageError.
    """
    payments = _payments(_decode(data, source), source)
    return [_parse_one(message, source if len(payments) == 1 else f"{source}#{number}")
            for number, message in enumerate(payments, start=1)]


def _payments(text: str, source: str) -> list[MessageBlocks]:
    """The payment messages of a file, or a MessageError saying why there are none."""
    if "{" not in text:
        raise MessageError("not a SWIFT MT message: no header blocks ({1:...}{2:...}{4:...})",
                           source=source, field="block 1")
    messages = [m for m in split_messages(text) if m.is_swift()]
    if not messages:
        raise MessageError("not a SWIFT MT message: no {1:} basic header block (nor any other "
                           "FIN block {2:}..{5:})", source=source, field="block 1")
    payments = [m for m in messages if not m.is_service()]
    if not payments:
        raise MessageError("no payment message found (only ACK/NAK service messages)",
                           source=source, field="block 1")
    return payments


def _parse_one(message: MessageBlocks, source: str) -> ParsedMessage | MessageError:
    if message.error:
        return MessageError(message.error, source=source, field=message.error_field)
    try:
        return _message(dict(reversed(message.blocks)), source)  # first block wins
    except MessageError as exc:
        return exc


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise MessageError("not UTF-8 or Windows-1252 text", source=source)


def _bic_from_lt(lt: str) -> str:
    """Logical terminal (BIC8 + terminal letter + branch) → BIC11."""
    return lt[:8] + lt[9:12]


def _message(blocks: dict[str, str], source: str) -> ParsedMessage:
    b2 = blocks.get("2", "").strip()
    head = re.match(r"([IO])(\d{3})(.*)", b2)
    if not head:
        raise MessageError(f"application header block 2 missing or unreadable: {b2[:30]!r}",
                           source=source, field="block 2")
    direction, mt_type, rest = head.groups()
    if mt_type not in SUPPORTED:
        raise MessageError(f"unsupported message MT{mt_type}: only MT101, MT103, MT202(COV) "
                           "and MT205(COV) are payment messages redline screens",
                           source=source, field="block 2")
    if "4" not in blocks:
        raise MessageError("text block 4 is missing", source=source, field="block 4")
    fields = _fields(blocks["4"])
    if not fields:
        raise MessageError("text block 4 has no fields", source=source, field="block 4")
    user = dict(_TAG3.findall(blocks.get("3", "")))
    cover = user.get("119", "").upper() == "COV" or (
        mt_type in ("202", "205") and any(t[:2] in ("50", "59") for t, _ in fields))
    msg = ParsedMessage(source=source, syntax="mt",
                        message_type=f"MT{mt_type}" + ("COV" if cover else ""),
                        cover=cover, uetr=user.get("121"))
    _header_parties(blocks.get("1", ""), direction, rest, msg)
    _block4(fields, mt_type, msg)
    if not any(f == "20" for f, _ in fields):
        raise MessageError("mandatory field :20: (reference) is missing", source=source,
                           field=":20:")
    return msg


def _header_parties(b1: str, direction: str, rest: str, msg: ParsedMessage) -> None:
    own = _LT.search(b1[3:] if b1[:1] in "FAL" and b1[1:3].isdigit() else b1)
    other = _LT.match(rest[:12]) if direction == "I" else _LT.match(rest[10:22])
    sender, receiver = (own, other) if direction == "I" else (other, own)
    for role, match, path in (("sender", sender, "{1:}" if direction == "I" else "{2:}"),
                              ("receiver", receiver, "{2:}" if direction == "I" else "{1:}")):
        if match:
            bic = _bic_from_lt(match.group(1))
            msg.parties.append(Party(role=role, kind="agent", path=path, identifiers=[
                PartyId("bic", bic, path, is_valid("bic", bic))]))


def _fields(block4: str) -> list[tuple[str, list[str]]]:
    fields: list[tuple[str, list[str]]] = []
    for raw in block4.splitlines():
        line = raw.rstrip("\r")
        match = _FIELD.match(line)
        if match:
            fields.append((match.group(1), [match.group(2)]))
        elif fields:
            fields[-1][1].append(line)
    return fields


def _block4(fields: list[tuple[str, list[str]]], mt_type: str, msg: ParsedMessage) -> None:
    sequence_b = False
    transaction = -1
    for tag, lines in fields:
        number = tag[:2]
        if mt_type in ("202", "205") and number == "50":
            sequence_b = True
        if mt_type == "101" and tag == "21":
            transaction += 1
        prefix = "SeqB/" if sequence_b else (f"Tx[{transaction}]/" if transaction >= 0 else "")
        path = f"{prefix}:{tag}:"
        if tag == "20":
            msg.reference = lines[0].strip()
        role = _role(mt_type, number, tag, sequence_b)
        if role:
            institution = number not in ("50", "59")
            msg.parties.append(parse_party_field(tag, lines, role, path, institution))
        elif tag in TEXT_FIELDS or number in ("70", "72"):
            value = _narrative(lines)
            if value:
                msg.texts.append(TextItem(TEXT_FIELDS.get(tag, "instruction"), value, path))
        elif tag in ("32A", "32B", "33B"):
            value = lines[0].strip()
            body = value[6:] if tag == "32A" else value
            if len(body) >= 3 and body[:3].isalpha():
                msg.currencies.append(Field(body[:3].upper(), path))
                msg.amounts.append(Field(body[3:], path))


def _role(mt_type: str, number: str, tag: str, sequence_b: bool) -> str | None:
    if mt_type == "101":
        if tag in ("50C", "50L"):
            return "initiating_party"
        return CUSTOMER_ROLES.get(number)
    if mt_type == "103":
        return CUSTOMER_ROLES.get(number)
    return (COVER_ROLES if sequence_b else BANK_ROLES).get(number)


def _narrative(lines: list[str]) -> str:
    """A free-text field's lines as one text. A line opening with "//" continues the one
    before (field 72: "/BNF/FOR FURTHER CREDIT TO VIKTOR", "//VEKSELBERG"), so its
    marker goes: left in, it cut the name it continues in two."""
    kept = [line.strip() for line in lines if line.strip()]
    return " ".join(line[2:].lstrip() if n and line.startswith("//") else line for n, line in enumerate(kept))
