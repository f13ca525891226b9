"""Page views: each parses input, calls a query or an action, and renders a template."""
