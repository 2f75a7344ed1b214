"""The list under a figure explains that figure (issue 15): on the demo county, its history played through the
real services up to a frozen moment, the drill-down behind every figure — of the county, of every
department, township and unit, and of the service centre, for a month and for the year — counts what the
figure counts, and lists exactly the appeals of the records it counts."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from mashangdu.core.models import Role, RoleGrant, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.reports.dispatch_rates import dispatch_timeliness
from mashangdu.reports.metrics import CENTRE_METRICS, RATE_METRICS
from mashangdu.reports.rates import Period, RateRow, drill, ranking, total

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=SHANGHAI)  # a Wednesday afternoon
PERIODS = (Period.month(2026, 10), Period.year(2026))


@pytest.fixture(scope="module")
def county(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        call_command("demo_county", "--enterprises", "200", "--appeals", "400", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


def _reader() -> Client:
    """A county leader outside every unit: nothing is confidential to them, every appeal is theirs to see."""
    leader = User.objects.create_user(username="auditor", full_name="审计员")
    RoleGrant.objects.create(user=leader, role=Role.LEADER)
    client = Client()
    client.force_login(leader)
    return client


def _figure_differs_somewhere() -> bool:
    """Whether some figure counts more than its appeals (an appeal evaluated twice, supervised twice…)."""
    year = PERIODS[1]
    return any(
        metric.total(records) != metric.appeal_ids(records).distinct().count()
        for metric in RATE_METRICS.values()
        for records in [drill(year, metric.name, now=NOW)]
    )


@pytest.mark.django_db
def test_every_drill_down_counts_what_its_figure_counts(county: None) -> None:
    wrong = []
    with time_machine.travel(NOW, tick=False):
        whole_year = total(PERIODS[1], now=NOW)
        assert all(getattr(whole_year, name) for name in RATE_METRICS), "the demo year should have every figure"
        assert _figure_differs_somewhere(), "the demo year should have a figure that counts more than its appeals"
        for period in PERIODS:
            rows: list[tuple[str, int | None, RateRow]] = [("county", None, total(period, now=NOW))]
            rows += [
                (g, row.key, row)
                for g in ("department", "township", "unit")
                for row in ranking(period, group=g, now=NOW)
            ]
            for group, key, row in rows:
                for name, metric in RATE_METRICS.items():
                    counted = metric.total(drill(period, name, group=group, key=key, now=NOW))
                    if counted != getattr(row, name):
                        wrong.append(f"{period.label} {group} {row.name} {name}: {getattr(row, name)} ≠ {counted}")
            centre = dispatch_timeliness(period, now=NOW)
            for name, metric in CENTRE_METRICS.items():
                counted = metric.total(metric.records(period, NOW))
                if counted != getattr(centre, name):
                    wrong.append(f"{period.label} centre {name}: {getattr(centre, name)} ≠ {counted}")
            assert centre.late == centre.due - centre.on_time
    assert not wrong, "\n".join(wrong)

    # The pages: every figure of the county and of the busiest department opens the list of its appeals, and the
    # page states the figure it explains.
    client = _reader()
    year = PERIODS[1]
    busiest = max(ranking(year, group="department", now=NOW), key=lambda r: r.dispatched)
    with time_machine.travel(NOW, tick=False):
        for group, key, row in (("county", None, total(year, now=NOW)), ("department", busiest.key, busiest)):
            for name, metric in RATE_METRICS.items():
                query = f"metric={name}&group={group}&{year.query()}" + (f"&key={key}" if key else "")
                page = client.get(f"/reports/drill/?{query}")
                records = drill(year, name, group=group, key=key, now=NOW)
                appeals = set(metric.appeal_ids(records).values_list(metric.basis.appeal, flat=True))
                listed = {
                    a.pk
                    for n in page.context["page"].paginator.page_range
                    for a in page.context["page"].paginator.page(n)
                }
                assert (page.context["figure"], listed) == (getattr(row, name), appeals), (group, name)
                text = page.content.decode()
                if getattr(row, name) == len(appeals):
                    assert f"该数字对应 {len(appeals)} 件诉求。" in text, (group, name)
                else:
                    assert (
                        f"该数字为 {getattr(row, name)}（{metric.describe_counting()}），对应 {len(appeals)} 件诉求。"
                        in text
                    )
        for name in CENTRE_METRICS:
            page = client.get(f"/reports/drill/dispatch/?metric={name}&{year.query()}")
            assert page.context["figure"] == getattr(dispatch_timeliness(year, now=NOW), name), name
