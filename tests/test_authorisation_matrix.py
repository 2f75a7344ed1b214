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
# 技术对接: who records needs and results (core.models.TECH_MATCH_STAFF: 承办人, 单位负责人, 包联干部), and who sees
# unit A's need (county-wide roles and unit A; the cadre is not paired with its enterprise).
TECH_MATCH_STAFF = (*UNIT_STAFF, "cadre")
NEED_SCOPE = (*COUNTY_WIDE, "handler_a", "head_a")
SCOPE_X = ("dispatcher", "supervisor", "discipline", "leader", "admin")  # not x_admin, not x_handler
MEETING_ORGANISERS = ("dispatcher", "x_admin", "leader", "admin")  # core.models.MEETING_ORGANISERS
MEETING_SCOPE = (*COUNTY_WIDE, "handler_a", "head_a")  # meetings_visible_to: county-wide, the invited unit A
# Policies: who enters applications (core.models.POLICY_APPLICANT_CLERKS), who sees unit A's application (county-wide,
# unit A's editors, the cadre who entered it), who reads the ledger (county-wide and every unit's editors).
POLICY_CLERKS = ("dispatcher", "handler_a", "head_a", "handler_b", "x_handler", "cadre", "supervisor", "discipline")
POLICY_SCOPE = (*COUNTY_WIDE, "handler_a", "head_a", "cadre")
POLICY_LEDGER = (*COUNTY_WIDE, *UNIT_STAFF)
# Air imports (core.models.AIR_IMPORTERS, air.access): the staff of unit A, the environment authority, and admins.
AIR_IMPORTERS = ("handler_a", "head_a", *ADMINS)
# The air dashboard (air.selectors.may_read_air): county-wide roles and the environment unit's staff (unit A).
AIR_READERS = (*COUNTY_WIDE, "handler_a", "head_a")
# River chiefs (rivers.access): county-wide roles, the water unit's staff (unit B holds Duty.WATER in the world),
# and the cadre, who is 城关镇's township chief with an account.
RIVER_READERS = (*COUNTY_WIDE, "handler_a", "head_a", "handler_b", "cadre")  # A: the environment unit reads


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
VISIT = {
    "visited_on": "2026-11-09",
    "form": "phone",
    "participants": "吴艾琳",
    "situation": "电话了解生产情况。",
    "key": "e" * 32,
    "problem-TOTAL_FORMS": "0",
    "problem-INITIAL_FORMS": "0",
}
PATROL = {
    "key": "5b0f8f3e-53a4-4a43-a0a8-62c0b4c9c7a1",
    "patrolled_on": "2026-11-09",
    "minutes": "40",
    "route": "西桥至东闸",
    "problem-TOTAL_FORMS": "0",
    "problem-INITIAL_FORMS": "0",
}
BW_MILESTONE = {"title": "生态补水", "due": "2026-12-31"}  # a black-odorous body's
PUBLIC_FEED = everyone(200)
# Water: unit B holds the water duty in the world (authz_water); its handler and the county-wide roles read, and
# its staff manage (the supervisors hold 承办人 in their own units, which hold no duty).
WATER_MANAGERS = ("handler_a", "head_a", "handler_b")  # the environment (A) and water (B) authorities' staff
WATER_READERS = (*COUNTY_WIDE, *WATER_MANAGERS)
WATER_SAMPLE = {"sampled_at": "2026-11-09T09:00", "do": "7", "nh3n": "0.3"}
# Pollution sources: the matrix world gives Duty.ENVIRONMENT to unit A (tests/authz_pollution.py); no persona
# works for a township, so none sees only part of the registry.
ENVIRONMENT = ("handler_a", "head_a")
POLLUTION_READERS = (*COUNTY_WIDE, *ENVIRONMENT)
ACCEPT = {"cleared_on": "2026-11-09", "text": "现场核查，已整改到位"}
URGE_SITE = {"text": "请加快整治"}
MILESTONE = {"milestone": "{milestone}", "done_on": "2026-11-09"}
# 亩均效益: unit A holds Duty.INDUSTRY in the world (tests/authz_efficiency.py); its staff and the county-wide roles
# read and run the evaluation. No persona works for a township (their own-township view: the app's tests).
EFFICIENCY = (*COUNTY_WIDE, "handler_a", "head_a")
EFF_MEASURE = {"kind": "electricity", "applied_on": "2026-11-09"}

# Idle and inefficient land: unit B (自然资源局) holds Duty.NATURAL_RESOURCES (tests/authz_land.py); its handler
# manages, the county-wide roles read, supervisors urge and review reports; no persona works for a township.
LAND_STAFF = ("handler_b",)
LAND_READERS = (*COUNTY_WIDE, *LAND_STAFF)
LAND_ACCEPT = {"revitalised_on": "2026-11-09", "output_after": "300", "tax_after": "12.5", "text": "核查属实"}
LAND_REPORT = {"key": "f" * 32, "reported_on": "2026-11-09", "progress": "设备调试完成"}
LAND_TENANT = {"uscc": "91130991MA0000040P", "area_m2": "1200", "since": "2026-11-01"}
# Villages: the matrix world gives Duty.AGRICULTURE and Duty.TOURISM to unit A (tests/authz_villages.py); no
# persona works for a township, so the township scope is tested in the app's own tests.
AGRICULTURE = ("handler_a", "head_a")
VILLAGE_READERS = (*COUNTY_WIDE, *AGRICULTURE)
ROUTE_KEEPERS = ("handler_a", "head_a")
INDICATORS = {
    "key": "0123456789abcdef0123456789abcdef",
    "year": "{vil_year}",
    "street_km": "6.5",
    "hardened_km": "5.5",
    "households": "320",
    "toilet_households": "300",
    "sewage_households": "160",
    "collective_income": "19",
}
VIL_PRODUCT = {
    "village": "{vil_village}",
    "year": "{vil_year}",
    "name": "小米",
    "category": "grain",
    "scale": "3300",
    "scale_unit": "亩",
    "output": "990",
    "output_unit": "吨",
    "income": "1200",
    "households": "400",
}
VIL_STOP = {"site": "苹果采摘园", "stay_minutes": "90"}
VIL_ROUTE = {"name": "太行红叶采摘游", "theme": "红叶与苹果", "description": "秋季赏红叶、摘苹果。", "days": "1"}

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
    # ------------------------------------------------------------------ air (decision 0039)
    "air: county-wide roles, the environment unit's and townships' staff read; the environment unit sets targets": [
        get("/air/", staff(AIR_READERS)),
        get("/air/?station={air_station}&year=2026&month=11&by=pm25", staff(AIR_READERS)),
        get("/air/?year=abc", staff(AIR_READERS, 400)),
        get("/air/stations/{air_station}/", staff(AIR_READERS)),
        get("/air/breaches/", staff(AIR_READERS)),
        get("/air/targets/", staff(ENVIRONMENT)),
        post(
            "/air/targets/",
            staff(ENVIRONMENT, REDIRECT),
            {"station": "{air_station}", "year": "2026", "pollutant": "pm25", "limit": "1"},
        ),
    ],
    # ------------------------------------------------------------------ policies (decision 0032)
    "policies: documents and clauses read by all staff, edited by the issuing unit's staff": [
        get("/policies/", staff()),
        get("/policies/new/", staff(UNIT_STAFF)),
        post("/policies/new/", staff(UNIT_STAFF, 400), {"title": ""}),
        get("/policies/{policy}/", staff()),
        get("/policies/{policy}/clauses/new/", staff(("handler_a", "head_a"))),
        get("/policies/clauses/{clause}/", staff()),
        get("/policies/clauses/{clause}/edit/", staff(("handler_a", "head_a"))),
        get("/policies/clauses/{clause}/conditions/", staff(("handler_a", "head_a"))),
        post("/policies/clauses/{clause}/conditions/", staff(("handler_a", "head_a"), 400), {"kind": "figure"}),
        post("/policies/clauses/{clause}/conditions/{condition}/delete/", staff(("handler_a", "head_a"), REDIRECT)),
        post("/policies/clauses/{clause}/publish/", staff(("handler_a", "head_a"), REDIRECT)),
    ],
    "policies: applications entered by clerks, reviewed by the issuing unit, paid by its head": [
        get("/policies/clauses/{clause}/apply/", staff(POLICY_CLERKS)),
        get("/policies/applications/", staff()),
        get("/policies/applications/{application}/", scoped(POLICY_SCOPE)),
        post(
            "/policies/applications/{application}/review/",
            page_act(POLICY_SCOPE, ("handler_a", "head_a")),
            {"decision": "approve", "amount": "10"},
        ),
        post(
            "/policies/applications/{application}/pay/", page_act(POLICY_SCOPE, ("head_a",)), {"paid_on": "2026-11-01"}
        ),
    ],
    "policies: the ledger for county-wide roles and policy editors; an enterprise's policies": [
        get("/policies/ledger/", staff(POLICY_LEDGER)),
        get("/policies/ledger.xlsx", staff(POLICY_LEDGER)),
        get("/policies/enterprises/{firm}/", staff()),
    ],
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
    # ------------------------------------------------------------------ enterprise registry (decision 0029)
    "enterprise registry: every role reads the list of its scope; the page of an enterprise in scope": [
        get("/enterprises/", staff()),
        get("/enterprises/?section=C&scale=small&q=测试", staff()),
        post("/enterprises/export/", staff(), {"section": "C"}),
        # The cadre paired with it; units A and B hold duties spanning every enterprise (ENTERPRISE_WIDE_DUTIES).
        get("/enterprises/{ent}/", scoped((*COUNTY_WIDE, "cadre", "handler_a", "head_a", "handler_b"))),
        get("/enterprises/{ent_other}/", scoped((*COUNTY_WIDE, "handler_a", "head_a", "handler_b"))),
    ],
    "enterprise registry import: dispatchers and admins": [
        get("/enterprises/import/", staff(QR_MANAGERS)),
        post("/enterprises/import/", staff(QR_MANAGERS, REDIRECT), {"confirm": "1"}),  # no upload: sent back
    ],
    "window ratings: staff (a unit sees its own)": [get("/qr/ratings/", staff())],
    # ------------------------------------------------------------------ reports
    "rankings and their export: published to all staff": [
        get("/reports/", staff()),
        get("/reports/export/", staff()),
        get("/reports/drill/?metric=dispatched&group=county", staff()),
        get("/reports/drill/dispatch/?metric=due&start=2026-11-01&end=2026-11-30", staff()),
        # 保密件办理情况 (decision 0034): supervisors only; a supervisor's own unit's complaints are left out.
        get("/reports/drill/confidential/?metric=dispatched&start=2026-11-01&end=2026-11-30", staff(SUPERVISORS)),
        get("/reports/drill/confidential/?metric=evaluated&group=unit&key={unit_a}", staff(SUPERVISORS)),
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
    # ------------------------------------------------------------------ meetings with enterprises
    "meetings: staff read in scope (county-wide, invited units); organisers plan and act": [
        get("/meetings/", staff()),
        get("/meetings/?kind=talk&state=planned", staff()),
        get("/meetings/new/", staff(MEETING_ORGANISERS)),
        get("/meetings/{meeting}/", scoped(MEETING_SCOPE)),
        get("/meetings/{meeting}/edit/", page_act(MEETING_SCOPE, MEETING_ORGANISERS, 200)),
        get("/meetings/{meeting}/issues/new/", page_act(MEETING_SCOPE, MEETING_ORGANISERS, 200)),
        # planned, not held: the service refuses, the page says so (a redirect)
        post(
            "/meetings/{meeting}/issues/{m_issue}/accept/",
            page_act(MEETING_SCOPE, MEETING_ORGANISERS),
            {"unit": "{unit_a}"},
        ),
        post(
            "/meetings/{meeting}/issues/{m_issue}/decline/",
            page_act(MEETING_SCOPE, MEETING_ORGANISERS),
            {"reason": "重复"},
        ),
        post("/meetings/{meeting}/act/hold/", page_act(MEETING_SCOPE, MEETING_ORGANISERS)),
        post("/meetings/{meeting}/act/no_such_action/", page_act(MEETING_SCOPE, ())),
        get("/meetings/{meeting}/minutes.docx", scoped(MEETING_SCOPE)),
        get("/meetings/{meeting}/follow-up.docx", scoped(MEETING_SCOPE)),
    ],
    "meeting link: the invited enterprise (whoever holds the token), until the meeting starts": [
        get("/m/meeting/{m_token}/", PUBLIC_FEED),
        post("/m/meeting/{m_token}/", everyone(400), {"key": "k", "title": ""}),
        get("/m/meeting/" + "x" * 43 + "/", everyone(404)),
    ],
    # ------------------------------------------------------------------ air
    "air import: the environment authority's staff and administrators": [
        get("/air/import/", staff(AIR_IMPORTERS)),
        post("/air/import/", staff(AIR_IMPORTERS, REDIRECT), {"confirm": "1"}),  # nothing uploaded: sent back
        post("/air/import/", staff(AIR_IMPORTERS, 400), {"format": "long"}),  # no file: the form says so
    ],
    # ------------------------------------------------------------------ routing
    "routing model: dispatchers and admins": [
        get("/routing/", staff(QR_MANAGERS)),
        post("/routing/retrain/", staff(QR_MANAGERS, REDIRECT)),
    ],
    # ------------------------------------------------------------------ technology matching
    "technology matching: needs in the scope of their unit (county-wide roles read), a shared results library": [
        get("/techmatch/needs/", staff()),
        get("/techmatch/needs/new/", staff(TECH_MATCH_STAFF)),
        post("/techmatch/needs/new/", staff(TECH_MATCH_STAFF, 400), {"title": ""}),
        get("/techmatch/needs/{need}/", scoped(NEED_SCOPE)),
        post("/techmatch/needs/{need}/dock/", page_act(NEED_SCOPE, ("handler_a", "head_a"), 400), {"result": ""}),
        post(
            "/techmatch/needs/{need}/close/",
            page_act(NEED_SCOPE, ("handler_a", "head_a")),
            {"reason": "企业已自行解决"},
        ),
        post("/techmatch/needs/{need}/reopen/", page_act(NEED_SCOPE, ("handler_a", "head_a"), 409), {"reason": "再议"}),
        get("/techmatch/results/", staff()),
        get("/techmatch/results/new/", staff(TECH_MATCH_STAFF)),
        post("/techmatch/results/new/", staff(TECH_MATCH_STAFF, 400), {"title": ""}),
        get("/techmatch/results/{tech_result}/", staff()),
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
    # ------------------------------------------------------------------ pairing and visits
    "visits: the paired cadre's own page and log; coverage for county-wide roles and unit heads (their unit)": [
        get("/visits/mine/", staff(("cadre",))),
        get("/visits/pairings/{pairing}/new/", staff(("cadre",))),
        post("/visits/pairings/{pairing}/new/", staff(("cadre",), REDIRECT), VISIT),
        get("/visits/{visit}/", scoped((*COUNTY_WIDE, "cadre"))),
        get("/visits/coverage/", staff((*COUNTY_WIDE, "head_a"))),
        get("/visits/coverage/?unit={unit_a}", staff((*COUNTY_WIDE, "head_a"))),
        get("/visits/coverage/?unit={unit_b}", staff(COUNTY_WIDE) | {"head_a": 404}),
    ],
    # ------------------------------------------------------------------ water (issue 17)
    "water: county-wide roles and the water authority (unit B) read; unit B's staff manage samples": [
        get("/water/", staff(WATER_READERS)),
        get("/water/?year=2025", staff(WATER_READERS)),
        get("/water/?year=abc", staff(WATER_READERS, 400)),
        get("/water/sections/{w_section}/", staff(WATER_READERS)),
        get("/water/sections/999999/", staff(WATER_READERS, 404)),
        get("/water/sections/{w_section}/samples/new/", staff(WATER_MANAGERS)),
        post("/water/sections/{w_section}/samples/new/", staff(WATER_MANAGERS, REDIRECT), WATER_SAMPLE),
        post("/water/sections/{w_section}/samples/new/", staff(WATER_MANAGERS, 400), {"sampled_at": "x"}),
        get("/water/import/", staff(WATER_MANAGERS)),
        post("/water/import/", staff(WATER_MANAGERS, REDIRECT), {"confirm": "1"}),
        post("/water/import/", staff(WATER_MANAGERS, 400), {"source": "auto"}),
        get("/water/import/template.xlsx", staff(WATER_MANAGERS)),
    ],
    # ------------------------------------------------------------------ river chiefs (decision 0037)
    "rivers: county-wide roles, the water unit (B) and a chief with an account read; each records his own": [
        get("/rivers/compliance/", staff(RIVER_READERS)),
        get("/rivers/compliance/?quarter=3&level=township", staff(RIVER_READERS)),
        get("/rivers/chiefs/", staff(RIVER_READERS)),
        get("/rivers/chiefs/{chief_t}/", staff(RIVER_READERS)),
        get("/rivers/chiefs/{chief_v}/", staff(RIVER_READERS) | {"cadre": 404}),
        get("/rivers/mine/", staff(("cadre",))),
        get("/rivers/chiefs/{chief_t}/patrol/", staff(("cadre",))),
        post("/rivers/chiefs/{chief_t}/patrol/", staff(("cadre",), REDIRECT), PATROL),
        get("/rivers/chiefs/{chief_county}/patrol/", staff(("handler_b",)) | {"cadre": 404}),
        get("/rivers/patrols/{patrol}/", staff(RIVER_READERS)),
        get("/rivers/patrols/{patrol}/photos/{photo}/", staff(RIVER_READERS)),
    ],
    "rivers: black-odorous bodies read like the chiefs, moved and completed by the water unit (B)": [
        get("/rivers/black-water/", staff(RIVER_READERS)),
        get("/rivers/black-water/{black_water}/", staff(RIVER_READERS)),
        post("/rivers/black-water/{black_water}/start/", staff(("handler_b",), REDIRECT)),
        post("/rivers/black-water/{black_water}/milestones/new/", staff(("handler_b",), REDIRECT), BW_MILESTONE),
        post(
            "/rivers/black-water/{black_water}/milestones/{bw_milestone}/done/",
            staff(("handler_b",), REDIRECT),
            {"done_on": "2026-07-01", "evidence": "验收单"},
        ),
    ],
    # ------------------------------------------------------------------ pollution sources (decision 0038)
    "pollution: county-wide roles and the environment authority (unit A) read; unit A manages; supervisors urge": [
        get("/pollution/", staff(POLLUTION_READERS)),
        get("/pollution/?township=abc", staff(POLLUTION_READERS, 400)),
        get("/pollution/sites/", staff(POLLUTION_READERS)),
        get("/pollution/sites/new/", staff(ENVIRONMENT)),
        get("/pollution/sites/import/", staff(ENVIRONMENT)),
        post("/pollution/sites/export/", staff(POLLUTION_READERS)),
        get("/pollution/sites/{site}/", staff(POLLUTION_READERS)),
        get("/pollution/sites/{site}/inspect/", staff(ENVIRONMENT)),
        post("/pollution/sites/{site}/act/accept/", staff(ENVIRONMENT, REDIRECT), ACCEPT),
        post("/pollution/sites/{site}/act/urge/", staff(SUPERVISORS, REDIRECT), URGE_SITE),
        post("/pollution/sites/{site}/act/start/", staff(ENVIRONMENT, 403)),  # the township's step
        get("/pollution/grades/", staff(POLLUTION_READERS)),
        get("/pollution/grades/new/", staff(ENVIRONMENT)),
        get("/pollution/grades/enterprises/{graded}/", staff(POLLUTION_READERS)),
        get("/pollution/plans/", staff(POLLUTION_READERS)),
        get("/pollution/plans/new/", staff(ENVIRONMENT)),
        get("/pollution/plans/{plan}/", staff(POLLUTION_READERS)),
        post("/pollution/plans/{plan}/act/milestone/", staff(ENVIRONMENT, REDIRECT), MILESTONE),
    ],
    # ------------------------------------------------------------------ idle and inefficient land (decision 0040)
    "land: county-wide roles and the land authority (unit B) read; unit B manages; supervisors urge and review": [
        get("/land/", staff(LAND_READERS)),
        get("/land/?type=abc", staff(LAND_READERS, 400)),
        get("/land/?overdue=1&state=awaiting&q=CG", staff(LAND_READERS)),
        get("/land/parcels/new/", staff(LAND_STAFF)),
        get("/land/parcels/import/", staff(LAND_STAFF)),
        post("/land/parcels/import/", staff(LAND_STAFF, REDIRECT), {"confirm": "1"}),
        post("/land/parcels/export/", staff(LAND_READERS)),
        get("/land/parcels/{land_parcel}/", staff(LAND_READERS)),
        post("/land/parcels/{land_parcel}/act/accept/", staff(LAND_STAFF, REDIRECT), LAND_ACCEPT),
        post("/land/parcels/{land_parcel}/act/urge/", staff(SUPERVISORS, REDIRECT), URGE_SITE),
        post("/land/parcels/{land_parcel}/act/start/", staff(LAND_STAFF, 409)),  # awaiting acceptance
        post("/land/parcels/{land_parcel}/reports/", staff(LAND_STAFF, REDIRECT), LAND_REPORT),
        get("/land/reports/{land_report}/attachment/", staff(LAND_READERS)),
        post("/land/reports/{land_report}/review/", staff(SUPERVISORS, REDIRECT), {"decision": "accept"}),
        get("/land/townships/", staff(LAND_READERS)),
        get("/land/factories/", staff(LAND_READERS)),
        get("/land/factories/new/", staff(LAND_STAFF)),
        get("/land/factories/{land_factory}/", staff(LAND_READERS)),
        post("/land/factories/{land_factory}/tenants/", staff(LAND_STAFF, REDIRECT), LAND_TENANT),
    ],
    # ------------------------------------------------------------------ 亩均效益 (decision 0041)
    "efficiency: county-wide roles and the industry authority (unit A) read and run the evaluation": [
        get("/efficiency/", staff(EFFICIENCY)),
        get("/efficiency/?year=abc", staff(EFFICIENCY, 400)),
        get("/efficiency/?small=1&grade=A", staff(EFFICIENCY)),
        get("/efficiency/import/", staff(EFFICIENCY)),
        post("/efficiency/export/", staff(EFFICIENCY), {"year": "2025"}),
        post("/efficiency/evaluate/", staff(EFFICIENCY, REDIRECT), {"year": "2025"}),
        get("/efficiency/enterprises/{eff_firm}/", staff(EFFICIENCY)),
        post("/efficiency/evaluations/{eff_eval}/measures/", staff(EFFICIENCY, REDIRECT), EFF_MEASURE),
    ],
    # ------------------------------------------------------------------ villages (decision 0042)
    "villages: county-wide roles and the agriculture authority (unit A) read; unit A enters": [
        get("/villages/", staff(VILLAGE_READERS)),
        get("/villages/?year=abc", staff(VILLAGE_READERS, 400)),
        get("/villages/townships/{vil_township}/", staff(VILLAGE_READERS)),
        get("/villages/v/{vil_village}/", staff(VILLAGE_READERS)),
        get("/villages/v/{vil_village}/entry/", staff(AGRICULTURE)),
        post("/villages/v/{vil_village}/entry/", staff(AGRICULTURE, REDIRECT), INDICATORS),
        get("/villages/import/", staff(AGRICULTURE)),
        post("/villages/export/", staff(VILLAGE_READERS), {"year": "{vil_year}"}),
        get("/villages/targets/", staff(VILLAGE_READERS)),
        get("/villages/products/", staff(VILLAGE_READERS)),
        get("/villages/products/new/", staff(AGRICULTURE)),
        get("/villages/products/{vil_product}/", staff(AGRICULTURE)),
        post("/villages/products/{vil_product}/", staff(AGRICULTURE, REDIRECT), VIL_PRODUCT),
        post("/villages/products/{vil_product}/remove/", staff(AGRICULTURE, REDIRECT)),
    ],
    "tourism routes: every member of staff reads and prints; the tourism authority (unit A) keeps them": [
        get("/villages/routes/", staff()),
        get("/villages/routes/{vil_route}/", staff()),
        get("/villages/routes/{vil_route}/sheet/", staff()),
        get("/villages/routes/{vil_route}/sheet.pdf", staff()),
        get("/villages/routes/new/", staff(ROUTE_KEEPERS)),
        get("/villages/routes/{vil_route}/edit/", staff(ROUTE_KEEPERS)),
        post("/villages/routes/{vil_route}/edit/", staff(ROUTE_KEEPERS, REDIRECT), VIL_ROUTE),
        post("/villages/routes/{vil_route}/stops/{vil_stop}/down/", staff(ROUTE_KEEPERS, REDIRECT)),
        post("/villages/routes/{vil_route}/stops/{vil_stop}/up/", staff(ROUTE_KEEPERS, REDIRECT)),
        post("/villages/routes/{vil_route}/stops/", staff(ROUTE_KEEPERS, REDIRECT), VIL_STOP),
        post("/villages/routes/{vil_route}/stops/{vil_stop}/remove/", staff(ROUTE_KEEPERS, REDIRECT)),
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
    "air.breach",  # made by the import and the sweep only (air.breaches)
    "enterprises.industrycode",  # GB/T 4754—2017, seeded by a migration
    "appeals.workflowsettings",  # a singleton, made by the first read
    "core.event",
    "core.notification",
    "core.webhookdelivery",
    "intake.qrcode",
    "intake.windowrating",
    "routing.modelversion",
    "water.sample",  # entered by the form or imported, with their computed class
    "water.breach",  # made by the water service with its key task
    "django_q.success",
    "django_q.failure",
    "django_q.ormq",
}
NO_DELETE = {
    "appeals.appeal",
    "enterprises.industrycode",
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
    from mashangdu.meetings.models import Issue, Meeting

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
        tuple(Meeting.objects.order_by("pk").values_list("state", flat=True)),
        tuple(Issue.objects.order_by("pk").values_list("state", flat=True)),
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
