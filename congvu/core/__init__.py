"""Shared pieces of the domain packages: the action error."""
