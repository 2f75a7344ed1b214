"""A complaint about a unit stays out of that unit's sight, whatever its members' roles (issue 13, hole 1).

The complaints are filed the way the public files them: with a service window's code, which sends them
straight to the supervision office. The unit complained about holds county-wide roles: the service
centre's dispatchers (Alice, Dina), the data bureau's administrator (Gus), a leader of the government
office (Lily). Each path that reads appeals, their events or their counts is checked."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from mashangdu.appeals import transitions
from mashangdu.appeals.models import Appeal, Kind, Status
from mashangdu.appeals.selectors import appeals_visible_to
from mashangdu.appeals.services import appeal_request_extension, appeal_sign, appeal_supervise
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Job, Notification, Unit, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.intake.services.codes import new_code
from mashangdu.intake.services.submissions import public_submit
from mashangdu.routing.similar import county_hot_topics, duplicates
from mashangdu.testing import Org, People, WindowStaff, make_appeal

PHONE = "13912345678"
TEXT = "窗口工作人员推诿扯皮，材料齐全却让我跑了三趟。"
NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)  # a Tuesday morning


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), "orange").save(out, "PNG")
    return SimpleUploadedFile("window.png", out.getvalue(), content_type="image/png")


def file_complaint(unit: Unit, *, key: str, kind: str = "complaint") -> Appeal:
    """A complaint filed with `unit`'s window code, as the public page files it."""
    qr = QrCode.objects.create(code=new_code(), kind=TargetKind.WINDOW, label=f"{unit.name}服务窗口", unit=unit)
    outcome = public_submit(
        key=key,
        ip="203.0.113.9",
        qr=qr,
        public_kind=kind,
        content=TEXT,
        requester_name="张三",
        requester_phone=PHONE,
        consent=True,
        photos=[_photo()],
    )
    return outcome.appeal


@pytest.fixture(autouse=True)
def frozen() -> object:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def about_centre(org: Org, people: People, window_staff: WindowStaff) -> Appeal:
    return file_complaint(org.service_centre, key="k-centre")


@pytest.fixture
def about_bureau(org: Org, people: People, window_staff: WindowStaff) -> Appeal:
    return file_complaint(window_staff.data_bureau, key="k-bureau")


@pytest.fixture
def about_office(org: Org, people: People, window_staff: WindowStaff) -> Appeal:
    return file_complaint(window_staff.gov_office, key="k-office")


def _insiders(people: People, staff: WindowStaff) -> list[tuple[str, User, str]]:
    """(fixture name of the complaint, a member of the unit it is about, label)."""
    return [
        ("about_centre", people.alice, "dispatcher"),
        ("about_centre", staff.dina, "second dispatcher"),
        ("about_bureau", staff.gus, "admin"),
        ("about_office", staff.lily, "leader"),
    ]


def test_the_complaint_goes_to_the_supervision_office(about_centre: Appeal, org: Org, people: People) -> None:
    assert about_centre.kind == Kind.COMPLAINT and about_centre.about_unit == org.service_centre
    assert about_centre.status == Status.DISPATCHED and about_centre.unit == org.supervision_office
    assert appeals_visible_to(people.dave).filter(pk=about_centre.pk).exists()


@pytest.mark.parametrize("which", ["about_centre", "about_bureau", "about_office"])
def test_no_member_of_the_unit_complained_about_sees_it_whatever_their_roles(
    request: pytest.FixtureRequest, which: str, people: People, window_staff: WindowStaff
) -> None:
    appeal: Appeal = request.getfixturevalue(which)
    for name, insider, label in _insiders(people, window_staff):
        if name != which:
            continue
        assert not appeals_visible_to(insider).filter(pk=appeal.pk).exists(), label
        client = as_user(insider)
        attachment = appeal.attachments.get()
        for url in (
            reverse("appeals:detail", args=[appeal.pk]),
            reverse("appeals:attachment", args=[appeal.pk, attachment.pk]),
            f"/api/appeals/{appeal.pk}/",
            f"/api/appeals/{appeal.pk}/timeline/",
        ):
            assert client.get(url).status_code == 404, (label, url)
        assert client.post(reverse("appeals:reveal_requester", args=[appeal.pk])).status_code == 404
        listing = client.get(reverse("appeals:list")).content.decode()
        assert appeal.tracking_no not in listing, label
        for q in (appeal.tracking_no, "推诿扯皮"):
            assert client.get("/api/appeals/", {"q": q}).json()["count"] == 0, (label, q)
        # Someone outside the unit with the same roles does see it: the rule is about the unit, not the role.
        assert appeals_visible_to(people.dave).filter(pk=appeal.pk).exists()


def test_a_county_wide_role_outside_the_unit_still_sees_the_complaint(
    about_bureau: Appeal, people: People, window_staff: WindowStaff
) -> None:
    assert appeals_visible_to(people.alice).filter(pk=about_bureau.pk).exists()
    assert appeals_visible_to(people.ada).filter(pk=about_bureau.pk).exists()
    assert not appeals_visible_to(window_staff.gus).filter(pk=about_bureau.pk).exists()


def test_the_qr_page_of_the_window_shows_neither_the_complaint_nor_its_count(
    about_centre: Appeal, people: People
) -> None:
    qr = about_centre.public_submission.qr
    assert qr is not None
    page = as_user(people.alice).get(reverse("intake:code_detail", args=[qr.pk]))
    assert page.status_code == 200
    assert about_centre.tracking_no not in page.content.decode()
    assert page.context["appeal_count"] == 0
    assert as_user(people.dave).get(reverse("intake:code_detail", args=[qr.pk])).context["appeal_count"] == 1


def test_the_event_log_and_its_export_leave_out_the_events_of_a_complaint_about_the_readers_unit(
    about_bureau: Appeal, people: People, window_staff: WindowStaff, django_capture_on_commit_callbacks: object
) -> None:
    gus = as_user(window_staff.gus)
    page = gus.get(reverse("event_list"), {"q": about_bureau.tracking_no})
    assert page.status_code == 200 and page.context["page"].paginator.count == 0
    assert about_bureau.tracking_no not in gus.get(reverse("home")).content.decode()
    supervisor_page = as_user(people.dave).get(reverse("event_list"), {"q": about_bureau.tracking_no})
    assert supervisor_page.context["page"].paginator.count >= 2  # created, dispatched
    day = f"{NOW:%Y-%m-%d}"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        gus.post(reverse("reports:events_export"), {"start": day, "end": day})
    job = Job.objects.get(created_by=window_staff.gus)
    assert job.status == Job.Status.DONE, job.message
    cells = [str(c) for row in load_workbook(job.file.open("rb")).active.iter_rows(values_only=True) for c in row]
    assert not any(about_bureau.tracking_no in c for c in cells)


def test_the_admin_site_hides_the_complaint_and_its_events_from_the_admin_of_the_unit(
    about_bureau: Appeal, window_staff: WindowStaff
) -> None:
    gus = as_user(window_staff.gus)
    changelist = gus.get("/admin/appeals/appeal/")
    assert changelist.status_code == 200 and about_bureau.tracking_no not in changelist.content.decode()
    assert gus.get(f"/admin/appeals/appeal/{about_bureau.pk}/change/").status_code in (302, 404)
    events = gus.get("/admin/core/event/")
    assert events.status_code == 200 and about_bureau.tracking_no not in events.content.decode()


def test_home_counts_and_dashboards_leave_the_complaint_out_for_the_unit(
    about_office: Appeal, people: People, window_staff: WindowStaff
) -> None:
    lily, leo = as_user(window_staff.lily), as_user(people.leo)

    def received_today(client: Client) -> int:
        panel = next(p for p in client.get(reverse("home")).context["panels"] if p["testid"] == "leader-overview")
        return next(n for label, n, _ in panel["items"] if label == "今日受理")

    assert received_today(leo) == 1 and received_today(lily) == 0
    assert leo.get(reverse("reports:dashboard")).context["tiles"]["received_today"] == 1
    assert lily.get(reverse("reports:dashboard")).context["tiles"]["received_today"] == 0
    office = about_office.unit
    assert office is not None
    seen = as_user(people.alice).get(reverse("reports:unit"), {"unit": office.pk}).context["open"]
    assert seen == 1
    outsider = as_user(window_staff.gus).get(reverse("reports:unit"), {"unit": office.pk}).context["open"]
    assert outsider == 1  # the data bureau is not the office complained about
    assert lily.get(reverse("reports:unit"), {"unit": office.pk}).status_code == 200


def test_the_drill_down_of_the_rankings_does_not_list_the_complaint_for_the_unit(
    about_centre: Appeal, people: People
) -> None:
    query = {"metric": "dispatched", "group": "county", "month": f"{NOW:%Y-%m}"}
    mine = as_user(people.alice).get(reverse("reports:drill"), query)
    assert mine.status_code == 200
    assert about_centre.tracking_no not in mine.content.decode()
    # Published figures leave it out for everyone (decision 0034): a supervisor finds it under 保密件办理情况.
    assert about_centre.tracking_no not in as_user(people.dave).get(reverse("reports:drill"), query).content.decode()
    confidential = as_user(people.dave).get(reverse("reports:confidential_drill"), {"metric": "dispatched"})
    assert about_centre.tracking_no in confidential.content.decode()
    assert as_user(people.alice).get(reverse("reports:confidential_drill"), {"metric": "dispatched"}).status_code == 403


def test_hot_topics_and_duplicate_suggestions_never_show_the_complaint(
    about_centre: Appeal, org: Org, people: People
) -> None:
    for i in range(2):  # more complaints about the same window: a cluster of three
        make_appeal(
            Status.HANDLING,
            unit=org.supervision_office,
            kind=Kind.COMPLAINT,
            about_unit=org.service_centre,
            title="窗口推诿",
            content=f"{TEXT}（第{i + 2}次）",
        )
    topics = county_hot_topics(NOW, appeals=appeals_visible_to(people.leo))
    assert not any("推诿" in t.text for t in topics)
    new = make_appeal(Status.SUBMITTED, unit=None, title="窗口推诿", content=TEXT)
    assert about_centre.pk in [d.appeal.pk for d in duplicates(new)]  # the suggestion itself works
    assert about_centre.pk not in [d.appeal.pk for d in duplicates(new, within=appeals_visible_to(people.alice))]
    page = as_user(people.alice).get(reverse("appeals:detail", args=[new.pk]))
    assert page.status_code == 200 and about_centre.tracking_no not in page.content.decode()


def test_the_unit_complained_about_is_never_notified_and_cannot_act(
    about_centre: Appeal, people: People, window_staff: WindowStaff
) -> None:
    olga = window_staff.olga
    appeal_sign(appeal=about_centre, by=olga)
    appeal_request_extension(appeal=about_centre, by=olga, working_days=3, reason="需调取窗口监控录像。")
    insiders = [people.alice, window_staff.dina]
    assert not Notification.objects.filter(recipient__in=insiders).exists()
    # The supervision office decides in the service centre's place, so it is told.
    told = Notification.objects.filter(recipient=people.dave, title__contains=about_centre.tracking_no)
    assert told.filter(title__startswith="延期申请").exists()
    about_centre.refresh_from_db()
    for action in ("decide_extension", "urge"):
        with pytest.raises(PermissionDeniedError):
            transitions.check(action, about_centre, people.alice)
    assert transitions.may("decide_extension", about_centre, people.dave)


def test_messages_for_the_dispatchers_skip_them_when_the_complaint_is_about_the_service_centre(
    org: Org, people: People, window_staff: WindowStaff
) -> None:
    complaint = make_appeal(
        Status.HANDLING, unit=org.supervision_office, kind=Kind.COMPLAINT, about_unit=org.service_centre
    )
    from mashangdu.appeals.services.workflow import notify_dispatchers

    notify_dispatchers(complaint, "测试")
    assert not Notification.objects.filter(recipient__in=[people.alice, window_staff.dina]).exists()


def test_the_unit_cannot_merge_into_the_complaint_to_learn_that_it_exists(about_centre: Appeal, people: People) -> None:
    new = make_appeal(Status.SUBMITTED, unit=None, title="窗口推诿", content=TEXT)
    response = as_user(people.alice).post(
        reverse("appeals:act", args=[new.pk, "merge"]), {"into": about_centre.tracking_no, "note": "重复"}
    )
    assert response.status_code == 400 and "找不到受理编号" in response.content.decode()
    new.refresh_from_db()
    assert new.status == Status.SUBMITTED


def test_a_monthly_circular_never_lists_a_confidential_matter(about_centre: Appeal, org: Org, people: People) -> None:
    from mashangdu.reports.circular import circular_data
    from mashangdu.reports.services import circular_case_add, circular_create

    circular = circular_create(year=NOW.year, month=NOW.month, by=people.dave)
    with pytest.raises(DomainError, match="须保密"):
        circular_case_add(
            circular=circular, tracking_no=about_centre.tracking_no, kind="bad", note="推诿", by=people.dave
        )
    ordinary = make_appeal(Status.HANDLING, unit=org.zjj, title="路灯不亮")
    circular_case_add(circular=circular, tracking_no=ordinary.tracking_no, kind="bad", note="拖延", by=people.dave)
    for appeal in (about_centre, ordinary):  # both formally supervised this month
        appeal_supervise(appeal=appeal, by=people.dave, level="yellow", note="请加快办理。")
    listed = [item.tracking_no for item in circular_data(circular, now=NOW + dt.timedelta(days=1)).red_list]
    assert ordinary.tracking_no in listed and about_centre.tracking_no not in listed


def test_a_complaint_a_dispatcher_enters_about_the_service_centre_goes_to_the_supervision_office(
    org: Org, people: People, window_staff: WindowStaff
) -> None:
    """Every dispatcher is in the service centre: left for them to dispatch, such a complaint would sit
    where nobody may see or act on it. The system dispatches it, as it does a public one."""
    alice = as_user(people.alice)
    response = alice.post(
        reverse("appeals:new"),
        {
            "kind": "complaint",
            "channel": "hotline",
            "urgency": "normal",
            "title": "中心窗口推诿",
            "content": TEXT,
            "about_unit": org.service_centre.pk,
            "requester_phone": PHONE,
        },
    )
    complaint = Appeal.objects.get(about_unit=org.service_centre)
    assert response.status_code == 302 and response["Location"] == reverse("appeals:list")  # not to a 404
    assert "督查室" in " ".join(str(m) for m in alice.get(response["Location"]).context["messages"])
    assert complaint.status == Status.DISPATCHED and complaint.unit == org.supervision_office
    assert not appeals_visible_to(window_staff.dina).filter(pk=complaint.pk).exists()
    appeal_sign(appeal=complaint, by=window_staff.olga)  # someone can handle it


def test_a_complaint_entered_about_another_unit_also_goes_to_the_supervision_office(org: Org, people: People) -> None:
    response = as_user(people.alice).post(
        reverse("appeals:new"),
        {
            "kind": "complaint",
            "channel": "hotline",
            "urgency": "normal",
            "title": "推诿",
            "content": TEXT,
            "about_unit": org.zjj.pk,
            "requester_phone": PHONE,
        },
    )
    complaint = Appeal.objects.get(about_unit=org.zjj)
    assert response["Location"] == reverse("appeals:detail", args=[complaint.pk])  # the dispatcher still sees it
    assert complaint.status == Status.DISPATCHED and complaint.unit == org.supervision_office
