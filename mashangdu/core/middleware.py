from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from mashangdu.core.request_context import client_ip


def request_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind the TLS proxy, REMOTE_ADDR is the proxy's; see README (BEHIND_TLS_PROXY)."""
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Makes the client address available to `event_record` for the duration of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
