"""Load matcher settings from config.yaml (overridable by a user YAML file)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from redline.errors import ConfigError


@dataclass(frozen=True)
class MatchConfig:
    threshold: float
    limit: int
    candidates: int
    max_postings: int
    name: dict[str, Any]
    evidence: dict[str, float]

    def allowed_edits(self, length: int) -> int:
        table = self.__dict__.get("_edits_table")
        if table is None:
            table = []
            for n in range(129):
                allowed = 2
                for max_len, edits in self.name["edits"]:
                    if n <= max_len:
                        allowed = int(edits)
                        break
                table.append(allowed)
            object.__setattr__(self, "_edits_table", table)
        return int(table[min(length, 128)])

    def edits_array(self) -> Any:
        """``allowed_edits`` for lengths 0..128 as a numpy array (vectorised comparisons)."""
        array = self.__dict__.get("_edits_array")
        if array is None:
            import numpy as np

            array = np.array([self.allowed_edits(n) for n in range(129)], dtype=np.int32)
            object.__setattr__(self, "_edits_array", array)
        return array


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@functools.cache
def load_config(path: str | None = None) -> MatchConfig:
    """Defaults from the package, overlaid with ``path`` (a user's YAML) if given."""
    text = resources.files("redline.match").joinpath("config.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if path:
        try:
            user: dict[str, Any] = yaml.safe_load(Path(path).read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read matcher config {path}: {exc}") from exc
        data = _merge(data, user.get("match", user))
    try:
        return MatchConfig(**data)
    except TypeError as exc:
        raise ConfigError(f"matcher config has unknown or missing keys: {exc}") from exc
