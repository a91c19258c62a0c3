"""SWIFT MT parsing: header parties, every field option, RJE batches, and MT/MX agreement."""

from __future__ import annotations

import csv

from shared_paths import shared_file

from redline.messages import parse_bytes, parse_file

MT = ("payments", "ballerina_mt_to_mx", "mt")


def _roles(msg):
    return {p.role: p for p in msg.parties}


def test_real_mt103_50f_59f():
    (msg,) = parse_file(shared_file(*MT, "test_c_53_5_mt_mx__finMessage_535_A_B__MT103.fin"))
    assert (msg.syntax, msg.message_type, msg.reference) == ("mt", "MT103", "pacs8bizmsgidr01")
    assert msg.uetr == "174c245f-2682-4291-ad67-2a41e530cd27"
    roles = _roles(msg)
    debtor = roles["debtor"]
    assert (debtor.name.value, debtor.name.path) == ("Australian Submarine", ":50F:")
    assert (debtor.country.value, debtor.town.value) == ("AU", "Adelaide")
    assert debtor.address[0].value == "694 Mersey Rd"
    assert debtor.ids("account")[0].value == "458756241"
    creditor = roles["creditor"]
    assert (creditor.name.value, creditor.name.path, creditor.country.value) == (
        "Agoda Company", ":59F:", "SG")
    assert roles["debtor_agent"].ids("bic")[0].path == ":52A:"
    assert roles["intermediary_agent_1"].ids("bic")[0].value == "DBSSSGSG"
    assert roles["creditor_agent"].ids("bic")[0].value == "UOVBSGSG"
    # output message: block 1 is the receiver, the MIR in block 2 names the sender
    assert roles["sender"].ids("bic")[0].value == "WPACAU2SXXX"
    assert roles["receiver"].ids("bic")[0].value == "DBSSSGSGXXX"
    assert [(c.value, c.path) for c in msg.currencies] == [("SGD", ":32A:")]
    assert msg.texts[0].path == ":70:"


def test_real_mt103_50k_unstructured_and_input_header():
    (msg,) = parse_file(shared_file(*MT, "test_custom_mt_mx__a_2014__MT103.fin"))
    roles = _roles(msg)
    debtor = roles["debtor"]
    assert debtor.name.value == "RASA ENGINEERING SERVICES (PVT) L"
    assert [a.value for a in debtor.address] == ["NO 852-60", "SHARUK PURA", "SRI LANKA"]
    assert debtor.country.value == "LK"  # read from the last address line
    assert roles["creditor"].name.value == "SHASHU LANXI SHANYE"
    assert roles["sender"].ids("bic")[0].value == "ABCDLKLXXXX"
    assert roles["receiver"].ids("bic")[0].value == "MHCBJPJTXXX"
    assert [c.path for c in msg.currencies] == [":32A:", ":33B:"]
    assert any(t.kind == "instruction" and t.value == "/INS/JKKILKOKSIKF" for t in msg.texts)


def test_real_mt202cov_sequence_b():
    (msg,) = parse_file(shared_file(*MT, "test_c_29_2_2_mt_mx__finMessage_2922_A_B__MT202.fin"))
    assert msg.message_type == "MT202COV" and msg.cover
    roles = _roles(msg)
    assert roles["debtor"].ids("bic")[0].value == "MYMBGB2LXXX"
    assert roles["creditor"].ids("bic")[0].path == ":58A:"
    under = roles["underlying_debtor"]
    assert (under.name.value, under.name.path, under.country.value) == (
        "Debtor Co", "SeqB/:50F:", "GB")
    assert roles["underlying_creditor"].name.value == "Ardent Finance"
    assert roles["underlying_creditor_agent"].ids("bic")[0].path == "SeqB/:57A:"


def test_real_rje_batch_with_acks():
    msgs = parse_file(shared_file("payments", "mt_prowide", "MT103-out-ack.rje"))
    assert len(msgs) == 13 and all(m.message_type == "MT103" for m in msgs)
    assert msgs[0].source.endswith("#1")
    first = _roles(msgs[0])
    assert first["debtor"].name.value == "FOO CAPITAL MARKETS LP"
    assert first["debtor_agent"].name.value == "NORTH FOO BANK"  # 52D free format
    assert first["debtor_agent"].address[-1].value == "MELVILLE, NY 11747"
    bulk = parse_file(shared_file("payments", "mt_prowide", "MT103-bulk-with-ack.rje"))
    assert [m.reference for m in bulk] == ["234234233", "C4772342333", "201904250034434"]
    assert _roles(bulk[1])["debtor"].country.value == "NG"


def test_mt_and_mx_of_the_same_payments_agree():
    """pairs.csv names MT files and the MX the translator produced from them."""
    root = shared_file("payments", "ballerina_mt_to_mx")
    checked = 0
    with open(root / "pairs.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["mt_file"].endswith(("MT103.fin", "MT202.fin")):
                continue
            mx_path = root / row["mx_file"]
            if "pacs_008" not in mx_path.name and "pacs008" not in mx_path.name \
                    and "009" not in mx_path.name:
                continue
            (mt,) = parse_file(root / row["mt_file"])
            (mx,) = parse_file(mx_path)
            for role in ("debtor", "creditor", "underlying_debtor", "underlying_creditor"):
                mt_names = {p.name.value.strip() for p in mt.by_role(role) if p.name}
                mx_names = {p.name.value.strip() for p in mx.by_role(role) if p.name}
                assert mt_names == mx_names, (row["mt_file"], role)
            for role in ("creditor_agent", "sender", "receiver"):
                mt_bics = {i.value[:8] for p in mt.by_role(role) for i in p.ids("bic")}
                mx_bics = {i.value[:8] for p in mx.by_role(role) for i in p.ids("bic")}
                assert mt_bics == mx_bics, (row["mt_file"], role)
            checked += 1
    assert checked >= 10


OWN_MT103 = """{1:F01RZBAATWWAXXX0000000000}{2:I103SABRRUMMXXXXN}{3:{121:0b2f3c4d-1111-4222-8333-944455556666}}{4:
:20:OWN103-1
:23B:CRED
:32A:240105EUR12500,00
:33B:USD13000,00
:50F:/AT611904300234573201
1/PETROV
1/IVAN SERGEEVICH
2/PROSPEKT NAKHIMOVA 5
3/UA/SEVASTOPOL
4/19750314
5/UA/SIMFEROPOL
:52A:RZBAATWW
:53A:/123456
CITIUS33
:54A:IRVTUS3N
:56D://FW021000018
BANK OF NEW YORK
NEW YORK NY
:57D:OOO SEVERNYI BANK
UL. LENINA 1
MOSKVA
RUSSIAN FEDERATION
:59F:/40702810900000001234
1/ООО РОМАШКА
2/УЛ. ЛЕНИНА 1
3/RU/МОСКВА
:70:PAYMENT FOR BALL BEARINGS
INV 42 MV OCEAN STAR IMO 9321483
:72:/ACC/PLEASE ADVISE
:77B:/BENEFRES/IR//TEHRAN
-}{5:{CHK:123456789ABC}}"""


def test_own_mt103_all_field_options():
    (msg,) = parse_bytes(OWN_MT103.encode(), "own103.fin")
    roles = _roles(msg)
    assert roles["sender"].ids("bic")[0].value == "RZBAATWWXXX"
    assert roles["receiver"].ids("bic")[0].value == "SABRRUMMXXX"
    debtor = roles["debtor"]
    assert debtor.name.value == "PETROV IVAN SERGEEVICH"
    assert (debtor.country.value, debtor.town.value) == ("UA", "SEVASTOPOL")
    assert debtor.birth_date.value == "1975-03-14"
    assert debtor.birth_place.value == "SIMFEROPOL"
    iban = debtor.ids("iban")[0]
    assert (iban.value, iban.valid, iban.path) == ("AT611904300234573201", True, ":50F:")
    assert roles["instructing_reimbursement_agent"].ids("account")[0].value == "123456"
    assert roles["instructing_reimbursement_agent"].ids("bic")[0].value == "CITIUS33"
    assert roles["instructed_reimbursement_agent"].ids("bic")[0].path == ":54A:"
    inter = roles["intermediary_agent_1"]
    assert inter.name.value == "BANK OF NEW YORK" and inter.ids("other")[0].value == "FW021000018"
    agent = roles["creditor_agent"]
    assert (agent.name.value, agent.name.path) == ("OOO SEVERNYI BANK", ":57D:")
    assert agent.country.value == "RU"
    creditor = roles["creditor"]
    assert (creditor.name.value, creditor.country.value, creditor.town.value) == (
        "ООО РОМАШКА", "RU", "МОСКВА")
    assert creditor.ids("account")[0].value == "40702810900000001234"
    texts = {t.path: (t.kind, t.value) for t in msg.texts}
    assert texts[":70:"] == ("remittance",
                             "PAYMENT FOR BALL BEARINGS INV 42 MV OCEAN STAR IMO 9321483")
    assert texts[":72:"][0] == "instruction"
    assert texts[":77B:"] == ("regulatory", "/BENEFRES/IR//TEHRAN")
    assert [c.value for c in msg.currencies] == ["EUR", "USD"]


OWN_MT202 = """{1:F01BANKBEBBAXXX0000000000}{2:I202BANKDEFFXXXXN}{4:
:20:OWN202
:21:REL1
:32A:240105USD1000000,
:52A:BANKBEBB
:56A:/D/12345
CHASUS33
:57A:BKTRUS33
:58D:/987654
FIRST CREDIT BANK
SIMFEROPOL
-}"""


def test_own_mt202_58d_and_50f_structured_identifier():
    (msg,) = parse_bytes(OWN_MT202.encode(), "own202.fin")
    assert msg.message_type == "MT202" and not msg.cover
    roles = _roles(msg)
    assert roles["creditor"].name.value == "FIRST CREDIT BANK"
    assert roles["creditor"].address[0].value == "SIMFEROPOL"
    assert roles["intermediary_agent_1"].ids("account")[0].value == "12345"
    text = OWN_MT103.replace(":50F:/AT611904300234573201", ":50F:CCPT/RU/4509123456")
    (msg103,) = parse_bytes(text.encode(), "ccpt.fin")
    other = _roles(msg103)["debtor"].ids("other")[0]
    assert (other.value, other.scheme) == ("RU/4509123456", "CCPT")


def test_narrative_continuation_lines_join_the_line_they_continue():
    """Field 72's "//" lines continue the one before: a name split across them is one name."""
    message = ("{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:REF1\n:23B:CRED\n"
               ":32A:261128EUR100,00\n:50K:/1\nA\n:59:/2\nB\n:71A:SHA\n"
               ":72:/BNF/FOR FURTHER CREDIT TO VIKTOR\n//VEKSELBERG\n//ACC 123\n-}")
    texts = {t.path: t.value for t in parse_bytes(message.encode(), "m.fin")[0].texts}
    assert texts[":72:"] == "/BNF/FOR FURTHER CREDIT TO VIKTOR VEKSELBERG ACC 123"
