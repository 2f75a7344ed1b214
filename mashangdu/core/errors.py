class DomainError(Exception):
    """A rule of the domain refused an action; the message is Chinese and shown to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDeniedError(DomainError):
    """The actor may not do this (HTTP 403)."""
