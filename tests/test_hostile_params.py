"""No input gives a 500 (issue 14 §1): every URL pattern of the root resolver and every operation of the
OpenAPI schema, as an anonymous visitor, a county-wide administrator, a unit's handler and a supervisor
(and, on the public pages, a citizen who has opened their own appeal), with hostile values in every
query and form parameter the view reads and in every variable segment of its path.

The requests that work are the authorisation matrix's (tests/test_authorisation_matrix.py), which
already fails for a route without one; the parameters are found by recording what the view reads
(tests/hostile.py). A failure names the route, the persona, the parameter and the value. A new view
that reads a parameter without core.params is found here as soon as a hostile value makes it fail:
`test_a_view_reading_a_raw_parameter_is_caught` shows it on a throwaway view."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, resolve
from drf_spectacular.generators import SchemaGenerator

from tests.authz_world import ACCESS_CODE, NOW, World
from tests.hostile import HOSTILE, HOSTILE_FOR_ADMIN, Failure, Sample, walk_parameters, walk_path
from tests.test_authorisation_matrix import LOGIN, Case, _routes, all_cases

# An anonymous visitor, a county-wide role, a unit's staff, and the supervisors who alone open some pages.
WALKERS = ("anonymous", "admin", "handler_a", "supervisor")
ROUTES = sorted(set(_routes()))


def client_for(persona: str, world: World) -> Client:
    """As the matrix's personas, but a view's exception is answered with a 500, as in production."""
    client = Client(raise_request_exception=False)
    if persona == "public":
        client.post("/m/track/", {"tracking_no": world.ids["pub_no"], "access_code": ACCESS_CODE})
    elif persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def _cases_of(route: str, world: World) -> list[tuple[Case, str]]:
    return [(case, url) for _, case, url in all_cases(world) if resolve(url.split("?")[0]).route == route]


def _lets_in(case: Case, persona: str) -> bool:
    return case.expect.get(persona) not in (401, 403, 404, LOGIN)


def _personas(url: str) -> tuple[str, ...]:
    return (*WALKERS, "public") if url.startswith("/m/") else WALKERS


def _path_template(case: Case, url: str) -> str:
    """The case's URL template with every variable segment as a placeholder: the matrix's own ({a}) and the
    kwargs written literally into it (a service code, a format), where the value occurs once."""
    template = case.url.split("?")[0]
    for name, value in resolve(url.split("?")[0]).kwargs.items():
        text = str(value)
        if text and template.count(text) == 1 and "{" not in text:
            template = template.replace(text, "{_" + name + "}")
    return template


def _fill(template: str, url: str, world: World) -> dict[str, object]:
    fill: dict[str, object] = dict(world.ids)
    for name, value in resolve(url.split("?")[0]).kwargs.items():
        fill["_" + name] = value
    return fill


def _sample(case: Case, url: str) -> Sample:
    data = {k: v.format(**_ids) if isinstance(v, str) else v for k, v in case.data.items()}
    return Sample.of(case.method, url, data, json=case.json)


_ids: dict[str, object] = {}


def _walk(route: str, world: World) -> Iterator[Failure]:
    _ids.clear()
    _ids.update(world.ids)
    cases = _cases_of(route, world)
    assert cases, f"no sample request for {route}: add the route to the authorisation matrix"
    firsts = {case.method: (case, url) for case, url in reversed(cases)}  # one sample per method suffices
    for case, url in firsts.values():
        # Each parameter is fuzzed as the first persona that reads it (the others would mostly repeat the same
        # code path), the path's segments as the first persona the matrix lets in.
        fuzzed: set[str] = set()
        path_walked = reads_nothing = False
        for persona in _personas(url):

            def new_client(persona: str = persona) -> Client:
                return client_for(persona, world)

            values = HOSTILE_FOR_ADMIN if route.startswith("admin/") else HOSTILE
            failures, done = walk_parameters(
                persona, new_client, _sample(case, url), skip=fuzzed, fresh=case.own_client, values=values
            )
            if _lets_in(case, persona):  # a refused persona's requests never reached the parameters
                fuzzed |= done
                reads_nothing = not done
            yield from failures
            if case.own_client or path_walked or not _lets_in(case, persona):
                continue
            path_walked = True
            template = _path_template(case, url)
            yield from walk_path(persona, new_client(), template, _fill(template, url, world), case.method)
            if reads_nothing:  # a view that reads no parameter for one role (a PDF, a download): the next roles'
                break  # pages differ in data, not in what they read; rendering them again costs seconds


@pytest.mark.parametrize("route", ROUTES)
def test_no_hostile_parameter_gives_a_server_error(route: str, world: World, db: None) -> None:
    with time_machine.travel(NOW, tick=False):
        failures = [str(f) for f in _walk(route, world)]
    assert not failures, f"{route}:\n" + "\n".join(failures)


# ---------------------------------------------------------------------- the staff API's declared parameters


@functools.cache
def _schema() -> dict[str, Any]:
    return dict(SchemaGenerator().get_schema(request=None, public=True))


def _declared(operation: dict[str, Any]) -> set[str]:
    """The query parameters and the JSON body's fields the operation documents."""
    names = {p["name"] for p in operation.get("parameters", []) if p.get("in") in ("query", "body")}
    components = _schema().get("components", {}).get("schemas", {})
    for media in operation.get("requestBody", {}).get("content", {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        names |= set(components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}))
    return names


OPERATIONS = [
    (method, api_path)
    for api_path, operations in _schema()["paths"].items()
    for method in operations
    if method in ("get", "post", "put", "patch", "delete")
]


@pytest.mark.parametrize(("method", "api_path"), OPERATIONS, ids=[f"{m.upper()} {p}" for m, p in OPERATIONS])
def test_no_hostile_value_of_a_declared_api_parameter_gives_a_server_error(
    method: str, api_path: str, world: World, db: None
) -> None:
    """What the schema declares: the JSON body's fields (request.data is no QueryDict, so the walk above does
    not see them read) and the query parameters (for the GETs, again: the walk's recording found them too,
    the schema makes sure none is missed)."""
    declared = _declared(_schema()["paths"][api_path][method])
    pattern = re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(api_path)) + "$")
    _ids.clear()
    _ids.update(world.ids)
    cases = [(c, u) for _, c, u in all_cases(world) if c.method == method and pattern.match(u.split("?")[0])]
    assert cases, f"no sample request for {method.upper()} {api_path} in the authorisation matrix"
    case, url = cases[0]
    with time_machine.travel(NOW, tick=False):
        failures, _ = walk_parameters(
            "admin", lambda: client_for("admin", world), _sample(case, url), also=declared, discover=False
        )
    assert not failures, f"{method.upper()} {api_path}:\n" + "\n".join(str(f) for f in failures)


# ---------------------------------------------------------------------- the walk catches a raw read


def _raw_view(request: HttpRequest) -> HttpResponse:
    """A view written without core.params: int() of whatever came, a 500 for "abc" or 20 digits' overflow
    into a date."""
    import datetime as dt

    days = int(request.GET.get("days", "1"))
    return HttpResponse(str(dt.date(2026, 1, 1) + dt.timedelta(days=days)))


urlpatterns = [path("raw/", _raw_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_reading_a_raw_parameter_is_caught(db: None) -> None:
    failures, found = walk_parameters(
        "anonymous", lambda: Client(raise_request_exception=False), Sample.of("get", "/raw/")
    )
    assert found == {"days"}  # found by recording the read, though the sample request did not send it
    broken = {f.value for f in failures if f.where == "parameter days"}
    assert {"not a number", "20 digits", "NaN", "1e999999"} <= broken
    assert broken < set(HOSTILE)
