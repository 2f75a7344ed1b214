"""Category selects list each top category followed by its own sub-categories, whatever their sort orders:
`Category.objects.tree_order()` against a tree computed in Python too (many categories with equal sort orders,
inactive tops and children, the same order on SQLite and PostgreSQL, in one query)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mashangdu.appeals.filters import AppealFilter
from mashangdu.appeals.forms import AppealEntryForm
from mashangdu.appeals.models import Appeal, Category
from mashangdu.open311.service import service_list, services
from mashangdu.testing import Org

# Sort orders chosen so that ordering by `sort_order` alone interleaves the two families.
TREE = [
    ("A", 1, [("A1", 2), ("A2", 5)]),
    ("B", 2, [("B1", 1), ("B2", 3)]),
]
IN_TREE_ORDER = ["A", "A / A1", "A / A2", "B", "B / B1", "B / B2"]


def make_tree(tops_sort_order: int | None = None) -> None:
    # Tops and children created alternately, so that neither the id nor the sort order alone is the tree order.
    tops = {
        name: Category.objects.create(name=name, code=name.lower(), sort_order=tops_sort_order or order)
        for name, order, _ in reversed(TREE)
    }
    for i in range(2):
        for name, _, children in TREE:
            child, order = children[i]
            Category.objects.create(name=child, code=child.lower(), sort_order=order, parent=tops[name])


def labels(field: Any) -> list[str]:
    """The labels a model choice field offers, its empty choice left out."""
    return [str(label) for value, label in field.choices if value != ""]


@pytest.mark.django_db
def test_tree_order_puts_each_top_before_its_own_children() -> None:
    make_tree()
    assert [str(c) for c in Category.objects.tree_order()] == IN_TREE_ORDER


@pytest.mark.django_db
def test_tops_of_equal_sort_order_still_keep_their_children_together() -> None:
    make_tree(tops_sort_order=7)
    names = [str(c) for c in Category.objects.tree_order()]
    assert names in (IN_TREE_ORDER, IN_TREE_ORDER[3:] + IN_TREE_ORDER[:3])


@pytest.mark.django_db
def test_the_list_filter_offers_categories_in_tree_order() -> None:
    make_tree()
    form = AppealFilter({}, queryset=Appeal.objects.all()).form
    assert labels(form.fields["category"]) == IN_TREE_ORDER


def test_the_entry_form_offers_categories_in_tree_order(org: Org) -> None:
    make_tree()
    assert labels(AppealEntryForm().fields["category"]) == IN_TREE_ORDER


@pytest.mark.django_db
def test_open311_services_come_grouped_by_their_top() -> None:
    make_tree()
    Category.objects.create(name="C", code="c", sort_order=3)  # a top without children is a service itself
    assert [s["description"] for s in service_list()] == ["A / A1", "A / A2", "B / B1", "B / B2", "C"]


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
    assert labels(AppealEntryForm().fields["category"]) == ["OFF / a", "ON", "ON / b", "LONE"]
    assert [s["service_code"] for s in service_list()] == ["b", "lone"]
    assert services().filter(code="a").first() is None
    assert services().filter(code="b").first() == b
