"""The demo county's key tasks: the commitments of the county head's study-session remarks three months
ago, decomposed in our own words, with milestones, indicators and three months of reports (some late, some
returned), played through the services under frozen time. Idempotent.

Every date is placed relative to today, so the board shows every light whatever day the demo is loaded,
and nothing it writes as having happened is dated after now: a report for a month is submitted on the
22nd of that month and reviewed on the 24th (the county's custom, docs/domain.md §Key tasks), for the last three
months that have ended. Only plans (due dates) lie ahead."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

import time_machine
from django.utils import timezone

from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.keytasks import services
from mashangdu.keytasks.lights import expected
from mashangdu.keytasks.models import Indicator, Milestone, SourceDocument, Task

# (code, area, task, measures, lead unit short name, co-units, leader,
#  due: months after the last month that ended (negative: already past), indicator (name, unit, base, target))
TASKS = [
    (
        "1",
        "产业发展",
        "盘活闲置低效用地",
        "清查闲置、低效工业用地，分类处置，推进“腾笼换鸟”",
        "自然资源局",
        ["工信局"],
        "常务副县长",
        4,
        ("盘活面积", "亩", 0, 600),
    ),
    (
        "2",
        "产业发展",
        "推广多层标准厂房",
        "新建工业项目原则上建设多层厂房，提高容积率",
        "工信局",
        ["自然资源局", "住建局"],
        "常务副县长",
        4,
        ("新建多层厂房", "万平方米", 0, 12),
    ),
    (
        "3",
        "产业发展",
        "搭建校地企合作平台",
        "对接高校和科研院所，促进科技成果在本县转化",
        "科学技术局",
        ["工信局"],
        "分管副县长",
        4,
        ("转化项目", "项", 0, 10),
    ),
    (
        "4",
        "乡村振兴",
        "农村生活污水治理",
        "分类建设排水边沟，分批建设污水管网",
        "农业农村局",
        ["住建局", "生态环境分局"],
        "分管副县长",
        4,
        ("完成治理村", "个", 40, 120),
    ),
    (
        "5",
        "乡村振兴",
        "一村一品与集体经济",
        "培育特色产业，壮大村集体经济",
        "农业农村局",
        ["乡村振兴局"],
        "分管副县长",
        4,
        ("集体经济收入超10万元村", "个", 80, 150),
    ),
    (
        "6",
        "乡村振兴",
        "乡村旅游线路",
        "整合历史文化和公园游园资源，推出乡村旅游线路",
        "文旅局",
        ["农业农村局"],
        "分管副县长",
        -1,
        None,
    ),
    (
        "7",
        "产业发展",
        "传统产业智改数转",
        "支持企业技术改造和数字化转型",
        "工信局",
        [],
        "县长",
        4,
        ("完成改造企业", "家", 0, 60),
    ),
    (
        "8",
        "协同发展",
        "承接京津产业和服务",
        "铸造提档升级、育种、地热开发，承接京津养老和教育资源",
        "发改局",
        ["商务局", "教育局"],
        "县长",
        4,
        None,
    ),
    (
        "9",
        "生态环境",
        "大气污染综合治理",
        "治企、清煤、抑尘、控车、禁烧专项行动，推进绩效评级“晋A升B”",
        "生态环境分局",
        ["工信局", "公安局"],
        "分管副县长",
        4,
        ("PM2.5 年均浓度", "微克/立方米", 52, 45),
    ),
    (
        "10",
        "生态环境",
        "河道生态修复与河长制",
        "实施河道水生态修复，落实河长巡河，消除黑臭水体",
        "水利局",
        ["生态环境分局"],
        "分管副县长",
        4,
        None,
    ),
    (
        "11",
        "营商环境",
        "落实优化营商环境二十五条",
        "深化放管服改革，用好码上督平台，做到即时联、现时办",
        "数据和政务服务局",
        ["行政审批局"],
        "县长",
        4,
        None,
    ),
    (
        "12",
        "营商环境",
        "干部包联企业",
        "落实领导干部包联企业责任，开好政企同心谈和早餐会",
        "工信局",
        ["发改局"],
        "县长",
        4,
        None,
    ),
]
LATE = {"6", "10"}  # nothing reported after the first month: red
RETURNED = {"9"}  # last month's report was returned and not corrected yet
BEHIND = {"1"}  # accepted values a quarter of the way to the straight line: red
NEAR = {"3": "签订首批校地合作协议"}  # a milestone due in five days: yellow
REVIEWER_NOTE = "请补充量化数据和下一步安排"


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=SHANGHAI)


def month_end(day: dt.date, months: int = 0) -> dt.date:
    """The last day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months + 1
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)


def report_months(today: dt.date) -> list[dt.date]:
    """The ends of the last three months that have ended, oldest first."""
    return [month_end(today, -n) for n in (3, 2, 1)]


def seed_tasks() -> int:
    if Task.objects.exists():
        return 0
    units = {u.short_name or u.name: u for u in Unit.objects.exclude(kind=UnitKind.VILLAGE)}
    supervisor = User.objects.filter(role_grants__role="supervisor").order_by("pk").first()
    if supervisor is None or "工信局" not in units:
        return 0
    today = timezone.localdate()
    months = report_months(today)
    start = months[0].replace(day=15)
    with time_machine.travel(_at(start), tick=False):
        source = SourceDocument.objects.create(
            kind=SourceDocument.Kind.SPEECH,
            title=f"县长在{start.month}月份中心组学习上的研讨发言",
            date=start - dt.timedelta(days=5),
        )
        tasks = [_task(row, source=source, units=units, start=start, today=today) for row in TASKS]
    for task in tasks:
        _reports(task, supervisor, months)
    return len(TASKS)


def _task(row: tuple, *, source: SourceDocument, units: dict[str, Unit], start: dt.date, today: dt.date) -> Task:
    code, area, title, measures, lead, co, leader, due_months, indicator = row
    new = services.NewTask(
        code=code,
        area=area,
        title=title,
        measures=measures,
        source=source,
        lead_unit=units[lead],
        leader=leader,
        start_date=start,
        due_date=month_end(today, due_months - 1),
        co_units=[units[c] for c in co if c in units],
    )
    task = services.task_create(by=None, task=new, origin="demo")
    Milestone.objects.create(
        task=task,
        title="制定实施方案",
        due_date=start + dt.timedelta(days=25),
        done_on=start + dt.timedelta(days=22),
    )
    if code in NEAR:
        Milestone.objects.create(task=task, title=NEAR[code], due_date=today + dt.timedelta(days=5))
    Milestone.objects.create(task=task, title="目标任务全面完成", due_date=task.due_date)
    if indicator:
        name, unit, base, target = indicator
        Indicator.objects.create(
            task=task,
            name=name,
            unit=unit,
            baseline=base,
            baseline_date=start,
            target=target,
            direction=Indicator.Direction.DOWN if target < base else Indicator.Direction.UP,
        )
    return task


def _value(task: Task, indicator: Indicator, period_end: dt.date) -> Decimal:
    """On track: where the straight line will be a month after the period (so the light stays green until
    the next report); behind: a quarter of the way to where the line is."""
    if task.code in BEHIND:
        line = expected(indicator, task.due_date, period_end)
        return (indicator.baseline + (line - indicator.baseline) / 4).quantize(Decimal(1), ROUND_HALF_UP)
    line = expected(indicator, task.due_date, period_end + dt.timedelta(days=31))
    ahead = ROUND_CEILING if indicator.target > indicator.baseline else ROUND_FLOOR
    return line.quantize(Decimal(1), ahead)


def _reports(task: Task, supervisor: User, months: list[dt.date]) -> None:
    reporter = User.objects.filter(unit=task.lead_unit, role_grants__role__in=["handler", "unit_head"]).first()
    if reporter is None:
        return
    indicator = task.indicators.first()
    for number, period_end in enumerate(months, start=1):
        if task.code in LATE and number > 1:
            break
        values = {} if indicator is None else {str(indicator.pk): str(_value(task, indicator, period_end))}
        with time_machine.travel(_at(period_end.replace(day=22)), tick=False):
            report = services.report_submit(
                task=task,
                by=reporter,
                period_end=period_end,
                text=f"{period_end.month}月：按计划推进，{task.measures}。",
                indicator_values=values,
            )
        returned = task.code in RETURNED and number == len(months)
        with time_machine.travel(_at(period_end.replace(day=24)), tick=False):
            services.report_review(
                report=report, by=supervisor, accept=not returned, comment=REVIEWER_NOTE if returned else ""
            )
