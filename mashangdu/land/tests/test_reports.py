"""Progress reports, reviewed like key tasks': the township or the bureau reports; the bureau's head or a
supervisor accepts or returns (with a comment); a report sent twice records once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mashangdu.core.errors import DomainError, PermissionDeniedError, WrongStateError
from mashangdu.core.models import Event, Notification
from mashangdu.land.models import Parcel, ParcelReport
from mashangdu.land.services.reports import report_review, report_submit
from mashangdu.land.tests.conftest import D, Env, register
from mashangdu.testing import Org, People


def test_a_report_sent_twice_records_once(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, people.tina)
    first = report_submit(
        parcel=parcel, by=people.tina, reported_on=D(2026, 11, 9), progress="完成土地收储评估", key="c" * 32
    )
    again = report_submit(
        parcel=parcel, by=people.tina, reported_on=D(2026, 11, 9), progress="完成土地收储评估", key="c" * 32
    )
    assert first.pk == again.pk
    assert ParcelReport.objects.count() == 1
    assert Event.objects.filter(verb="land.reported").count() == 1


def test_the_bureau_head_or_a_supervisor_reviews(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, people.tina)
    report = report_submit(
        parcel=parcel, by=people.tina, reported_on=D(2026, 11, 9), progress="签订置换协议", tax_now=Decimal("2.1")
    )
    with pytest.raises(PermissionDeniedError):  # a handler of the bureau does not review
        report_review(report=report, by=people.carol, accept=True, comment="")
    with pytest.raises(PermissionDeniedError):  # nor the head of another unit
        report_review(report=report, by=people.frank, accept=True, comment="")
    with pytest.raises(DomainError):  # a return says why
        report_review(report=report, by=env.nina, accept=False, comment=" ")
    returned = report_review(report=report, by=env.nina, accept=False, comment="请附协议文本")
    assert (returned.state, returned.review_comment) == ("returned", "请附协议文本")
    assert Notification.objects.filter(recipient=people.tina, title__contains="退回").exists()
    with pytest.raises(WrongStateError):
        report_review(report=report, by=people.dave, accept=True, comment="")
    second = report_submit(parcel=parcel, by=people.tina, reported_on=D(2026, 11, 10), progress="已附协议")
    assert report_review(report=second, by=people.dave, accept=True, comment="").state == "accepted"


def test_another_township_does_not_report_and_dates_are_checked(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, people.tina)
    with pytest.raises(PermissionDeniedError):
        report_submit(parcel=parcel, by=env.hugo, reported_on=D(2026, 11, 9), progress="x")
    with pytest.raises(DomainError):
        report_submit(parcel=parcel, by=people.tina, reported_on=D(2026, 11, 11), progress="x")
    with pytest.raises(DomainError):
        report_submit(parcel=parcel, by=people.tina, reported_on=D(2026, 8, 1), progress="x")
    with pytest.raises(DomainError):
        report_submit(parcel=parcel, by=people.tina, reported_on=D(2026, 11, 9), progress="x", tax_now=Decimal(-1))
    report_submit(parcel=parcel, by=people.carol, reported_on=D(2026, 11, 9), progress="自然资源局报送")


def test_the_bureau_head_is_told_of_a_report_and_finds_it_on_the_ledger(org: Org, people: People, env: Env) -> None:
    """Fresh-eyes trial: a report waited unseen; the head now gets a message and the ledger a 待审核 filter."""
    parcel = register(org.township, people.tina)
    other = register(org.township, people.tina, code="CH-2026-002")
    report_submit(parcel=parcel, by=people.tina, reported_on=D(2026, 11, 9), progress="完成土地收储评估")
    assert Notification.objects.filter(recipient=env.nina, title__contains=parcel.code).exists()
    assert not Notification.objects.filter(recipient=people.carol, title__contains="待审核").exists()  # heads only
    client = Client()
    client.force_login(env.nina)
    page = client.get("/land/?pending=1").content.decode()
    assert parcel.code in page and other.code not in page
    assert client.get("/land/?pending=maybe").status_code == 400


def test_an_attachment_downloads_for_readers_of_its_parcel_only(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, people.tina)
    report = report_submit(
        parcel=parcel,
        by=people.tina,
        reported_on=D(2026, 11, 9),
        progress="附协议",
        attachment=SimpleUploadedFile("协议.pdf", b"%PDF-1.4 test"),
    )
    client = Client()
    client.force_login(env.nina)
    response = client.get(f"/land/reports/{report.pk}/attachment/")
    assert response.status_code == 200 and response.getvalue() == b"%PDF-1.4 test"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(env.hugo)  # 河东镇: not their parcel
    assert client.get(f"/land/reports/{report.pk}/attachment/").status_code == 404
    plain = report_submit(parcel=parcel, by=people.tina, reported_on=D(2026, 11, 9), progress="无附件")
    client.force_login(env.nina)
    assert client.get(f"/land/reports/{plain.pk}/attachment/").status_code == 404


def test_no_report_on_a_parcel_no_longer_open(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, people.tina)
    Parcel.objects.filter(pk=parcel.pk).update(state="revitalised", revitalised_on=D(2026, 11, 1))
    with pytest.raises(WrongStateError):
        report_submit(parcel=parcel, by=people.tina, reported_on=D(2026, 11, 9), progress="已投产")


def test_the_bureau_head_does_not_review_her_own_report(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, people.tina)
    report = report_submit(parcel=parcel, by=env.nina, reported_on=D(2026, 11, 9), progress="完成土地收储评估")
    with pytest.raises(PermissionDeniedError):
        report_review(report=report, by=env.nina, accept=True, comment="")
    report.refresh_from_db()
    assert report.state == "submitted"
    assert not Event.objects.filter(verb="land.report_reviewed").exists()
