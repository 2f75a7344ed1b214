"""Running a year's evaluation stores each result with its breakdown; weights changed in the admin are applied
when the year is evaluated again (hand-computed expected scores)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Event
from mashangdu.efficiency.models import Evaluation, SchemeIndicator, SchemeMeasure
from mashangdu.efficiency.services.evaluation import evaluate_year
from mashangdu.efficiency.tests.conftest import Env, figures, scheme
from mashangdu.testing import People


def test_the_year_is_scored_and_the_breakdown_stored(env: Env, people: People) -> None:
    made = scheme()
    # West: 300/20 = 15 → 1.5 × 40 = 60; R&D 60/1000 = 6% → capped 1.5 × 60 = 90; 150 → A.
    figures(env.west_firm, land_area=20, tax=300, rd_spending=60, revenue=1000)
    # East: 50/10 = 5 → 0.5 × 40 = 20; R&D missing → 0; 20 → D, incomplete.
    figures(env.east_firm, land_area=10, tax=50, revenue=500)
    assert evaluate_year(scheme=made, by=env.ivan) == 2
    west = Evaluation.objects.get(enterprise=env.west_firm)
    east = Evaluation.objects.get(enterprise=env.east_firm)
    assert (west.score, west.grade, west.rank, west.incomplete) == (Decimal("150.00"), "A", 1, False)
    assert (east.score, east.grade, east.rank, east.incomplete) == (Decimal("20.00"), "D", 2, True)
    assert [b["score"] for b in east.breakdown] == ["20.00", "0.00"]
    assert Event.objects.filter(verb="efficiency.evaluated").count() == 1


def test_weights_changed_in_the_admin_are_applied_on_the_next_run(env: Env, people: People) -> None:
    made = scheme()
    figures(env.west_firm, land_area=20, tax=100, rd_spending=30, revenue=1000)
    evaluate_year(scheme=made, by=env.ivan)
    # 100/20 = 5 → 0.5 × 40 = 20; 3% → 1 × 60 = 60; 80 → B.
    assert Evaluation.objects.get().score == Decimal("80.00")
    people.ada.is_staff = people.ada.is_superuser = True  # as the demo has it: the administrator is the superuser
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(people.ada)
    tax = SchemeIndicator.objects.get(scheme=made, indicator="tax_per_mu")
    rd = SchemeIndicator.objects.get(scheme=made, indicator="rd_ratio")
    data = {
        "year": "2025",
        "title": made.title,
        "note": "",
        "class_rule": "thresholds",
        "a_min": "100",
        "b_min": "60",
        "c_min": "30",
        "a_share": "",
        "b_share": "",
        "c_share": "",
        "small_land_below": "",
        "small_revenue_below": "",
        "indicators-TOTAL_FORMS": "2",
        "indicators-INITIAL_FORMS": "2",
        "indicators-0-id": str(tax.pk),
        "indicators-0-scheme": str(made.pk),
        "indicators-0-indicator": "tax_per_mu",
        "indicators-0-weight": "80",  # was 40
        "indicators-0-benchmark": "10",
        "indicators-0-cap": "1.5",
        "indicators-1-id": str(rd.pk),
        "indicators-1-scheme": str(made.pk),
        "indicators-1-indicator": "rd_ratio",
        "indicators-1-weight": "20",  # was 60
        "indicators-1-benchmark": "3",
        "indicators-1-cap": "1.5",
        "measures-TOTAL_FORMS": "0",
        "measures-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/efficiency/scheme/{made.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    tax.refresh_from_db()
    assert tax.weight == 80
    # Re-run through the admin's action: 0.5 × 80 = 40; 1 × 20 = 20; 60 → B, exactly on the line.
    response = client.post(
        "/admin/efficiency/scheme/", {"action": "evaluate", "_selected_action": [str(made.pk)]}, follow=True
    )
    assert response.status_code == 200
    row = Evaluation.objects.get()
    assert (row.score, row.grade) == (Decimal("60.00"), "B")
    assert [b["weight"] for b in row.breakdown] == ["80.00", "20.00"]


def test_the_admin_refuses_lines_out_of_order(env: Env, people: People) -> None:
    made = scheme()
    made.a_min = Decimal(50)
    from django.core.exceptions import ValidationError

    try:
        made.full_clean()
    except ValidationError as exc:
        assert "A > B > C" in str(exc)
    else:
        raise AssertionError("lines out of order accepted")


def test_a_result_with_a_recorded_measure_survives_a_rerun(env: Env, people: People) -> None:
    import datetime as dt

    from mashangdu.efficiency.services.measures import measure_apply

    made = scheme()
    SchemeMeasure.objects.create(scheme=made, grade="A", kind="electricity", text="不加价")
    row = figures(env.west_firm, land_area=20, tax=300, rd_spending=60, revenue=1000)
    evaluate_year(scheme=made, by=env.ivan)
    applied = measure_apply(
        evaluation=Evaluation.objects.get(), kind="electricity", applied_on=dt.date(2026, 1, 1), note="", by=env.ivan
    )
    assert applied.text == "不加价" and applied.grade == "A"
    row.delete()
    evaluate_year(scheme=made, by=env.ivan)
    assert Evaluation.objects.filter(pk=applied.evaluation_id).exists()


def test_a_township_handler_may_not_run_it(env: Env, people: People) -> None:
    made = scheme()
    try:
        evaluate_year(scheme=made, by=people.tina)
    except PermissionDeniedError:
        pass
    else:
        raise AssertionError("a township ran the evaluation")


def test_a_scheme_whose_weights_add_up_to_zero_is_not_run(env: Env, people: People) -> None:
    """Everyone would score 0 and tie: by shares they would all share a class above D."""
    made = scheme(class_rule="shares", a_share=20, b_share=50, c_share=20)
    SchemeIndicator.objects.filter(scheme=made).update(weight=0)
    figures(env.west_firm, land_area=20, tax=300, revenue=1000)
    figures(env.east_firm, land_area=10, tax=50, revenue=500)
    with pytest.raises(DomainError, match="权重"):
        evaluate_year(scheme=made, by=env.ivan)
    assert not Evaluation.objects.exists()


def test_a_scheme_whose_top_score_the_column_cannot_hold_is_not_run(env: Env, people: People) -> None:
    """A weight typed as 4000 instead of 40, capped at 50×: a strong enterprise would score beyond 99999.99."""
    made = scheme()
    SchemeIndicator.objects.filter(scheme=made, indicator="tax_per_mu").update(weight=4000, cap=50)
    figures(env.west_firm, land_area=1, tax=1000, revenue=1000)
    with pytest.raises(DomainError, match="权重"):
        evaluate_year(scheme=made, by=env.ivan)
    assert not Evaluation.objects.exists()
