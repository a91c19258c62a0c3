"""Measuring the matcher: a generated test deck, recall and false alerts, thresholds."""
