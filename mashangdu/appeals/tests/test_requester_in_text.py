"""A complainant's own name and phone written in the text never reach the handling unit (issue 13).

The title (made from the text), the content, the event log's label, the messages and the list of a 投诉
or 举报 are stored without them; supervisors still read them in the encrypted requester fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client

from mashangdu.appeals.identity import without_requester
from mashangdu.appeals.models import Appeal
from mashangdu.appeals.services import appeal_create, appeal_dispatch, appeal_reveal_requester
from mashangdu.core.models import Event, Notification, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.intake.services.submissions import public_submit
from mashangdu.testing import Org, People

NAME, PHONE = "王小五", "13911112222"
TEXT = "我是王小五，电话139-1111-2222，住建局审批科拖着不办；施工方电话0317-5551234。"
NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[object]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def filed(kind: str, org: Org) -> Appeal:
    outcome = public_submit(
        key=f"k-{kind}",
        ip="203.0.113.7",
        qr=None,
        public_kind=kind,
        content=TEXT,
        requester_name=NAME,
        requester_phone=PHONE,
        consent=True,
        photos=[],
        township=org.township,
        address="城关镇",
    )
    return outcome.appeal


@pytest.mark.parametrize("kind", ["complaint", "report"])
def test_the_requesters_own_name_and_phone_never_reach_the_handling_unit(org: Org, people: People, kind: str) -> None:
    appeal = filed(kind, org)
    appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    appeal.refresh_from_db()
    for text in (appeal.title, appeal.content):
        assert NAME not in text and "2222" not in text, text
    assert "〔姓名〕" in appeal.content and "〔手机号〕" in appeal.content
    assert "0317-5551234" in appeal.content  # someone else's number stays for the handlers
    labels = Event.objects.filter(target_id=appeal.pk).values_list("target_label", flat=True)
    assert labels and not [label for label in labels if NAME in label or "2222" in label]
    messages = Notification.objects.values_list("title", "body")
    assert messages and not [m for m in messages if NAME in str(m) or "2222" in str(m)]
    bob = as_user(people.bob)  # the handling unit
    api = bob.get(f"/api/appeals/{appeal.pk}/").json()
    assert NAME not in str(api) and "2222" not in str(api)
    for url in ("/appeals/", f"/appeals/{appeal.pk}/"):
        html = bob.get(url).content.decode()
        assert NAME not in html and "1111-2222" not in html and PHONE not in html, url
    # The supervisors still know who filed it, from the encrypted requester fields.
    assert appeal_reveal_requester(appeal=appeal, by=people.dave) == (NAME, PHONE)
    # A dump of the tables holds no requester phone in clear.
    with connection.cursor() as cursor:
        for table in ("appeals_appeal", "core_event", "core_notification"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump = repr(cursor.fetchall())
            assert PHONE not in dump and "139-1111-2222" not in dump, table


def test_other_kinds_keep_their_text_but_not_the_requesters_own_identity(org: Org, people: People) -> None:
    appeal = appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title="楼道漏水",
        content="我是王小五，楼道漏水，电话13911112222。",
        requester_name=NAME,
        requester_phone=PHONE,
    )
    # The handler reveals the requester from the encrypted fields (logged), not from the text.
    assert PHONE not in appeal.content and NAME not in appeal.content
    assert appeal.content == "我是〔姓名〕，楼道漏水，电话〔手机号〕。"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("王小五的电话是 +86 139 1111 2222", "〔姓名〕的电话是 〔手机号〕"),  # the country code goes too
        ("联系１３９１１１１２２２２", "联系〔手机号〕"),
        ("王 小五说：幺三九幺幺幺幺二二二二", "〔姓名〕说：〔手机号〕"),
        ("另一个号13800001111不变", "另一个号13800001111不变"),
    ],
)
def test_without_requester_replaces_only_the_requesters_own_identity(typed: str, expected: str) -> None:
    assert without_requester(typed, name=NAME, phone=PHONE) == expected


def _stored_text(appeal: Appeal) -> str:
    """Everything county-wide roles and the handling unit read of an appeal's text, as stored."""
    labels = list(Event.objects.filter(target_id=appeal.pk).values_list("target_label", flat=True))
    messages = list(Notification.objects.values_list("title", "body"))
    return repr([appeal.title, appeal.content, labels, messages])


def test_an_anonymous_complaint_through_the_public_form_keeps_no_phone_or_name_in_the_text(org: Org) -> None:
    response = Client(REMOTE_ADDR="203.0.113.73").post(
        "/m/new/complaint/",
        {
            "key": "anon-form",
            "content": "窗口人员刁难，我叫李四，电话13912340003，不要告诉他们",
            "township": org.township.pk,
            "requester_name": "李四",
            "requester_phone": "13912340003",
            "is_anonymous": "on",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    appeal = Appeal.objects.get()
    assert appeal.is_anonymous and appeal.requester_name == "" and appeal.requester_phone == ""
    stored = _stored_text(appeal)
    assert "13912340003" not in stored and "李四" not in stored, stored
    assert "〔姓名〕" in appeal.content and "〔手机号〕" in appeal.content


@pytest.mark.parametrize("kind", ["complaint", "report"])
def test_an_anonymous_appeal_create_takes_the_typed_identity_out_before_dropping_it(people: People, kind: str) -> None:
    appeal = appeal_create(
        by=people.alice,
        kind=kind,
        channel="hotline",
        title="我是王五，13911112222，投诉窗口",
        content="我是王五，电话139 1111 2222，窗口刁难。",
        requester_name="王五",
        requester_phone="13911112222",
        is_anonymous=True,
    )
    assert (appeal.title, appeal.content) == (
        "我是〔姓名〕，〔手机号〕，投诉窗口",
        "我是〔姓名〕，电话〔手机号〕，窗口刁难。",
    )
    assert "2222" not in _stored_text(appeal)


@pytest.mark.parametrize("kind", ["complaint", "report"])
def test_every_mobile_in_a_complaint_or_report_is_masked_landlines_stay(people: People, kind: str) -> None:
    appeal = appeal_create(
        by=people.alice,
        kind=kind,
        channel="hotline",
        title="爱人手机13800001111",
        content="我爱人的手机+86 138 0000 1111，另一个号幺三七幺二三四五六七八，饭店电话0317-5551234，拨打12345无果。",
        requester_name=NAME,
        requester_phone=PHONE,
    )
    assert appeal.title == "爱人手机〔手机号〕"
    assert appeal.content == "我爱人的手机〔手机号〕，另一个号〔手机号〕，饭店电话0317-5551234，拨打12345无果。"


def test_a_help_request_keeps_other_mobiles(people: People) -> None:
    appeal = appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title="楼道漏水",
        content="物业电话13800001111",
        requester_name=NAME,
        requester_phone=PHONE,
    )
    assert appeal.content == "物业电话13800001111"
