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
