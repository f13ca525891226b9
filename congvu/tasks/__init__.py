"""Tasks, their append-only event log, and the actions that write it."""
