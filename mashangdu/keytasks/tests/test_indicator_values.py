"""Indicator values are finite and bounded: a hostile value typed into a report is refused with the
indicator's name, nothing is saved, and every page that reads indicators keeps working; the migration
clears an infinity (SQLite) or a NaN (PostgreSQL) already stored."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.forms import modelform_factory
from django.test import Client
from django.urls import reverse

from mashangdu.core.decimals import DecimalInputError, parse_decimal
from mashangdu.keytasks import services
from mashangdu.keytasks.models import Indicator, IndicatorShare, ProgressReport, Task
from mashangdu.testing import Org, People

D = dt.date
HOSTILE = ["1e999999", "NaN", "Infinity", "-inf", "sNaN", "1e12", "-1000000000000", "0.001", "1_000", "0x10", "1" * 200]
CLEANUP = importlib.import_module("mashangdu.keytasks.migrations.0005_bounded_indicator_values")


@pytest.fixture
def task(org: Org) -> Task:
    return Task.objects.create(
        code="1", title="盘活闲置低效土地", lead_unit=org.zjj, start_date=D(2026, 1, 1), due_date=D(2026, 12, 31)
    )


@pytest.fixture
def indicator(task: Task, org: Org) -> Indicator:
    made = Indicator.objects.create(
        task=task, name="盘活面积", unit="亩", baseline=0, baseline_date=D(2026, 1, 1), target=200
    )
    IndicatorShare.objects.create(indicator=made, township=org.township, target=80)
    return made


def login(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def assert_every_indicator_page_works(people: People, task: Task) -> None:
    dave = login(people.dave)
    for url, params in [
        (reverse("tasks:board"), {}),
        (reverse("tasks:board"), {"by": "unit"}),
        (reverse("tasks:detail", args=[task.pk]), {}),
        (reverse("tasks:export"), {}),
        (reverse("tasks:monthly"), {"month": "2026-11"}),
        (reverse("tasks:review"), {}),
    ]:
        assert dave.get(url, params).status_code == 200, url


@pytest.mark.parametrize("typed", HOSTILE)
def test_a_hostile_value_in_a_report_is_refused_naming_the_indicator(
    typed: str, task: Task, indicator: Indicator, people: People
) -> None:
    response = login(people.bob).post(
        reverse("tasks:detail", args=[task.pk]),
        {"form": "report", "period_end": "2026-10-31", "text": "进展", f"ind_{indicator.pk}": typed},
    )
    assert response.status_code == 400
    assert "盘活面积（亩）" in response.content.decode()
    assert not ProgressReport.objects.exists()
    with pytest.raises(services.DomainError, match="盘活面积"):
        services.report_submit(
            task=task, by=people.bob, period_end=D(2026, 10, 31), text="x", indicator_values={str(indicator.pk): typed}
        )
    assert not ProgressReport.objects.exists()
    assert_every_indicator_page_works(people, task)


def test_a_plain_value_is_kept_and_accepted(task: Task, indicator: Indicator, people: People) -> None:
    login(people.bob).post(
        reverse("tasks:detail", args=[task.pk]),
        {"form": "report", "period_end": "2026-10-31", "text": "进展", f"ind_{indicator.pk}": " １２0.5 "},
    )
    report = ProgressReport.objects.get()
    assert report.indicator_values == {str(indicator.pk): "120.50"}
    services.report_review(report=report, by=people.dave, accept=True)
    indicator.refresh_from_db()
    assert indicator.current == Decimal("120.5")
    assert_every_indicator_page_works(people, task)


@pytest.mark.parametrize("stored", ["Infinity", "NaN", "1E+999999", "abc"])
def test_a_report_stored_before_values_were_bounded_is_reviewed_without_moving_the_indicator(
    stored: str, task: Task, indicator: Indicator, people: People
) -> None:
    report = ProgressReport.objects.create(
        task=task,
        period_end=D(2026, 10, 31),
        text="旧报告",
        indicator_values={str(indicator.pk): stored},
        submitted_by=people.bob,
    )
    assert_every_indicator_page_works(people, task)
    services.report_review(report=report, by=people.dave, accept=True)
    indicator.refresh_from_db()
    assert indicator.current is None and ProgressReport.objects.get().state == ProgressReport.State.ACCEPTED
    assert_every_indicator_page_works(people, task)


def test_the_model_field_refuses_to_store_what_its_column_cannot_hold(indicator: Indicator) -> None:
    for value in (Decimal("Infinity"), Decimal("NaN"), Decimal("1e999999"), float("inf")):
        indicator.current = value
        with pytest.raises(DecimalInputError, match="当前值"), transaction.atomic():
            indicator.save()
    indicator.refresh_from_db()
    assert indicator.current is None


def test_the_indicator_form_names_the_field(indicator: Indicator) -> None:
    """The admin's forms (the only place indicators are typed) are model forms of these fields."""
    form_class = modelform_factory(Indicator, fields=["task", "name", "baseline", "target", "current"])
    data = {
        "task": indicator.task_id,
        "name": "盘活面积",
        "baseline": "0",
        "target": "1e999999",
        "current": "NaN",
    }
    form = form_class(data, instance=indicator)
    assert not form.is_valid()
    assert "目标值" in form.errors["target"][0] and "超出范围" in form.errors["target"][0]
    assert "当前值" in form.errors["current"][0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", Decimal("12.00")),
        (3, Decimal("3.00")),
        (2.5, Decimal("2.50")),
        ("-0.5", Decimal("-0.50")),
        ("", None),
        ("1,234.5", Decimal("1234.50")),
        ("１２３．５", Decimal("123.50")),
    ],
)
def test_parse_decimal_accepts_what_the_column_holds(value: object, expected: Decimal | None) -> None:
    assert parse_decimal(value, label="x") == expected


def test_minus_zero_is_stored_as_zero() -> None:
    assert str(parse_decimal("-0", label="x")) == "0.00"


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), True, "1e999999", "٣", "1e", "--1", 10**12, "1,5", "12,34", "²", "⑤", "1，5"],
)
def test_parse_decimal_refuses_the_rest_naming_the_label(value: object) -> None:
    with pytest.raises(DecimalInputError, match="“完成率”"):
        parse_decimal(value, label="完成率")


def store_a_broken_value(indicator: Indicator) -> None:
    """What a review stored before the fix: an infinity on SQLite, a NaN on PostgreSQL."""
    broken = "9e999" if connection.vendor == "sqlite" else "'NaN'::numeric"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE tasks_indicator SET current = {broken} WHERE id = %s", [indicator.pk])  # noqa: S608
        cursor.execute(f"UPDATE tasks_indicatorshare SET current = {broken}")  # noqa: S608


def test_the_migration_clears_a_stored_non_finite_value(task: Task, indicator: Indicator, people: People) -> None:
    store_a_broken_value(indicator)
    ProgressReport.objects.create(
        task=task,
        period_end=D(2026, 10, 31),
        text="旧报告",
        indicator_values={str(indicator.pk): "Infinity"},
        submitted_by=people.bob,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tasks_indicator WHERE current IS NOT NULL")
        assert cursor.fetchone()[0] == 1  # the broken value is there
    CLEANUP.clear_non_finite(django_apps(), SimpleNamespace(connection=connection))
    indicator.refresh_from_db()
    assert indicator.current is None and indicator.target == Decimal(200)
    assert IndicatorShare.objects.get().current is None
    assert ProgressReport.objects.get().indicator_values == {}
    assert_every_indicator_page_works(people, task)


def django_apps() -> object:
    from django.apps import apps

    return apps
