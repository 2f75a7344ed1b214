"""A circular's figures are frozen once issued, and its cases belong to its month."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from docx import Document

from mashangdu.appeals import services
from mashangdu.appeals.projection import records_rebuild
from mashangdu.reports.models import Circular, CircularCase, RateSettings
from mashangdu.reports.rates import Period, ranking
from mashangdu.reports.tests.conftest import Play, at, step
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")


def login(persona: Any) -> Client:
    client = Client()
    client.force_login(persona)
    return client


def build_at(when: str, persona: Any, circular: Circular, capture: Any) -> Circular:
    with time_machine.travel(at(when), tick=False), capture(execute=True):
        response = login(persona).post(reverse("reports:circular_build", args=[circular.pk]))
    assert response["Location"].startswith("/jobs/"), response
    circular.refresh_from_db()
    assert circular.state == Circular.State.READY
    return circular


def department_rows(circular: Circular) -> list[list[str]]:
    table = Document(circular.docx.open("rb")).tables[0]
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_an_issued_circulars_figures_never_change(
    people: People, org: Org, small_sample: RateSettings, django_capture_on_commit_callbacks: Any
) -> None:
    Play(people, org).handled().evaluated("satisfied", True)
    Play(people, org).handled(sign="14:30").evaluated("basic", False)
    unsatisfied = Play(people, org).handled().evaluated("unsatisfied", False)
    dave = login(people.dave)
    dave.post(reverse("reports:circulars"), {"month": "2026-11"})
    circular = Circular.objects.get()

    draft = build_at("2026-11-20T09:00", people.dave, circular, django_capture_on_commit_callbacks)
    assert draft.figures is None and draft.frozen_at is None  # the month is not over: a draft

    issued = build_at("2026-12-01T09:00", people.dave, circular, django_capture_on_commit_callbacks)
    assert issued.frozen_at == at("2026-12-01T09:00") and issued.figures is not None
    rows = department_rows(issued)
    # 30 × 2/3 + 35 × 1/3 + 35 × (1 + 0.8)/3 = 52.67
    assert rows[0] == ["1", org.zjj.name, "3", "3", "66.7%", "33.3%", "60.0%", "52.7"]

    # Afterwards: the unsatisfied one ruled unreasonable in December, new weights and factor, and a rebuilt
    # projection change the live November figures...
    step(
        "2026-12-02T10:00",
        lambda: services.appeal_review(appeal=unsatisfied.appeal.pk, by=people.dave, reopen=False, reason="超出范围"),
    )
    RateSettings.objects.update(
        response_weight=Decimal(50), resolution_weight=Decimal(25), satisfaction_weight=Decimal(25), basic_factor=0
    )
    records_rebuild()
    live = next(r for r in ranking(Period.month(2026, 11), group="department") if r.name == org.zjj.name)
    assert live.evaluated == 2 and live.score != Decimal("52.7")

    # ...but not the issued circular's, however often it is rebuilt (for a new case, say).
    rebuilt = build_at("2026-12-03T09:00", people.dave, circular, django_capture_on_commit_callbacks)
    assert department_rows(rebuilt) == rows
    assert rebuilt.frozen_at == at("2026-12-01T09:00")
    # The page lists what changed since, as corrections.
    with time_machine.travel(at("2026-12-03T10:00"), tick=False):
        page = login(people.dave).get(reverse("reports:circular", args=[circular.pk]))
    assert [(c.unit, c.figure, c.issued, c.now) for c in page.context["corrections"]] == [
        (org.zjj.name, "参评件数", "3", "2")
    ]
    assert "冻结后的更正" in page.content.decode()


def test_a_case_of_another_month_is_refused_with_a_reason(
    people: People, org: Org, django_capture_on_commit_callbacks: Any
) -> None:
    october = Play(people, org, day="2026-10-12").handled().evaluated("satisfied", True)
    dave = login(people.dave)
    dave.post(reverse("reports:circulars"), {"month": "2026-11"})
    circular = Circular.objects.get()
    url = reverse("reports:circular", args=[circular.pk])

    refused = dave.post(url, {"tracking_no": october.appeal.tracking_no, "kind": "good", "note": "办得好"})
    assert refused.status_code == 400
    assert (
        f"{october.appeal.tracking_no} 受理于2026年10月12日，在2026年11月没有办理记录，"
        "不能作为2026年11月通报的典型案例。" in refused.content.decode()
    )
    assert not CircularCase.objects.exists()

    # Received in October, replied in November: a case of November.
    straddling = Play(people, org, day="2026-10-30")
    straddling.at("09:00", services.appeal_dispatch, by=people.alice, unit=org.zjj)
    straddling.at("09:30", services.appeal_sign, by=people.bob)
    straddling.at("10:00", services.appeal_contact, by=people.bob, note="已联系")
    step(
        "2026-11-02T10:00",
        lambda: services.appeal_reply(
            appeal=straddling.appeal.pk, by=people.bob, result="solved", public_reply="已修复。"
        ),
    )
    accepted = dave.post(url, {"tracking_no": straddling.appeal.tracking_no, "kind": "good", "note": "办得好"})
    assert accepted.status_code == 302
    assert CircularCase.objects.filter(appeal=straddling.appeal).exists()


def test_a_circular_lists_units_below_the_minimum_sample_after_the_ranked_ones(
    people: People, org: Org, django_capture_on_commit_callbacks: Any
) -> None:
    Play(people, org).handled().evaluated("satisfied", True)  # 住建局: 1 dispatched, 1 evaluated; minimum 5
    dave = login(people.dave)
    dave.post(reverse("reports:circulars"), {"month": "2026-11"})
    circular = build_at("2026-12-01T09:00", people.dave, Circular.objects.get(), django_capture_on_commit_callbacks)
    document = Document(circular.docx.open("rb"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert department_rows(circular) == [["样本不足", org.zjj.name, "1", "1", "100.0%", "100.0%", "100.0%", "—"]]
    assert "少于 5 件的单位列为“样本不足”" in text
    assert text.count("本期无派单") == 1  # the townships only: the departments were dispatched to
    assert len(document.inline_shapes) == 0  # no chart without a ranked unit
