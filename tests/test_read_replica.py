"""The read-replica router (mashangdu/core/replicas.py, decision 0043).

In the suite the alias "replica" is a test mirror of the test database (settings_test.py): the same data
through a second connection. These tests turn the router's switch on and watch which connection each
query goes through: dashboards and rankings read through "replica"; sessions, users, writes, anything in a
transaction, and every page not marked read through "default". Transactional tests (`transaction=True`):
what a fixture writes is committed, so the mirror's connection sees it on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core.cache.backends.db import Options
from django.db import connections, router, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mashangdu.appeals.models import Appeal
from mashangdu.core.models import Event, RoleGrant, User
from mashangdu.core.replicas import REPLICA, reads_from_replica
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.intake.services.codes import new_code
from mashangdu.testing import Org, People

REPLICA_ON = override_settings(READ_REPLICA=True)


class CacheEntry:
    """What the database cache hands the router: a stand-in model with only `_meta` (django_cache)."""

    _meta = Options("msd_cache")


def test_without_a_replica_every_read_goes_to_the_primary() -> None:
    with reads_from_replica():
        assert router.db_for_read(Appeal) == "default"


@REPLICA_ON
def test_with_a_replica_only_the_reads_asked_for_go_to_it() -> None:
    assert router.db_for_read(Appeal) == "default"
    with reads_from_replica():
        assert router.db_for_read(Appeal) == REPLICA
        assert router.db_for_read(Event) == REPLICA
    assert router.db_for_read(Appeal) == "default"  # the switch is reset when the block ends


@REPLICA_ON
def test_writes_always_go_to_the_primary() -> None:
    with reads_from_replica():
        assert router.db_for_write(Appeal) == "default"
        assert router.db_for_write(Event) == "default"


@REPLICA_ON
def test_sessions_users_their_roles_and_the_cache_are_read_from_the_primary() -> None:
    """A login, a role revoked or a rate-limit counter written by one app server must be seen by the next
    request: a replica that lags (or has stopped replaying) must not keep a revoked supervisor in 保密件."""
    with reads_from_replica():
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(User) == "default"
        assert router.db_for_read(RoleGrant) == "default"
        assert router.db_for_read(CacheEntry) == "default"  # type: ignore[arg-type]


@REPLICA_ON
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_reads_go_to_the_primary() -> None:
    """What is read inside atomic() may be written back: it must be the primary's current row."""
    with reads_from_replica():
        with transaction.atomic():
            assert router.db_for_read(Appeal) == "default"
        assert router.db_for_read(Appeal) == REPLICA


def test_migrations_never_run_on_the_replica() -> None:
    assert router.allow_migrate(REPLICA, "appeals", model_name="appeal") is False
    assert router.allow_migrate("default", "appeals", model_name="appeal") is True


@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_the_mirror_alias_is_the_test_database() -> None:
    """The premise of the tests below: through "replica" the suite sees what "default" holds."""
    assert connections[REPLICA].settings_dict["NAME"] == connections["default"].settings_dict["NAME"]


def queries_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def sql_of(captured: CaptureQueriesContext) -> str:
    return "\n".join(query["sql"] for query in captured.captured_queries)


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@REPLICA_ON
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
@pytest.mark.parametrize("page", ["reports:rankings", "reports:dashboard", "reports:unit"])
def test_rankings_and_dashboards_read_from_the_replica(people: People, page: str) -> None:
    client = login(people.leo)
    with queries_on("default") as primary, queries_on(REPLICA) as replica:
        response = client.get(reverse(page), {"unit": str(people.bob.unit_id)} if page == "reports:unit" else {})
    assert response.status_code == 200
    assert replica.captured_queries, "nothing was read from the replica"
    # The session, the user behind it and the user's roles come from the primary (a role just revoked
    # must not be honoured by a lagging replica), and nothing was written anywhere else.
    assert "django_session" in sql_of(primary) and "django_session" not in sql_of(replica)
    assert '"core_user"' not in sql_of(replica)
    assert "core_rolegrant" in sql_of(primary) and "core_rolegrant" not in sql_of(replica)
    writes = [q for q in replica.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert writes == []


@REPLICA_ON
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_the_ranking_page_shows_the_units_it_read_from_the_replica(people: People, org: Org) -> None:
    with queries_on(REPLICA) as replica:
        page = login(people.leo).get(reverse("reports:rankings")).content.decode()
    assert org.zjj.name in page
    assert "core_unit" in sql_of(replica)


@REPLICA_ON
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_a_public_submission_reads_and_writes_only_the_primary(org: Org, client: Client, calendar: Any) -> None:
    """The just-submitted appeal is shown back to its requester at once: no read of it may lag."""
    qr = QrCode.objects.create(code=new_code(), kind=TargetKind.COUNTY, label="全县通用")
    url = reverse("intake:code_new", kwargs={"code": qr.code, "kind": "problem"})
    key = client.get(url).context["form"]["key"].value()
    data = {
        "key": key,
        "content": "厂区门前道路塌陷，大货车无法通行，已影响正常生产。",
        "requester_name": "张三",
        "requester_phone": "13912345678",
        "consent": "on",
        "address": "厂区南门",
    }
    with queries_on("default") as primary, queries_on(REPLICA) as replica:
        response = client.post(url, data)
        done = client.get(response["Location"])
    assert response.status_code == 302 and done.status_code == 200
    appeal = Appeal.objects.get()
    assert appeal.tracking_no in done.content.decode()
    assert replica.captured_queries == []
    assert "INSERT" in sql_of(primary) and "appeals_appeal" in sql_of(primary)


@REPLICA_ON
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_a_view_not_marked_reads_from_the_primary(people: People) -> None:
    with queries_on(REPLICA) as replica:
        response = login(people.bob).get(reverse("appeals:list"))
    assert response.status_code == 200
    assert replica.captured_queries == []
