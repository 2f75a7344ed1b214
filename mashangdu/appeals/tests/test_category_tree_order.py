"""`Category.objects.tree_order()` against a tree computed in Python: many categories with equal sort orders,
inactive tops and children, the same order on SQLite and PostgreSQL, in one query."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mashangdu.appeals.forms import AppealEntryForm
from mashangdu.appeals.models import Category
from mashangdu.open311.service import service_list, services


def in_tree_order(categories: list[Category]) -> list[int]:
    def key(c: Category) -> tuple[int, int]:
        return (c.sort_order, c.pk)

    ids = []
    for top in sorted((c for c in categories if c.parent_id is None), key=key):
        ids.append(top.pk)
        ids += [c.pk for c in sorted((c for c in categories if c.parent_id == top.pk), key=key)]
    return ids


@pytest.mark.django_db
def test_many_categories_of_few_distinct_sort_orders_come_in_tree_order_in_one_query() -> None:
    rng = random.Random(5)  # noqa: S311 - test data
    tops = [Category.objects.create(name=f"T{i}", code=f"t{i}", sort_order=rng.randint(0, 3)) for i in range(15)]
    for i in range(80):
        Category.objects.create(name=f"C{i}", code=f"c{i}", sort_order=rng.randint(0, 3), parent=rng.choice(tops))
    with CaptureQueriesContext(connection) as queries:
        ordered = [(c.pk, str(c)) for c in Category.objects.tree_order()]
    assert [pk for pk, _ in ordered] == in_tree_order(list(Category.objects.all()))
    assert len(queries.captured_queries) == 1  # the parents' names come with the rows


@pytest.mark.django_db
def test_an_inactive_top_keeps_its_active_children_in_forms_but_not_in_open311() -> None:
    off = Category.objects.create(name="OFF", code="off", sort_order=0, is_active=False)
    on = Category.objects.create(name="ON", code="on", sort_order=0)
    Category.objects.create(name="LONE", code="lone", sort_order=0)
    Category.objects.create(name="LONEOFF", code="loneoff", sort_order=0, is_active=False)
    Category.objects.create(name="a", code="a", parent=off, sort_order=1)
    b = Category.objects.create(name="b", code="b", parent=on, sort_order=1)
    Category.objects.create(name="c", code="c", parent=on, sort_order=1, is_active=False)
    field: Any = AppealEntryForm().fields["category"]
    labels = [str(label) for value, label in field.choices if value != ""]
    assert labels == ["OFF / a", "ON", "ON / b", "LONE"]
    assert [s["service_code"] for s in service_list()] == ["b", "lone"]
    assert services().filter(code="a").first() is None
    assert services().filter(code="b").first() == b
