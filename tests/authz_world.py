"""A small county with one member of staff per persona of the authorisation matrix (issue 13), and an
object of each kind the routes take an id of: an appeal of unit A, one of unit B, a complaint about
unit X (filed at X's service window, handled by the supervision office), a member of the public's own
appeal, a key task with a report and attachment, a ready circular, a finished job, a message.

Built once per test module (`build_world`); each test runs in a savepoint inside it."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mashangdu.appeals.models import Appeal, Attachment, Category, Status, access_code_digest
from mashangdu.core.models import Event, Job, Notification, Role, Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.core.workcal import SHANGHAI
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.intake.services.codes import new_code
from mashangdu.intake.services.submissions import public_submit
from mashangdu.keytasks.models import ProgressReport, ReportAttachment, Task
from mashangdu.reports.models import Circular, CircularCase
from mashangdu.testing import make_appeal, make_user

NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)  # a Tuesday morning
ACCESS_CODE = "PQRS6789"
SECRET_TEXT = "窗口科员推诿扯皮索要好处"  # the complaint's distinctive text

# The personas, in the matrix's column order.
PERSONAS = (
    "anonymous",  # no session at all
    "public",  # a member of the public who has opened their own appeal with its number and access code
    "dispatcher",  # the service centre (county-wide role)
    "handler_a",  # a handler of unit A (住建局)
    "head_a",  # the head of unit A
    "handler_b",  # a handler of unit B (自然资源局)
    "x_handler",  # a handler of unit X (数据局), which a complaint is about
    "x_admin",  # the administrator, also in unit X: a county-wide role inside the unit complained about
    "cadre",  # a paired cadre, who entered unit A's appeal
    "supervisor",  # the supervision office
    "discipline",  # the discipline commission's supervisor
    "leader",  # a county leader
    "admin",  # the administrator (Django superuser), in the county's own unit
)


@dataclass
class World:
    users: dict[str, User]
    units: dict[str, Unit]
    appeal_a: Appeal
    appeal_b: Appeal
    complaint_x: Appeal
    public_appeal: Appeal
    qr_x: QrCode
    task: Task
    report: ProgressReport
    circular: Circular
    case: CircularCase
    job: Job
    note: Notification
    ids: dict[str, object] = field(default_factory=dict)


def _png(name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "teal").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _attach(appeal: Appeal, by: User | None) -> Attachment:
    return Attachment.objects.create(
        appeal=appeal,
        file=ContentFile(b"%PDF-1.4 test", name="material.pdf"),
        original_name="material.pdf",
        content_type="application/pdf",
        size=13,
        purpose="submit",
        uploaded_by=by,
    )


def build_world() -> World:
    county = Unit.objects.create(name="测试县", kind=UnitKind.COUNTY, admin_code="130991")
    township = Unit.objects.create(name="城关镇", kind=UnitKind.TOWNSHIP, parent=county, admin_code="130991100")
    units = {
        "county": county,
        "centre": Unit.objects.create(name="县营商环境服务中心", kind=UnitKind.SERVICE_CENTRE, parent=county),
        "office": Unit.objects.create(name="县委县政府督查室", kind=UnitKind.SUPERVISION_OFFICE, parent=county),
        "commission": Unit.objects.create(name="县纪委监委", kind=UnitKind.DISCIPLINE_COMMISSION, parent=county),
        "a": Unit.objects.create(
            name="县住房和城乡建设局", short_name="住建局", kind=UnitKind.DEPARTMENT, parent=county
        ),
        "b": Unit.objects.create(
            name="县自然资源和规划局", short_name="自然资源局", kind=UnitKind.DEPARTMENT, parent=county
        ),
        "x": Unit.objects.create(
            name="县数据和政务服务局", short_name="数据局", kind=UnitKind.DEPARTMENT, parent=county
        ),
        "township": township,
    }
    users = {
        "dispatcher": make_user("alice", "赵爱丽", units["centre"], Role.DISPATCHER, mobile="13800001111"),
        "handler_a": make_user("bob", "钱宝博", units["a"], Role.HANDLER, mobile="13800002222"),
        "head_a": make_user("frank", "孙方可", units["a"], Role.UNIT_HEAD),
        "handler_b": make_user("carol", "李卡萝", units["b"], Role.HANDLER),
        "x_handler": make_user("han", "韩晓", units["x"], Role.HANDLER),
        "x_admin": make_user("gus", "高思", units["x"], Role.ADMIN),
        "cadre": make_user("erin", "吴艾琳", county, Role.CADRE),
        "supervisor": make_user("dave", "周大卫", units["office"], Role.SUPERVISOR, Role.HANDLER),
        "discipline": make_user("jack", "褚杰", units["commission"], Role.SUPERVISOR, Role.HANDLER),
        "leader": make_user("leo", "郑立", county, Role.LEADER),
        "admin": make_user("ada", "王阿达", county, Role.ADMIN),
    }
    for key in ("x_admin", "admin"):  # as the demo has it: the administrator is also the Django superuser
        users[key].is_staff = users[key].is_superuser = True
        users[key].save(update_fields=["is_staff", "is_superuser"])

    roads = Category.objects.create(name="道路维修", code="roads", default_unit=units["a"])
    appeal_a = make_appeal(
        Status.HANDLING,
        unit=units["a"],
        category=roads,
        title="小区门口道路破损",
        created_by=users["cadre"],
        is_anonymous=False,
        requester_name="李四",
        requester_phone="13700001234",
    )
    _attach(appeal_a, users["cadre"])
    # The first event and message of the world are ordinary ones: the admin site's pages are checked on the
    # first object of each model.
    event_record(verb="appeal.created", actor=users["cadre"], target=appeal_a, unit=units["a"])
    note = Notification.objects.create(recipient=users["handler_a"], title="新派单", url=f"/appeals/{appeal_a.pk}/")
    appeal_b = make_appeal(Status.HANDLING, unit=units["b"], title="宅基地确权")
    _attach(appeal_b, None)
    public_appeal = make_appeal(
        Status.SUBMITTED, unit=None, title="路灯不亮", access_code_digest=access_code_digest(ACCESS_CODE)
    )

    qr_x = QrCode.objects.create(
        code=new_code(), kind=TargetKind.WINDOW, label="数据局服务窗口", unit=units["x"], township=township
    )
    complaint_x = public_submit(
        key="matrix-complaint",
        ip="198.51.100.7",
        qr=qr_x,
        public_kind="complaint",
        content=SECRET_TEXT,
        requester_name="张三",
        requester_phone="13912345678",
        consent=True,
        photos=[_png("window.png")],
    ).appeal
    assert complaint_x.unit == units["office"] and complaint_x.about_unit == units["x"]
    report_r = (
        public_submit(  # a 举报 through the general entry: county-wide roles see it, only supervisors who filed it
            key="matrix-report",
            ip="198.51.100.8",
            qr=None,
            public_kind="report",
            content="某村干部优亲厚友",
            township=township,
            requester_name="李四",
            requester_phone="13912345679",
            consent=True,
        ).appeal
    )

    task = Task.objects.create(
        code="1",
        title="盘活闲置低效土地",
        area="产业发展",
        lead_unit=units["a"],
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 12, 31),
    )
    report = ProgressReport.objects.create(
        task=task, period_end=dt.date(2026, 10, 31), text="已摸排 30 宗", submitted_by=users["handler_a"]
    )
    ReportAttachment.objects.create(
        report=report,
        file=ContentFile(b"%PDF-1.4 task", name="progress.pdf"),
        original_name="progress.pdf",
        content_type="application/pdf",
    )
    circular = Circular.objects.create(
        year=2026,
        month=10,
        state=Circular.State.READY,
        created_by=users["supervisor"],
        docx=ContentFile(b"PK docx", name="circular.docx"),
        pdf=ContentFile(b"%PDF-1.4 circular", name="circular.pdf"),
    )
    case = CircularCase.objects.create(circular=circular, appeal=appeal_a, kind="good", note="办得快")
    job = Job.objects.create(
        kind="appeals.export",
        title="导出诉求清单",
        created_by=users["supervisor"],
        status=Job.Status.DONE,
        file=ContentFile(b"PK xlsx", name="export.xlsx"),
    )
    world = World(
        users=users,
        units=units,
        appeal_a=appeal_a,
        appeal_b=appeal_b,
        complaint_x=complaint_x,
        public_appeal=public_appeal,
        qr_x=qr_x,
        task=task,
        report=report,
        circular=circular,
        case=case,
        job=job,
        note=note,
    )
    complaint_event = Event.objects.filter(target_id=complaint_x.pk, verb="appeal.created").first()
    assert complaint_event is not None
    world.ids = {
        "a": appeal_a.pk,
        "b": appeal_b.pk,
        "x": complaint_x.pk,
        "r": report_r.pk,
        "att_a": appeal_a.attachments.get().pk,
        "att_b": appeal_b.attachments.get().pk,
        "att_x": complaint_x.attachments.get().pk,
        "pub_no": public_appeal.tracking_no,
        "a_no": appeal_a.tracking_no,
        "x_no": complaint_x.tracking_no,
        "qr": qr_x.pk,
        "code": qr_x.code,
        "task": task.pk,
        "report": report.pk,
        "task_att": report.attachments.get().pk,
        "circular": circular.pk,
        "case": case.pk,
        "job": job.pk,
        "note": note.pk,
        "unit_a": units["a"].pk,
        "unit_b": units["b"].pk,
        "unit_x": units["x"].pk,
        "x_event": complaint_event.pk,
        "roads": roads.pk,
    }
    return world
