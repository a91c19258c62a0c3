"""Raw NMEA 0183 AIS (``!AIVDM``/``!AIVDO``) → positions and static records, via pyais.

How a position gets its time (AIS position reports carry only the UTC second):

1. an NMEA 4.0 tag block ``\\c:<unix time>*hh\\`` before the sentence (seconds, or
   milliseconds when the number is that large), as written by most shore networks;
2. otherwise a leading timestamp on the line before the ``!``/``\\``: ISO 8601
   (``2024-03-01T12:00:00Z``, space or ``T``) or unix seconds, separated by a blank,
   comma, semicolon or tab;
3. otherwise the position is kept with ``NO_TIME`` and counted in ``report.untimed``;
   time-based detectors ignore it, maps still draw it.

A multi-part message takes the time of its first fragment. Fragments are grouped by
(channel, sequence id); a fragment 1 that arrives while the same group is still open
closes the old one as ``incomplete_multipart``, as do groups open at end of file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from pyais.exceptions import AISBaseException
from pyais.messages import AISSentence, NMEASentenceFactory

from redline.errors import MessageError
from redline.maritime.ingest import AisData, IngestReport
from redline.maritime.positions import NO_TIME, PositionBuilder, StaticRecord, clean_text, merge_static, time_in_range
from redline.text.identifiers import is_valid

POSITION_TYPES = {1, 2, 3, 18, 19, 27}
STATIC_TYPES = {5, 19, 24}
_SEPARATORS = " \t,;"


def _prefix_time(prefix: bytes) -> int | None:
    text = prefix.decode("ascii", "replace").strip(_SEPARATORS)
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        try:
            stamp = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            return None
        if stamp.tzinfo is None:
            return int((stamp - datetime(1970, 1, 1)).total_seconds())
        return int(stamp.timestamp())
    if not math.isfinite(value):
        return None
    return int(value / 1000) if value > 1e11 else int(value)


def _tag_time(sentence: AISSentence) -> int | None:
    block = sentence.tag_block
    if block is None:
        return None
    try:
        block.init()
        stamp = block.receiver_timestamp
    except (AISBaseException, ValueError, IndexError):
        return None
    if not stamp:
        return None
    try:
        value = int(stamp)
    except ValueError:
        return None
    return value // 1000 if value > 10**11 else value


class NmeaDecoder:
    """Stateful line decoder: feed lines in order, then ``finish()``."""

    def __init__(self, source: str) -> None:
        self.report = IngestReport(source=source, format="nmea")
        self.positions = PositionBuilder()
        self.static: list[StaticRecord] = []
        self._open: dict[tuple[str, int | None], tuple[list[AISSentence], int, int]] = {}

    def feed(self, raw: bytes, line_no: int) -> None:
        report = self.report
        report.lines += 1
        line = raw.strip()
        if not line:
            report.lines -= 1
            return
        bang, back = line.find(b"!"), line.find(b"\\")
        start = back if back != -1 and (bang == -1 or back < bang) else bang
        if start == -1:
            report.skip("not_nmea", line_no, line.decode("ascii", "replace"))
            return
        prefix_time = _prefix_time(line[:start]) if start else None
        try:
            sentence = NMEASentenceFactory.produce(line[start:])
        except (AISBaseException, ValueError, IndexError, TypeError):
            report.skip("malformed", line_no, line.decode("ascii", "replace"))
            return
        if not isinstance(sentence, AISSentence):
            report.skip("not_ais", line_no)
            return
        if not sentence.is_valid:
            report.skip("bad_checksum", line_no, line.decode("ascii", "replace"))
            return
        t = _tag_time(sentence)
        if t is None:
            t = prefix_time
        if t is not None and not time_in_range(t):
            report.warnings["time_out_of_range"] += 1
            report.example("time_out_of_range (kept untimed)", line_no, f"epoch {t}")
            t = None
        if sentence.frag_cnt == 1:
            self._decode(sentence, t, line_no)
            return
        key = (sentence.channel, sentence.seq_id)
        parts, first_t, first_line = self._open.get(key, ([], t, line_no))
        if sentence.frag_num == 1 and parts:
            report.skip("incomplete_multipart", first_line, n=len(parts))
            parts, first_t, first_line = [], t, line_no
        if parts and (sentence.frag_cnt != parts[0].frag_cnt or sentence.frag_num != len(parts) + 1):
            report.skip("incomplete_multipart", first_line, n=len(parts) + 1)
            self._open.pop(key, None)
            return
        parts.append(sentence)
        if len(parts) == sentence.frag_cnt:
            self._open.pop(key, None)
            self._decode(AISSentence.assemble_from_iterable(parts), first_t, first_line)
        else:
            self._open[key] = (parts, first_t, first_line)

    def _decode(self, sentence: AISSentence, t: int | None, line_no: int) -> None:
        report = self.report
        if not sentence.payload:
            report.skip("empty_payload", line_no)
            return
        try:
            msg = sentence.decode()
        except (AISBaseException, ValueError, IndexError, KeyError, TypeError) as exc:
            report.skip(f"decode_error:{type(exc).__name__}", line_no)
            return
        kind = int(msg.msg_type)
        report.messages[str(kind)] += 1
        mmsi = int(msg.mmsi)
        if kind in POSITION_TYPES:
            lat, lon = getattr(msg, "lat", None), getattr(msg, "lon", None)
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                report.skip("position_not_available", line_no)
            else:
                speed = getattr(msg, "speed", None)
                sog = float(speed) if speed is not None and speed < 102.2 else math.nan
                self.positions.add(mmsi, NO_TIME if t is None else t, lat, lon, sog)
                report.positions += 1
                if t is None:
                    report.untimed += 1
        if kind in STATIC_TYPES:
            self._static(msg, kind, mmsi, t)

    def _static(self, msg: object, kind: int, mmsi: int, t: int | None) -> None:
        imo_raw = getattr(msg, "imo", None)
        imo = str(imo_raw) if imo_raw else None
        ship_type = getattr(msg, "ship_type", None)
        rec = StaticRecord(
            mmsi=mmsi, imo=imo, name=clean_text(getattr(msg, "shipname", None)),
            call_sign=clean_text(getattr(msg, "callsign", None)),
            ship_type=int(ship_type) if ship_type is not None else None,
            first=t, last=t, imo_valid=bool(imo and is_valid("imo", imo)), sources=[f"ais{kind}"],
        )
        if rec.imo or rec.name or rec.call_sign:
            self.static.append(rec)
            self.report.static += 1

    def finish(self) -> AisData:
        for parts, _t, first_line in self._open.values():
            self.report.skip("incomplete_multipart", first_line, n=len(parts))
        self._open.clear()
        if self.report.untimed:
            self.report.warnings["untimed_positions"] = self.report.untimed
        return AisData(self.positions.build(), merge_static(self.static), self.report)


def decode_lines(lines: Iterable[bytes], source: str = "<nmea>") -> AisData:
    decoder = NmeaDecoder(source)
    for no, line in enumerate(lines, 1):
        decoder.feed(line, no)
    return decoder.finish()


def read_nmea(path: Path) -> AisData:
    try:
        with path.open("rb") as fh:
            return decode_lines(fh, str(path))
    except OSError as exc:
        raise MessageError(f"cannot read NMEA file: {exc}", source=str(path)) from exc
