"""The document-screening parameters from ``config.yaml`` (read once)."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml


@functools.cache
def document_config() -> dict[str, Any]:
    text = resources.files("redline.documents").joinpath("config.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data
