"""Confidential matters checked through every output (issue 13): the unit a complaint or a 举报 is about
sees nothing of it, whatever its members' roles.

Unit X (the data bureau, which has a service window) has members with every kind of role: a handler, its
head, the administrator (a Django superuser), a county leader, a dispatcher and a supervisor. Each of them
reads every output once before the complaint and the 举报 about X are filed and worked on (signed,
extended, urged, supervised, replied), and once after. The pages must read the same, word for word
(counts included), and no output — pages, API, Open311, searches by text, number and phone, the inbox,
home panels, dashboards, QR statistics, the event log, the admin site, the routing page, exports read
back from their files — may carry the matters' text or tracking numbers. Then an ordinary appeal is
merged into the complaint: its page, API and the event log must not name what it was merged into.

The published figures (the rankings page, its drill-downs and export, the dashboards' counts and rates)
leave confidential matters out for everyone (decision 0034): they are compared word for word too, and the
supervisor of X reads the supervisors' 保密件办理情况 without the matters about X."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from PIL import Image

from mashangdu.appeals.models import Appeal, Category, Kind, Status, WorkflowSettings
from mashangdu.appeals.services import (
    appeal_contact,
    appeal_request_extension,
    appeal_sign,
    appeal_supervise,
    appeal_urge,
)
from mashangdu.appeals.services.closure import appeal_merge
from mashangdu.appeals.services.replies import appeal_reply
from mashangdu.core.errors import DomainError
from mashangdu.core.models import Job, Notification, Role, Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.intake.services.codes import new_code
from mashangdu.intake.services.submissions import public_submit
from mashangdu.testing import make_appeal, make_user

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)
COMPLAINT_TEXT = "窗口科员推诿扯皮三次让我补材料"
REPORT_TEXT = "窗口科员索要购物卡两张"
PHONE = "13966668888"
INSIDERS = ("x_handler", "x_head", "x_admin", "x_leader", "x_dispatcher", "x_supervisor")
CSRF = re.compile(r"[A-Za-z0-9]{64}")


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PNG")
    return SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png")


class County:
    """Units, staff (outsiders who handle the matters, insiders of unit X), a window code of X, and
    ordinary work of X so its pages are not empty."""

    def __init__(self) -> None:
        county = Unit.objects.create(name="测试县", kind=UnitKind.COUNTY, admin_code="130991")
        self.township = Unit.objects.create(
            name="城关镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code="130991100"
        )
        centre = Unit.objects.create(name="县营商环境服务中心", kind=UnitKind.SERVICE_CENTRE, parent=county)
        self.office = Unit.objects.create(name="县委县政府督查室", kind=UnitKind.SUPERVISION_OFFICE, parent=county)
        self.x = Unit.objects.create(
            name="县数据和政务服务局", short_name="数据局", kind=UnitKind.DEPARTMENT, parent=county
        )
        roads = Category.objects.create(name="道路维修", code="roads", default_unit=self.x)
        self.dave = make_user("dave", "周大卫", self.office, Role.SUPERVISOR)
        self.olga = make_user("olga", "欧佳", self.office, Role.HANDLER)
        self.alice = make_user("alice", "赵爱丽", centre, Role.DISPATCHER)
        self.insiders: dict[str, User] = {
            "x_handler": make_user("xh", "韩一", self.x, Role.HANDLER),
            "x_head": make_user("xhead", "韩二", self.x, Role.UNIT_HEAD),
            "x_admin": make_user("xadmin", "韩三", self.x, Role.ADMIN),
            "x_leader": make_user("xleader", "韩四", self.x, Role.LEADER),
            "x_dispatcher": make_user("xdisp", "韩五", self.x, Role.DISPATCHER),
            "x_supervisor": make_user("xsup", "韩六", self.x, Role.SUPERVISOR),
        }
        WorkflowSettings.current()  # the singletons the workflow would otherwise create on first use
        admin = self.insiders["x_admin"]
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        self.qr = QrCode.objects.create(
            code=new_code(), kind=TargetKind.WINDOW, label="数据局服务窗口", unit=self.x, township=self.township
        )
        # X's ordinary work: one appeal it handles, one problem reported at its window (not about its conduct).
        make_appeal(Status.HANDLING, unit=self.x, category=roads, title="政务网站打不开")
        public_submit(
            key="ordinary",
            ip="192.0.2.10",
            qr=self.qr,
            public_kind="problem",
            content="自助终端无法打印",
            requester_name="王五",
            requester_phone="13700007777",
            consent=True,
            township=self.township,
        )

    def file_matters(self) -> list[Appeal]:
        """A complaint and a 举报 about X, filed at X's window, then worked on by the supervision office."""
        matters = []
        for key, kind, text in (("c", "complaint", COMPLAINT_TEXT), ("r", "report", REPORT_TEXT)):
            appeal = public_submit(
                key=f"matter-{key}",
                ip="203.0.113.50",
                qr=self.qr,
                public_kind=kind,
                content=text,
                requester_name="张三",
                requester_phone=PHONE,
                consent=True,
                photos=[_photo()],
            ).appeal
            assert appeal.about_unit == self.x and appeal.unit == self.office
            matters.append(appeal)
        complaint, report = matters
        appeal_sign(appeal=complaint, by=self.olga)
        appeal_request_extension(appeal=complaint, by=self.olga, working_days=3, reason=f"核实：{COMPLAINT_TEXT}")
        appeal_urge(appeal=complaint, by=self.alice, note=f"请尽快核实{COMPLAINT_TEXT}")
        appeal_supervise(appeal=report, by=self.dave, level="red", note=f"严查：{REPORT_TEXT}")
        appeal_sign(appeal=report, by=self.olga)
        appeal_contact(appeal=report, by=self.olga, note="已电话联系举报人")
        appeal_reply(appeal=report, by=self.olga, result="solved", public_reply=f"已查实：{REPORT_TEXT}")
        return matters

    def merge_a_duplicate(self, complaint: Appeal) -> Appeal:
        """The same person also wrote through the general entry; the dispatcher tries to merge that into
        the complaint. The duplicate is not about X (it does not name the window), so X's county-wide members
        see it: the merge is refused (an appeal about a unit merges only with one about the same unit), so
        the duplicate never names the complaint; the dispatcher refers it to the office instead."""
        duplicate = make_appeal(Status.SUBMITTED, unit=None, kind=Kind.COMPLAINT, title="办事难", content="办事难")
        with pytest.raises(DomainError):
            appeal_merge(appeal=duplicate, by=self.alice, into=complaint, note="同一人重复反映")
        duplicate.refresh_from_db()
        assert (duplicate.status, duplicate.duplicate_of_id) == (Status.SUBMITTED, None)
        return duplicate


def pages(county: County) -> list[str]:
    """Every page an insider may read that could carry or count the matters (known before they exist)."""
    return [
        "/",
        "/appeals/",
        f"/appeals/?q={COMPLAINT_TEXT[:6]}",
        f"/appeals/?q={REPORT_TEXT[:6]}",
        "/appeals/?kind=complaint",
        "/appeals/?kind=report",
        "/appeals/?queue=overdue",
        "/appeals/board/",
        "/inbox/",
        "/events/",
        f"/events/?q={COMPLAINT_TEXT[:6]}",
        "/reports/dashboard/",
        "/reports/unit/",
        f"/reports/unit/?unit={county.office.pk}",
        f"/reports/unit/?unit={county.x.pk}",
        "/reports/",
        "/reports/drill/?metric=supervisions&group=county&month=2026-11",
        "/reports/drill/?metric=dispatched&group=county&month=2026-11",
        "/reports/drill/confidential/?metric=dispatched",
        "/qr/",
        f"/qr/{county.qr.pk}/",
        "/qr/ratings/",
        "/routing/",
        "/reports/circulars/",
        "/tasks/",
        "/api/appeals/",
        f"/api/appeals/?q={COMPLAINT_TEXT[:6]}",
        "/api/appeals/?kind=complaint",
        "/open311/v2/requests.json?extensions=true",
        "/open311/v2/requests.xml",
        "/open311/v2/servicerequestupdates.json",
        "/admin/",
        "/admin/appeals/appeal/",
        "/admin/appeals/appeal/?q=数据局",
        "/admin/core/event/",
        "/admin/core/notification/",
        "/admin/core/webhookdelivery/",
        "/admin/intake/qrcode/",
        "/admin/django_q/success/",
        "/admin/django_q/failure/",
        "/admin/django_q/ormq/",
    ]


def read(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url)
    body = response.getvalue()
    return response.status_code, CSRF.sub("<token>", body.decode("utf-8", "replace"))


def unquoted(text: str, url: str) -> str:
    """The page less the search box echoing the query it was asked for."""
    query = parse_qs(urlsplit(url).query).get("q", [""])[0]
    return re.sub(f'value="[^"]*{re.escape(query)}[^"]*"', "", text) if query else text


def xlsx_text(job: Job) -> str:
    book = load_workbook(job.file.open("rb"), read_only=True)
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
    )


def exports(client: Client, user: User, on_commit: Any) -> Iterator[tuple[str, str]]:
    """Each export the user may start, run (its job runs when the request's transaction commits) and read
    back from its file."""
    for url, data in (
        ("/appeals/export/", {"query": ""}),
        ("/appeals/export/", {"query": "kind=complaint"}),
        ("/reports/events/export/", {"start": "2026-11-01", "end": "2026-11-30"}),
    ):
        before = set(Job.objects.filter(created_by=user).values_list("pk", flat=True))
        with on_commit(execute=True):
            if client.post(url, data).status_code == 403:
                continue
        job = Job.objects.filter(created_by=user).exclude(pk__in=before).get()
        assert job.status == Job.Status.DONE, (url, job.message)
        yield f"{url} {data}", xlsx_text(job)
    yield "/reports/export/", ranking_export(client)


def ranking_export(client: Client) -> str:
    """The published ranking's workbook, as text (every member of staff may download it)."""
    response = client.get("/reports/export/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return "\n".join(str(c) for s in book.worksheets for row in s.iter_rows(values_only=True) for c in row if c)


@pytest.fixture
def county(db: None, settings: object, tmp_path: object) -> Iterator[County]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    with time_machine.travel(NOW, tick=False):
        yield County()


def test_the_unit_a_matter_is_about_sees_nothing_of_it_in_any_output(
    county: County, django_capture_on_commit_callbacks: object
) -> None:
    clients = {}
    for name, user in county.insiders.items():
        clients[name] = Client()
        clients[name].force_login(user)
    urls = pages(county)
    before = {name: {url: read(client, url) for url in urls} for name, client in clients.items()}
    exported = {name: ranking_export(client) for name, client in clients.items()}

    matters = county.file_matters()
    secrets = [COMPLAINT_TEXT, REPORT_TEXT, COMPLAINT_TEXT[:6], REPORT_TEXT[:6]] + [m.tracking_no for m in matters]
    outsider = Client()
    outsider.force_login(county.dave)
    assert COMPLAINT_TEXT in read(outsider, f"/appeals/{matters[0].pk}/")[1]  # the office does see it
    assert Notification.objects.filter(title__contains=matters[0].tracking_no).exists()

    problems: list[str] = []

    def leaks(name: str, where: str, text: str) -> None:
        found = [s for s in secrets if s in text]
        if found:
            problems.append(f"{name}: {where} shows {found}")

    for name, client in clients.items():
        for url in urls:
            status, text = read(client, url)
            leaks(name, url, unquoted(text, url))
            if (status, text) != before[name][url]:
                problems.append(
                    f"{name}: {url} changed after the matters were filed ({before[name][url][0]} → {status})"
                )
        for url in [f"/appeals/?q={m.tracking_no}" for m in matters]:
            leaks(name, url, unquoted(read(client, url)[1], url))
        for matter in matters:
            for url in (f"/appeals/{matter.pk}/", f"/api/appeals/{matter.pk}/", f"/api/appeals/{matter.pk}/timeline/"):
                status = client.get(url).status_code
                if status != 404:
                    problems.append(f"{name}: {url} answered {status}")
            attachment = matter.attachments.get()
            status = client.get(f"/appeals/{matter.pk}/attachments/{attachment.pk}/").status_code
            if status != 404:
                problems.append(f"{name}: the attachment of {matter.tracking_no} answered {status}")
            api = client.get("/api/appeals/", {"q": matter.tracking_no}).json()
            if api.get("count"):
                problems.append(f"{name}: the API finds {matter.tracking_no}")
            open311 = client.get(f"/open311/v2/requests/{matter.tracking_no}.json").status_code
            if open311 != 404:
                problems.append(f"{name}: Open311 answers {open311} for {matter.tracking_no}")
        # Searches by phone are POSTs: the workbench's form and the API.
        leaks(name, "phone search", client.post("/appeals/", {"q": PHONE}, follow=True).content.decode())
        found = client.post("/api/appeals/search/", {"phone": PHONE}, content_type="application/json")
        if found.status_code != 200 or found.json()["count"]:
            problems.append(f"{name}: the API's phone search answered {found.status_code} {found.content[:80]!r}")
        if ranking_export(client) != exported[name]:
            problems.append(f"{name}: the published ranking's export changed after the matters were filed")
        if Notification.objects.filter(recipient=county.insiders[name]).exists():
            problems.append(f"{name}: was sent a message")
    duplicate = county.merge_a_duplicate(matters[0]).pk
    for name, client in clients.items():  # a duplicate merged into the complaint must not name it
        for url in (f"/appeals/{duplicate}/", f"/api/appeals/{duplicate}/", f"/api/appeals/{duplicate}/timeline/"):
            leaks(name, url, read(client, url)[1])
    for name, client in clients.items():  # exports last: their jobs show in the admin's lists of tasks
        for where, text in exports(client, county.insiders[name], django_capture_on_commit_callbacks):
            leaks(name, f"export {where}", text)
    # The window's public page lists the open matters filed through it (so a second person sees it is known):
    # never a complaint or a report.
    leaks("the public", "the window's page", read(Client(), f"/m/{county.qr.code}")[1])
    assert not problems, "\n".join(problems)
