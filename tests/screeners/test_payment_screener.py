"""Payment screening: decisions, hits with field paths, list versions, CLI batches."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from shared_paths import shared_file
from typer.testing import CliRunner

from redline.commands import payment as payment_cmd
from redline.messages import parse_bytes
from redline.messages.bic_index import BicIndex
from redline.model import Entity, Identifier, Name
from redline.screeners.payment import PaymentScreener

VERSIONS = {"ofac_sdn": "ofac_sdn@2024-05-01"}
LISTED = Entity(id="ofac_sdn:9", list="ofac_sdn", source_id="9", schema="Organization",
                names=[Name("Sberbank")], identifiers=[Identifier("bic", "SABRRUMM")])


def _screener(**kw) -> PaymentScreener:
    index = BicIndex([LISTED], VERSIONS)
    return PaymentScreener(lambda q: [], index.lookup, list_versions=VERSIONS, **kw)


def _mt103(b50: str = ":50K:/123\nJOHN SMITH\nLONDON", b59: str = ":59:/456\nACME LTD\nBERLIN",
           extra: str = "", receiver: str = "DEUTDEFFXXXX") -> bytes:
    return (f"{{1:F01BARCGB22AXXX0000000000}}{{2:I103{receiver}N}}{{4:\n:20:T1\n:23B:CRED\n"
            f":32A:240105EUR100,\n{b50}\n{b59}\n{extra}:71A:SHA\n-}}").encode()


def _kinds(result):
    return {(h.kind, h.path, h.code, h.severity) for h in result.hits}


def test_clean_real_messages_pass_with_list_versions():
    s = _screener()
    for parts in (("payments", "ballerina_mt_to_mx", "mx", "c_53_5", "mt103_pacs008_A_B.xml"),
                  ("payments", "samples", "pain.001.001.08_example.xml")):
        (result,) = s.screen_file(shared_file(*parts))
        assert result.decision == "pass" and result.list_versions == VERSIONS
        assert result.to_dict()["decision"] == "pass"


def test_crimea_address_holds_with_field_path():
    data = _mt103(b50=":50F:/123\n1/IVANOV IVAN\n2/UL LENINA 1\n3/UA/SIMFEROPOL")
    (result,) = _screener().screen_bytes(data, "m.fin")
    assert result.decision == "hold"
    assert ("territory", ":50F:", "ua-cri", "hold") in _kinds(result)
    assert result.to_dict()["hits"][0]["reasons"][0]["listed_value"] == "ua-cri"


def test_look_alike_addresses_pass():
    data = _mt103(b50=":50K:/1\nJOHN SMITH\n12 CRIMEA STREET\nTORONTO ON CANADA",
                  b59=":59:/2\nACME INC\nMIAMI, FLORIDA\nUNITED STATES")
    (result,) = _screener().screen_bytes(data, "ok.fin")
    assert result.decision == "pass", result.hits
    xml = (b"<Document><FIToFICstmrCdtTrf><CdtTrfTxInf><Cdtr><Nm>Bob</Nm><PstlAdr>"
           b"<TwnNm>Havana</TwnNm><CtrySubDvsn>Illinois</CtrySubDvsn><Ctry>US</Ctry></PstlAdr>"
           b"</Cdtr></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>")
    (mx,) = _screener().screen_bytes(xml, "ok.xml")
    assert mx.decision == "pass"


def test_listed_bic_branch_holds_and_names_the_field():
    (result,) = _screener().screen_bytes(_mt103(extra=":57A:SABRRUMM012\n"), "b.fin")
    hit = next(h for h in result.hits if h.kind == "bic")
    assert (hit.path, hit.code, hit.severity) == (":57A:", "ofac_sdn:9", "hold")
    assert hit.list_hit.list_version == "ofac_sdn@2024-05-01"
    assert result.decision == "hold"
    # Russia is a configurable risk: reported, holding only when configured
    (risky,) = _screener().screen_bytes(_mt103(extra=":57A:ALFARUMM\n"), "r.fin")
    assert risky.decision == "pass" and ("country", ":57A:", "ru", "risk") in _kinds(risky)
    (held,) = _screener(hold_on_risk=True).screen_bytes(_mt103(extra=":57A:ALFARUMM\n"), "r.fin")
    assert held.decision == "hold"


def test_embargo_signals_country_iban_currency_regulatory():
    xml = b"""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09">
    <FIToFICstmrCdtTrf><CdtTrfTxInf><IntrBkSttlmAmt Ccy="IRR">5</IntrBkSttlmAmt>
    <Dbtr><Nm>Kim</Nm><PstlAdr><Ctry>KP</Ctry></PstlAdr></Dbtr>
    <Cdtr><Nm>Ali</Nm></Cdtr><CdtrAcct><Id><IBAN>SY00XXXX</IBAN></Id></CdtrAcct>
    <RgltryRptg><Dtls><Inf>/ORDERRES/CU//HAVANA</Inf></Dtls></RgltryRptg>
    </CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"""
    (result,) = _screener().screen_bytes(xml, "e.xml")
    kinds = _kinds(result)
    assert ("country", "CdtTrfTxInf[0]/Dbtr/PstlAdr/Ctry", "kp", "hold") in kinds
    assert ("currency", "CdtTrfTxInf[0]/IntrBkSttlmAmt", "ir", "hold") in kinds
    assert ("country", "CdtTrfTxInf[0]/RgltryRptg[0]/Dtls[0]/Inf", "cu", "hold") in kinds
    assert any(h.kind == "invalid_iban" for h in result.hits)


def test_free_text_vessels_imo_goods_and_cyrillic():
    extra = (":70:FREIGHT MV OCEAN STAR IMO 9321483\nCRUDE OIL CARGO\n"
             ":72:/BNF/ДОСТАВКА В СЕВАСТОПОЛЬ\n")
    (result,) = _screener().screen_bytes(_mt103(extra=extra), "v.fin")
    by_kind = {h.kind: h for h in result.hits}
    assert by_kind["imo"].value == "9321483" and by_kind["imo"].severity == "info"
    assert by_kind["vessel"].value == "OCEAN STAR"
    assert by_kind["goods"].value == "crude oil" and by_kind["goods"].severity == "route"
    assert by_kind["territory"].path == ":72:" and result.decision == "hold"


def test_listed_vessel_from_party_matcher_holds():
    from redline.model import Hit

    def matcher(query):
        if query.schema == "Vessel" and any(i.value == "9321483" for i in query.identifiers):
            return [Hit("ofac_sdn:v1", "ofac_sdn", "v1", "Vessel", "OCEAN STAR", 1.0,
                        "OCEAN STAR", query.name)]
        return []

    s = PaymentScreener(matcher, lambda b: [], list_versions=VERSIONS)
    (result,) = s.screen_bytes(_mt103(extra=":70:MV OCEAN STAR IMO 9321483\n"), "v.fin")
    assert result.decision == "hold"
    assert any(h.kind == "imo" and h.severity == "hold" for h in result.hits)


def test_cover_payment_underlying_party_screened():
    path = shared_file("payments", "ballerina_mt_to_mx", "mt",
                       "test_c_29_2_2_mt_mx__finMessage_2922_A_B__MT202.fin")
    text = path.read_text().replace("3/RO/Bucharest", "3/RU/Sevastopol")
    (result,) = _screener().screen_bytes(text.encode(), "cov.fin")
    assert ("territory", "SeqB/:59F:", "ua-cri", "hold") in _kinds(result)
    assert result.message_type == "MT202COV"


def test_cli_batch_folder_with_bad_messages(tmp_path: Path):
    (tmp_path / "ok.fin").write_bytes(_mt103())
    (tmp_path / "hold.fin").write_bytes(_mt103(extra=":57A:SABRRUMM\n"))
    (tmp_path / "xxe.xml").write_bytes(b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    (tmp_path / "noblock4.fin").write_bytes(b"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}")
    app = typer.Typer()
    app.command("noop")(lambda: None)
    payment_cmd.register(app, _screener)
    result = CliRunner().invoke(app, ["screen-payment", str(tmp_path), "--json"])
    assert result.exit_code == 2, result.output
    rows = {Path(r["source"]).name: r for r in json.loads(result.output)}
    assert rows["ok.fin"]["decision"] == "pass"
    assert rows["hold.fin"]["decision"] == "hold"
    assert rows["hold.fin"]["list_versions"] == VERSIONS
    assert rows["xxe.xml"]["decision"] == "error" and rows["xxe.xml"]["error_field"] == "DOCTYPE"
    assert rows["noblock4.fin"]["error_field"] == "block 4"
    assert "noblock4.fin" in rows["noblock4.fin"]["error"]
    table = CliRunner().invoke(app, ["screen-payment", str(tmp_path / "ok.fin")])
    assert table.exit_code == 0 and "pass" in table.output


def test_parsed_message_round_trips_to_dict():
    (msg,) = parse_bytes(_mt103(), "d.fin")
    data = msg.to_dict()
    assert data["message_type"] == "MT103" and data["parties"][2]["name"]["path"] == ":50K:"
