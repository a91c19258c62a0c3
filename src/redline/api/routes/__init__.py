"""Screener endpoints beyond party screening; each module exposes ``router``."""
