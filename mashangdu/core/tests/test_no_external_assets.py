"""County intranets have no internet access: nothing we serve may point the browser at another host.

The browser test (tests/e2e/test_no_external_requests.py) watches real page loads; these checks read the
sources, so a template that only some role or state renders is covered too."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client

from mashangdu.testing import People

ROOT = Path(__file__).resolve().parents[2]  # the mashangdu package
# An absolute or protocol-relative address in an attribute, a CSS url() or an @import.
EXTERNAL = re.compile(r"""(?:src|href|action|url\(|@import)\s*=?\s*["'(]?\s*(?:https?:)?//""", re.IGNORECASE)
ANY_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def _our_sources() -> list[Path]:
    files = list(ROOT.rglob("templates/**/*.html"))
    for suffix in ("css", "js"):
        files += [p for p in ROOT.rglob(f"static/**/*.{suffix}") if "vendor" not in p.parts]
    return files


def test_no_template_or_stylesheet_of_ours_names_another_host() -> None:
    sources = _our_sources()
    assert len(sources) > 50  # the scan found the templates
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if EXTERNAL.search(line) or ANY_ADDRESS.search(line)
    ]
    assert not found, "\n".join(found)


def test_the_api_docs_page_loads_swagger_ui_from_this_server(people: People) -> None:
    client = Client()
    client.force_login(people.alice)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", html)
    assert any("swagger-ui-dist" in a for a in assets), assets
    assert [a for a in assets if re.match(r"(?:https?:)?//", a)] == []
    assert not re.search(r"https?://(?!testserver)", html), "an absolute address outside this server"
