"""Helpers of document screening: extraction (text/HTML/PDF), Russian stems, patterns, HTML view.

The screener itself is ``redline.screeners.document.DocumentScreener``.
"""

from __future__ import annotations

from redline.documents.extract import Extracted, extract
from redline.documents.russian import listed_stem, stem, to_cyrillic

__all__ = ["Extracted", "extract", "listed_stem", "stem", "to_cyrillic"]
