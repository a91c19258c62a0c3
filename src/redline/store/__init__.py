"""Persistent state: list versions (and, later, cases and the audit log)."""

from redline.store.lists import ListStore, ListVersion

__all__ = ["ListStore", "ListVersion"]
