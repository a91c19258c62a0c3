"""Goods and trade-diversion screening: HS codes, control tables, descriptions, routes."""
