"""redline: sanctions and export-control screening."""

__version__ = "0.1.0"
