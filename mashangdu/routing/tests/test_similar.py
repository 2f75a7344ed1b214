"""Duplicate suggestions, hot topics, and 'already reported' on a code's page."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal
from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.intake.models import PublicSubmission, QrCode, TargetKind
from mashangdu.routing.similar import clusters, duplicates, hot_topics
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")


def new(people: People, text: str, **fields: object) -> Appeal:
    return services.appeal_create(
        by=people.alice,
        kind="help",
        channel="hotline",
        title=text[:20],
        content=text,
        is_anonymous=True,
        **fields,  # type: ignore[arg-type]
    )


def test_a_similar_text_or_the_same_enterprise_is_offered_as_a_duplicate(people: People, org: Org) -> None:
    factory = Enterprise.objects.create(
        uscc="91130991MA0000001X", name="沧河铸造", industry=Industry.C, scale=Scale.SMALL, township=org.township
    )
    first = new(people, "建设路十八号门前路面塌陷，大货车无法通行")
    other = new(people, "学校食堂卫生状况差，孩子吃了拉肚子")
    same_place = new(people, "厂区门口的路灯坏了一周", enterprise=factory)
    second = new(people, "建设路18号门口路面塌陷了，货车进不去")
    found = duplicates(second)
    assert [d.appeal for d in found][:1] == [first] and other not in [d.appeal for d in found]
    assert any("内容相似" in r for r in found[0].reasons)
    again = new(people, "厂区门口路灯还是不亮", enterprise=factory)
    near = duplicates(again)
    assert near and near[0].appeal == same_place and "同一企业" in near[0].reasons


def test_the_dispatcher_sees_possible_duplicates(people: People, org: Org) -> None:
    first = new(people, "建设路十八号门前路面塌陷，大货车无法通行")
    second = new(people, "建设路18号门口路面塌陷了，货车进不去")
    client = Client()
    client.force_login(people.alice)
    page = client.get(reverse("appeals:detail", args=[second.pk])).content.decode()
    assert "可能的重复件" in page and first.tracking_no in page


def test_hot_topics_group_similar_messages_and_rank_by_weight() -> None:
    start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    texts = [
        "泉塘小区旁工地夜间施工噪音扰民",
        "泉塘小区工地晚上施工太吵了",
        "泉塘小区附近工地夜里施工噪音大",
        "学校门口交通拥堵需要交警疏导",
        "学校门口上下学时间交通拥堵",
        "公园里健身器材损坏",
    ]
    times = [start + dt.timedelta(days=d) for d in (1, 9, 10, 2, 3, 5)]
    topics = hot_topics(texts, times, ["泉塘"] * 3 + ["城关"] * 3, weights=[1, 1, 1, 1, 10, 1])
    assert [t.size for t in topics] == [2, 3]  # the traffic pair carries 11 likes
    noise = topics[1]
    assert noise.place == "泉塘" and (noise.recent, noise.earlier, noise.growth) == (2, 1, 1)
    assert "噪音" in noise.text or "施工" in noise.text
    assert len(clusters(texts)) == 3


def test_the_hot_command_reads_a_message_export(tmp_path: Path, db: None) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情", "反对数", "点赞数"])
    rows = [
        ("A3区工地夜间施工噪音扰民", "2019/2/1 10:00:00", 5),
        ("A3区工地晚上施工噪音太大", "2019/2/20 10:00:00", 0),
        ("A5区学校门口交通拥堵", "2019/2/3 09:00:00", 0),
    ]
    for i, (subject, when, likes) in enumerate(rows):
        sheet.append([i, "u", subject, when, subject + "，请处理。", 0, likes])
    book.save(tmp_path / "votes.xlsx")
    out = io.StringIO()
    call_command("routing", "hot", "--file", str(tmp_path / "votes.xlsx"), stdout=out)
    text = out.getvalue()
    assert "3 messages; top 1 topics" in text and "weight 7, 2 messages" in text and "place A3区" in text


def test_a_codes_page_shows_what_is_already_reported_without_personal_data(people: People, org: Org) -> None:
    from mashangdu.intake.services.codes import new_code

    qr = QrCode.objects.create(code=new_code(), kind=TargetKind.COUNTY, label="全县")
    appeal = services.appeal_create(
        by=None,
        kind="help",
        channel="qr",
        title="路灯不亮",
        content="路灯坏了 13912345678",
        requester_name="张三",
        requester_phone="13912345678",
    )
    PublicSubmission.objects.create(key="k1", qr=qr, appeal=appeal, created_at=timezone.now())
    complaint = services.appeal_create(
        by=None, kind="complaint", channel="qr", title="投诉", content="窗口推诿", is_anonymous=True
    )
    PublicSubmission.objects.create(key="k2", qr=qr, appeal=complaint, created_at=timezone.now())
    page = Client().get(f"/m/{qr.code}").content.decode()
    assert "此处已有人反映" in page and "待受理" in page
    assert "张三" not in page and "13912345678" not in page and "投诉 · " not in page
