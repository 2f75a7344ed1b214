"""From a speech or minutes to candidate measures (措施): the sentences and clauses that commit to action,
each with a suggested lead unit and area. The supervisor edits, merges, drops and confirms them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mashangdu.core.models import Unit, UnitKind

# Words that commit to action in county documents (推进、加快、开展…); a clause needs one to be a measure.
ACTION = re.compile(
    r"加快|推进|推动|实施|开展|打造|建设|完善|落实|持续|深入|强化|加强|做好|抓好|全力|确保|提升|扩大|深化|"
    r"整治|治理|培育|壮大|引进|承接|对接|搭建|盘活|消除|减排|巡河|修复|改善|攻坚|优化|聚焦|支持|引导|采取|"
    r"举办|用好|坚持|压实|严格|发展|谋划|拓展|参与|保持|清零|整合|挖掘|完成"
)
# Words that mark reflection rather than commitment (学习体会, history).
REFLECTION = re.compile(r"总书记在正定|1982年|感悟|感触|钦佩|观摩|学习了|给我们|深刻启示")
SECTION = re.compile(r"^[一二三四五六七八九十]+、(.+)$")

# Keyword → unit short name (the county's departments) and area. First match wins, so specific first.
UNITS: list[tuple[str, str, str]] = [
    ("京津|合作开展|育种|地热", "发改局", "协同发展"),
    ("河长|巡河|洺河|水生态|黑臭水体|河湖", "水利局", "生态环境"),
    (
        "大气|臭氧|PM2.5|治企|清煤|抑尘|控车|禁烧|晋A升B|绩效|散乱污|铸造|化工|印染|面源|污染",
        "生态环境分局",
        "生态环境",
    ),
    ("污水|排水边沟|改厕|厕所|人居环境", "农业农村局", "乡村振兴"),
    ("一村一品|村集体|集体经济|规模化经营|土地规模|农业生产|育种", "农业农村局", "乡村振兴"),
    ("乡村旅游|文旅|历史文化|公园游园", "文旅局", "乡村振兴"),
    ("闲置|低效|腾笼换鸟|土地利用|土地指标|土地规模、指标", "自然资源局", "产业发展"),
    ("多层厂房|智改数转|技改|传统产业|产业集群|集群规模|新兴产业|产业项目", "工信局", "产业发展"),
    ("高校|科研院所|科技成果|科技创新", "科学技术局", "产业发展"),
    ("京津|康养|养老", "发改局", "协同发展"),
    ("教育资源|教育领域", "教育局", "协同发展"),
    ("地热", "发改局", "协同发展"),
    ("包联|政企同心谈|政企早餐会|企业家|帮扶企业", "工信局", "营商环境"),
    ("码上督|即时联|现时办|营商环境|二十五条|25条", "数据和政务服务局", "营商环境"),
    ("放管服|审批", "行政审批局", "营商环境"),
]


@dataclass
class Candidate:
    text: str
    unit: Unit | None
    unit_name: str
    area: str
    section: str


def _clauses(sentence: str) -> list[str]:
    """A long sentence that lists several actions ("一方面…另一方面…", "；") becomes several clauses."""
    parts = re.split(
        r"；|一方面，|另一方面，|同时，|此外，|下一步，|，(?=(?:继续|深入|持续|扎实|切实|认真|进一步)[\u4e00-\u9fa5])",
        sentence,
    )
    return [p.strip(" ，,。") for p in parts if len(p.strip(" ，,。")) >= 6]


def propose(text: str) -> list[Candidate]:
    units = {u.short_name or u.name: u for u in Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True)}
    candidates: list[Candidate] = []
    section = ""
    for line in text.splitlines():
        line = line.strip()
        heading = SECTION.match(line)
        if heading:
            section = heading.group(1)
            continue
        for sentence in re.split(r"(?<=[。！？])", line):
            for clause in _clauses(sentence):
                if not ACTION.search(clause) or REFLECTION.search(clause):
                    continue
                name, area = _unit_for(clause)
                candidates.append(Candidate(clause, units.get(name), name, area, section))
    return candidates


def _unit_for(clause: str) -> tuple[str, str]:
    for pattern, unit, area in UNITS:
        if re.search(pattern, clause):
            return unit, area
    return "", ""
