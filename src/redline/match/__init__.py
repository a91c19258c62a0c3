"""Scoring: weighted features, each a small function returning its score and its reason."""
