"""The demo county's technology matching: about 30 needs of its enterprises, 60 results of invented
universities, institutes and enterprise R&D centres of the province (no real persons), and dockings with
their outcomes, all dated in the past and played through the services (once: skipped when needs exist)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from mashangdu.core.models import Role, User
from mashangdu.enterprises.models import Enterprise
from mashangdu.techmatch import services
from mashangdu.techmatch.models import Docking, TechNeed, TechResult

# field → (the needs an enterprise of the county might raise, the results that could answer them)
FIELDS: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    "新能源材料": (
        [
            (
                "锂电池正极材料循环寿命短",
                "三元锂电池正极材料循环 500 次后容量衰减明显，希望改进包覆工艺，延长循环寿命。",
            ),
            ("光伏组件背板耐候性不足", "光伏组件背板户外使用三年出现黄变开裂，需要耐紫外老化的背板材料配方。"),
        ],
        [
            ("三元锂电池正极材料包覆改性技术", "原子层沉积包覆氧化铝，提高锂电池正极材料循环寿命和热稳定性。"),
            ("耐候型光伏组件背板材料", "氟碳涂层与改性聚酯复合，耐紫外老化，光伏组件背板黄变指数低。"),
            ("磷酸铁锂电池梯次利用检测技术", "退役锂电池快速分选检测与梯次利用评估。"),
        ],
    ),
    "智能制造": (
        [
            ("铸件表面缺陷人工目检漏检多", "铸件表面气孔、裂纹靠人工目检，效率低漏检多，希望引入机器视觉自动检测。"),
            ("冲压生产线换模时间长", "冲压线换模需两小时，希望实现快速换模和设备联网监控。"),
            ("焊接工序依赖熟练工", "钢结构焊接依赖熟练焊工，希望引入焊接机器人和焊缝跟踪。"),
        ],
        [
            ("基于机器视觉的铸件表面缺陷检测系统", "工业相机与深度学习识别铸件气孔、裂纹，检测准确率 98%。"),
            ("冲压设备联网与快速换模方案", "冲压设备数据采集联网，快速换模夹具，换模时间缩短到 20 分钟。"),
            ("焊缝激光跟踪焊接机器人", "激光视觉焊缝跟踪，适用于钢结构中厚板焊接机器人。"),
            ("注塑车间能耗监测系统", "注塑机电能实时监测与峰谷调度。"),
        ],
    ),
    "农产品加工": (
        [
            ("挂面干燥开裂率高", "挂面烘干过程中开裂断条率高，需要优化干燥温湿度曲线。"),
            ("果蔬汁褐变保质期短", "苹果汁灌装后褐变明显，保质期不足六个月，希望采用非热杀菌工艺。"),
            ("食用菌菌渣堆积污染", "香菇菌棒废料菌渣堆积污染环境，希望制成有机肥或饲料。"),
        ],
        [
            ("挂面低温慢速干燥工艺", "分段控温控湿干燥，挂面断条率降低到 1% 以下。"),
            ("果蔬汁超高压非热杀菌技术", "超高压处理替代热杀菌，抑制褐变，果蔬汁保质期延长至 12 个月。"),
            ("食用菌菌渣制备生物有机肥技术", "菌渣发酵腐熟，制成生物有机肥，改良土壤。"),
            ("小麦麸皮膳食纤维提取技术", "麸皮酶解提取膳食纤维，用于烘焙食品。"),
        ],
    ),
    "节能环保": (
        [
            ("高盐废水处理成本高", "化工车间高盐废水蒸发处理能耗高，希望实现分盐和零排放。"),
            ("燃煤锅炉烟气脱硝不达标", "燃煤锅炉氮氧化物排放接近限值，需要低温脱硝催化剂。"),
            ("印染废水色度高", "印染废水色度和化学需氧量高，现有生化处理难以达标。"),
        ],
        [
            ("高盐废水纳滤分盐与零排放技术", "纳滤膜分盐结合机械蒸汽再压缩蒸发，实现高盐废水零排放。"),
            ("低温脱硝催化剂", "锰铈复合氧化物低温脱硝催化剂，150℃ 脱硝效率 90%。"),
            ("印染废水臭氧催化氧化脱色技术", "臭氧催化氧化深度处理印染废水，色度去除率 95%。"),
            ("工业余热有机朗肯循环发电", "低温工业余热发电，回收 80–150℃ 余热。"),
        ],
    ),
    "新型建材": (
        [
            ("商品混凝土坍落度损失快", "夏季商品混凝土运输途中坍落度损失快，需要保坍型减水剂。"),
            ("装配式构件养护周期长", "预制混凝土构件蒸汽养护周期长，模具周转慢。"),
        ],
        [
            ("保坍型聚羧酸减水剂合成技术", "聚羧酸减水剂分子结构设计，混凝土坍落度两小时损失小于 10%。"),
            ("预制构件低能耗快速养护技术", "早强剂与智能温控养护，预制构件脱模时间缩短一半。"),
            ("建筑垃圾再生骨料制砖技术", "建筑垃圾破碎分选，再生骨料制成透水砖。"),
        ],
    ),
    "生物医药": (
        [
            ("中药提取物纯度不稳定", "中药材提取工艺参数靠经验，提取物有效成分含量波动大。"),
            ("兽用疫苗冷链运输损耗", "兽用疫苗基层冷链运输条件差，效价下降。"),
        ],
        [
            ("中药提取过程在线近红外质量控制", "近红外光谱在线监测中药提取过程，有效成分含量稳定。"),
            ("兽用疫苗耐热冻干保护剂", "耐热冻干保护剂，兽用疫苗 25℃ 保存 30 天效价不降。"),
            ("微生物发酵法生产维生素技术", "菌种改良与发酵工艺优化。"),
        ],
    ),
    "电子信息": (
        [
            ("电子线束生产追溯难", "线束装配工序多，质量问题难以追溯到批次和工位。"),
            ("仓储拣货差错率高", "电商仓库人工拣货差错率高，高峰期发货延迟。"),
        ],
        [
            ("基于二维码的生产过程质量追溯系统", "工序扫码采集，批次和工位质量追溯。"),
            ("仓储智能拣货与电子标签系统", "电子标签亮灯拣货，拣货差错率降低到万分之一。"),
            ("工业物联网边缘网关", "多协议设备数据采集边缘网关。"),
        ],
    ),
    "纺织服装": (
        [
            ("纯棉面料缩水率超标", "纯棉针织面料水洗缩水率超过标准，需要预缩整理工艺。"),
            ("服装裁剪排料利用率低", "人工排料面料利用率不到 80%。"),
        ],
        [
            ("针织面料低缩水预缩整理技术", "机械预缩与树脂整理结合，纯棉针织面料缩水率小于 3%。"),
            ("服装智能排料算法", "裁剪排料算法，面料利用率提高 5 个百分点。"),
        ],
    ),
}
INSTITUTIONS = [
    ("某理工大学材料学院", "university"),
    ("某农业大学食品学院", "university"),
    ("某工业大学机械工程学院", "university"),
    ("某师范大学化学学院", "university"),
    ("省某化工研究院", "institute"),
    ("省某农业科学院农产品加工研究所", "institute"),
    ("省某环境科学研究院", "institute"),
    ("省某建筑科学研究院", "institute"),
    ("某装备集团技术中心", "rd_centre"),
    ("某药业集团研究院", "rd_centre"),
]
NEEDS_WANTED, RESULTS_WANTED = 30, 60


def _recorder() -> User | None:
    return (
        User.objects.filter(unit__name="县科学技术局", role_grants__role=Role.HANDLER).order_by("pk").first()
        or User.objects.filter(role_grants__role=Role.HANDLER, unit__isnull=False).order_by("pk").first()
    )


def seed_techmatch(rng: random.Random) -> tuple[int, int, int]:
    """(needs, results, dockings) created now; nothing when needs exist already."""
    by = _recorder()
    if by is None or TechNeed.objects.exists():
        return 0, 0, 0
    today = timezone.localdate()
    results: dict[str, list[TechResult]] = {}
    made = 0
    while made < RESULTS_WANTED:
        for field, (_, offers) in FIELDS.items():
            for title, text in offers:
                if made >= RESULTS_WANTED:
                    break
                institution, kind = INSTITUTIONS[made % len(INSTITUTIONS)]
                round_no = made // 24
                result = services.result_create(
                    by=by,
                    data=services.ResultInput(
                        institution=institution,
                        institution_kind=kind,
                        title=title if round_no == 0 else f"{title}（第 {round_no + 1} 代）",
                        description=text,
                        field=field,
                        maturity=rng.choice(TechResult.Maturity.values),
                        contact_name=f"{rng.choice('赵钱孙李周吴郑王')}老师",
                        contact_phone=f"139{rng.randrange(10**8):08d}",
                    ),
                )
                results.setdefault(field, []).append(result)
                made += 1
    enterprises = list(Enterprise.objects.filter(industry="C").order_by("pk")[:200]) or list(
        Enterprise.objects.order_by("pk")[:200]
    )
    if not enterprises:
        return 0, made, 0
    asks = [(field, title, text) for field, (wants, _) in FIELDS.items() for title, text in wants]
    needs, dockings = 0, 0
    for index in range(NEEDS_WANTED):
        field, title, text = asks[index % len(asks)]
        raised = today - dt.timedelta(days=rng.randrange(30, 330))
        need = services.need_create(
            by=by,
            data=services.NeedInput(
                enterprise=rng.choice(enterprises),
                title=title,
                description=text,
                field=field,
                raised_on=raised,
                budget_max=Decimal(rng.choice([20, 50, 100, 200])) if rng.random() < 0.6 else None,
            ),
        )
        needs += 1
        answers = results.get(field, [])
        best = answers[index % len(answers)] if answers else None
        if best is None or rng.random() < 0.35:
            continue  # still waiting for a docking
        held = raised + dt.timedelta(days=rng.randrange(5, max(6, (today - raised).days)))
        outcome = rng.choice([Docking.Outcome.AGREED, Docking.Outcome.CONTINUING, Docking.Outcome.FAILED])
        services.need_dock(
            need=need,
            by=by,
            data=services.DockingInput(
                result=best,
                held_on=min(held, today),
                form=rng.choice(Docking.Form.values),
                participants="企业技术负责人、成果团队、县科技局",
                outcome=outcome,
                contract_amount=Decimal(rng.choice([30, 50, 80, 120])) if outcome == Docking.Outcome.AGREED else None,
                notes="双方就技术路线和试验安排进行了交流。",
            ),
        )
        dockings += 1
    return needs, made, dockings
