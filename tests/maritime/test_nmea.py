"""Raw NMEA ingestion: the real pyais sample, timestamps, and hostile lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyais.encode import encode_dict
from shared_paths import shared_file

from redline.errors import MessageError
from redline.maritime import read_ais
from redline.maritime.nmea import decode_lines
from redline.maritime.positions import NO_TIME


def _tag(body: str) -> str:
    check = 0
    for ch in body:
        check ^= ord(ch)
    return f"\\{body}*{check:02X}\\"


def test_real_sample_counts_per_type() -> None:
    data = read_ais(shared_file("ais", "pyais_nmea_data_sample.txt"))
    r = data.report
    assert r.format == "nmea"
    assert r.lines == 898
    assert dict(r.messages) == {"1": 667, "3": 76, "18": 19, "15": 7, "4": 6, "24": 2, "20": 1}
    # 100 '!AIVDM,1,1,,B,,0*25' lines, and 20 type-5 first halves whose second part is absent
    assert r.skipped["empty_payload"] == 100
    assert r.skipped["incomplete_multipart"] == 20
    assert r.skipped["position_not_available"] == 4
    assert len(data.positions) == r.positions == 667 + 76 + 19 - 4
    assert r.untimed == r.positions  # the sample has no tag blocks or timestamps
    assert (data.positions.t == NO_TIME).all()
    assert sum(r.messages.values()) + r.skipped_total - 4 == r.lines


def test_real_sample_known_vessel() -> None:
    data = read_ais(shared_file("ais", "pyais_nmea_data_sample.txt"))
    mmsis = set(data.positions.mmsi.tolist())
    assert 237836700 in mmsis  # first sentence of line 3 in the file
    sel = data.positions.mmsi == 237836700
    assert abs(float(data.positions.lat[sel][0]) - 37.312973) < 1e-4
    assert abs(float(data.positions.lon[sel][0]) - 23.311338) < 1e-4
    # type 24 part A + B of the same yacht give its name and call sign
    names = {(s.mmsi, s.name, s.call_sign) for s in data.static}
    assert (244270489, "SY-LUNDE", None) in names and (244270489, None, "PH7460") in names


def test_garbage_bad_checksum_and_truncation_are_counted() -> None:
    good = "!AIVDM,1,1,,A,13RlIW?04F1beOVEFLB9bRvH0L0L,0*6C"
    lines = [good, good[:-2] + "00", "hello world", "!AIVDM,1,1,,A,13RlIW?04F1beOV", "\xff\xfe!AIVDM,x",
             "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47",
             "!AIVDM,2,1,7,A,55DTsr01rEv?<E5;801<D604pDlu<0000000001?21J7:5cde>C0H1kmC1E5,0*7A", ""]
    data = decode_lines([ln.encode("latin-1") for ln in lines])
    r = data.report
    assert r.positions == 1
    assert r.skipped["bad_checksum"] >= 1
    assert r.skipped["not_nmea"] == 2  # free text and a GPS (non-AIS) sentence
    assert r.skipped_total == 6
    assert any("line 2" in e for e in r.examples)


def test_multipart_assembly_and_timestamps() -> None:
    static = {"msg_type": 5, "mmsi": 273100003, "imo": 9176187, "callsign": "UBAB1", "shipname": "TEST TANKER",
              "ship_type": 80}
    parts = encode_dict(static, radio_channel="A", talker_id="AI", seq_id=3)
    assert len(parts) == 2
    pos = encode_dict({"msg_type": 1, "mmsi": 273100003, "lat": 60.33, "lon": 28.66, "speed": 0.1},
                      talker_id="AI")[0]
    lines = [_tag("c:1704067200") + parts[0], parts[1],
             _tag("s:station1,c:1704067260000") + pos,  # milliseconds
             "2024-01-01T00:02:00Z " + pos, "1704067380.5," + pos, pos]
    data = decode_lines([ln.encode() for ln in lines])
    assert data.report.messages == {"5": 1, "1": 4}
    assert data.positions.t.tolist() == [1704067260, 1704067320, 1704067380, NO_TIME]
    assert data.report.untimed == 1
    (rec,) = data.static
    assert (rec.imo, rec.name, rec.call_sign, rec.first, rec.imo_valid) == ("9176187", "TEST TANKER", "UBAB1",
                                                                            1704067200, True)


def test_out_of_order_fragment_is_incomplete() -> None:
    parts = encode_dict({"msg_type": 5, "mmsi": 273100003, "shipname": "X"}, seq_id=1)
    data = decode_lines([parts[1].encode(), parts[0].encode()])
    assert data.report.skipped["incomplete_multipart"] == 2
    assert not data.static


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(MessageError, match="cannot read"):
        read_ais(tmp_path / "missing.nmea")
    empty = tmp_path / "empty.nmea"
    empty.write_text("\n\n")
    with pytest.raises(MessageError, match="empty"):
        read_ais(empty)
