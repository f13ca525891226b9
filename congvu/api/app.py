"""The NinjaAPI instance."""

from ninja import NinjaAPI

api = NinjaAPI(title="congvu API", version="1", urls_namespace="api")
