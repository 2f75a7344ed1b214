"""A site goes 已发现 → 整治中 → 待验收 → 已销号 (or back to 整治中), each step by whom the table says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Event, Notification
from mashangdu.core.workflow import WrongStateError
from mashangdu.pollution.models import SiteState
from mashangdu.pollution.services import sites as services
from mashangdu.pollution.tests.conftest import D, Env, new_site, register
from mashangdu.testing import Org, People


def test_the_township_rectifies_and_the_environment_bureau_strikes_off(org: Org, people: People, env: Env) -> None:
    site = register(org.township, people.tina)
    services.site_start(site=site, by=people.tina)
    services.site_inspect(
        site=site, by=env.eva, inspected_on=D(2026, 9, 20), inspector="伊娃", result="in_progress", note="正在拆除"
    )
    services.site_submit(site=site, by=people.tina, rectification="喷涂设备已拆除")
    services.site_refuse(site=site, by=env.eva, reason="现场仍有残留油漆桶")
    site.refresh_from_db()
    assert site.state == SiteState.RECTIFYING
    services.site_submit(site=site, by=people.tina, rectification="油漆桶已清运")
    services.site_accept(site=site, by=env.eva, cleared_on=D(2026, 10, 8), evidence="现场核查，已清理到位")
    site.refresh_from_db()
    assert (site.state, site.cleared_on, site.accepted_by) == (SiteState.CLEARED, D(2026, 10, 8), env.eva)
    verbs = list(
        Event.objects.filter(target_id=site.pk, verb__startswith="pollution.")
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "pollution.site_registered",
        "pollution.rectification_started",
        "pollution.inspected",
        "pollution.submitted",
        "pollution.refused",
        "pollution.submitted",
        "pollution.accepted",
    ]
    assert Notification.objects.filter(recipient=people.tina, title__contains="已销号").exists()


def test_another_township_may_neither_register_nor_act(org: Org, people: People, env: Env) -> None:
    with pytest.raises(PermissionDeniedError):
        register(org.township, env.hugo)
    site = register(org.township, people.tina)
    with pytest.raises(PermissionDeniedError):
        services.site_start(site=site, by=env.hugo)
    assert not Event.objects.filter(verb="pollution.rectification_started").exists()


def test_only_the_environment_authority_accepts(org: Org, people: People, env: Env) -> None:
    site = register(org.township, people.tina)
    services.site_start(site=site, by=people.tina)
    services.site_submit(site=site, by=people.tina, rectification="已整改")
    with pytest.raises(PermissionDeniedError, match="生态环境主管部门"):
        services.site_accept(site=site, by=people.tina, cleared_on=D(2026, 11, 1), evidence="自验")
    with pytest.raises(PermissionDeniedError):
        services.site_accept(site=site, by=people.bob, cleared_on=D(2026, 11, 1), evidence="住建局")


def test_accepting_a_site_not_awaiting_acceptance_is_a_wrong_state(org: Org, people: People, env: Env) -> None:
    site = register(org.township, people.tina)
    with pytest.raises(WrongStateError, match="已发现"):
        services.site_accept(site=site, by=env.eva, cleared_on=D(2026, 11, 1), evidence="核查")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"found": D(2026, 11, 11)}, "found_on"),
        ({"deadline": D(2026, 8, 1)}, "deadline"),
        ({"name": "  "}, "name"),
        ({"deadline": D(2030, 1, 1)}, "deadline"),
    ],
)
def test_bad_registrations_name_the_field_and_save_nothing(
    org: Org, people: People, env: Env, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        services.site_register(data=new_site(org.township, **change), by=people.tina)
    assert caught.value.field == field
    assert not Event.objects.filter(verb="pollution.site_registered").exists()


def test_a_cleared_date_in_the_future_or_before_the_find_is_refused(org: Org, people: People, env: Env) -> None:
    site = register(org.township, people.tina)
    services.site_start(site=site, by=people.tina)
    services.site_submit(site=site, by=people.tina, rectification="已整改")
    for day in (D(2026, 11, 11), D(2026, 8, 31)):
        with pytest.raises(DomainError) as caught:
            services.site_accept(site=site, by=env.eva, cleared_on=day, evidence="核查")
        assert caught.value.field == "cleared_on"
    site.refresh_from_db()
    assert site.state == SiteState.AWAITING


def test_supervisors_urge_and_the_township_hears(org: Org, people: People, env: Env) -> None:
    site = register(org.township, people.tina)
    services.site_urge(site=site, by=people.dave, note="请加快整治")
    assert Notification.objects.filter(recipient=people.tina, title__contains="督促").count() == 1
    with pytest.raises(PermissionDeniedError):
        services.site_urge(site=site, by=people.alice, note="调度员不能督促")
    assert isinstance(site.found_on, dt.date)
