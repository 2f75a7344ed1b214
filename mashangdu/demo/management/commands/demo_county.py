"""Load the demo county (沧河县): units, villages, staff for every role, 3,000 enterprises.

Deterministic (a fixed random seed), idempotent (natural keys: administrative codes, unit names,
usernames, credit codes) and fast (bulk inserts). Demo logins are listed in the README.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.services import supervise_once
from mashangdu.core.models import Role, RoleGrant, Unit, UnitKind, User
from mashangdu.core.passwords import DEMO_PASSWORD
from mashangdu.core.services.workcal import workcal_seed_from_package
from mashangdu.demo.appeals import ensure_unit_staff, generate_history, seed_categories
from mashangdu.demo.intake import link_history, seed_intake
from mashangdu.demo.keytasks import seed_tasks
from mashangdu.demo.reports import seed_circular
from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.enterprises.uscc import org_code_check_char, uscc_check_char

COUNTY_CODE = "130990"  # a Hebei-style code not used by any real county

DEMO_PASSWORD_WARNING = (
    f"WARNING: every demo user has the published password {DEMO_PASSWORD}. Change them (or do not load the "
    "demo) on any machine that others can reach; the site refuses it as a new password."
)

TOWNSHIPS = [
    ("城关镇", "镇"),
    ("河东镇", "镇"),
    ("河西镇", "镇"),
    ("临港镇", "镇"),
    ("富镇", "镇"),
    ("崔尔庄镇", "镇"),
    ("王武镇", "镇"),
    ("郝村镇", "镇"),
    ("洼里王镇", "镇"),
    ("文庙镇", "镇"),
    ("四营乡", "乡"),
    ("齐桥乡", "乡"),
    ("营子乡", "乡"),
    ("西辛店乡", "乡"),
    ("经济开发区", "园区"),
]
VILLAGE_PREFIXES = [
    "张",
    "王",
    "李",
    "刘",
    "陈",
    "杨",
    "赵",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "高",
    "林",
    "罗",
    "郑",
    "梁",
    "谢",
    "宋",
    "唐",
    "许",
    "韩",
    "冯",
    "邓",
    "曹",
    "彭",
    "曾",
    "田",
    "董",
    "潘",
    "袁",
    "东",
    "西",
    "南",
    "北",
    "前",
    "后",
    "大",
    "小",
    "新",
    "老",
    "上",
    "下",
    "中",
    "沙",
    "柳",
    "杏",
    "枣",
    "桑",
]
VILLAGE_SUFFIXES = [
    "庄村",
    "家村",
    "官屯村",
    "家营村",
    "各庄村",
    "楼村",
    "店村",
    "寨村",
    "河村",
    "堤村",
    "口村",
    "辛庄村",
]
DEPARTMENTS = [
    "县政府办公室",
    "县发展和改革局",
    "县工业和信息化局",
    "县教育局",
    "县科学技术局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源和规划局",
    "沧河生态环境分局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水利局",
    "县农业农村局",
    "县商务局",
    "县文化广电和旅游局",
    "县卫生健康局",
    "县退役军人事务局",
    "县应急管理局",
    "县审计局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县城市管理综合行政执法局",
    "县行政审批局",
    "县林业局",
    "县乡村振兴局",
    "县信访局",
    "县国有资产服务中心",
    "县数据和政务服务局",
    "县供销合作社",
    "县融媒体中心",
    "县税务局",
    "县供电公司",
    "县自来水公司",
    "县燃气公司",
    "县住房公积金管理中心",
    "县消防救援大队",
    "县人民法院",
    "县人民检察院",
]
SHORT_NAMES = {
    "县住房和城乡建设局": "住建局",
    "县自然资源和规划局": "自然资源局",
    "沧河生态环境分局": "生态环境分局",
    "县工业和信息化局": "工信局",
    "县市场监督管理局": "市场监管局",
    "县人力资源和社会保障局": "人社局",
    "县发展和改革局": "发改局",
    "县文化广电和旅游局": "文旅局",
    "县城市管理综合行政执法局": "城管局",
}
SPECIAL_UNITS = [
    ("县营商环境服务中心", "服务中心", UnitKind.SERVICE_CENTRE),
    ("县委县政府督查室", "督查室", UnitKind.SUPERVISION_OFFICE),
    ("县纪委监委", "纪委监委", UnitKind.DISCIPLINE_COMMISSION),
]
# (username, name, unit name, title, roles). Every unit an appeal can be dispatched to has someone who
# can sign, contact and reply: departments and townships get d01…/t01… (demo.appeals.ensure_unit_staff);
# the service centre, the supervision office (window complaints) and the discipline commission (window
# reports) have handlers here, the last two supervisors too, who alone may see a complainant's identity.
DEMO_USERS = [
    ("admin", "管理员", "县数据和政务服务局", "系统管理员", [Role.ADMIN]),
    ("dispatcher", "赵敏", "县营商环境服务中心", "受理调度员", [Role.DISPATCHER]),
    ("dispatcher2", "钱立", "县营商环境服务中心", "受理调度员", [Role.DISPATCHER, Role.HANDLER]),
    ("zjj_handler", "孙建国", "县住房和城乡建设局", "科员", [Role.HANDLER]),
    ("zjj_head", "李红梅", "县住房和城乡建设局", "局长", [Role.UNIT_HEAD, Role.HANDLER]),
    ("zrj_handler", "周海涛", "县自然资源和规划局", "科员", [Role.HANDLER]),
    ("sthj_handler", "吴晓燕", "沧河生态环境分局", "科员", [Role.HANDLER]),
    ("cgz_handler", "郑伟", "城关镇", "便民服务中心主任", [Role.HANDLER]),
    ("cgz_head", "王志强", "城关镇", "镇长", [Role.UNIT_HEAD]),
    ("cadre", "冯振华", "县政府办公室", "副县长（包联）", [Role.CADRE]),
    # Complaints about a unit are dispatched to the supervision office (举报 may go to the discipline
    # commission): someone there signs for and replies to them, so both also hold the handler role.
    ("supervisor", "陈静", "县委县政府督查室", "督查专员", [Role.SUPERVISOR, Role.HANDLER]),
    ("jw_supervisor", "褚国栋", "县纪委监委", "监察员", [Role.SUPERVISOR, Role.HANDLER]),
    ("leader", "卫东升", "县政府办公室", "县长", [Role.LEADER]),
]
WORDS = [
    "恒",
    "达",
    "鑫",
    "瑞",
    "华",
    "兴",
    "盛",
    "宏",
    "泰",
    "嘉",
    "诚",
    "信",
    "利",
    "源",
    "丰",
    "隆",
    "昌",
    "永",
    "锦",
    "润",
    "博",
    "远",
    "汇",
    "通",
    "德",
    "金",
    "鼎",
    "晟",
    "腾",
    "卓",
    "益",
    "晨",
    "凯",
    "康",
    "安",
    "明",
]
TRADES = [
    (
        Industry.C,
        [
            "铸造",
            "机械制造",
            "管道装备",
            "五金制品",
            "食品",
            "纺织",
            "塑料制品",
            "电气设备",
            "汽车配件",
            "家具",
        ],
    ),
    (Industry.A, ["农业开发", "种植专业合作社", "畜牧养殖", "果蔬"]),
    (Industry.F, ["商贸", "建材销售", "农资", "超市"]),
    (Industry.E, ["建筑工程", "市政工程", "装饰工程"]),
    (Industry.G, ["物流", "运输"]),
    (Industry.H, ["餐饮管理", "酒店"]),
    (Industry.I, ["信息技术", "网络科技"]),
    (Industry.M, ["技术服务", "检测"]),
    (Industry.D, ["热力", "新能源"]),
    (Industry.R, ["文化传媒", "旅游开发"]),
]
ENTERPRISE_COUNT = 3000
STREETS = ["工业路", "创业大街", "兴业路", "园区路", "建设街"]


class Command(BaseCommand):
    help = "Load the demo county (idempotent; safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, default=ENTERPRISE_COUNT)
        parser.add_argument("--appeals", type=int, default=5000, help="appeals of history to generate (once)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when a county is already loaded")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Unit.objects.filter(kind=UnitKind.COUNTY).exists():
            self.stdout.write("demo county already loaded; skipped")
            return
        started = time.monotonic()
        rng = random.Random(20261129)
        with transaction.atomic():
            workcal_seed_from_package()
            county = self._units(rng)
            users = self._users()
            created = self._enterprises(rng, options["enterprises"])
            categories = seed_categories()
            ensure_unit_staff(rng, DEMO_PASSWORD)
            codes = seed_intake(by=User.objects.get(username="dispatcher"))
            key_tasks = seed_tasks()
        appeals = 0
        if not Appeal.objects.exists() and options["appeals"]:
            self.stdout.write(f"playing {options['appeals']} appeals of history through the workflow services…")

            def progress(done: int, total: int) -> None:
                if done % 1000 == 0 or done == total:
                    self.stdout.write(f"  {done}/{total} appeals")

            appeals = generate_history(
                rng=rng, count=options["appeals"], end=timezone.now(), categories=categories, progress=progress
            )
            supervise_once()
        link_history()
        seed_circular(by=User.objects.get(username="supervisor"))
        self._train_routing()
        self.stdout.write(
            f"{settings.COUNTY_NAME} ({county.admin_code}): {Unit.objects.count()} units, "
            f"{users} demo users, {created} new enterprises, {codes} new QR codes, {key_tasks} key tasks, "
            f"{appeals} appeals of history, "
            f"{time.monotonic() - started:.1f} s"
        )
        self.stdout.write(DEMO_PASSWORD_WARNING)

    def _train_routing(self) -> None:
        """The dispatcher's suggestions come from a model trained on the demo history (issue 7)."""
        from mashangdu.routing.classifier import TrainingError
        from mashangdu.routing.models import ModelVersion
        from mashangdu.routing.training import retrain_from_history

        if ModelVersion.objects.exists():
            return
        try:
            version = retrain_from_history(demo=True)
        except TrainingError as exc:
            self.stdout.write(f"routing model not trained: {exc}")
            return
        self.stdout.write(
            f"routing model trained on {version.n_train} closed appeals ({len(version.labels)} categories)"
        )

    def _unit(
        self, *, name: str, kind: str, parent: Unit | None, code: str | None, order: int, short: str = ""
    ) -> Unit:
        lookup = {"admin_code": code} if code else {"parent": parent, "name": name}
        unit, _ = Unit.objects.update_or_create(
            **lookup,
            defaults={"name": name, "kind": kind, "parent": parent, "sort_order": order, "short_name": short},
        )
        return unit

    def _units(self, rng: random.Random) -> Unit:
        county = self._unit(name=settings.COUNTY_NAME, kind=UnitKind.COUNTY, parent=None, code=COUNTY_CODE, order=0)
        for order, (name, short, kind) in enumerate(SPECIAL_UNITS):
            self._unit(name=name, kind=kind, parent=county, code=None, order=order, short=short)
        for order, name in enumerate(DEPARTMENTS):
            self._unit(
                name=name,
                kind=UnitKind.DEPARTMENT,
                parent=county,
                code=None,
                order=order,
                short=SHORT_NAMES.get(name, name.removeprefix("县")),
            )
        existing_villages = set(Unit.objects.filter(kind=UnitKind.VILLAGE).values_list("admin_code", flat=True))
        villages = []
        for index, (name, _) in enumerate(TOWNSHIPS):
            code = f"{COUNTY_CODE}{100 + index}"
            township = self._unit(name=name, kind=UnitKind.TOWNSHIP, parent=county, code=code, order=index)
            count = rng.randint(17, 23)
            names: list[str] = []
            while len(names) < count:
                candidate = rng.choice(VILLAGE_PREFIXES) + rng.choice(VILLAGE_SUFFIXES)
                if candidate not in names:
                    names.append(candidate)
            if index == 0:
                names[:4] = ["城东社区", "城西社区", "城南社区", "城北社区"]
            for order, village in enumerate(names):
                village_code = f"{code}{200 + order:03d}"
                if village_code not in existing_villages:
                    villages.append(
                        Unit(
                            name=village,
                            kind=UnitKind.VILLAGE,
                            parent=township,
                            admin_code=village_code,
                            sort_order=order,
                        )
                    )
        Unit.objects.bulk_create(villages)
        return county

    def _users(self) -> int:
        password = make_password(DEMO_PASSWORD)  # hashed once: the same demo password for every user
        units = {u.name: u for u in Unit.objects.exclude(kind=UnitKind.VILLAGE)}
        for number, (username, name, unit_name, title, roles) in enumerate(DEMO_USERS):
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={
                    "full_name": name,
                    "unit": units[unit_name],
                    "title": title,
                    "mobile": f"139{number:04d}{8000 + number:04d}",
                    "password": password,
                    "is_staff": Role.ADMIN in roles,
                    "is_superuser": Role.ADMIN in roles,
                },
            )
            for role in roles:
                RoleGrant.objects.get_or_create(user=user, role=role)
        return len(DEMO_USERS)

    def _enterprises(self, rng: random.Random, count: int) -> int:
        townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("admin_code"))
        existing = set(Enterprise.objects.values_list("uscc", flat=True))
        weights = [4 if t.name in {"经济开发区", "城关镇"} else 1 for t in townships]
        batch, names = [], set(Enterprise.objects.values_list("name", flat=True))
        for serial in range(count):
            industry, trades = rng.choices(TRADES, weights=[40, 10, 15, 8, 6, 5, 4, 4, 4, 4])[0]
            township = rng.choices(townships, weights=weights)[0]
            scale = rng.choices(list(Scale), weights=[2, 8, 30, 60])[0]
            name = ""
            while not name or name in names:
                name = f"{settings.COUNTY_NAME[:2]}{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(trades)}有限公司"
            names.add(name)
            body = f"{serial + 10000000:08d}"
            org = body + org_code_check_char(body)
            prefix = "91" + COUNTY_CODE + org
            uscc = prefix + uscc_check_char(prefix)
            if uscc in existing:
                continue
            batch.append(
                Enterprise(
                    uscc=uscc,
                    name=name,
                    industry=industry,
                    scale=scale,
                    township=township,
                    above_designated_size=scale in {Scale.LARGE, Scale.MEDIUM}
                    or (scale == Scale.SMALL and rng.random() < 0.3),
                    address=f"{township.name}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
                )
            )
        Enterprise.objects.bulk_create(batch, batch_size=500)
        return len(batch)
