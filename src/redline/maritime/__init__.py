"""Maritime: AIS ingestion (NMEA and decoded CSV), behaviour detection and vessel risk reports.

The pipeline is columnar on purpose: millions of positions flow as numpy arrays
(``Positions``) from a reader to vectorised detectors, because a per-row Python loop
cannot keep up with a day of AIS for a sea basin. Thresholds, zones and the MID table
are YAML data in this package, so an analyst can read and change them without code.
"""

from redline.maritime.events import Event
from redline.maritime.ingest import AisData, IngestReport, read_ais
from redline.maritime.positions import Positions, StaticRecord

__all__ = ["AisData", "Event", "IngestReport", "Positions", "StaticRecord", "read_ais"]
