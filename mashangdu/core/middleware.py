from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

from mashangdu.core.request_context import client_ip
from mashangdu.core.text import clean_text, needs_cleaning

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


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


def cleaned_query(query: QueryDict) -> _ImmutableQueryDict | None:
    """A cleaned copy of `query`, or None when nothing in it needs cleaning (the common case: no copy)."""
    if not any(needs_cleaning(k) or any(needs_cleaning(v) for v in values) for k, values in query.lists()):
        return None
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(clean_text(key), [clean_text(v) for v in values])
    copy._mutable = False
    return cast("_ImmutableQueryDict", copy)


class CleanInputMiddleware:
    """Strips control characters and lone surrogates from every query string and form body (core/text.py):
    the public forms, Open311's POST and every staff form read request.GET / request.POST. JSON bodies of
    the staff API are cleaned by its parsers (mashangdu/api/parsers.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_cleaning(request.path_info):
            # No page has a control character in its address; one in a path segment would reach a lookup
            # (PostgreSQL refuses NUL in a string: a 500 on the admin's pages of string-keyed models).
            raise Http404("网址中含有控制字符。")
        get = cleaned_query(request.GET)
        if get is not None:
            request.GET = get
        if request.method == "POST" and request.content_type in FORM_TYPES:
            post = cleaned_query(request.POST)
            if post is not None:
                request.POST = post
        return self.get_response(request)


# Path prefix → the 400 page of that part of the site; apps with pages of their own look register theirs in
# AppConfig.ready() (intake: the public pages under /m/). Longest prefix wins; "" is the staff pages' page.
BAD_REQUEST_TEMPLATES: dict[str, str] = {"": "core/bad_request.html"}


def error_template(path: str) -> str:
    """The error page template of the part of the site `path` belongs to (the longest registered prefix)."""
    return BAD_REQUEST_TEMPLATES[max((p for p in BAD_REQUEST_TEMPLATES if path.startswith(p)), key=len)]


def register_bad_request_template(prefix: str, template: str) -> None:
    BAD_REQUEST_TEMPLATES[prefix] = template


class BadParameterMiddleware:
    """A page view that raised BadParameter (core.params) answers 400 with the site's page naming the
    parameter. The staff API (api.errors) and Open311 (open311.views) answer in their own formats before
    an exception reaches here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from mashangdu.core.params import BadParameter

        if not isinstance(exception, BadParameter):
            return None
        # "Back" is the same page without its parameters (never the Referer, which the client chooses).
        context = {"message": exception.message, "back": request.path}
        return render(request, error_template(request.path), context, status=400)
