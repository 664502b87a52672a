"""Helpers for the operations tests (Tests/Ops): service processes, bundles, Prometheus, parsers."""
