"""Screeners: turn an input (payment, shipment, vessel, document) into queries and hits."""
