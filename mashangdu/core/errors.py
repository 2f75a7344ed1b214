"""The refusals of the domain, each with the HTTP status it answers with.

A service raises one of these with a Chinese message; a view shows the message and answers with the
error's `status` (the pages, the staff API and the public pages alike). The status is decided here, once,
per kind of refusal: a new kind of refusal is a subclass with its own `status` (a test lists them all).
"""


class DomainError(Exception):
    """A rule of the domain refused an action; the message is Chinese and shown to the user. As a rule about
    the input (a missing reason, a date out of range): HTTP 400, on the form field named by `field`."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDeniedError(DomainError):
    """The actor may not do this (HTTP 403)."""

    status = 403


class WrongStateError(DomainError):
    """The object is not in a state that allows the action, e.g. an appeal already signed for (HTTP 409)."""

    status = 409


class RateLimitedError(DomainError):
    """Too many submissions from one address or phone (HTTP 429)."""

    status = 429
