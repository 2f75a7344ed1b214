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
from mashangdu.core.models import Duty, Event, Job, Notification, Role, Unit, UnitDuty, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.core.workcal import SHANGHAI
from mashangdu.enterprises.gbt4754 import ensure_industry_codes
from mashangdu.enterprises.models import (
    Enterprise,
    EnterpriseContact,
    EnterpriseTag,
    Industry,
    KeyFigures,
    Pairing,
    Scale,
)
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.intake.services.codes import new_code
from mashangdu.intake.services.submissions import public_submit
from mashangdu.keytasks.models import ProgressReport, ReportAttachment, Task
from mashangdu.meetings.models import Issue, Meeting
from mashangdu.policies.models import Application, Clause, Condition, Payment, PolicyDocument
from mashangdu.reports.models import Circular, CircularCase
from mashangdu.techmatch.models import Docking, TechNeed, TechResult
from mashangdu.testing import make_appeal, make_user
from tests.authz_air import build_air
from tests.authz_efficiency import build_efficiency
from tests.authz_land import build_land
from tests.authz_pollution import build_pollution
from tests.authz_rivers import build_rivers
from tests.authz_villages import build_villages
from tests.authz_visits import build_visits
from tests.authz_water import build_water

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
    ensure_industry_codes()  # a transactional test's flush empties the tables seeded by migrations
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
    # Unit A stands in for the environment authority (Duty.ENVIRONMENT): its handler and head import air
    # readings, manage 散乱污 sites, grades and plans, and manage water with unit B (Duty.WATER).
    UnitDuty.objects.create(duty=Duty.ENVIRONMENT, unit=units["a"])
    # Land and villages (issue 18): unit B (自然资源局) keeps the idle and inefficient land; unit A also stands
    # for the industry authority (亩均效益), the agriculture one (village indicators, 一村一品) and the tourism
    # one (routes).
    UnitDuty.objects.create(duty=Duty.NATURAL_RESOURCES, unit=units["b"])
    for duty in (Duty.INDUSTRY, Duty.AGRICULTURE, Duty.TOURISM):
        UnitDuty.objects.create(duty=duty, unit=units["a"])
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
    # Two enterprises of 城关镇: one paired with the cadre, one with no cadre (the registry's data scope).
    paired = Enterprise.objects.create(
        uscc="91110000802100433B", name="测试铸造有限公司", industry="C", scale="small", township=township
    )
    unpaired = Enterprise.objects.create(
        uscc="914403001922038216", name="测试商贸有限公司", industry="F", scale="micro", township=township
    )
    paired.tags.add(EnterpriseTag.objects.create(name="专精特新"))
    EnterpriseContact.objects.create(enterprise=paired, name="李会计", phone="13912340000", is_primary=True)
    KeyFigures.objects.create(enterprise=paired, year=2025, employees=80)
    Pairing.objects.create(enterprise=paired, cadre=users["cadre"], started_on=dt.date(2026, 1, 1))
    enterprise = unpaired  # the technology need's enterprise: no cadre
    need = TechNeed.objects.create(  # unit A's technology need
        enterprise=enterprise,
        title="锂电池正极材料循环寿命短",
        description="正极材料循环 500 次后容量衰减明显。",
        field="新能源",
        raised_on=dt.date(2026, 9, 1),
        unit=units["a"],
        recorded_by=users["handler_a"],
    )
    tech_result = TechResult.objects.create(
        institution="某理工大学材料学院",
        institution_kind=TechResult.InstitutionKind.UNIVERSITY,
        title="锂电池正极材料包覆改性技术",
        description="原子层沉积包覆，提高锂电池循环寿命。",
        field="新能源",
        maturity=TechResult.Maturity.PILOT,
        contact_name="王教授",
        contact_phone="13600001111",
        unit=units["a"],
        recorded_by=users["handler_a"],
    )
    Docking.objects.create(
        need=need,
        result=tech_result,
        held_on=dt.date(2026, 10, 1),
        form=Docking.Form.ONSITE,
        participants="企业技术总监、学院课题组",
        outcome=Docking.Outcome.CONTINUING,
        recorded_by=users["handler_a"],
    )
    # Policies: a document of unit A with a published clause, a condition, an application the cadre entered for
    # the enterprise paired with them, and a payment.
    firm = Enterprise.objects.create(
        uscc="91130991MA00000028", name="沧河精工有限公司", industry=Industry.C, scale=Scale.SMALL, township=township
    )
    Pairing.objects.create(enterprise=firm, cadre=users["cadre"], started_on=dt.date(2026, 1, 1))
    policy = PolicyDocument.objects.create(
        title="支持企业高质量发展若干措施",
        issuing_unit=units["a"],
        issued_on=dt.date(2026, 3, 1),
        effective_from=dt.date(2026, 3, 1),
    )
    clause = Clause.objects.create(
        document=policy,
        number="第一条",
        title="技术改造补助",
        text="对技术改造项目给予补助。",
        support="tech_upgrade",
        amount_rule="ceiling",
        amount=50,
        valid_from=dt.date(2026, 3, 1),
        published_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI),
    )
    condition = Condition.objects.create(clause=clause, kind="scale", scales=["small"])
    application = Application.objects.create(
        clause=clause,
        enterprise=firm,
        year=2026,
        requested_amount=20,
        submitted_on=dt.date(2026, 10, 1),
        submitted_by=users["cadre"],
    )
    Payment.objects.create(clause=clause, enterprise=firm, year=2025, amount=30, paid_on=dt.date(2026, 4, 1))
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
    meeting, meeting_issue = _meeting(units, users)
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
        "ent": paired.pk,
        "ent_other": unpaired.pk,
        "meeting": meeting.pk,
        "m_issue": meeting_issue.pk,
        "m_token": meeting.invitations.get().token,
        "enterprise": enterprise.pk,
        "need": need.pk,
        "tech_result": tech_result.pk,
        "firm": firm.pk,
        "policy": policy.pk,
        "clause": clause.pk,
        "condition": condition.pk,
        "application": application.pk,
    }
    for more in (
        build_visits(users, township),
        build_water(units),
        build_rivers(users, units),
        build_pollution(users, units),
        build_air(township),
        build_land(users, units),
        build_efficiency(township),
        build_villages(units, NOW.date()),
    ):
        # Each domain's objects get their own names: a name taken twice would send one domain's routes to
        # another's object (a black-odorous milestone's id once stood for a 晋A升B plan's).
        # (Visits' paired enterprise has always replaced the world's own `enterprise`; the expectations read it.)
        clash = set(more) & set(world.ids) - ({"enterprise"} if "pairing" in more else set())
        assert not clash, f"the authorisation world names {sorted(clash)} twice"
        world.ids |= more
    return world


def _meeting(units: dict[str, Unit], users: dict[str, User]) -> tuple[Meeting, Issue]:
    """A breakfast meeting next week, organised by the service centre with unit A invited, and an issue an
    enterprise sent beforehand."""
    from mashangdu.enterprises.models import Enterprise, Industry, Scale
    from mashangdu.meetings.services import MeetingInput, meeting_plan

    enterprise = Enterprise.objects.create(
        uscc="91130991MA0000001X",
        name="沧河铸造有限公司",
        industry=Industry.C,
        scale=Scale.SMALL,
        township=units["township"],
    )
    meeting = meeting_plan(
        by=None,
        data=MeetingInput(
            kind="breakfast",
            starts_at=NOW + dt.timedelta(days=7),
            place="县政府一号会议室",
            host=users["leader"],
            organiser=units["centre"],
            enterprises=[enterprise],
            units=[units["a"]],
        ),
    )
    issue = Issue.objects.create(
        meeting=meeting, enterprise=enterprise, source="beforehand", title="气价", content="气价上涨"
    )
    return meeting, issue
