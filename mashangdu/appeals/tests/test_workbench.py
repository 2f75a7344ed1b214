"""The staff workbench over HTTP: scope (404), refusals (403/409/400), queues, search, export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Category, Status
from mashangdu.appeals.services import appeal_create, appeal_dispatch
from mashangdu.core.models import Event, Job, User
from mashangdu.testing import Org, People, make_appeal


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def appeal(people: People, org: Org) -> Appeal:
    created = appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title="楼道漏水",
        content="三单元楼道漏水。",
        requester_name="张三",
        requester_phone="13912345678",
    )
    return appeal_dispatch(appeal=created, by=people.alice, unit=org.zjj)


def test_handler_of_other_unit_gets_404(people: People, appeal: Appeal) -> None:
    carol = as_user(people.carol)
    assert carol.get(f"/appeals/{appeal.pk}/").status_code == 404
    assert carol.post(f"/appeals/{appeal.pk}/act/sign/").status_code == 404
    assert appeal.tracking_no not in carol.get("/appeals/").content.decode()


def test_handler_sees_own_units_appeal_with_masked_requester(people: People, appeal: Appeal) -> None:
    html = as_user(people.bob).get(f"/appeals/{appeal.pk}/").content.decode()
    assert "楼道漏水" in html and "张* 139****5678" in html and "13912345678" not in html


def test_revealing_the_requester_is_logged(people: People, appeal: Appeal) -> None:
    response = as_user(people.bob).post(f"/appeals/{appeal.pk}/requester/")
    assert "13912345678" in response.content.decode()
    assert Event.objects.filter(verb="appeal.personal_data_viewed", actor=people.bob, target_id=appeal.pk).exists()


def test_a_complaint_about_a_unit_is_invisible_to_that_unit(people: People, org: Org) -> None:
    complaint = appeal_create(
        by=people.alice,
        kind="complaint",
        channel="hotline",
        title="窗口推诿",
        content="住建局窗口推诿扯皮。",
        requester_phone="13912345678",
        about_unit=org.zjj,
    )
    assert as_user(people.frank).get(f"/appeals/{complaint.pk}/").status_code == 404
    html = as_user(people.alice).get(f"/appeals/{complaint.pk}/").content.decode()
    assert "仅督查员可见" in html and "139****5678" not in html
    assert "139****5678" in as_user(people.dave).get(f"/appeals/{complaint.pk}/").content.decode()
    # It went straight to the supervision office: no dispatcher sends it anywhere, least of all to 住建局.
    response = as_user(people.alice).post(
        f"/appeals/{complaint.pk}/act/dispatch/", {"unit": org.zjj.pk, "urgency": "normal"}
    )
    assert response.status_code == 409
    complaint.refresh_from_db()
    assert complaint.unit == org.supervision_office


def test_wrong_role_is_403_and_wrong_state_is_409(people: People, appeal: Appeal) -> None:
    response = as_user(people.alice).post(f"/appeals/{appeal.pk}/act/sign/")
    assert response.status_code == 403 and "您没有“签收”的权限" in response.content.decode()
    response = as_user(people.frank).post(f"/appeals/{appeal.pk}/act/approve_reply/")
    assert response.status_code == 409 and "不能“审核通过答复”" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == Status.DISPATCHED


def test_a_double_click_makes_one_transition(people: People, appeal: Appeal) -> None:
    bob = as_user(people.bob)
    assert bob.post(f"/appeals/{appeal.pk}/act/sign/").status_code == 302
    assert bob.post(f"/appeals/{appeal.pk}/act/sign/").status_code == 409
    assert Event.objects.filter(verb="appeal.signed", target_id=appeal.pk).count() == 1


def test_a_missing_field_is_named(people: People, appeal: Appeal) -> None:
    response = as_user(people.bob).post(f"/appeals/{appeal.pk}/act/return/", {"reason": ""})
    assert response.status_code == 400 and "理由" in response.content.decode()


def test_the_detail_page_offers_only_allowed_actions(people: People, appeal: Appeal) -> None:
    html = as_user(people.bob).get(f"/appeals/{appeal.pk}/").content.decode()
    assert 'data-action="sign"' in html and 'data-action="return"' in html
    assert 'data-action="dispatch"' not in html and 'data-action="supervise"' not in html


def test_queues_and_search(people: People, org: Org, appeal: Appeal) -> None:
    make_appeal(Status.SUBMITTED, unit=None, title="新来的诉求")
    alice = as_user(people.alice)
    assert "新来的诉求" in alice.get("/appeals/?queue=new").content.decode()
    assert "楼道漏水" not in alice.get("/appeals/?queue=new").content.decode()
    bob = as_user(people.bob)
    assert "楼道漏水" in bob.get("/appeals/?queue=to_sign").content.decode()
    assert "楼道漏水" in alice.get(f"/appeals/?q={appeal.tracking_no}").content.decode()
    assert (
        "楼道漏水" in alice.get(f"/appeals/?q= {appeal.tracking_no.lower()} ").content.decode()
    )  # typed in lower case
    assert "楼道漏水" not in alice.get("/appeals/?q=13912345678").content.decode()  # a phone: by POST only
    assert "楼道漏水" in alice.post("/appeals/", {"q": "13912345678"}, follow=True).content.decode()
    assert "楼道漏水" in alice.get("/appeals/?q=漏水").content.decode()
    assert "楼道漏水" not in alice.get("/appeals/?q=路灯").content.decode()


def test_excel_export_of_a_filtered_list_runs_as_a_job(
    people: People, appeal: Appeal, django_capture_on_commit_callbacks
) -> None:
    make_appeal(Status.SUBMITTED, unit=None, title='=HYPERLINK("http://x")')
    alice = as_user(people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post("/appeals/export/", {"query": "status=submitted"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.total == 1
    download = alice.get(f"/jobs/{job.pk}/download/")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "受理编号" and len(rows) == 2
    assert rows[1][6] == '\'=HYPERLINK("http://x")'  # formula injection escaped
    # Choices as their labels (type, channel, urgency, status), blanks as blanks.
    exported = make_appeal(Status.SUBMITTED, unit=None)
    assert (rows[1][2], rows[1][3], rows[1][5], rows[1][9]) == (
        exported.get_kind_display(),
        exported.get_channel_display(),
        exported.get_urgency_display(),
        "待受理",
    )
    assert rows[1][14] is None and rows[1][15] is None and rows[1][18] is None
    assert as_user(people.bob).get(f"/jobs/{job.pk}/").status_code == 404


def _exported_rows(user: User, query: str, capture: Any) -> dict[str, tuple[Any, ...]]:
    """The rows of an export job run for `user`, by tracking number."""
    client = as_user(user)
    with capture(execute=True):
        client.post("/appeals/export/", {"query": query})
    job = Job.objects.filter(created_by=user).latest("pk")
    download = client.get(f"/jobs/{job.pk}/download/")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    return {row[0]: row for row in list(book.active.iter_rows(values_only=True))[1:]}


def test_excel_export_names_category_place_and_unit_and_masks_who_filed(
    people: People, org: Org, django_capture_on_commit_callbacks
) -> None:
    """Every column of a row, from the ids the export reads: the category with its parent, the township and
    the unit by name, the signal from the stored deadlines, the local submission time, the requester masked,
    and who filed a complaint only for a supervisor."""
    parent = Category.objects.create(name="市政设施", code="municipal")
    lamps = Category.objects.create(name="路灯", code="lamps", parent=parent)
    submitted = dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC)  # 3 March, 07:30 in Shanghai
    common: dict[str, Any] = {
        "category": lamps,
        "township": org.township,
        "is_anonymous": False,
        "requester_name": "张三丰",
        "requester_phone": "13912345678",
        "submitted_at": submitted,
    }
    late = timezone.now() - dt.timedelta(hours=1)
    help_ = make_appeal(Status.DISPATCHED, unit=org.zjj, kind="help", title="=1+1", reply_due=late, **common)
    complaint = make_appeal(Status.DISPATCHED, unit=org.zjj, kind="complaint", title="=1+1", **common)

    rows = _exported_rows(people.alice, "", django_capture_on_commit_callbacks)
    row = rows[help_.tracking_no]
    assert row[1] == dt.datetime(2026, 3, 3, 7, 30, tzinfo=dt.UTC).replace(tzinfo=None)  # Excel: local, naive
    assert (row[4], row[6], row[7], row[8]) == ("市政设施 / 路灯", "'=1+1", "城关镇", org.zjj.name)
    assert (row[9], row[10]) == (help_.get_status_display(), "超期")
    assert row[17] == help_.masked_requester and "张三丰" not in row[17] and "13912345678" not in row[17]
    assert rows[complaint.tracking_no][6] == "'=1+1"  # the same short text, escaped again from the memo
    assert rows[complaint.tracking_no][10] == "正常"
    assert rows[complaint.tracking_no][17] == "（保密）"  # a dispatcher does not learn who complained

    by_supervisor = _exported_rows(people.dave, "", django_capture_on_commit_callbacks)
    assert by_supervisor[complaint.tracking_no][17] == complaint.masked_requester


def test_supervisor_board_lists_overdue_by_unit(people: People, org: Org) -> None:
    now = timezone.now()
    make_appeal(
        Status.HANDLING, unit=org.zjj, reply_due=now - dt.timedelta(hours=1), reply_warn_at=now - dt.timedelta(hours=3)
    )
    html = as_user(people.dave).get("/appeals/board/").content.decode()
    assert "县住房和城乡建设局" in html
    assert as_user(people.bob).get("/appeals/board/").status_code == 403


def test_the_detail_page_renders_in_every_state_for_every_persona(people: People, org: Org) -> None:
    personas = [people.alice, people.bob, people.frank, people.carol, people.dave, people.erin, people.leo, people.tina]
    for status in Status.values:
        appeal = make_appeal(status, unit=org.zjj, co_units=(org.zrj,))
        for user in personas:
            response = as_user(user).get(f"/appeals/{appeal.pk}/")
            assert response.status_code in (200, 404), (status, user.username)
            if user in (people.alice, people.dave) or (user == people.bob and appeal.unit_id):
                assert response.status_code == 200, (status, user.username)
            if user in (people.tina, people.erin):
                assert response.status_code == 404, (status, user.username)
