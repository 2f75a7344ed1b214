"""Error pages are Chinese and in the layout of the part of the site asked for; 4xx lines carry no traceback."""

from __future__ import annotations

import logging
import sys

from django.test import Client, RequestFactory

from mashangdu.core import errorpages
from mashangdu.core.logfilters import ClientErrorsWithoutTraceback
from mashangdu.testing import People


def test_a_missing_staff_page_is_a_chinese_404_in_the_site_layout(people: People) -> None:
    client = Client()
    client.force_login(people.bob)
    response = client.get("/appeals/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "不在您的查看范围内" in page and "Not Found" not in page
    assert "navbar" in page  # base.html, with the staff menu


def test_a_missing_public_page_is_a_404_in_the_mobile_layout(db: None) -> None:
    response = Client().get("/m/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "返回县级总入口" in page and "Not Found" not in page


def test_a_refused_page_is_a_chinese_403(people: People) -> None:
    client = Client()
    client.force_login(people.bob)  # a handler: the key-task review queue is the supervisors'
    response = client.get("/tasks/review/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in page and "Forbidden" not in page


def test_the_server_error_page_needs_no_database_and_is_chinese() -> None:
    response = errorpages.server_error(RequestFactory().get("/appeals/"))
    assert response.status_code == 500 and "系统暂时出错" in response.content.decode()


def _record(status: int) -> logging.LogRecord:
    try:
        raise PermissionError("refused")
    except PermissionError:
        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", (), sys.exc_info())
    record.status_code = status
    return record


def test_client_errors_are_logged_without_their_traceback_and_server_errors_with_it() -> None:
    only = ClientErrorsWithoutTraceback()
    refused, failed = _record(403), _record(500)
    assert only.filter(refused) and refused.exc_info is None
    assert only.filter(failed) and failed.exc_info is not None
