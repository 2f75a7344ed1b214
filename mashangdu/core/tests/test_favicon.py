"""The site has an icon of its own: linked from every page, and at /favicon.ico for pages that link none."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image


@pytest.mark.django_db
def test_favicon_ico_is_an_icon_served_without_login() -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert icon.format == "ICO" and icon.size[0] >= 16


@pytest.mark.django_db
def test_the_login_page_links_an_icon_that_exists_on_this_server() -> None:
    html = Client().get("/accounts/login/").content.decode()
    links = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert links, "no icon linked"
    for href in links:
        assert href.startswith("/static/"), href  # no external request
        assert finders.find(href.removeprefix("/static/")) is not None, href
