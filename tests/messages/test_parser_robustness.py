"""Parser robustness: per-message results in MT batches, every ISO 20022 participant, and
the input shapes gateways really send (UTF-16 XML, blank lines before ``<?xml``, JSON)."""

from __future__ import annotations

import pytest

from redline.errors import MessageError
from redline.messages import ParsedMessage, parse_bytes, parse_each

# -- SWIFT MT batches -------------------------------------------------------------------

ACK = "{1:F21COBADEFFAXXX0000000000}{4:{177:2503141030}{451:0}}"


def _mt103(reference: str, creditor: str, sender: str = "COBADEFFAXXX") -> str:
    return (f"{{1:F01{sender}0000000000}}{{2:I103RZBAATWWXXXXN}}{{4:\n"
            f":20:{reference}\n:23B:CRED\n:32A:250314EUR2500,00\n"
            ":50K:/DE44500105175407324931\nKLEINER HANDEL GMBH\nBERLIN\n"
            f":59:/AT483200000012345864\n{creditor}\nWIEN\n:71A:SHA\n-}}")


MT940 = ("{1:F01COBADEFFAXXX0000000000}{2:I940RZBAATWWXXXXN}{4:\n"
         ":20:STMT-7\n:25:4711\n:28C:7/1\n:60F:C250314EUR0,\n:62F:C250314EUR0,\n-}")


def _split(results: list[ParsedMessage | MessageError]
           ) -> tuple[list[ParsedMessage], list[MessageError]]:
    good = [r for r in results if isinstance(r, ParsedMessage)]
    bad = [r for r in results if isinstance(r, MessageError)]
    assert len(good) + len(bad) == len(results)
    return good, bad


def test_rje_batch_unsupported_message_costs_only_itself():
    batch = "$".join([ACK + _mt103("REF-A", "ALPHA KG"), _mt103("REF-B", "BETA OG"), MT940])
    good, bad = _split(parse_each(batch.encode(), "day.rje"))
    assert [(m.source, m.reference) for m in good] == [("day.rje#1", "REF-A"), ("day.rje#2", "REF-B")]
    (err,) = bad
    assert err.source == "day.rje#3" and err.field == "block 2"
    assert "#3" in str(err) and "MT940" in str(err)


def test_parse_bytes_still_refuses_a_batch_with_a_bad_message():
    """The all-or-nothing caller must not be handed the good half and lose the bad one."""
    batch = "$".join([_mt103("REF-A", "ALPHA KG"), MT940])
    with pytest.raises(MessageError, match=r"day\.rje#2.*MT940"):
        parse_bytes(batch.encode(), "day.rje")


def test_truncated_message_in_concatenated_batch_does_not_swallow_the_next():
    truncated = _mt103("REF-B", "BETA OG")[:-8]  # block 4 never closed by '-}'
    batch = _mt103("REF-A", "ALPHA KG") + "\n" + truncated + "\n" + _mt103("REF-C", "GAMMA AG")
    results = parse_each(batch.encode(), "cat.fin")
    assert [type(r).__name__ for r in results] == ["ParsedMessage", "MessageError", "ParsedMessage"]
    good, (err,) = _split(results)
    assert [m.reference for m in good] == ["REF-A", "REF-C"]
    assert good[1].by_role("creditor")[0].name.value == "GAMMA AG"
    assert (err.source, err.field) == ("cat.fin#2", "block 4") and "truncated" in str(err)


def test_unclosed_header_block_in_batch_is_reported_at_its_position():
    batch = _mt103("REF-A", "ALPHA KG") + "${1:F01COBADEFFAXXX00$" + _mt103("REF-C", "GAMMA AG")
    good, (err,) = _split(parse_each(batch.encode(), "hdr.rje"))
    assert [m.source for m in good] == ["hdr.rje#1", "hdr.rje#3"]
    assert (err.source, err.field) == ("hdr.rje#2", "block 1") and "not closed" in str(err)


def test_dollar_separates_messages_even_without_basic_header():
    """Some exports drop block 1; before, the second message merged into the first and vanished."""
    first = _mt103("REF-A", "ALPHA KG").split("}", 1)[1]  # drop {1:...}
    second = _mt103("REF-B", "BETA OG").split("}", 1)[1]
    good, bad = _split(parse_each(f"{first}${second}".encode(), "nob1.rje"))
    assert not bad and [m.reference for m in good] == ["REF-A", "REF-B"]


def test_single_message_and_ack_keep_plain_source():
    (msg,) = parse_each((ACK + _mt103("REF-A", "ALPHA KG")).encode(), "one.fin")
    assert isinstance(msg, ParsedMessage) and msg.source == "one.fin"


def test_parse_each_reports_file_level_problems_as_one_error():
    for data in (b"", b"\x00\x01\x02", b"{1:F21COBADEFFAXXX0000000000}{4:{177:2503141030}{451:0}}"):
        (err,) = parse_each(data, "x.bin")
        assert isinstance(err, MessageError) and err.source == "x.bin"


# -- clearer errors and encodings -------------------------------------------------------

def test_json_is_not_called_an_ack_nak_file():
    with pytest.raises(MessageError) as info:
        parse_bytes(b'{"debtor": "Rosneft", "amount": 100}', "req.json")
    text = str(info.value)
    assert "not a SWIFT MT message" in text and "{1:}" in text and "ACK" not in text


PACS008 = """<?xml version="1.0" encoding="{encoding}"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>
 <GrpHdr><MsgId>ENC-1</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr>
 <CdtTrfTxInf><PmtId><EndToEndId>E1</EndToEndId></PmtId>
  <IntrBkSttlmAmt Ccy="EUR">10.00</IntrBkSttlmAmt>
  <Dbtr><Nm>Jürgen Müller Maschinenbau</Nm></Dbtr>
  <Cdtr><Nm>Société Générale Côte d'Ivoire</Nm></Cdtr>
 </CdtTrfTxInf>
</FIToFICstmrCdtTrf></Document>"""

WIDE = [("utf-16-le", b"\xff\xfe", "UTF-16"), ("utf-16-be", b"\xfe\xff", "UTF-16"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32"), ("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32")]


@pytest.mark.parametrize(("codec", "bom", "declared"), WIDE, ids=[w[0] for w in WIDE])
def test_wide_encoded_xml_with_bom_is_parsed(codec: str, bom: bytes, declared: str):
    data = bom + PACS008.format(encoding=declared).encode(codec)
    (msg,) = parse_bytes(data, "wide.xml")
    assert msg.reference == "ENC-1"
    assert msg.by_role("debtor")[0].name.value == "Jürgen Müller Maschinenbau"
    assert msg.by_role("creditor")[0].name.value == "Société Générale Côte d'Ivoire"


def test_utf16_xml_without_bom_is_parsed():
    (msg,) = parse_bytes(PACS008.format(encoding="UTF-16").encode("utf-16-le"), "nobom.xml")
    assert msg.by_role("debtor")[0].name.value == "Jürgen Müller Maschinenbau"


@pytest.mark.parametrize("bom", [b"\xff\xfe", b""], ids=["bom", "no-bom"])
def test_utf16_doctype_is_still_refused_as_hostile(bom: bytes):
    """The DOCTYPE check reads bytes; in UTF-16 ``<!DOCTYPE`` would slip past it undecoded."""
    hostile = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x SYSTEM '
               '"file:///etc/passwd">]><Document><FIToFICstmrCdtTrf>&x;</FIToFICstmrCdtTrf></Document>')
    with pytest.raises(MessageError) as info:
        parse_bytes(bom + hostile.encode("utf-16-le"), "evil.xml")
    assert info.value.field == "DOCTYPE"


def test_broken_utf16_names_the_encoding():
    data = b"\xff\xfe" + PACS008.format(encoding="UTF-16").encode("utf-16-le")[:-1]
    with pytest.raises(MessageError, match="UTF-16-LE"):
        parse_bytes(data, "odd.xml")


def test_utf16_mt_message_is_parsed():
    (msg,) = parse_bytes(b"\xff\xfe" + _mt103("REF-W", "ALPHA KG").encode("utf-16-le"), "w.fin")
    assert msg.reference == "REF-W"


@pytest.mark.parametrize("padding", [b"\n", b"\r\n\r\n  ", b"\xef\xbb\xbf\n", b"\xef\xbb\xbf \t\r\n"])
def test_blank_lines_and_bom_before_xml_declaration_are_tolerated(padding: bytes):
    (msg,) = parse_bytes(padding + PACS008.format(encoding="UTF-8").encode(), "pad.xml")
    assert msg.reference == "ENC-1"


# -- ISO 20022 participants -------------------------------------------------------------

def _pacs008(version: str, tx: str) -> bytes:
    """A pacs.008 in the given version; ``BIC``/``BICFI`` follows the version's schema."""
    bic = "BIC" if version == "02" else "BICFI"
    body = tx.replace("{bic}", bic)
    return (f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.{version}">'
            "<FIToFICstmrCdtTrf><GrpHdr><MsgId>P-1</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr>"
            f"<CdtTrfTxInf><PmtId><EndToEndId>E</EndToEndId></PmtId>{body}</CdtTrfTxInf>"
            "</FIToFICstmrCdtTrf></Document>").encode()


def _agent(tag: str, bic: str, name: str = "") -> str:
    nm = f"<Nm>{name}</Nm>" if name else ""
    return f"<{tag}><FinInstnId><{{bic}}>{bic}</{{bic}}>{nm}</FinInstnId></{tag}>"


EVERY_ROLE = "".join([
    '<IntrBkSttlmAmt Ccy="EUR">5.00</IntrBkSttlmAmt>',
    _agent("PrvsInstgAgt1", "PIAAAAAAXXX"), _agent("PrvsInstgAgt2", "PIBBBBBBXXX"),
    _agent("PrvsInstgAgt3", "PICCCCCCXXX"),
    _agent("InstgAgt", "INSGDEFFXXX"), _agent("InstdAgt", "INSDATWWXXX"),
    _agent("IntrmyAgt1", "IMAAAAAAXXX"), _agent("IntrmyAgt2", "IMBBBBBBXXX"),
    _agent("IntrmyAgt3", "IMCCCCCCXXX"),
    "<UltmtDbtr><Nm>Ultimate Debtor Ltd</Nm></UltmtDbtr>",
    "<InitgPty><Nm>Initiating Party SA</Nm></InitgPty>",
    "<Dbtr><Nm>Debtor GmbH</Nm></Dbtr>", _agent("DbtrAgt", "DBAGDEFFXXX"),
    _agent("CdtrAgt", "CDAGATWWXXX"), "<Cdtr><Nm>Creditor OG</Nm></Cdtr>",
    "<UltmtCdtr><Nm>Ultimate Creditor AG</Nm></UltmtCdtr>",
])
EXPECTED_ROLES = {
    "previous_instructing_agent_1", "previous_instructing_agent_2", "previous_instructing_agent_3",
    "instructing_agent", "instructed_agent", "intermediary_agent_1", "intermediary_agent_2",
    "intermediary_agent_3", "ultimate_debtor", "initiating_party", "debtor", "debtor_agent",
    "creditor_agent", "creditor", "ultimate_creditor",
}


@pytest.mark.parametrize("version", ["02", "08", "10"])
def test_every_pacs008_party_and_agent_in_each_version(version: str):
    (msg,) = parse_bytes(_pacs008(version, EVERY_ROLE), "all.xml")
    assert {p.role for p in msg.parties} == EXPECTED_ROLES
    agents = [p for p in msg.parties if p.kind == "agent"]
    assert all(len(a.ids("bic")) == 1 for a in agents) and len(agents) == 10
    assert msg.by_role("intermediary_agent_3")[0].ids("bic")[0].path == (
        f"CdtTrfTxInf[0]/IntrmyAgt3/FinInstnId/{'BIC' if version == '02' else 'BICFI'}")


CHARGES = '<ChrgsInf><Amt Ccy="EUR">1.00</Amt><Agt><FinInstnId><BICFI>BKRSIRTHXXX</BICFI>' \
          "<Nm>Bank Keshavarzi</Nm></FinInstnId></Agt></ChrgsInf>" \
          '<ChrgsInf><Amt Ccy="EUR">2.00</Amt><Agt><FinInstnId><BICFI>COBADEFFXXX</BICFI>' \
          "</FinInstnId></Agt></ChrgsInf>"


def test_charges_agents_are_parties_with_indexed_paths():
    (msg,) = parse_bytes(_pacs008("08", CHARGES), "chg.xml")
    first, second = msg.by_role("charges_agent")
    assert first.kind == "agent" and first.path == "CdtTrfTxInf[0]/ChrgsInf[0]/Agt"
    assert (first.name.value, first.name.path) == ("Bank Keshavarzi",
                                                   "CdtTrfTxInf[0]/ChrgsInf[0]/Agt/FinInstnId/Nm")
    assert first.ids("bic")[0].value == "BKRSIRTHXXX"
    assert second.ids("bic")[0].path == "CdtTrfTxInf[0]/ChrgsInf[1]/Agt/FinInstnId/BICFI"


def test_charges_party_of_version_02_is_the_charges_agent():
    charges = '<ChrgsInf><Amt Ccy="EUR">1.00</Amt><Pty><FinInstnId><BIC>BKRSIRTH</BIC>' \
              "</FinInstnId></Pty></ChrgsInf>"
    (msg,) = parse_bytes(_pacs008("02", charges), "chg2.xml")
    assert msg.by_role("charges_agent")[0].ids("bic")[0].path == "CdtTrfTxInf[0]/ChrgsInf[0]/Pty/FinInstnId/BIC"


ACCOUNTS = "".join([
    "<Dbtr><Nm>Debtor GmbH</Nm></Dbtr>",
    "<DbtrAcct><Id><IBAN>DE44500105175407324931</IBAN></Id><Nm>Nominee Trading FZE</Nm></DbtrAcct>",
    _agent("CdtrAgt", "RZBAATWWXXX"), "<Cdtr><Nm>Creditor OG</Nm></Cdtr>",
    "<CdtrAcct><Id><Othr><Id>998877</Id></Othr></Id><Nm>Promsyrioimport</Nm></CdtrAcct>",
])


def test_account_names_are_screenable_account_holders():
    (msg,) = parse_bytes(_pacs008("08", ACCOUNTS), "acct.xml")
    (holder,) = msg.by_role("creditor_account_holder")
    assert (holder.name.value, holder.name.path) == ("Promsyrioimport", "CdtTrfTxInf[0]/CdtrAcct/Nm")
    assert holder.kind == "party" and holder.path == "CdtTrfTxInf[0]/CdtrAcct"
    assert msg.by_role("debtor_account_holder")[0].name.value == "Nominee Trading FZE"
    (debtor,) = msg.by_role("debtor")  # the IBAN stays with the debtor, its name is unchanged
    assert debtor.name.value == "Debtor GmbH" and debtor.ids("iban")[0].valid


REMITTANCE = """<RmtInf><Strd>
 <RfrdDocInf><Tp><CdOrPrtry><Cd>CINV</Cd></CdOrPrtry></Tp><Nb>INV-77</Nb></RfrdDocInf>
 <Invcr><Nm>Sovcomflot Trading</Nm><PstlAdr><TwnNm>Novorossiysk</TwnNm><Ctry>RU</Ctry></PstlAdr>
   <Id><OrgId><LEI>5493001KJTIIGC8Y1R12</LEI></OrgId></Id></Invcr>
 <Invcee><Nm>Buyer Kft</Nm><Id><OrgId><AnyBIC>OTPVHUHBXXX</AnyBIC></OrgId></Id></Invcee>
</Strd></RmtInf>"""


@pytest.mark.parametrize("version", ["02", "08", "10"])
def test_invoicer_and_invoicee_of_structured_remittance(version: str):
    (msg,) = parse_bytes(_pacs008(version, REMITTANCE), "inv.xml")
    (invoicer,) = msg.by_role("invoicer")
    assert (invoicer.name.value, invoicer.name.path) == (
        "Sovcomflot Trading", "CdtTrfTxInf[0]/RmtInf/Strd[0]/Invcr/Nm")
    assert invoicer.country.value == "RU" and invoicer.town.value == "Novorossiysk"
    assert invoicer.ids("lei")[0].path == "CdtTrfTxInf[0]/RmtInf/Strd[0]/Invcr/Id/OrgId/LEI"
    (invoicee,) = msg.by_role("invoicee")
    assert invoicee.name.value == "Buyer Kft" and invoicee.ids("bic")[0].value == "OTPVHUHBXXX"


def test_tax_parties_are_not_taken_for_the_debtor():
    tax = "<Dbtr><Nm>Debtor GmbH</Nm></Dbtr><Tax><Cdtr><TaxId>DE123</TaxId></Cdtr>" \
          "<Dbtr><TaxId>RU7701</TaxId><Authstn><Nm>Ivan Petrov</Nm></Authstn></Dbtr></Tax>"
    (msg,) = parse_bytes(_pacs008("08", tax), "tax.xml")
    assert [p.name.value for p in msg.by_role("debtor")] == ["Debtor GmbH"]
    (tax_debtor,) = msg.by_role("tax_debtor")
    assert tax_debtor.name.path == "CdtTrfTxInf[0]/Tax/Dbtr/Authstn/Nm"
    assert tax_debtor.ids("other")[0].value == "RU7701"
    assert msg.by_role("tax_creditor")[0].ids("other")[0].scheme == "TaxId"


def test_agent_branch_is_read():
    branch = "<CdtrAgt><FinInstnId><BICFI>BMJIIRTHXXX</BICFI></FinInstnId><BrnchId>" \
             "<Nm>Bank Melli Iran Hamburg Branch</Nm><PstlAdr><Ctry>DE</Ctry></PstlAdr></BrnchId></CdtrAgt>"
    (msg,) = parse_bytes(_pacs008("08", branch), "br.xml")
    (party,) = msg.by_role("creditor_agent_branch")
    assert party.name.path == "CdtTrfTxInf[0]/CdtrAgt/BrnchId/Nm" and party.country.value == "DE"


PAIN001 = """<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.{version}"><CstmrCdtTrfInitn>
 <GrpHdr><MsgId>PN-1</MsgId><NbOfTxs>1</NbOfTxs><InitgPty><Nm>Payroll Services Ltd</Nm></InitgPty></GrpHdr>
 <PmtInf><PmtInfId>B1</PmtInfId>
  <Dbtr><Nm>Holding SE</Nm></Dbtr>
  <DbtrAcct><Id><IBAN>DE44500105175407324931</IBAN></Id><Nm>Holding SE Treasury</Nm></DbtrAcct>
  <DbtrAgt><FinInstnId><{bic}>COBADEFFXXX</{bic}></FinInstnId></DbtrAgt>
  <UltmtDbtr><Nm>Subsidiary Kft</Nm></UltmtDbtr>
  <ChrgsAcct><Id><IBAN>AT483200000012345864</IBAN></Id><Nm>Fees Account</Nm></ChrgsAcct>
  <ChrgsAcctAgt><FinInstnId><{bic}>RZBAATWWXXX</{bic}></FinInstnId></ChrgsAcctAgt>
  <CdtTrfTxInf><PmtId><EndToEndId>E</EndToEndId></PmtId>
   <Amt><InstdAmt Ccy="EUR">9.00</InstdAmt></Amt>
   <IntrmyAgt1><FinInstnId><{bic}>IMAAAAAAXXX</{bic}></FinInstnId></IntrmyAgt1>
   <CdtrAgt><FinInstnId><{bic}>OTPVHUHBXXX</{bic}></FinInstnId></CdtrAgt>
   <Cdtr><Nm>Supplier Zrt</Nm></Cdtr><CdtrAcct><Id><IBAN>HU42117730161111101800000000</IBAN></Id>
    <Nm>Supplier Escrow</Nm></CdtrAcct>
   <UltmtCdtr><Nm>End Customer Bt</Nm></UltmtCdtr>
   <RmtInf><Strd><Invcr><Nm>Supplier Zrt</Nm></Invcr></Strd></RmtInf>
  </CdtTrfTxInf>
 </PmtInf>
</CstmrCdtTrfInitn></Document>"""


@pytest.mark.parametrize(("version", "bic"), [("03", "BIC"), ("09", "BICFI")])
def test_pain001_every_participant_in_both_versions(version: str, bic: str):
    (msg,) = parse_bytes(PAIN001.format(version=version, bic=bic).encode(), "pain.xml")
    roles = {p.role: p for p in msg.parties}
    assert roles["initiating_party"].name.path == "GrpHdr/InitgPty/Nm"
    assert roles["ultimate_debtor"].name.path == "PmtInf[0]/UltmtDbtr/Nm"
    assert roles["debtor_account_holder"].name.path == "PmtInf[0]/DbtrAcct/Nm"
    assert roles["creditor_account_holder"].name.value == "Supplier Escrow"
    assert roles["charges_account_agent"].ids("bic")[0].value == "RZBAATWWXXX"
    fees = roles["charges_account"]
    assert (fees.name.value, fees.ids("iban")[0].path) == ("Fees Account", "PmtInf[0]/ChrgsAcct/Id/IBAN")
    assert roles["intermediary_agent_1"].ids("bic")[0].path == (
        f"PmtInf[0]/CdtTrfTxInf[0]/IntrmyAgt1/FinInstnId/{bic}")
    assert roles["ultimate_creditor"].name.value == "End Customer Bt"
    assert roles["invoicer"].name.path == "PmtInf[0]/CdtTrfTxInf[0]/RmtInf/Strd[0]/Invcr/Nm"


def test_pacs009_cover_underlying_account_holder_and_return_originator():
    cover = """<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08"><FICdtTrf>
     <GrpHdr><MsgId>C-1</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr><CdtTrfTxInf>
      <Dbtr><FinInstnId><BICFI>COBADEFFXXX</BICFI></FinInstnId></Dbtr>
      <Cdtr><FinInstnId><BICFI>RZBAATWWXXX</BICFI></FinInstnId></Cdtr>
      <UndrlygCstmrCdtTrf><Dbtr><Nm>Orig Co</Nm></Dbtr>
       <CdtrAcct><Id><IBAN>AT483200000012345864</IBAN></Id><Nm>Beneficial Owner Ltd</Nm></CdtrAcct>
       <Cdtr><Nm>Bene Co</Nm></Cdtr></UndrlygCstmrCdtTrf>
     </CdtTrfTxInf></FICdtTrf></Document>"""
    (msg,) = parse_bytes(cover.encode(), "cov.xml")
    holder = msg.by_role("underlying_creditor_account_holder")[0]
    assert holder.name.path == "CdtTrfTxInf[0]/UndrlygCstmrCdtTrf/CdtrAcct/Nm"
    ret = """<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.004.001.09"><PmtRtr>
     <GrpHdr><MsgId>R-1</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr><TxInf>
      <RtrRsnInf><Orgtr><Nm>Tejarat Bank Compliance</Nm></Orgtr><Rsn><Cd>AC04</Cd></Rsn></RtrRsnInf>
     </TxInf></PmtRtr></Document>"""
    (back,) = parse_bytes(ret.encode(), "ret.xml")
    assert back.by_role("return_originator")[0].name.path == "TxInf[0]/RtrRsnInf[0]/Orgtr/Nm"
