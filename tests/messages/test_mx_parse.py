"""ISO 20022 parsing: every party, agent, identifier and text with its field path."""

from __future__ import annotations

from shared_paths import shared_file

from redline.messages import parse_bytes, parse_file

MX = ("payments", "ballerina_mt_to_mx", "mx")


def _roles(msg):
    return {p.role: p for p in msg.parties}


def test_real_pacs008_in_envelope_every_field():
    (msg,) = parse_file(shared_file(*MX, "c_53_5", "mt103_pacs008_A_B.xml"))
    assert (msg.syntax, msg.message_type, msg.cover) == ("mx", "pacs.008.001.08", False)
    assert msg.reference == "pacs8bizmsgidr01"
    assert msg.uetr == "174c245f-2682-4291-ad67-2a41e530cd27"
    roles = _roles(msg)
    assert roles["sender"].ids("bic")[0].value == "WPACAU2SXXX"
    assert roles["receiver"].ids("bic")[0].path == "AppHdr/To/FIId/FinInstnId/BICFI"
    debtor = roles["debtor"]
    assert debtor.name.value == "Australian Submarine"
    assert debtor.name.path == "CdtTrfTxInf[0]/Dbtr/Nm"
    assert debtor.country.value == "AU" and debtor.country.path == "CdtTrfTxInf[0]/Dbtr/PstlAdr/Ctry"
    assert debtor.town.value == "Adelaide"
    assert [a.value for a in debtor.address] == ["Adelaide", "694 Mersey Rd"]
    assert debtor.address[1].path == "CdtTrfTxInf[0]/Dbtr/PstlAdr/AdrLine[0]"
    (acct,) = debtor.identifiers
    assert (acct.type, acct.value, acct.path) == ("account", "458756241",
                                                  "CdtTrfTxInf[0]/DbtrAcct/Id/Othr/Id")
    assert roles["creditor"].name.value == "Agoda Company"
    assert roles["creditor"].country.value == "SG"
    assert roles["instructing_agent"].ids("bic")[0].value == "WPACAU2SXXX"
    assert roles["instructed_agent"].ids("bic")[0].value == "DBSSSGSGXXX"
    assert roles["intermediary_agent_1"].ids("bic")[0].value == "DBSSSGSG"
    assert roles["debtor_agent"].ids("bic")[0].valid is True
    assert roles["creditor_agent"].ids("bic")[0].value == "UOVBSGSG"
    assert [(t.kind, t.value, t.path) for t in msg.texts] == [
        ("remittance", "/ROC/E2E04044506271305", "CdtTrfTxInf[0]/RmtInf/Ustrd[0]")]
    assert [(c.value, c.path) for c in msg.currencies] == [("SGD", "CdtTrfTxInf[0]/IntrBkSttlmAmt")]


def test_real_pacs009_cov_underlying_parties():
    (msg,) = parse_file(shared_file(*MX, "c_29_2_2", "mt202_pacs_009COV_A_B.xml"))
    assert msg.message_type == "pacs.009.001.08" and msg.cover
    roles = _roles(msg)
    assert roles["debtor"].kind == "agent" and roles["debtor"].ids("bic")[0].value == "MYMBGB2LXXX"
    assert roles["creditor"].ids("bic")[0].value == "GEBABEBBXXX"
    assert roles["previous_instructing_agent_1"].ids("bic")[0].value == "INGBROBUXXX"
    under = roles["underlying_debtor"]
    assert under.name.path == "CdtTrfTxInf[0]/UndrlygCstmrCdtTrf/Dbtr/Nm"
    assert (under.name.value, under.country.value) == ("Debtor Co", "GB")
    assert roles["underlying_creditor"].name.value == "Ardent Finance"
    assert roles["underlying_creditor"].country.value == "RO"
    assert roles["underlying_creditor_agent"].ids("bic")[0].value == "GEBABEBBXXX"


def test_real_pacs004_return_chain():
    (msg,) = parse_file(shared_file(*MX, "p_2_1_2", "mt103_pacs_004_B_A.xml"))
    assert msg.message_type == "pacs.004.001.09"
    roles = _roles(msg)
    assert roles["debtor"].ids("bic")[0].path == "TxInf[0]/RtrChain/Dbtr/Pty/Id/OrgId/AnyBIC"
    assert roles["creditor"].name.value == "GB Engineering"
    assert roles["creditor"].name.path == "TxInf[0]/RtrChain/Cdtr/Pty/Nm"
    assert roles["creditor"].town.value == "Cambridge"


def test_real_swiss_pain001_ibans_and_batches():
    (msg,) = parse_file(shared_file("payments", "samples", "pain.001_swiss_musterfile_Nov2020.xml"))
    assert msg.message_type == "pain.001.001.03"
    assert msg.by_role("initiating_party")[0].name.value == "Robert Schneider"
    debtor = msg.by_role("debtor")[0]
    (iban,) = debtor.ids("iban")
    assert (iban.value, iban.valid, iban.path) == ("CH0309000000250090342", True,
                                                   "PmtInf[0]/DbtrAcct/Id/IBAN")
    assert msg.by_role("debtor_agent")[0].ids("bic")[0].value == "POFICHBEXXX"
    creditors = msg.by_role("creditor")
    assert creditors[0].name.value == "Maria Bernasconi"
    assert creditors[0].name.path == "PmtInf[0]/CdtTrfTxInf[0]/Cdtr/Nm"
    assert any(c.name.path == "PmtInf[1]/CdtTrfTxInf[1]/Cdtr/Nm" for c in creditors)
    assert any(t.value == "Rechnung 1122" for t in msg.texts)
    bad = [i for c in creditors for i in c.ids("iban") if not i.valid]
    assert bad, "the musterfile carries deliberately invalid IBANs; they must be flagged"


def test_real_pain001_v08():
    (msg,) = parse_file(shared_file("payments", "samples", "pain.001.001.08_example.xml"))
    roles = _roles(msg)
    init = roles["initiating_party"]
    assert init.name.value == "TXB Test Account" and init.ids("other")[0].value == "uktestdda"
    assert roles["debtor"].address[0].path == "PmtInf[0]/Dbtr/PstlAdr/StrtNm"
    assert roles["creditor"].country.value == "QA"
    assert ("purpose", "Purpose of payment") in [(t.kind, t.value) for t in msg.texts]


OWN_PACS008 = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02">
 <FIToFICstmrCdtTrf>
  <GrpHdr><MsgId>OWN-1</MsgId><NbOfTxs>2</NbOfTxs></GrpHdr>
  <CdtTrfTxInf>
   <PmtId><EndToEndId>E1</EndToEndId></PmtId>
   <IntrBkSttlmAmt Ccy="EUR">1000.00</IntrBkSttlmAmt>
   <InstgAgt><FinInstnId><BIC>DEUTDEFF</BIC></FinInstnId></InstgAgt>
   <IntrmyAgt2><FinInstnId><BIC>RZBAATWW</BIC><Nm>Raiffeisen</Nm></FinInstnId></IntrmyAgt2>
   <UltmtDbtr><Nm>Иванов Иван Иванович</Nm>
     <Id><PrvtId><DtAndPlcOfBirth><BirthDt>1970-01-02</BirthDt><CityOfBirth>Ялта</CityOfBirth>
     <CtryOfBirth>UA</CtryOfBirth></DtAndPlcOfBirth></PrvtId></Id></UltmtDbtr>
   <Dbtr><Nm>OOO Romashka</Nm><PstlAdr><StrtNm>ul. Lenina</StrtNm><TwnNm>Sevastopol</TwnNm>
     <Ctry>UA</Ctry></PstlAdr><Id><OrgId><LEI>5493001KJTIIGC8Y1R12</LEI></OrgId></Id></Dbtr>
   <DbtrAcct><Id><IBAN>DE89 3704 0044 0532 0130 00</IBAN></Id></DbtrAcct>
   <Cdtr><Nm>Acme GmbH</Nm><CtryOfRes>AT</CtryOfRes></Cdtr>
   <CdtrAcct><Id><IBAN>AT611904300234573201</IBAN></Id></CdtrAcct>
   <UltmtCdtr><Nm>Acme Holding</Nm></UltmtCdtr>
   <InstrForNxtAgt><InstrInf>PLEASE ADVISE BENEFICIARY</InstrInf></InstrForNxtAgt>
   <RmtInf><Ustrd>INV 1</Ustrd><Ustrd>FREIGHT MV OCEAN STAR IMO 9321483</Ustrd></RmtInf>
  </CdtTrfTxInf>
  <CdtTrfTxInf><PmtId><EndToEndId>E2</EndToEndId></PmtId>
   <Cdtr><Nm>Second Creditor</Nm></Cdtr></CdtTrfTxInf>
 </FIToFICstmrCdtTrf>
</Document>"""


def test_own_pacs008_old_version_all_party_kinds():
    (msg,) = parse_bytes(OWN_PACS008.encode(), "own.xml")
    assert msg.message_type == "pacs.008.001.02" and msg.reference == "OWN-1"
    roles = _roles(msg)
    ult = roles["ultimate_debtor"]
    assert ult.name.value == "Иванов Иван Иванович"
    assert ult.birth_date.value == "1970-01-02"
    assert ult.birth_place.value == "Ялта"
    debtor = roles["debtor"]
    assert debtor.town.value == "Sevastopol" and debtor.country.value == "UA"
    assert debtor.ids("lei")[0].valid is True
    assert debtor.ids("iban")[0].value == "DE89370400440532013000"
    assert debtor.ids("iban")[0].valid is True
    assert msg.by_role("creditor")[0].country.path == "CdtTrfTxInf[0]/Cdtr/CtryOfRes"
    assert roles["ultimate_creditor"].name.value == "Acme Holding"
    assert roles["intermediary_agent_2"].name.value == "Raiffeisen"
    assert msg.by_role("creditor")[1].name.path == "CdtTrfTxInf[1]/Cdtr/Nm"
    texts = {(t.kind, t.path): t.value for t in msg.texts}
    assert texts[("remittance", "CdtTrfTxInf[0]/RmtInf/Ustrd[1]")].startswith("FREIGHT")
    assert texts[("instruction", "CdtTrfTxInf[0]/InstrForNxtAgt[0]/InstrInf")]


def test_namespace_agnostic_no_namespace_and_other_prefix():
    plain = OWN_PACS008.replace(' xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02"', "")
    (msg,) = parse_bytes(plain.encode(), "plain.xml")
    assert msg.message_type == "pacs.008" and _roles(msg)["debtor"].name.value == "OOO Romashka"
    prefixed = OWN_PACS008.replace("xmlns=", "xmlns:p=").replace("<", "<p:").replace(
        "<p:/", "</p:").replace("<p:?xml", "<?xml")
    (msg2,) = parse_bytes(prefixed.encode(), "prefixed.xml")
    assert _roles(msg2)["debtor"].name.value == "OOO Romashka"
