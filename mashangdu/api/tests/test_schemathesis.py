"""schemathesis against /api/schema/ (bounded examples): no 5xx, no response outside the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from mashangdu.api.models import ApiToken
from mashangdu.appeals import services
from mashangdu.appeals.models import Category
from mashangdu.testing import Org, People

EXAMPLES = 15
# What issue 6 asks: no server error, and every response (status, content type, body) as documented.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def token(people: People, org: Org, calendar: None) -> str:
    """A dispatcher's token over a county with a few appeals in different states."""
    top = Category.objects.create(name="城乡建设", code="urban")
    Category.objects.create(name="道路维修", code="roads", parent=top, default_unit=org.zjj)
    for i in range(3):
        appeal = services.appeal_create(
            by=people.alice,
            kind="help",
            channel="hotline",
            title=f"诉求{i}",
            content="内容",
            requester_phone="13912345678",
        )
        if i:
            services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    return ApiToken.issue(people.alice)[1]


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """What Django's test client does: a request must not close the test's database connection (on
    PostgreSQL, closing it in the middle of the test transaction loses the connection)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_api_keeps_its_schema(token: str, keep_connection: None) -> None:
    """Every operation of the schema, EXAMPLES generated cases each, run through the WSGI app."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    operations = [cast(Any, result).ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)

        check()
