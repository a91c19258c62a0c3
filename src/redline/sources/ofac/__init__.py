"""OFAC (US Treasury) lists: the SDN list and the non-SDN Consolidated list.

Each list ships in three layouts, preferred in this order when several sit in a mirror:
Advanced XML (richest: scripts, structured dates, reference tables), classic XML, and
the legacy headerless CSV set. All three map to the same entity ids
(``ofac_sdn:<uid>`` / ``ofac_cons:<uid>``) so versions stay comparable across layouts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from redline.model import Entity
from redline.sources.base import ListFormat
from redline.sources.ofac.advanced import is_advanced, issue_date, read_advanced
from redline.sources.ofac.common import CONS, SDN
from redline.sources.ofac.csv_legacy import read_legacy_csv
from redline.sources.ofac.xml_classic import is_classic, publish_date, read_classic

SDN_CSV_COMPANIONS = ("add.csv", "alt.csv", "sdn_comments.csv")
CONS_CSV_COMPANIONS = ("cons_add.csv", "cons_alt.csv", "cons_comments.csv")


def read_sdn_advanced(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_advanced(main, SDN)


def read_cons_advanced(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_advanced(main, CONS)


def read_sdn_xml(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_classic(main, SDN)


def read_cons_xml(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_classic(main, CONS)


def read_sdn_csv(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_legacy_csv(main, companions, SDN, SDN_CSV_COMPANIONS)


def read_cons_csv(main: Path, companions: dict[str, Path]) -> Iterator[Entity]:
    return read_legacy_csv(main, companions, CONS, CONS_CSV_COMPANIONS)


_CSV_NOTES = ("Legacy CSV: strong aliases and addresses come from the companion files; "
              "without them only weak aliases (from remarks) are known.")

FORMATS: list[ListFormat] = [
    ListFormat(SDN, "ofac_advanced_xml", "sdn_advanced.xml", read_sdn_advanced,
               sniff=is_advanced, snapshot_date=issue_date, priority=3),
    ListFormat(SDN, "ofac_xml", "sdn.xml", read_sdn_xml, sniff=is_classic,
               snapshot_date=publish_date, priority=2),
    ListFormat(SDN, "ofac_csv", "sdn.csv", read_sdn_csv, companions=SDN_CSV_COMPANIONS,
               priority=1, notes=_CSV_NOTES),
    ListFormat(CONS, "ofac_advanced_xml", "cons_advanced.xml", read_cons_advanced,
               sniff=is_advanced, snapshot_date=issue_date, priority=3),
    ListFormat(CONS, "ofac_xml", "consolidated.xml", read_cons_xml, sniff=is_classic,
               snapshot_date=publish_date, priority=2,
               notes="The UN list is also published as consolidated.xml; the sniff "
                     "accepts only an sdnList root."),
    ListFormat(CONS, "ofac_csv", "cons_prim.csv", read_cons_csv,
               companions=CONS_CSV_COMPANIONS, priority=1, notes=_CSV_NOTES),
]

__all__ = ["FORMATS", "read_advanced", "read_classic", "read_legacy_csv"]
