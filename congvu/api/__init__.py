"""The REST API (django-ninja, OpenAPI) under /api/v1/."""
