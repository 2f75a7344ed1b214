"""Staff entry: every bad input gets a Chinese message naming the field, and nothing is half-saved."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from mashangdu.appeals.models import Appeal, Attachment, Category, CategoryField, DailySequence
from mashangdu.appeals.services import appeal_create
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event, Unit, UnitKind
from mashangdu.testing import Org, People


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, format="PNG")
    return out.getvalue()


def create(people: People, **kwargs: object) -> Appeal:
    base: dict[str, object] = {
        "by": people.alice,
        "kind": "help",
        "channel": "hotline",
        "title": "路灯不亮",
        "content": "小区路灯坏了。",
        "requester_phone": "13912345678",
    }
    return appeal_create(**(base | kwargs))  # type: ignore[arg-type]


def test_it_gives_a_tracking_number_and_an_access_code(people: People) -> None:
    first, second = create(people), create(people)
    assert first.tracking_no[:3] == "MSD" and len(first.tracking_no) == 15
    assert int(second.tracking_no[-4:]) == int(first.tracking_no[-4:]) + 1
    code = first.issued_access_code
    assert len(code) == 8 and not set(code) & set("01OIL")
    # Only a keyed digest is stored; the instance that created the appeal carries the code once.
    stored = Appeal.objects.get(pk=first.pk)
    assert code not in stored.access_code_digest and stored.issued_access_code == ""
    assert stored.access_code_matches(code) and stored.access_code_matches(f" {code.lower()} ")
    assert not stored.access_code_matches(second.issued_access_code) and not stored.access_code_matches("")
    assert Event.objects.filter(verb="appeal.created", target_id=first.pk).exists()


@pytest.mark.parametrize("serial", [99_999, 999_999, 2_147_483_646])
def test_a_day_has_no_ceiling_on_tracking_numbers(people: People, serial: int) -> None:
    """The day's 100,000th appeal once overflowed the column and every later one failed (issue 19)."""
    day = timezone.localdate()
    DailySequence.objects.create(day=day, last=serial)
    appeal = create(people)
    assert appeal.tracking_no == f"MSD{day:%Y%m%d}{serial + 1}"
    assert Appeal.objects.get(tracking_no=appeal.tracking_no).pk == appeal.pk


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"title": "  "}, "title", "请填写标题"),
        ({"title": "长" * 101}, "title", "标题不能超过 100 字"),
        ({"content": "字" * 3001}, "content", "诉求内容不能超过 3000 字"),
        ({"requester_phone": ""}, "requester_phone", "请填写联系电话"),
        ({"requester_phone": "12345"}, "requester_phone", "联系电话应为"),
        ({"kind": "gossip"}, "kind", "请选择诉求类型"),
        ({"urgency": "whenever"}, "urgency", "请选择紧急程度"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(people: People, kwargs: dict, field: str, message: str) -> None:
    with pytest.raises(DomainError) as error:
        create(people, **kwargs)
    assert error.value.field == field and message in error.value.message
    assert not Appeal.objects.exists() and not Event.objects.filter(verb="appeal.created").exists()


def test_anonymous_and_suggestions_need_no_phone(people: People) -> None:
    assert create(people, requester_phone="", is_anonymous=True).requester_phone == ""
    assert create(people, requester_phone="", kind="suggestion").kind == "suggestion"


def test_anonymous_drops_what_was_typed(people: People) -> None:
    appeal = create(people, requester_name="张三", is_anonymous=True)
    assert appeal.requester_name == appeal.requester_phone == ""


def test_the_village_must_belong_to_the_township(people: People, org: Org) -> None:
    other = Unit.objects.create(name="河东镇", kind=UnitKind.TOWNSHIP, parent=org.county, admin_code="130991101")
    with pytest.raises(DomainError, match="不属于所选乡镇"):
        create(people, township=other, village=org.village)


def test_attachments_are_checked_by_content_not_by_name(people: People) -> None:
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(DomainError, match=r"“photo\.jpg”不是 JPEG、PNG、WebP 图片或 PDF 文件"):
        create(people, attachments=[fake])
    assert not Appeal.objects.exists()
    real = SimpleUploadedFile("scan.bin", png_bytes(), content_type="application/octet-stream")
    appeal = create(people, attachments=[real])
    stored = Attachment.objects.get(appeal=appeal)
    assert (stored.content_type, stored.original_name) == ("image/jpeg", "scan.jpg")  # re-encoded


def test_attachments_are_limited_in_size_and_number(people: People) -> None:
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(DomainError, match="超过 10 MB"):
        create(people, attachments=[big])
    many = [SimpleUploadedFile(f"{i}.png", png_bytes()) for i in range(7)]
    with pytest.raises(DomainError, match="最多 6 个"):
        create(people, attachments=many)


@pytest.fixture
def with_fields(roads: Category) -> Category:
    CategoryField.objects.create(category=roads, code="area", label="破损面积", field_type="number", required=True)
    CategoryField.objects.create(category=roads, code="since", label="发现日期", field_type="date")
    CategoryField.objects.create(
        category=roads, code="road", label="道路类型", field_type="choice", choices="国道|县道|村道"
    )
    CategoryField.objects.create(
        category=roads, code="harm", label="影响", field_type="multi", choices="通行|排水|安全"
    )
    return roads


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({}, "请填写“破损面积”"),
        ({"area": "很大"}, "“破损面积”应为数字"),
        ({"area": "1e999999"}, "“破损面积”超出范围"),
        ({"area": "NaN"}, "“破损面积”应为数字"),
        ({"area": "0.0000001"}, "“破损面积”最多 6 位小数"),
        ({"area": "3", "since": "昨天"}, "“发现日期”应为日期"),
        ({"area": "3", "road": "高速"}, "“道路类型”应从选项中选择"),
        ({"area": "3", "harm": ["通行", "噪音"]}, "“影响”的选项“噪音”无效"),
    ],
)
def test_category_extra_fields_are_typed(people: People, with_fields: Category, extra: dict, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        create(people, category=with_fields, extra=extra)


def test_category_extra_fields_are_stored(people: People, with_fields: Category) -> None:
    appeal = create(
        people,
        category=with_fields,
        extra={"area": "3.5", "since": "2026-11-20", "road": "村道", "harm": ["通行", "排水"]},
    )
    assert appeal.extra == {"area": "3.5", "since": "2026-11-20", "road": "村道", "harm": ["通行", "排水"]}


def test_the_entry_page_records_the_channel_and_shows_errors(people: People, roads: Category) -> None:
    client = Client()
    client.force_login(people.alice)
    bad = client.post(
        "/appeals/new/",
        {
            "kind": "help",
            "channel": "visit",
            "urgency": "normal",
            "title": "路面破损",
            "content": "村口路面破损",
            "requester_phone": "abc",
        },
    )
    assert bad.status_code == 400 and "联系电话应为" in bad.content.decode()
    good = client.post(
        "/appeals/new/",
        {
            "kind": "help",
            "channel": "visit",
            "urgency": "normal",
            "title": "路面破损",
            "content": "村口路面破损",
            "requester_phone": "13912345678",
            "category": roads.pk,
            "attachments": SimpleUploadedFile("a.png", png_bytes()),
        },
    )
    assert good.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.channel == "visit" and appeal.created_by == people.alice and appeal.attachments.count() == 1


def test_the_type_is_chosen_not_defaulted(people: People) -> None:
    """Nothing pre-selected on the staff form: left unchosen, the form names the field and saves nothing."""
    client = Client()
    client.force_login(people.alice)
    page = client.get("/appeals/new/").content.decode()
    assert '<option value="" selected>请选择类型</option>' in page
    fields = {"channel": "hotline", "urgency": "normal", "title": "科室推诿", "content": "办事被推诿。"}
    fields |= {"requester_phone": "13912345678"}
    response = client.post("/appeals/new/", {**fields, "kind": ""})
    assert response.status_code == 400
    assert "类型" in response.content.decode() and "该字段是必填项" in response.content.decode()
    assert not Appeal.objects.exists()


def test_handlers_cannot_enter_appeals(people: People) -> None:
    client = Client()
    client.force_login(people.bob)
    assert client.get("/appeals/new/").status_code == 403


def test_the_detail_page_shows_extra_answers_with_their_labels(people: People, with_fields: Category) -> None:
    appeal = create(people, category=with_fields, extra={"area": "3.5", "harm": ["通行", "排水"]})
    client = Client()
    client.force_login(people.alice)
    html = client.get(f"/appeals/{appeal.pk}/").content.decode()
    assert "破损面积：3.5" in html and "影响：通行、排水" in html
