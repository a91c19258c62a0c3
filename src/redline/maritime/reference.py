"""Reference data for the AIS detectors: thresholds, zones and the MID → flag table.

All three are YAML in this package (reviewable, diffable) and can be overridden by a
user file, because thresholds and port polygons are regional judgements, not code.
"""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from matplotlib.path import Path as MplPath

from redline.errors import ConfigError

ZONE_KINDS = ("oil_terminal", "port", "anchorage", "coverage_hole")


def _package_yaml(name: str) -> Any:
    text = resources.files("redline.maritime").joinpath(name).read_text("utf-8")
    return yaml.safe_load(text)


@functools.cache
def _default_config() -> dict[str, Any]:
    data: dict[str, Any] = _package_yaml("config.yaml")
    return data


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """The detector config; a user file is merged over the defaults section by section."""
    config = copy.deepcopy(_default_config())
    if path is None:
        return config
    try:
        user = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read AIS detector config: {exc}") from exc
    if not isinstance(user, dict):
        raise ConfigError(f"{path}: AIS detector config must be a mapping")
    for section, values in user.items():
        if section not in config or not isinstance(values, dict):
            raise ConfigError(f"{path}: unknown or malformed config section {section!r}")
        config[section].update(values)
    return config


@dataclass(frozen=True, slots=True)
class Zone:
    """A named polygon; ``kind`` decides which detectors use it."""

    id: str
    name: str
    kind: str
    polygon: tuple[tuple[float, float], ...]  # (lon, lat)
    country: str | None = None
    source: str | None = None

    def bbox(self) -> tuple[float, float, float, float]:
        lons = [p[0] for p in self.polygon]
        lats = [p[1] for p in self.polygon]
        return min(lons), min(lats), max(lons), max(lats)

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Vectorised point-in-polygon, with a bounding-box prefilter (C speed, no loop)."""
        x0, y0, x1, y1 = self.bbox()
        inside = (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
        idx = np.flatnonzero(inside)
        if idx.size:
            path = MplPath(np.asarray(self.polygon, dtype=float))
            pts = np.column_stack([lon[idx], lat[idx]])
            inside[idx] = path.contains_points(pts, radius=1e-9)
        return inside


def _zone(raw: dict[str, Any], where: str) -> Zone:
    try:
        kind = str(raw["kind"])
        polygon = tuple((float(p[0]), float(p[1])) for p in raw["polygon"])
        zone = Zone(id=str(raw["id"]), name=str(raw.get("name", raw["id"])), kind=kind,
                    polygon=polygon, country=raw.get("country"), source=raw.get("source"))
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ConfigError(f"{where}: malformed zone {raw!r}: {exc}") from exc
    if kind not in ZONE_KINDS:
        raise ConfigError(f"{where}: zone {zone.id!r} has unknown kind {kind!r}; use one of {ZONE_KINDS}")
    if len(polygon) < 3:
        raise ConfigError(f"{where}: zone {zone.id!r} needs at least 3 points")
    return zone


def _geojson_zones(data: dict[str, Any], where: str) -> list[dict[str, Any]]:
    out = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        geom = feature.get("geometry") or {}
        if geom.get("type") != "Polygon":
            raise ConfigError(f"{where}: only Polygon geometries are supported")
        out.append({**props, "polygon": geom["coordinates"][0]})
    return out


def load_zones(extra: str | Path | None = None) -> list[Zone]:
    """Package zones plus a user file (YAML ``zones:`` list or GeoJSON); same id overrides."""
    zones = {z["id"]: _zone(z, "zones.yaml") for z in _package_yaml("zones.yaml")["zones"]}
    if extra is not None:
        where = str(extra)
        try:
            text = Path(extra).read_text("utf-8")
            data = json.loads(text) if where.endswith((".json", ".geojson")) else yaml.safe_load(text)
        except (OSError, ValueError, yaml.YAMLError) as exc:
            raise ConfigError(f"{where}: cannot read zones: {exc}") from exc
        raw = _geojson_zones(data, where) if data.get("type") == "FeatureCollection" else data.get("zones", [])
        for item in raw:
            zone = _zone(item, where)
            zones[zone.id] = zone
    return list(zones.values())


@functools.cache
def mid_table() -> dict[int, str]:
    return {int(k): str(v) for k, v in _package_yaml("mid.yaml").items()}


def mmsi_flag(mmsi: int) -> str | None:
    """Flag (ISO2 lower) from a ship-station MMSI's MID, or None for other station kinds."""
    if not 200_000_000 <= mmsi <= 799_999_999:
        return None  # SAR aircraft, base stations, AtoN, group calls, handhelds...
    return mid_table().get(mmsi // 1_000_000)
