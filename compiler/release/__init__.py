"""Releases: the publish gate (gate.py) and the approval `ladder release` records in the source (record.py).

A release is the framework's `version` and `effective_date`; it is published only when the gate passes.
"""
