"""Candidate retrieval over the loaded list versions."""

from redline.index.index import IndexedEntity, NameEntry, ScreeningIndex

__all__ = ["IndexedEntity", "NameEntry", "ScreeningIndex"]
