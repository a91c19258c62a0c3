"""The official lists: where each is published, in which formats, under which licence.

Formats come from the reader packages (each exposes ``FORMATS``); this module adds
what a compliance user must know about a list — its publisher, official download
address and licence — and which lists load by default.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from redline.sources.base import ListFormat

_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"


@dataclass(frozen=True)
class Download:
    url: str
    filename: str


@dataclass(frozen=True)
class ListInfo:
    name: str
    title: str
    publisher: str
    licence: str
    downloads: tuple[Download, ...]
    default: bool = True
    notes: str = ""


LISTS: tuple[ListInfo, ...] = (
    ListInfo(
        "ofac_sdn", "OFAC Specially Designated Nationals (SDN) List", "US Treasury OFAC",
        "US Government work, public domain",
        (Download(_OFAC + "SDN.XML", "sdn.xml"),),
    ),
    ListInfo(
        "ofac_cons", "OFAC Consolidated (non-SDN) List", "US Treasury OFAC",
        "US Government work, public domain",
        (Download(_OFAC + "CONSOLIDATED.XML", "consolidated.xml"),),
    ),
    ListInfo(
        "eu_fsf", "EU Consolidated Financial Sanctions List (FSF)", "European Commission",
        "Reuse authorised with attribution (Commission Decision 2011/833/EU)",
        (Download(
            "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
            "content?token=dG9rZW4tMjAxNw", "eu_fsf.xml"),),
    ),
    ListInfo(
        "un_sc", "UN Security Council Consolidated List", "United Nations Security Council",
        "Public UN document",
        (Download("https://scsanctions.un.org/resources/xml/en/consolidated.xml", "un_consolidated.xml"),),
    ),
    ListInfo(
        "uk_sanctions_list", "UK Sanctions List", "UK Foreign, Commonwealth & Development Office",
        "Open Government Licence v3.0",
        (Download("https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml", "UK-Sanctions-List.xml"),),
    ),
    ListInfo(
        "uk_ofsi", "UK HM Treasury OFSI Consolidated List (ConList)", "HM Treasury OFSI",
        "Open Government Licence v3.0",
        (Download("https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv", "ConList.csv"),),
        default=False, notes="Superseded by the UK Sanctions List in January 2026; kept for archives.",
    ),
    ListInfo(
        "us_csl", "US Consolidated Screening List (incl. BIS Entity List)", "US International Trade Administration",
        "US Government work, public domain",
        (Download(
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv", "consolidated.csv"
        ),),
    ),
    ListInfo(
        "us_bis_dpl", "BIS Denied Persons List", "US Commerce BIS",
        "US Government work, public domain",
        (Download("https://www.bis.doc.gov/dpl/dpl.txt", "dpl.txt"),),
        default=False, notes="Also contained in the Consolidated Screening List.",
    ),
    ListInfo(
        "eu_833", "EU Regulation 833/2014 annexes (entities, shadow-fleet vessels)",
        "OpenSanctions transcription of EUR-Lex", "CC-BY-NC-4.0 (non-commercial use only)",
        (), default=False, notes="Mirror only: no official machine-readable file exists.",
    ),
    ListInfo(
        "ftm", "FollowTheMoney entity files (OpenSanctions datasets)", "OpenSanctions",
        "CC-BY-NC-4.0 for OpenSanctions data", (), default=False,
        notes="Mirror only; each file loads as its own list ftm_<dataset>.",
    ),
)

_READER_PACKAGES = (
    "redline.sources.ofac", "redline.sources.eu", "redline.sources.un", "redline.sources.uk",
    "redline.sources.csl", "redline.sources.ftm", "redline.sources.eu833",
)


def list_info(name: str) -> ListInfo | None:
    base = "ftm" if name.startswith("ftm_") else name
    return next((info for info in LISTS if info.name == base), None)


def all_formats() -> list[ListFormat]:
    """Every known file layout, best (richest) formats first within a list."""
    formats: list[ListFormat] = []
    for package in _READER_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(package):
                continue
            raise
        formats.extend(getattr(module, "FORMATS", []))
    return sorted(formats, key=lambda f: (f.list_name, -f.priority))
