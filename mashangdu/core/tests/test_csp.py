"""A Content-Security-Policy forbids inline script on every page (decision 0018).

The header is checked on a representative set of pages for several roles, and the HTML each returns is
parsed: no executable inline <script>, no on*= / hx-on handler, no javascript: URL. A source scan
covers templates that only some role or state renders."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from mashangdu.appeals import services
from mashangdu.appeals.models import Category
from mashangdu.testing import Org, People

ROOT = Path(__file__).resolve().parents[2]  # the mashangdu package
EXECUTABLE_TYPES = {"", "text/javascript", "module", "application/javascript"}


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would refuse to run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "style":  # style-src 'self': a <style> element is refused (style="…" attributes are allowed)
            self.found.append("<style>")
        if tag == "script" and "src" not in values and (values.get("type") or "").lower() in EXECUTABLE_TYPES:
            self._in_inline_script = True
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…>")
            if (
                value
                and name in ("href", "src", "action", "formaction")
                and value.strip().lower().startswith("javascript:")
            ):
                self.found.append(f"<{tag} {name}={value[:40]}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_inline_script = False

    def handle_data(self, data: str) -> None:
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_parser_finds_each_kind_of_inline_code() -> None:
    html = (
        '<script>alert(1)</script><script type="module">x()</script><a onclick="x()">a</a>'
        '<button hx-on:click="x()">b</button><a href=" JavaScript:x()">c</a>'
        '<script src="/static/a.js"></script><script type="application/json" id="d">{"a": 1}</script>'
        '<style>.a{color:red}</style><p style="width: 3em">e</p>'
    )
    assert len(inline_code(html)) == 6


@pytest.fixture
def some_appeal(people: People, org: Org) -> int:
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
    return appeal.pk


PUBLIC_PAGES = ["/m/", "/m/new/problem/", "/m/track/", "/accounts/login/", "/admin/login/"]
STAFF_PAGES = {
    "alice": ["/", "/appeals/", "/appeals/new/", "/appeals/{appeal}/", "/routing/", "/qr/", "/api/docs/"],
    "bob": ["/", "/appeals/{appeal}/", "/reports/unit/", "/inbox/", "/accounts/password/"],
    "dave": ["/", "/events/", "/reports/", "/tasks/", "/accounts/security/"],
    "leo": ["/", "/reports/dashboard/", "/reports/drill/?metric=received"],
    "ada": ["/", "/admin/", "/admin/core/user/"],
}


def test_every_page_sends_the_policy_and_has_no_inline_code(people: People, some_appeal: int) -> None:
    cache.clear()
    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    checked = 0
    visits = [(None, path) for path in PUBLIC_PAGES]
    visits += [(getattr(people, name), path) for name, paths in STAFF_PAGES.items() for path in paths]
    for user, path in visits:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(path.format(appeal=some_appeal))
        if response.status_code != 200:
            continue  # e.g. a drill-down that needs more parameters: the policy is checked where a page renders
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", path
        assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'", path
        assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'", path
        assert directives["style-src"] == "'self'" and directives["base-uri"] == "'self'", path
        assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy, path
        assert inline_code(response.content.decode()) == [], path
        checked += 1
    assert checked >= len(visits) - 2  # nearly every page rendered, so the walk checked something


def test_swagger_ui_init_script_is_a_file(people: People) -> None:
    client = Client()
    client.force_login(people.alice)
    html = client.get("/api/docs/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    init = [s for s in scripts if "script" in s.split("?", 1)[-1]]
    assert init, scripts
    response = client.get(init[0].replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()
    assert "<style>" not in html


def without_comments(template: str) -> str:
    return re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", template, flags=re.DOTALL)


def test_no_template_of_ours_has_inline_script_or_handlers() -> None:
    templates = list(ROOT.rglob("templates/**/*.html"))
    assert len(templates) > 50
    found = [
        f"{path.relative_to(ROOT)}: {item}"
        for path in templates
        # Posters, the circular and the route sheet's PDF are rendered by WeasyPrint, never served as a page.
        if path.name not in ("poster.html", "circular_pdf.html", "route_sheet_pdf.html")
        for item in inline_code(re.sub(r"\{[%#].*?[%#]\}", "", without_comments(path.read_text(encoding="utf-8"))))
    ]
    assert not found, "\n".join(found)
