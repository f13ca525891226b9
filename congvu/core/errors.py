"""ActionError: an action refused for a reason the user can fix (a form error, 422 in the API)."""


class ActionError(Exception):
    """A refused action, with a translated sentence and a machine-readable code."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


class StaleWrite(ActionError):
    """Someone else changed the record since it was read (optimistic locking)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="stale")


class Forbidden(ActionError):
    """The rules do not let this person name that person or unit (such as asking an official
    outside their line of superiors): the sentence says which rule; 403 in the API."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="forbidden")
