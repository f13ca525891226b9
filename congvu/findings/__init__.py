"""Findings: signals raised by the analytics core, their explanations and review."""
