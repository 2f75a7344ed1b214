"""Codes: creation and batches, disabling, scan counts, staff pages and their permissions, images, posters."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mashangdu.core.errors import DomainError
from mashangdu.core.models import Event, Job
from mashangdu.core.models.units import Unit, UnitKind
from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.intake.models import QrCode, QrScanDay, TargetKind
from mashangdu.intake.services.codes import CODE_LENGTH, qr_batch_create, qr_create, qr_set_active
from mashangdu.intake.services.scans import qr_scanned
from mashangdu.testing import Org, People

ROOT = Path(__file__).resolve().parents[3]
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def add_enterprises(org: Org, n: int, township: Unit | None = None) -> list[Enterprise]:
    return [
        Enterprise.objects.create(
            uscc=f"91130991MA{i:07d}X",
            name=f"测试企业{i}",
            industry=Industry.C,
            scale=Scale.MICRO,
            township=township or org.township,
        )
        for i in range(n)
    ]


def test_codes_are_unguessable_and_named_from_their_target(people: People, enterprise: Enterprise, org: Org) -> None:
    qr = qr_create(by=people.alice, kind=TargetKind.ENTERPRISE, enterprise=enterprise)
    assert len(qr.code) == CODE_LENGTH and qr.code.isalnum() and qr.code.islower()
    assert (qr.label, qr.township) == ("沧河铸造有限公司", org.township)
    window = qr_create(by=people.alice, kind=TargetKind.WINDOW, unit=org.zjj)
    assert window.label == "县住房和城乡建设局服务窗口"
    village = qr_create(by=people.alice, kind=TargetKind.VILLAGE, village=org.village)
    assert (village.label, village.township) == ("城关镇张庄村", org.township)
    assert Event.objects.filter(verb="qr.created").count() == 3
    assert len({qr.code, window.code, village.code}) == 3


@pytest.mark.parametrize(
    ("kind", "target", "message"),
    [
        (TargetKind.ENTERPRISE, {}, "请选择企业"),
        (TargetKind.WINDOW, {"unit": "village"}, "请选择窗口所属单位"),
        (TargetKind.VILLAGE, {"village": "township"}, "请选择村（社区）"),
        (TargetKind.SITE, {}, "请选择项目所在乡镇"),
        ("gate", {}, "请选择二维码对象类型"),
    ],
)
def test_a_code_needs_a_proper_target(
    people: People, org: Org, kind: str, target: dict[str, str], message: str
) -> None:
    units: dict[str, Any] = {"village": org.village, "township": org.township}
    with pytest.raises(DomainError, match=message):
        qr_create(by=people.alice, kind=kind, label="x", **{k: units[v] for k, v in target.items()})
    assert not QrCode.objects.exists()


def test_one_active_code_per_enterprise_until_it_is_disabled(people: People, enterprise: Enterprise) -> None:
    first = qr_create(by=people.alice, kind=TargetKind.ENTERPRISE, enterprise=enterprise)
    with pytest.raises(DomainError, match="该企业已有启用的二维码"):
        qr_create(by=people.alice, kind=TargetKind.ENTERPRISE, enterprise=enterprise)
    with pytest.raises(DomainError, match="请填写停用原因"):
        qr_set_active(qr=first, by=people.alice, active=False)
    qr_set_active(qr=first, by=people.alice, active=False, reason="海报损毁，换新码")
    second = qr_create(by=people.alice, kind=TargetKind.ENTERPRISE, enterprise=enterprise)
    with pytest.raises(DomainError, match="同一对象已有启用的二维码"):
        qr_set_active(qr=first, by=people.alice, active=True)
    first.refresh_from_db()
    assert not first.is_active and first.disabled_reason == "海报损毁，换新码" and second.is_active
    assert Event.objects.filter(verb="qr.disabled", data__reason="海报损毁，换新码").exists()


def test_batch_creation_covers_a_township_and_skips_what_has_a_code(people: People, org: Org) -> None:
    other = Unit.objects.create(name="河西乡", kind=UnitKind.TOWNSHIP, parent=org.county, admin_code="130991200")
    ours = add_enterprises(org, 5)
    Enterprise.objects.create(
        uscc="91130991MA9999999X", name="河西企业", industry=Industry.A, scale=Scale.MICRO, township=other
    )
    qr_create(by=people.alice, kind=TargetKind.ENTERPRISE, enterprise=ours[0])
    result = qr_batch_create(by=people.alice, kind=TargetKind.ENTERPRISE, township=org.township)
    assert (result.created, result.skipped) == (4, 1)
    assert QrCode.objects.filter(kind=TargetKind.ENTERPRISE).count() == 5
    assert not QrCode.objects.filter(enterprise__township=other).exists()
    again = qr_batch_create(by=people.alice, kind=TargetKind.ENTERPRISE, township=org.township)
    assert (again.created, again.skipped) == (0, 5)
    windows = qr_batch_create(by=people.alice, kind=TargetKind.WINDOW)
    assert (
        windows.created
        == Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.TOWNSHIP, UnitKind.SERVICE_CENTRE]).count()
    )
    villages = qr_batch_create(by=people.alice, kind=TargetKind.VILLAGE, township=org.township)
    assert villages.created == 1
    with pytest.raises(DomainError, match="批量生成只支持"):
        qr_batch_create(by=people.alice, kind=TargetKind.COUNTY)


def test_scans_are_counted_per_local_day(people: People, org: Org) -> None:
    qr = qr_create(by=people.alice, kind=TargetKind.COUNTY)
    # 23:30 and 00:30 Asia/Shanghai are two days, though the same UTC date.
    late = dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(late, tick=False):
        qr_scanned(qr)
        qr_scanned(qr)
    with time_machine.travel(late + dt.timedelta(hours=1), tick=False):
        qr_scanned(qr)
    assert dict(QrScanDay.objects.values_list("day", "count")) == {
        dt.date(2026, 11, 27): 2,
        dt.date(2026, 11, 28): 1,
    }


@pytest.mark.parametrize(
    ("persona", "list_status", "create_status"),
    [("alice", 200, 200), ("ada", 200, 200), ("dave", 200, 403), ("leo", 200, 403), ("bob", 403, 403)],
)
def test_who_may_see_and_manage_codes(
    client: Client, people: People, persona: str, list_status: int, create_status: int
) -> None:
    client.force_login(getattr(people, persona))
    assert client.get(reverse("intake:code_list")).status_code == list_status
    assert client.get(reverse("intake:code_create")).status_code == create_status
    assert client.post(reverse("intake:code_batch"), {"kind": "window"}).status_code in (302, create_status)
    expected = QrCode.objects.count() > 0
    assert expected == (create_status == 200)


def test_staff_create_a_code_through_the_page_with_field_errors(client: Client, people: People, org: Org) -> None:
    client.force_login(people.alice)
    bad = client.post(reverse("intake:code_create"), {"kind": "enterprise", "enterprise_uscc": "91130991MA0000009X"})
    assert bad.status_code == 400 and "找不到该统一社会信用代码对应的企业" in bad.content.decode()
    good = client.post(
        reverse("intake:code_create"),
        {"kind": "site", "label": "沧河新材料产业园二期工地", "township": org.township.pk},
    )
    qr = QrCode.objects.get()
    assert good["Location"] == reverse("intake:code_detail", args=[qr.pk])
    page = client.get(good["Location"]).content.decode()
    assert "沧河新材料产业园二期工地" in page and f"/m/{qr.code}" in page


def test_code_images(client: Client, people: People, org: Org) -> None:
    qr = qr_create(by=people.alice, kind=TargetKind.COUNTY)
    client.force_login(people.dave)
    png = client.get(reverse("intake:code_image", args=[qr.pk, "png"]))
    assert png["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(png.content)) as picture:
        assert picture.size[0] > 200
    svg = client.get(reverse("intake:code_image", args=[qr.pk, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607


@needs_poppler
@pytest.mark.parametrize("size", ["A4", "A5"])
def test_a_poster_holds_the_target_the_hotline_and_a_privacy_line(
    client: Client, people: People, enterprise: Enterprise, tmp_path: Path, settings: Any, size: str
) -> None:
    settings.SERVICE_HOTLINE = "0317-7654321"
    qr = qr_create(by=people.alice, kind=TargetKind.ENTERPRISE, enterprise=enterprise)
    client.force_login(people.alice)
    response = client.get(reverse("intake:code_poster", args=[qr.pk, size]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "沧河铸造有限公司" in text and "0317-7654321" in text and "依法保密" in text
    assert f"/m/{qr.code}" in text

    # A page rendered to PNG: the CJK text is drawn with a real font (not boxes), at the paper's size.
    (tmp_path / "p.pdf").write_bytes(response.content)
    subprocess.run(  # noqa: S603
        ["/usr/bin/pdftoppm", "-png", "-r", "50", "-singlefile", str(tmp_path / "p.pdf"), str(tmp_path / "page")],
        check=True,
    )
    fonts = subprocess.run(["pdffonts", str(tmp_path / "p.pdf")], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    cjk = [line.split() for line in fonts.splitlines() if "Noto-Sans-CJK-SC" in line]
    assert cjk and all(row[-5] == "yes" for row in cjk)  # embedded
    with Image.open(tmp_path / "page.png") as page:
        width_mm = page.size[0] / 50 * 25.4
        assert abs(width_mm - {"A4": 210, "A5": 148}[size]) < 2
    shots = ROOT / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "page.png", shots / f"poster-{size}.png")


@needs_poppler
def test_the_batch_poster_job_makes_one_pdf_with_a_page_per_active_code(
    client: Client, people: People, org: Org, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    add_enterprises(org, 7)
    qr_batch_create(by=people.alice, kind=TargetKind.ENTERPRISE)
    retired = QrCode.objects.order_by("pk").first()
    assert retired is not None
    qr_set_active(qr=retired, by=people.alice, active=False, reason="企业注销")
    client.force_login(people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake:code_posters"), {"kind": "enterprise", "size": "A5"})
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.status, job.progress, job.total) == (Job.Status.DONE, 6, 6)
    assert "6 张 A5 海报" in job.message
    path = tmp_path / "batch.pdf"
    path.write_bytes(job.file.read())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    assert "Pages:           6" in info
    text = pdf_text(path.read_bytes(), tmp_path)
    assert retired.label not in text.split() and "测试企业6" in text
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download.status_code == 200


def poster_form_fields(html: str) -> dict[str, str]:
    """The hidden fields of the list page's batch poster form, as the browser would post them."""
    action = re.escape(reverse("intake:code_posters"))
    form = re.search(rf'<form[^>]*action="{action}"[^>]*>(.*?)</form>', html, re.S)
    assert form is not None
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(1)))


@pytest.mark.parametrize("search", ["code", "label"])
def test_a_list_searched_down_to_one_code_prints_one_poster(
    client: Client, people: People, org: Org, django_capture_on_commit_callbacks: Any, search: str
) -> None:
    from pypdf import PdfReader

    add_enterprises(org, 17)
    qr_batch_create(by=people.alice, kind=TargetKind.ENTERPRISE)
    wanted = QrCode.objects.get(label="测试企业12")
    client.force_login(people.alice)
    query = wanted.code.upper() if search == "code" else "企业12"
    page = client.get(reverse("intake:code_list"), {"kind": "enterprise", "q": query})
    assert [qr.pk for qr in page.context["page"]] == [wanted.pk]
    fields = poster_form_fields(page.content.decode())
    assert fields["q"] == query
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("intake:code_posters"), {**fields, "size": "A4"})
    job = Job.objects.get()
    assert (job.status, job.total) == (Job.Status.DONE, 1)
    reader = PdfReader(io.BytesIO(job.file.read()))
    assert len(reader.pages) == 1
    assert wanted.code in (reader.pages[0].extract_text() or "")


def test_a_search_that_matches_no_active_code_starts_no_poster_job(client: Client, people: People, org: Org) -> None:
    add_enterprises(org, 2)
    qr_batch_create(by=people.alice, kind=TargetKind.ENTERPRISE)
    client.force_login(people.alice)
    response = client.post(reverse("intake:code_posters"), {"q": "没有这个名字", "active": "1", "size": "A4"})
    assert response.status_code == 302 and "q=" in response["Location"]
    assert not Job.objects.exists()


def test_the_poster_job_is_refused_to_roles_that_do_not_manage_codes(client: Client, people: People) -> None:
    client.force_login(people.dave)
    assert client.post(reverse("intake:code_posters"), {"size": "A4"}).status_code == 403
    assert not Job.objects.exists()


def test_ratings_page_needs_a_role(client: Client, people: People, org: Org) -> None:
    from mashangdu.testing import make_user

    nobody = make_user("nobody", "无角色", org.zjj)
    client.force_login(nobody)
    assert client.get(reverse("intake:ratings")).status_code == 403
    client.force_login(people.leo)
    assert client.get(reverse("intake:ratings")).status_code == 200


def test_the_scan_count_and_history_show_on_the_code_page(client: Client, people: People, org: Org) -> None:
    qr = qr_create(by=people.alice, kind=TargetKind.COUNTY)
    for _ in range(3):
        Client().get(f"/m/{qr.code}")
    client.force_login(people.leo)
    page = client.get(reverse("intake:code_detail", args=[qr.pk])).content.decode()
    assert "30 天 3 次" in page and "累计 3 次" in page
    assert timezone.localdate() == QrScanDay.objects.get().day
