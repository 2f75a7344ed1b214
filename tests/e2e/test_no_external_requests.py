"""County intranets have no internet access: no page may load anything from outside the server.

Every request of a representative set of pages, for several roles, is intercepted; one whose host is
not the live server's fails the test (and is aborted, so an offline machine does not wait for it)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from mashangdu.appeals import services
from mashangdu.appeals.models import Category
from mashangdu.keytasks.models import Task
from mashangdu.testing import Org, People
from tests.e2e.conftest import screenshot
from tests.e2e.test_appeal_flow import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/m/", "/m/new/problem/", "/m/track/", "/admin/login/", "/accounts/login/"]
# username → the pages that role works on
STAFF_PAGES = {
    "alice": ["/", "/appeals/", "/appeals/new/", "/appeals/{appeal}/", "/routing/", "/qr/", "/api/docs/"],
    "bob": ["/", "/appeals/{appeal}/", "/reports/unit/", "/tasks/{task}/"],
    "dave": ["/", "/events/", "/reports/", "/tasks/", "/accounts/security/"],
    "leo": ["/", "/reports/dashboard/", "/tasks/"],
    "ada": ["/", "/admin/", "/admin/core/event/"],
}


def _some_data(people: People, org: Org) -> dict[str, int]:
    top = Category.objects.create(name="城乡建设", code="urban")
    roads = Category.objects.create(name="道路维修", code="roads", parent=top, default_unit=org.zjj)
    appeal = services.appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title="道路破损",
        content="村口路面坑洼。",
        category=roads,
        township=org.township,
        requester_phone="13912345678",
    )
    services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    today = timezone.localdate()
    task = Task.objects.create(
        code="1",
        title="盘活闲置低效用地",
        area="产业发展",
        lead_unit=org.zjj,
        start_date=today - dt.timedelta(days=30),
        due_date=today + dt.timedelta(days=60),
    )
    return {"appeal": appeal.pk, "task": task.pk}


def test_no_page_loads_anything_from_outside_the_server(live_server, page, people: People, org: Org) -> None:
    ids = _some_data(people, org)
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    host = urlsplit(live_server.url).netloc
    outside: list[str] = []
    seen: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        seen.append(url)
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != host:
            outside.append(f"{page.url} → {url}")
            route.abort()
        else:
            route.continue_()

    page.context.route("**/*", guard)
    # The Content-Security-Policy (decision 0018) must not refuse anything our pages do: a refused inline
    # script, style or handler shows as a console error.
    refused: list[str] = []

    def on_console(message) -> None:
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            refused.append(f"{page.url}: {text[:300]}")

    page.on("console", on_console)

    def visit(path: str) -> None:
        response = page.goto(live_server.url + path.format(**ids), wait_until="networkidle")
        assert response is not None and response.status == 200, (path, response and response.status)
        assert not outside, "requests leaving the server:\n" + "\n".join(outside)
        assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)

    for path in PUBLIC_PAGES:
        visit(path)
    for username, paths in STAFF_PAGES.items():
        login(page, live_server.url, username)
        for path in paths:
            visit(path)
            if path == "/api/docs/":  # Swagger UI drew the operations from the schema
                page.locator(".opblock").first.wait_for()
                assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)
                screenshot(page, "api-docs-offline")
            if path == "/events/":  # the log names its events in Chinese
                assert "诉求·派单" in page.get_by_role("table").inner_text()
                screenshot(page, "events-log")

    assert any("/static/" in url for url in seen)  # the guard saw the page's own assets
    # /api/schema/ is a YAML download, not a page: it is checked as the schema Swagger UI fetched.
    assert any(url.endswith("/api/schema/") for url in seen)
