"""Forms that parse the pages' input (one module per domain)."""
