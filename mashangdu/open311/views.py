"""GeoReport v2 endpoints under /open311/v2/ (JSON and XML), with the extensions of issue 6."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from mashangdu.core.params import BadParameter, Params
from mashangdu.open311 import retries
from mashangdu.open311 import service as svc
from mashangdu.open311.models import ApiClient, Open311Submission
from mashangdu.open311.render import error, respond

View = Callable[..., HttpResponse]


def open311(view: View) -> View:
    """Format from the URL suffix, jurisdiction_id checked, Open311Error → the spec's error list."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        params = Params(request.POST if request.method == "POST" else request.GET)
        jurisdiction = params.text("jurisdiction_id", max_length=100).strip()
        if jurisdiction and jurisdiction != settings.OPEN311_JURISDICTION:
            return error(fmt, 404, f"jurisdiction_id {jurisdiction[:60]} was not found")
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except svc.Open311Error as exc:
            return error(fmt, exc.status, exc.description)
        except BadParameter as exc:  # core.params: the parameter named, in the specification's error list
            return error(fmt, exc.status, exc.message)

    return wrapped


@require_GET
@open311
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": "json"})).rsplit("/", 1)[0]
    return respond(
        fmt,
        "discovery",
        {
            "changeset": "2026-11-29 00:00",
            "contact": f"{settings.COUNTY_NAME}营商环境服务中心，服务热线 {settings.SERVICE_HOTLINE}",
            "key_service": "接入系统请联系县营商环境服务中心申请 api_key（系统管理 → 接口客户端）。",
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2026-11-29 00:00",
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


@require_GET
@open311
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "services", svc.service_list())


@require_GET
@open311
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    return respond(fmt, "service_definition", svc.service_definition(svc.service_by_code(code)))


@csrf_exempt  # a machine API authenticated by api_key, not a browser form
@require_http_methods(["GET", "POST"])
@open311
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        client = ApiClient.by_key((request.POST.get("api_key") or "").strip())
        if client is None:
            return error(fmt, 403, "Missing or invalid api_key -- can't proceed with create_request.")
        return _create(request, client, fmt)
    params = Params(request.GET)
    rows = svc.search(params)
    extensions = params.flag("extensions")
    if params.raw("page") or params.raw("page_size"):
        size = params.integer("page_size", default=100, low=1, high=svc.MAX_ROWS) or 100
        number = params.integer("page", default=1, low=1, high=10**9) or 1
        try:
            items = list(Paginator(rows, size).page(number))
        except EmptyPage:
            items = []
    else:
        items = list(rows[: svc.MAX_ROWS])
    return respond(fmt, "service_requests", [svc.as_request(a, extensions=extensions) for a in items])


def _create(request: HttpRequest, client: ApiClient, fmt: str) -> HttpResponse:
    """A retry answers with the request it repeats; past the client's rate a 429 files nothing."""
    now = timezone.now()
    try:
        keys = retries.retry_keys(client, request.headers.get("Idempotency-Key"), dict(request.POST.lists()), now)
    except retries.BadRetryKey as exc:
        return error(fmt, 400, str(exc))
    for attempt in range(2):
        done = retries.earlier(client, keys)
        if done is not None:
            answer = svc.post_response(done.tracking_no, done.token, done.account_id)
            return respond(fmt, "service_requests", [answer])
        if retries.over_limit(client, now):
            response = error(fmt, 429, "Too many requests from this api_key: retry after a minute.")
            response["Retry-After"] = "60"
            return response
        try:
            created = svc.create_request(client=client, data=request.POST, retry_key=keys[0])
        except IntegrityError:
            if attempt:
                raise
            continue  # a copy of this request won the race: answer with it
        return respond(fmt, "service_requests", [created])
    raise AssertionError("unreachable")


@require_GET
@open311
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    appeal = svc.public_requests().filter(tracking_no=request_id).first()
    if appeal is None:
        return error(fmt, 404, f"service_request_id {request_id[:30]} was not found")
    extensions = Params(request.GET).flag("extensions")
    return respond(fmt, "service_requests", [svc.as_request(appeal, extensions=extensions)])


@require_GET
@open311
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    found = Open311Submission.objects.filter(token=token).select_related("appeal").first()
    if found is None:
        return error(fmt, 404, f"token {token[:40]} was not found")
    return respond(fmt, "service_requests", [{"service_request_id": found.appeal.tracking_no, "token": token}])


@require_GET
@open311
def request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "service_request_updates", svc.updates(Params(request.GET)))
