"""Bad messages fail with a MessageError that names the source and, where known, the field."""

from __future__ import annotations

import pytest
from shared_paths import shared_file

from redline.errors import MessageError
from redline.messages import parse_bytes, parse_file

GOOD_MX = b"""<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>
<GrpHdr><MsgId>X</MsgId></GrpHdr><CdtTrfTxInf><Cdtr><Nm>A</Nm></Cdtr></CdtTrfTxInf>
</FIToFICstmrCdtTrf></Document>"""


def _error(data: bytes, source: str = "bad.msg") -> MessageError:
    with pytest.raises(MessageError) as info:
        parse_bytes(data, source)
    assert source in str(info.value)
    return info.value


def test_xxe_and_billion_laughs_refused():
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + GOOD_MX
    err = _error(xxe)
    assert err.field == "DOCTYPE" and "hostile" in str(err)
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Document>&lol2;</Document>')
    assert _error(laughs).field == "DOCTYPE"


def test_truncated_and_malformed_xml():
    assert "truncated" in str(_error(GOOD_MX[:120]))
    assert "malformed" in str(_error(b"<Document><a></b></Document>"))


def test_a_message_in_latin_1_says_which_encoding_was_expected():
    latin = GOOD_MX.replace(b"<Nm>A</Nm>", "<Nm>Société Générale</Nm>".encode("latin-1"))
    assert "none declared, so UTF-8" in str(_error(latin))
    declared = b'<?xml version="1.0" encoding="UTF-8"?>\n' + latin
    assert "declared UTF-8" in str(_error(declared)) and "Latin-1" in str(_error(declared))
    # declared as what it is, it is read
    assert parse_bytes(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + latin, "ok.msg")


def test_wrong_namespace_and_unknown_documents():
    camt = shared_file("payments", "ballerina_mt_to_mx", "mx", "c_53_1_1", "mt940_camt_053_B_D.xml")
    with pytest.raises(MessageError) as info:
        parse_file(camt)
    assert "camt.053" in str(info.value) and str(camt) in str(info.value)
    assert info.value.field == "BkToCstmrStmt"
    err = _error(b"<Invoice><Total>1</Total></Invoice>")
    assert err.field == "Document"
    mismatch = GOOD_MX.replace(b"pacs.008.001.08", b"pain.001.001.09")
    assert "pain.001.001.09" in str(_error(mismatch))
    deep = b"<Document><FIToFICstmrCdtTrf>" + b"<a>" * 100 + b"</a>" * 100 + \
        b"</FIToFICstmrCdtTrf></Document>"
    assert "nested" in str(_error(deep))


def test_mt_missing_block4_truncated_unsupported():
    err = _error(b"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{3:{121:x}}", "m.fin")
    assert err.field == "block 4" and "missing" in str(err)
    truncated = b"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:REF\n:59:/1\nNAME"
    assert _error(truncated, "t.fin").field == "block 4"
    assert _error(b"{1:F01BANKBEBBAXXX0000000000}{2:I940BANKDEFFXXXXN}{4:\n:20:X\n-}",
                  "s.fin").field == "block 2"
    no20 = b"{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:59:/1\nNAME\n-}"
    assert _error(no20, "n.fin").field == ":20:"
    assert "syntax" in str(_error(b"\x00\x01garbage"))
    assert "empty" in str(_error(b"   "))


def test_real_unsupported_mt_file_names_the_file():
    path = shared_file("payments", "ballerina_mt_to_mx", "mt",
                       "test_c_53_1_1_mt_mx__finMessage_5311_mt940_B_D__MT940.fin")
    with pytest.raises(MessageError) as info:
        parse_file(path)
    assert "MT940" in str(info.value) and path.name in str(info.value)
