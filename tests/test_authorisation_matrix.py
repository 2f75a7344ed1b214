"""The authorisation matrix (issue 13): every URL pattern and every API operation × every persona, with the
status each must get.

The table below (`MATRIX`) states, per route, the requests made and the expected outcome for each persona
(`authz_world.PERSONAS`). Routes are grouped by rule; the admin site's routes are generated per registered
model. Two tests keep the table complete: every pattern of the URL resolver and every operation of the
OpenAPI schema must be reached by a case, so a new route without an entry fails, naming the route.

Objects outside a persona's data scope are 404 (an appeal of another unit, a complaint about the
persona's own unit, someone else's job or message). A POST is sent for real inside a savepoint that is
rolled back; a refused POST must also leave the database as it was.

Outcomes: an HTTP status, or LOGIN (a redirect to a login page), or REDIRECT (any other redirect)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator

from mashangdu.core.models import Event, Job, Notification
from tests.authz_world import ACCESS_CODE, NOW, PERSONAS, World

LOGIN = "login"  # 302 to a login page
REDIRECT = "redirect"  # 302 anywhere else
Outcome = int | str
Expect = dict[str, Outcome]

ANONYMOUS = ("anonymous", "public")
STAFF = tuple(p for p in PERSONAS if p not in ANONYMOUS)
COUNTY_WIDE = ("dispatcher", "x_admin", "supervisor", "discipline", "leader", "admin")  # core.models.COUNTY_WIDE
SUPERVISORS = ("supervisor", "discipline")
ADMINS = ("x_admin", "admin")
QR_MANAGERS = ("dispatcher", *ADMINS)
UNIT_STAFF = ("handler_a", "head_a", "handler_b", "x_handler", "supervisor", "discipline")  # hold 承办人/单位负责人
# Data scope of each appeal (appeals_visible_to): county-wide roles, the handling unit, the cadre who entered it;
# never the unit a complaint is about, whatever its members' roles.
SCOPE_A = (*COUNTY_WIDE, "handler_a", "head_a", "cadre")
SCOPE_B = (*COUNTY_WIDE, "handler_b")
SCOPE_X = ("dispatcher", "supervisor", "discipline", "leader", "admin")  # not x_admin, not x_handler


def everyone(outcome: Outcome = 200, **override: Outcome) -> Expect:
    return {p: override.get(p, outcome) for p in PERSONAS}


def staff(allowed: Iterable[str] = STAFF, ok: Outcome = 200, denied: Outcome = 403, anon: Outcome = LOGIN) -> Expect:
    """Behind the login; `allowed` get `ok`, other staff `denied`."""
    allowed = set(allowed)
    return {p: anon if p in ANONYMOUS else ok if p in allowed else denied for p in PERSONAS}


def scoped(allowed: Iterable[str], ok: Outcome = 200) -> Expect:
    """An object in the data scope of `allowed` only: 404 for the rest of the staff."""
    return staff(allowed, ok, denied=404)


def api(allowed: Iterable[str] = STAFF, ok: Outcome = 200, denied: Outcome = 404) -> Expect:
    """The staff API: 401 without a token or a session."""
    return staff(allowed, ok, denied=denied, anon=401)


def api_act(in_scope: Iterable[str], may: Iterable[str], ok: Outcome = 200) -> Expect:
    """An action through the API: 404 outside the scope, 403 inside it without the right, `ok` with it."""
    may, in_scope = set(may), set(in_scope)
    return {p: 401 if p in ANONYMOUS else ok if p in may else 403 if p in in_scope else 404 for p in PERSONAS}


def page_act(in_scope: Iterable[str], may: Iterable[str], ok: Outcome = REDIRECT) -> Expect:
    may, in_scope = set(may), set(in_scope)
    return {p: LOGIN if p in ANONYMOUS else ok if p in may else 403 if p in in_scope else 404 for p in PERSONAS}


@dataclass(frozen=True)
class Case:
    url: str  # formatted with World.ids
    expect: Expect
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    json: bool = False
    own_client: bool = False  # the request ends the session (logout): sent from a client of its own


def get(url: str, expect: Expect) -> Case:
    return Case(url, expect)


def post(
    url: str, expect: Expect, data: dict[str, Any] | None = None, *, json: bool = False, own_client: bool = False
) -> Case:
    return Case(url, expect, "post", data or {}, json, own_client)


URGE = {"note": "请加快办理。"}
PUBLIC_FEED = everyone(200)

MATRIX: dict[str, list[Case]] = {
    # ------------------------------------------------------------------ sign-in, home, units, log, inbox, jobs
    "home: every member of staff": [get("/", staff())],
    "login page: staff already signed in are sent on": [
        get("/accounts/login/", everyone(200, **dict.fromkeys(STAFF, REDIRECT)))
    ],
    "favicon: anyone": [get("/favicon.ico", everyone(200))],
    "logout: anyone": [post("/accounts/logout/", everyone(LOGIN), own_client=True)],
    "password change: staff": [get("/accounts/password/", staff()), get("/accounts/password/done/", staff())],
    "second factor: the code step only with a password just accepted; enrolment page for staff": [
        get("/accounts/login/otp/", everyone(LOGIN)),
        get("/accounts/security/", staff()),
    ],
    "unit page: county-wide roles any unit, unit staff their own": [
        get("/units/{unit_a}/", scoped((*COUNTY_WIDE, "handler_a", "head_a"))),
        get("/units/{unit_x}/", scoped((*COUNTY_WIDE, "x_handler"))),
    ],
    "event log: supervisors and admins, less the events of complaints about their unit": [
        get("/events/", staff((*SUPERVISORS, *ADMINS))),
    ],
    "inbox: own messages only": [
        get("/inbox/", staff()),
        post("/inbox/{note}/read/", scoped(("handler_a",), REDIRECT)),
    ],
    "jobs: the starter only": [
        get("/jobs/{job}/", scoped(("supervisor",))),
        get("/jobs/{job}/download/", scoped(("supervisor",))),
        post("/jobs/{job}/rerun/", scoped(("supervisor",), REDIRECT)),
    ],
    "health check: the load balancer": [get("/healthz", everyone())],
    # ------------------------------------------------------------------ appeals (pages)
    "appeal list and search: staff, scoped": [
        get("/appeals/", staff()),
        post("/appeals/", staff(ok=REDIRECT), {"q": "{a_no}"}),
    ],
    "appeal entry: dispatchers and cadres": [
        get("/appeals/new/", staff(("dispatcher", "cadre"))),
        get("/appeals/new/fields/?category={roads}", staff()),
    ],
    "supervisor's board": [get("/appeals/board/", staff((*SUPERVISORS, *ADMINS, "leader")))],
    "appeal export: staff, scoped in the job": [post("/appeals/export/", staff(ok=REDIRECT), {"query": ""})],
    "reply templates: staff": [get("/appeals/reply-template/?template=1", staff())],
    "appeal detail: the data scope": [
        get("/appeals/{a}/", scoped(SCOPE_A)),
        get("/appeals/{b}/", scoped(SCOPE_B)),
        get("/appeals/{x}/", scoped(SCOPE_X)),
    ],
    "appeal actions: scope, then the transition table": [
        post("/appeals/{a}/act/urge/", page_act(SCOPE_A, ("dispatcher", *SUPERVISORS)), URGE),
        post("/appeals/{x}/act/urge/", page_act(SCOPE_X, ("dispatcher", *SUPERVISORS)), URGE),
        post("/appeals/{a}/act/no_such_action/", scoped(())),
    ],
    "requester in clear: who may see it, logged": [
        post("/appeals/{a}/requester/", scoped(SCOPE_A)),  # an inquiry: staff who see it may see who asked
        post("/appeals/{x}/requester/", page_act(SCOPE_X, SUPERVISORS, 200)),
        post("/appeals/{r}/requester/", page_act(COUNTY_WIDE, SUPERVISORS, 200)),  # a 举报: supervisors only
    ],
    "appeal attachments: the appeal's scope, the appeal's own files": [
        get("/appeals/{a}/attachments/{att_a}/", scoped(SCOPE_A)),
        get("/appeals/{x}/attachments/{att_x}/", scoped(SCOPE_X)),
        get("/appeals/{a}/attachments/{att_b}/", scoped(())),
    ],
    # ------------------------------------------------------------------ the public's pages
    "public pages: anyone": [
        get("/m/", PUBLIC_FEED),
        get("/m/new/problem/", PUBLIC_FEED),
        get("/m/fields/", PUBLIC_FEED),
        get("/m/villages/?township=1", PUBLIC_FEED),
        get("/m/villages/?township=99999999999999999999999", everyone(400)),  # not an id: core.params
        get("/m/track/", PUBLIC_FEED),
        get("/m/{code}", PUBLIC_FEED),
        get("/m/{code}/new/complaint/", PUBLIC_FEED),
        get("/m/{code}/rate/", PUBLIC_FEED),
    ],
    "public result page: only the browser that submitted": [get("/m/done/{pub_no}/", everyone(REDIRECT))],
    "public tracking: only the browser that proved the access code": [
        get("/m/track/{pub_no}/", everyone(404, public=200)),
        get("/m/track/{x_no}/", everyone(404)),
        post("/m/track/{x_no}/", everyone(404), {"satisfaction": "satisfied", "solved": "yes"}),
        # Not replied yet: a wrong state (409), as on the staff pages and the API.
        post("/m/track/{pub_no}/", everyone(404, public=409), {"satisfaction": "satisfied", "solved": "yes"}),
    ],
    # ------------------------------------------------------------------ QR codes (staff)
    "QR codes: county-wide roles read, dispatchers and admins manage": [
        get("/qr/", staff(COUNTY_WIDE)),
        get("/qr/new/", staff(QR_MANAGERS)),
        post("/qr/batch/", staff(QR_MANAGERS, REDIRECT), {"kind": "village"}),
        post("/qr/posters/", staff(QR_MANAGERS, REDIRECT), {"kind": "window", "size": "A4"}),
        get("/qr/{qr}/", staff(COUNTY_WIDE)),
        post("/qr/{qr}/toggle/", staff(QR_MANAGERS, REDIRECT), {"active": "0", "reason": "测试"}),
        get("/qr/{qr}/image.png", staff(COUNTY_WIDE)),
        get("/qr/{qr}/poster-A4.pdf", staff(COUNTY_WIDE)),
    ],
    "window ratings: staff (a unit sees its own)": [get("/qr/ratings/", staff())],
    # ------------------------------------------------------------------ reports
    "rankings and their export: published to all staff": [
        get("/reports/", staff()),
        get("/reports/export/", staff()),
        get("/reports/drill/?metric=dispatched&group=county", staff()),
        get("/reports/drill/dispatch/?metric=due&start=2026-11-01&end=2026-11-30", staff()),
    ],
    "leaders' dashboard: county-wide roles": [get("/reports/dashboard/", staff(COUNTY_WIDE))],
    "unit dashboard: own unit; any department or township read-only for all staff (the ranking is theirs)": [
        get("/reports/unit/", staff()),
        get("/reports/unit/?unit={unit_a}", staff()),
    ],
    "event log export: supervisors and admins": [
        post("/reports/events/export/", staff((*SUPERVISORS, *ADMINS), REDIRECT), {"month": "2026-11"}),
    ],
    "circulars: county-wide roles read, supervisors and admins edit": [
        get("/reports/circulars/", staff(COUNTY_WIDE)),
        get("/reports/circulars/{circular}/", staff(COUNTY_WIDE)),
        post("/reports/circulars/{circular}/build/", staff((*SUPERVISORS, *ADMINS), REDIRECT)),
        post("/reports/circulars/{circular}/cases/{case}/delete/", staff((*SUPERVISORS, *ADMINS), REDIRECT)),
        get("/reports/circulars/{circular}/download.docx", staff(COUNTY_WIDE)),
    ],
    # ------------------------------------------------------------------ Open311 (public, by api_key for writes)
    "Open311: the public feed, without complaints and reports": [
        get("/open311/v2/discovery.json", PUBLIC_FEED),
        get("/open311/v2/services.xml", PUBLIC_FEED),
        get("/open311/v2/services/roads.json", PUBLIC_FEED),
        get("/open311/v2/requests.json", PUBLIC_FEED),
        post("/open311/v2/requests.json", everyone(403), {"service_code": "roads", "description": "x"}),
        get("/open311/v2/requests/{a_no}.json", PUBLIC_FEED),
        get("/open311/v2/requests/{x_no}.json", everyone(404)),
        get("/open311/v2/tokens/no-such-token.json", everyone(404)),
        get("/open311/v2/servicerequestupdates.json", PUBLIC_FEED),
    ],
    # ------------------------------------------------------------------ routing
    "routing model: dispatchers and admins": [
        get("/routing/", staff(QR_MANAGERS)),
        post("/routing/retrain/", staff(QR_MANAGERS, REDIRECT)),
    ],
    # ------------------------------------------------------------------ key tasks
    "key tasks: read by all staff, reported by the lead unit, reviewed by supervisors": [
        get("/tasks/", staff()),
        get("/tasks/mine/", staff(UNIT_STAFF)),
        get("/tasks/review/", staff(SUPERVISORS)),
        get("/tasks/import/", staff(SUPERVISORS)),
        get("/tasks/export.xlsx", staff()),
        get("/tasks/decompose/", staff(SUPERVISORS)),
        get("/tasks/monthly.docx?month=2026-10", staff()),
        get("/tasks/{task}/", staff()),
        post("/tasks/{task}/", staff(("handler_a", "head_a"), 400), {"form": "report", "text": ""}),
        post("/tasks/{task}/reports/{report}/review/", staff(SUPERVISORS, REDIRECT), {"accept": "1"}),
        post("/tasks/{task}/supervise/", staff(SUPERVISORS, REDIRECT), {"level": "yellow", "note": "加快"}),
        post("/tasks/{task}/strike-off/", staff(SUPERVISORS, REDIRECT)),
        get("/tasks/{task}/notice.docx", staff()),
        get("/tasks/{task}/attachments/{task_att}/", staff()),
    ],
    # ------------------------------------------------------------------ staff API
    "API description: public (it describes the API, no data)": [
        get("/api/schema/", PUBLIC_FEED),
        get("/api/docs/", PUBLIC_FEED),
    ],
    "API root": [get("/api/", api()), get("/api/.json", api())],
    "API appeals: the same scope as the pages": [
        get("/api/appeals/", api()),
        get("/api/appeals.json", api()),
        post("/api/appeals/search/", api(), {"phone": "13912345678"}, json=True),
        post("/api/appeals/search.json", api(), {"phone": "13912345678"}, json=True),
        get("/api/appeals/{a}/", api(SCOPE_A)),
        get("/api/appeals/{a}.json", api(SCOPE_A)),
        get("/api/appeals/{b}/", api(SCOPE_B)),
        get("/api/appeals/{x}/", api(SCOPE_X)),
        get("/api/appeals/{x}/timeline/", api(SCOPE_X)),
        get("/api/appeals/{a}/timeline.json", api(SCOPE_A)),
        get("/api/appeals/{x}/actions/", api(SCOPE_X)),
        get("/api/appeals/{a}/actions.json", api(SCOPE_A)),
        post("/api/appeals/{a}/act/urge/", api_act(SCOPE_A, ("dispatcher", *SUPERVISORS)), URGE, json=True),
        post("/api/appeals/{x}/act/urge.json", api_act(SCOPE_X, ("dispatcher", *SUPERVISORS)), URGE, json=True),
    ],
    "API reference data: every signed-in member of staff": [
        get("/api/categories/", api()),
        get("/api/categories.json", api()),
        get("/api/categories/{roads}/", api()),
        get("/api/categories/{roads}.json", api()),
        get("/api/units/", api()),
        get("/api/units.json", api()),
        get("/api/units/{unit_a}/", api()),
        get("/api/units/{unit_a}.json", api()),
    ],
}


# ---------------------------------------------------------------------- the admin site, generated per model

ADMIN_ONLY = staff(ADMINS, denied=LOGIN)  # is_staff superusers; everyone else is sent to the admin's login
# Models the admin may not add or delete through the admin (read-only logs, singletons, workflow-only data).
NO_ADD = {
    "appeals.appeal",
    "appeals.workflowsettings",  # a singleton, made by the first read
    "core.event",
    "core.notification",
    "core.webhookdelivery",
    "intake.qrcode",
    "intake.windowrating",
    "routing.modelversion",
    "django_q.success",
    "django_q.failure",
    "django_q.ormq",
}
NO_DELETE = {
    "appeals.appeal",
    "appeals.workflowsettings",
    "core.event",
    "core.notification",
    "core.webhookdelivery",
    "intake.qrcode",
    "reports.ratesettings",
}


def _admin_cases(world: World) -> dict[str, list[Case]]:
    cases: dict[str, list[Case]] = {
        "admin site: staff superusers only": [
            get("/admin/", ADMIN_ONLY),
            get("/admin/login/", everyone(200, x_admin=REDIRECT, admin=REDIRECT)),
            post("/admin/logout/", everyone(REDIRECT, x_admin=LOGIN, admin=LOGIN), own_client=True),
            get("/admin/password_change/", ADMIN_ONLY),
            get("/admin/password_change/done/", ADMIN_ONLY),
            get("/admin/autocomplete/?app_label=core&model_name=unit&field_name=parent&term=县", ADMIN_ONLY),
            get("/admin/jsi18n/", ADMIN_ONLY),
            get("/admin/core/", ADMIN_ONLY),
            get("/admin/no-such-page/", staff(ADMINS, 404, denied=LOGIN)),
            get(f"/admin/r/{ContentType.objects.get_for_model(Job).pk}/{{job}}/", staff(ADMINS, 404, denied=LOGIN)),
            get(f"/admin/core/user/{world.users['handler_a'].pk}/password/", ADMIN_ONLY),
            get("/admin/core/calendarday/import/", ADMIN_ONLY),
        ],
        "admin site: a complaint about the admin's own unit, its events and messages are not there": [
            get("/admin/appeals/appeal/{x}/change/", staff(("admin",), denied=LOGIN) | {"x_admin": REDIRECT}),
            get("/admin/appeals/appeal/{x}/history/", staff(("admin",), denied=LOGIN) | {"x_admin": REDIRECT}),
            get("/admin/core/event/{x_event}/change/", staff(("admin",), denied=LOGIN) | {"x_admin": REDIRECT}),
        ],
    }
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        prefix = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        obj = model._default_manager.order_by("pk").first()
        rows = [get(prefix, ADMIN_ONLY), get(f"{prefix}add/", staff(ADMINS, 403 if label in NO_ADD else 200, LOGIN))]
        if obj is None:  # nothing of this kind in the world: the admin says so and goes back to its index
            missing = staff(ADMINS, REDIRECT, LOGIN)
            rows += [
                get(f"{prefix}0/history/", missing),
                get(f"{prefix}0/delete/", staff(ADMINS, 403, LOGIN) if label in NO_DELETE else missing),
                get(f"{prefix}0/change/", missing),
                get(f"{prefix}0/", missing),
            ]
        else:
            pk = obj.pk
            rows += [
                get(f"{prefix}{pk}/history/", ADMIN_ONLY),
                get(f"{prefix}{pk}/delete/", staff(ADMINS, 403 if label in NO_DELETE else 200, LOGIN)),
                get(f"{prefix}{pk}/change/", ADMIN_ONLY),
                get(f"{prefix}{pk}/", staff(ADMINS, REDIRECT, LOGIN)),
            ]
        cases[f"admin: {label}"] = rows
        del model_admin
    return cases


# ---------------------------------------------------------------------- running the matrix


def _outcome(response: Any) -> Outcome:
    if response.status_code == 302:
        return LOGIN if "/login/" in response["Location"] else REDIRECT
    return int(response.status_code)


def _fingerprint() -> tuple[object, ...]:
    """What a refused POST must not change: every table's row count, and the states that actions change."""
    from mashangdu.appeals.models import Appeal
    from mashangdu.intake.models import QrCode
    from mashangdu.keytasks.models import ProgressReport, Task

    tables = sorted({m._meta.db_table for m in apps.get_models() if not m._meta.proxy and m._meta.managed})
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:  # one query: a refused POST is checked against every table
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))  # noqa: S608
        counts = tuple(cursor.fetchone() or ())
    states = (
        tuple(Appeal.objects.order_by("pk").values_list("status", "unit_id", "supervision_level", "urge_marks")),
        tuple(QrCode.objects.order_by("pk").values_list("is_active", flat=True)),
        tuple(Task.objects.order_by("pk").values_list("state", "supervision_level")),
        tuple(ProgressReport.objects.order_by("pk").values_list("state", flat=True)),
        tuple(Notification.objects.order_by("pk").values_list("read_at", flat=True)),
    )
    return counts + states


def all_cases(world: World) -> Iterator[tuple[str, Case, str]]:
    for rule, cases in (MATRIX | _admin_cases(world)).items():
        for case in cases:
            yield rule, case, case.url.format(**world.ids)


def client_for(persona: str, world: World) -> Client:
    client = Client()
    if persona == "public":
        tracked = client.post("/m/track/", {"tracking_no": world.ids["pub_no"], "access_code": ACCESS_CODE})
        assert tracked.status_code == 302, "the public persona could not open its own appeal"
    elif persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def request(client: Client, case: Case, url: str) -> Any:
    if case.method == "get":
        return client.get(url)
    data = {k: v.format(**_ids) if isinstance(v, str) else v for k, v in case.data.items()}
    if case.json:
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


_ids: dict[str, object] = {}


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_answers_each_persona_as_the_matrix_says(persona: str, world: World, db: None) -> None:
    _ids.clear()
    _ids.update(world.ids)
    client = client_for(persona, world)
    wrong: list[str] = []
    changed: list[str] = []
    with time_machine.travel(NOW, tick=False):
        for rule, case, url in all_cases(world):
            expected = case.expect[persona]
            refused = expected in (401, 403, 404, 405, LOGIN)
            with transaction.atomic():
                before = _fingerprint() if case.method == "post" and refused else None
                response = request(client_for(persona, world) if case.own_client else client, case, url)
                if before is not None and _fingerprint() != before:
                    changed.append(f"{case.method.upper()} {url}")
                transaction.set_rollback(True)
            got = _outcome(response)
            if got != expected:
                wrong.append(f"{case.method.upper()} {url} [{rule}]: expected {expected}, got {got}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)
    assert not changed, f"{persona}: a refused POST changed data:\n" + "\n".join(changed)


# ---------------------------------------------------------------------- completeness


def _join(prefix: str, route: str) -> str:
    """As the resolver joins routes into ResolverMatch.route (a regex's leading ^ dropped)."""
    return prefix + route.removeprefix("^") if prefix else route


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = _join(prefix, str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield route


def test_every_url_pattern_has_an_entry_in_the_matrix(world: World, db: None) -> None:
    covered = {resolve(url.split("?")[0]).route for _, _, url in all_cases(world)}
    missing = [route for route in _routes() if route not in covered]
    assert not missing, "routes without an entry in the authorisation matrix: " + ", ".join(missing)


def test_every_api_operation_has_an_entry_in_the_matrix(world: World, db: None) -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    cases = [(case.method, url.split("?")[0]) for _, case, url in all_cases(world)]
    missing = []
    for path, operations in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete") and not any(
                m == method and pattern.match(u) for m, u in cases
            ):
                missing.append(f"{method.upper()} {path}")
    assert not missing, "API operations without an entry in the authorisation matrix: " + ", ".join(missing)


def test_the_matrix_states_an_outcome_for_every_persona(world: World, db: None) -> None:
    incomplete = [f"{c.method.upper()} {u}" for _, c, u in all_cases(world) if set(c.expect) != set(PERSONAS)]
    assert not incomplete, incomplete
    assert Event.objects.filter(target_id=world.complaint_x.pk).exists()
