"""From a speech or minutes to candidate measures (措施): the clauses that commit to an action, each with
a suggested lead unit and area. The supervisor edits, drops and confirms them.

How (docs/decisions/0012-key-tasks.md, addendum):
1. Segmentation: paragraphs; section headings (一、…) and titles are context, not candidates; list items
   (一是, （一）, 1., 第一，) are split apart, and an item's short lead sentence ("（一）打好蓝天保卫战。")
   is its heading; sentences end at 。！？, clauses at ；： and where a new action starts (同时，…).
2. Measure or not: a score from general features. For: a commitment (要/将/必须/确保…), an action verb
   with an object, a number with a measure word, a deadline or cycle, a unit as the subject. Against:
   meeting formalities (同志们, 今天召开, 刚才), reviews of the past (了, 去年, in a review paragraph),
   reflections and problem statements, definitions (X是Y), exhortations about attitudes (意识, 站位,
   氛围) with nothing countable.
3. Lead unit: a unit named in the clause (full name, short name or an abbreviation derived from the unit
   tree, see unit_names.py) wins — the one that 牵头/负责, else the subject, never one that only 配合/
   会同; "各乡镇/各部门" as the subject means no single unit; a clause that names none takes its
   sentence's subject; only then the keyword table suggests one. The area comes from the same table,
   on the clause, else its item heading, else its section heading.
4. Due date: the deadline the clause states, in the speech's year (deadlines.py); none → the year's end,
   marked as a default.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from mashangdu.core.models import Unit
from mashangdu.keytasks.deadlines import DEFAULT, due_in, speech_year
from mashangdu.keytasks.unit_names import Mention, UnitNames

# Keyword table: domain vocabulary → the unit that usually leads such work (names tried in order and
# resolved against the unit tree, so 生态环境局 finds 沧河生态环境分局) and the area. The row whose
# keywords cover most of the clause wins; ties go to the earlier (more specific) row.
KEYWORDS: list[tuple[str, tuple[str, ...], str]] = [
    # safety production
    ("消防|火灾|九小场所", ("消防救援大队", "消防救援局"), "安全生产"),
    (
        "安全生产|危险化学品|危化品|非煤矿山|治本攻坚|隐患排查|重大隐患|明查暗访|应急救援|应急预案|防汛|防灾减灾",
        ("应急管理局",),
        "安全生产",
    ),
    ("建筑施工|施工安全|起重机械|深基坑|高处坠落|自建房", ("住建局",), "安全生产"),
    ("燃气|管道更新", ("住建局", "城管局"), "安全生产"),
    ("道路运输|交通安全|隐患路段|超限超载", ("交通运输局",), "安全生产"),
    ("食品安全|药品安全|特种设备", ("市场监管局",), "安全生产"),
    # ecology and environment
    ("河长|河湖长|巡河|入河排污口|河道|水土保持|地下水超采|节水", ("水利局",), "生态环境"),
    ("造林|绿化|森林|林长|湿地|草原|古树", ("林业局", "自然资源局"), "生态环境"),
    ("扬尘|抑尘|六个百分之百", ("住建局",), "生态环境"),
    ("畜禽养殖|粪污|化肥|农药|面源污染|测土配方|秸秆综合利用|农膜", ("农业农村局",), "生态环境"),
    ("污水处理厂|污水管网|雨污分流|城镇污水|垃圾处理|垃圾分类", ("住建局",), "生态环境"),
    ("农村生活污水|排水边沟", ("农业农村局", "生态环境局"), "生态环境"),
    (
        "大气|PM2.5|PM10|臭氧|空气质量|优良天数|重污染|超低排放|治企|清煤|控车|禁烧|柴油货车|晋A升B|环保绩效|"
        "绩效等级|散乱污|污染|环保|排污|减排|碳排放|生态环境|黑臭水体|断面|水质|土壤|危险废物|固废|执法检查",
        ("生态环境局", "环保局"),
        "生态环境",
    ),
    # business environment
    (
        "营商环境|码上督|即时联|现时办|政务服务|一网通办|一件事|一次办|跑一次|12345|诉求",
        ("数据和政务服务局", "政务服务局", "营商环境服务中心", "行政审批局"),
        "营商环境",
    ),
    ("放管服|审批|拿地即开工|告知承诺|证照|帮办代办", ("行政审批局",), "营商环境"),
    ("包联|政企|企业家|帮扶企业|惠企|涉企|助企|纾困|民营经济|中小企业", ("工信局",), "营商环境"),
    ("市场主体|信用|双随机|反垄断|价格监管", ("市场监管局",), "营商环境"),
    ("稳经济|一揽子政策", ("发改局",), "营商环境"),
    # projects and industry
    (
        "重点项目|项目储备|储备项目|项目库|前期工作|开工|竣工|投产|专项债|中央预算内|固定资产投资|项目建设|挂图作战",
        ("发改局",),
        "项目建设",
    ),
    ("招商|新签约|签约项目|项目签约|外资|外贸|进出口|商贸|消费|电商|物流", ("商务局",), "项目建设"),
    (
        "用地|建设用地|土地指标|闲置|低效|批而未供|腾笼换鸟|土地利用|国土空间|标准地|交地即交证|增减挂钩",
        ("自然资源局",),
        "产业发展",
    ),
    ("标准化厂房|产业园区|园区基础设施", ("经济开发区", "开发区"), "产业发展"),
    (
        "技改|智改数转|数字化转型|规上|工业|制造业|专精特新|产业集群|集群规模|传统产业|新兴产业|产业项目|多层厂房|"
        "产业链|链主",
        ("工信局",),
        "产业发展",
    ),
    ("高校|科研院所|科技成果|科技创新|高新技术企业|研发|创新平台", ("科学技术局", "科技局"), "产业发展"),
    ("京津|协同发展|产业转移|康养|地热|育种", ("发改局",), "协同发展"),
    # agriculture and rural revitalisation
    (
        "粮食|高标准农田|耕地|播种|种植|设施蔬菜|设施农业|中药材|特色产业|龙头企业|合作社|家庭农场|一村一品|村集体|"
        "集体经济|规模化经营|农业|农产品|畜牧|养殖|和美乡村|美丽乡村|人居环境|户厕|改厕|厕所|村容村貌",
        ("农业农村局",),
        "乡村振兴",
    ),
    ("返贫|脱贫|乡村振兴|驻村", ("乡村振兴局", "农业农村局"), "乡村振兴"),
    ("农村公路|四好农村路|危桥|公路|客运", ("交通运输局",), "乡村振兴"),
    ("饮水|供水|自来水|水库|灌溉|水利", ("水利局",), "乡村振兴"),
    ("乡村旅游|旅游|文旅|历史文化|文物|景区|游园", ("文旅局",), "乡村振兴"),
    # education, health, social services
    ("学校|中小学|幼儿园|学位|教育|双减|课后服务|教师|学生", ("教育局",), "社会民生"),
    ("医共体|医院|卫生院|家庭医生|医疗|胸痛中心|卒中中心|疾控|健康", ("卫健局", "卫生健康局"), "社会民生"),
    ("医保|参保|医疗保障", ("医保局", "医疗保障局"), "社会民生"),
    ("低保|特困|救助|养老|移风易俗|殡葬|婚俗|彩礼|留守儿童|残疾人", ("民政局",), "社会民生"),
    ("就业|招聘|用工|职业技能|技能培训|社保|养老保险|欠薪|农民工|创业", ("人社局",), "社会民生"),
    ("保障性住房|棚户区|老旧小区|物业|住房", ("住建局",), "社会民生"),
    ("文化服务|送戏|文化活动|图书馆|文艺", ("文旅局",), "社会民生"),
    ("民生实事|民生", ("",), "社会民生"),
]
_KEYWORDS = [(re.compile(pattern), units, area) for pattern, units, area in KEYWORDS]

SECTION = re.compile(r"^[一二三四五六七八九十]+、\s*(.+)$")
LIST_MARKER = re.compile(
    r"(?:^|(?<=[。；！？：]))\s*"
    r"(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,2}[是要](?=[\u4e00-\u9fff])"
    r"|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十]{1,2}[，、,]|(?:首先|其次|再次|最后)，)"
)
CLAUSE = re.compile(
    r"[；;：:]|(?:^|，)(?:一方面|另一方面|同时|此外|下一步)，|(?<=基础上)，"
    r"|，(?=(?:继续|深入|持续|扎实|切实|认真|进一步|正在|已经|已)[\u4e00-\u9fff])"
)
# A clause that only sets the topic ("水污染治理上", "在提升科技创新能力方面") belongs to the next one.
TOPIC_ONLY = re.compile(r"(?:上|方面|中|里)$")

# For a measure.
MODAL = re.compile(r"(?<![主重需只紧必纲首想])要(?![素点害求])|将(?!军)|必须|务必|确保|力争|争取")
ROLE = re.compile(r"负责|牵头")
# Adverbs of intent (加快推进, 持续开展) and the ongoing aspect (正在整治) also commit, more weakly.
INTENT = re.compile(
    r"加快|持续|深入|大力|积极|全力|扎实|进一步|稳步|全面|严格|切实|着力|继续|坚决|认真|努力|尽快|逐步|有序|正在"
)
ACTION = re.compile(
    r"(?:加快|推进|推动|推行|实施|开展|打造|建设|建立|健全|完善|落实|深化|强化|加强|做好|抓好|提升|提高|扩大|"
    r"整治|治理|培育|壮大|引进|承接|对接|搭建|盘活|消除|减排|修复|改善|优化|支持|引导|举办|组织|用好|压实|压减|"
    r"压缩|严格|发展|谋划|拓展|保持|清零|整合|挖掘|完成|新建|改建|扩建|改造|创建|建成|制定|出台|印发|设立|开设|"
    r"纳入|淘汰|关停|取缔|新增|争取|实现|达到|控制在|稳定在|保障|排查|检查|监管|查处|巡河|发放|拨付|覆盖|新改建|"
    r"投入|招商|签约|开工|竣工|验收|培训|救助|走访|调度|通报|答复|回访|测评|宣传|曝光|聚焦|采取|参与|对标)"
    r"(?=[\u4e00-\u9fffA-Za-z0-9“《])"
)
QUANTITY = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|个|家|亩|公里|千米|米|平方米|万|亿|元|人|户|所|座|次|场|处|条|项|吨|天|批|台|辆|套|件|宗|"
    r"微克|毫克|标准|级|位)"
    r"|[一二三四五六七八九十两百千]+(?:个|家|项|所|座|次|场|批|条)|百分之|全覆盖|清零|一级A"
)
DEADLINE = re.compile(
    r"\d{1,2}月(?:\d{1,2}日)?(?:底|末)?前|年底前|年内|上半年|下半年|[一二三四]季度|今年|本年度|每月|每周|每季度|每年|月底前"
)
# Every township / department as the subject (各乡镇, 县直各部门, 各相关部门, 全县各级各部门, 有关单位).
GROUP_SUBJECT = re.compile(
    r"^(?:全县|县直|县级|市直)?(?:各级)?"
    r"(?:各(?:乡镇|街道|部门|单位|级|地|有关|相关|县直|责任|成员|村)|(?:有关|相关)(?:部门|单位|乡镇))"
)
# Against.
FORMALITY = re.compile(
    r"^同志们|今天.{0,12}(?:召开|开会|会议)|刚才|下面，?我|我讲|我完全同意|借此机会|致以|讲话|发言完毕|会议的主要任务"
)
PAST = re.compile(r"了(?!解)|已经|已与|去年|过去|上年|累计|同比|比上年|一年来|以来|之前")
FUTURE = re.compile(r"今年|年内|明年|下一步|正在")
# An action with nothing concrete to act on (抓好落实, 做好各项工作, 投入工作, 干好本职工作).
EMPTY_OBJECT = re.compile(
    r"(?:抓好|做好|干好|抓|狠抓|投入|投身|做实|干)到?(?:今年的?|全年的?|明年的?|本职|当前|日常|各项|这项|此项|全县|各自|我们的)*"
    r"(?:落实|工作|任务)(?:落实)?(?:中去?|之中|当中|中来|上来)?$|各项工作|各项任务|目标任务|抓好落实"
)
# Taking part rather than doing something (投入到…中去, 投身…之中).
PARTICIPATION = re.compile(r"(?:投入|投身|融入)到?[^，。；]{0,12}(?:中去?|之中|当中|中来)$")
# How to work, not what to do: "以<…的> 热情/精神/干劲/作风/姿态…" (an adverbial of manner). The words
# after it say whether there is a measure at all.
MANNER = re.compile(
    r"(?<![可所予加难得足])以(?![上下内及来前后外往免便])[^，。；：为]{0,20}"
    r"(?:热情|精神|干劲|作风|状态|姿态|劲头|斗志|激情|闯劲|拼劲|韧劲|面貌|勇气|担当|态度|决心|气魄|毅力|"
    r"责任感|使命感|紧迫感)"
)
# Reflections on a visit or a study session: never measures.
STUDY = re.compile(r"感悟|感触|钦佩|启示|体会|受益|观摩|学习了|参观")
REVIEW_OPENING = re.compile(r"^(?:过去一年|去年|回顾|一年来|近年来|这些年|近几年|五年来|今年以来)")
REVIEW_HEADING = re.compile(r"回顾|成绩|过去|去年|一年来|成效")
REFLECTION = re.compile(
    r"实践证明|深刻|体会|感悟|感触|启示|钦佩|只有.{0,40}才|认识到|清醒看到|也要看到|不容忽视|差距|短板|不足|不够|"
    r"不到位|走过场|薄弱|凸显|依然|仍然|仍有|仍时有|还有|存在|面临|受益"
)
EXHORTATION = re.compile(
    r"意识|认识|站位|理念|决心|作风|使命感|责任感|紧迫感|氛围|信心|干劲|这根弦|贡献|答卷|篇章|初心|情怀|定力|韧劲|"
    r"丝毫|精神|态度|底线|红线|生命线|第一责任人|主体责任|党政同责|一把手"
)
DEFINITION = re.compile(r"(?<![一二三四五六七八九十但还就总要凡于])是(?!否|在)")
CLOSING = re.compile(r"^(?:让我们|希望大家|希望各级|同志们)")
THRESHOLD = 3
MAX_MEASURE = 2000  # characters a measure may keep (Task.measures); the title is cut from it


@dataclass
class Candidate:
    text: str
    unit: Unit | None
    area: str
    section: str
    co_units: list[Unit] = field(default_factory=list)
    how: str = ""  # named / inherited / keywords: how the lead was found; group: 各乡镇… as the subject
    due: dt.date | None = None
    due_source: str = DEFAULT  # text: read from the clause; default: the year's end

    @property
    def due_is_default(self) -> bool:
        return self.due_source == DEFAULT

    @property
    def lead_unit(self) -> str:
        return self.unit.name if self.unit else ""

    @property
    def rows(self) -> int:
        """Lines the measure box needs at about 30 characters a line (before the page's script fits it)."""
        return max(2, -(-len(self.text) // 30))


def title_from(measure: str, limit: int = 200) -> str:
    """A task title (at most `limit` characters) from a measure: whole, or cut after a clause."""
    if len(measure) <= limit:
        return measure
    head = measure[:limit]
    cut = max(head.rfind(mark) for mark in "，；：、。")
    return head[:cut] if cut >= limit // 2 else head


@dataclass
class _Context:
    section: str = ""
    heading: str = ""
    review: bool = False


def propose(
    text: str, names: UnitNames | None = None, *, year: int | None = None, today: dt.date | None = None
) -> list[Candidate]:
    """The candidate measures of `text`, in reading order, each with its due date in `year` (default:
    the year the speech states, else today's)."""
    names = names or UnitNames()
    today = today or timezone.localdate()
    year = year or speech_year(text, today.year)
    candidates: list[Candidate] = []
    context = _Context()
    for line in _lines(text):
        heading = SECTION.match(line)
        if heading:
            context = _Context(section=heading.group(1).strip(" 。"), review=bool(REVIEW_HEADING.search(line)))
            continue
        if _is_title(line):
            continue
        review_paragraph = context.review or bool(REVIEW_OPENING.match(line))
        for item in _items(line):
            sentences = _sentences(item)
            context.heading = ""
            if len(sentences) > 1 and _is_item_heading(sentences[0], marked=item is not line):
                context.heading = sentences[0]
                sentences = sentences[1:]
            for sentence in sentences:
                candidates.extend(_sentence_candidates(sentence, names, context, review_paragraph))
    for candidate in candidates:
        due = due_in(candidate.text, year, today)
        candidate.due, candidate.due_source = due.date, due.source
    return candidates


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    return [line.strip() for line in text.split("\n") if line.strip()]


def _is_title(line: str) -> bool:
    return len(line) <= 40 and not re.search(r"[。！？；，]", line)


def _items(line: str) -> list[str]:
    """A paragraph cut at its list markers (the markers removed); the paragraph itself if it has none."""
    cuts = list(LIST_MARKER.finditer(line))
    if not cuts:
        return [line]
    items = [line[: cuts[0].start()]] if line[: cuts[0].start()].strip() else []
    for index, marker in enumerate(cuts):
        end = cuts[index + 1].start() if index + 1 < len(cuts) else len(line)
        items.append(line[marker.end() : end])
    return [item.strip() for item in items if item.strip()]


def _sentences(item: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。！？!?])", item) if s.strip(" 。！？")]


def _is_item_heading(sentence: str, *, marked: bool) -> bool:
    """A list item's short lead sentence ("抓谋划储备。") names the topic of the sentences after it."""
    body = sentence.strip(" 。！？")
    return marked and len(body) <= 20 and "，" not in body and not QUANTITY.search(body)


def _clauses(sentence: str) -> list[str]:
    clauses: list[str] = []
    carry = ""
    for part in CLAUSE.split(sentence):
        part = carry + part.strip(" ，,。！？")
        carry = ""
        if TOPIC_ONLY.search(part) and not ACTION.search(part):
            carry = part + "，"
        elif len(part) >= 6:
            clauses.append(part)
    return clauses + ([carry.rstrip("，")] if len(carry) >= 7 else [])


def _sentence_candidates(sentence: str, names: UnitNames, context: _Context, review: bool) -> list[Candidate]:
    found: list[Candidate] = []
    if CLOSING.search(sentence):
        return found
    subject: tuple[Unit | None, list[Unit], bool] | None = None  # the sentence's subject, for later clauses
    for clause in _clauses(sentence):
        mentions = names.mentions(clause)
        lead, co, group = _lead(clause, mentions)
        if subject is None and (lead is not None or group):
            subject = (lead, co, group)
        if measure_score(clause, review=review, has_subject=subject is not None) < THRESHOLD:
            continue
        area_unit, area = _keywords(clause, names)
        if not area:
            area = _keywords(context.heading, names)[1] or _keywords(context.section, names)[1]
        how = "named"
        if lead is None and not group and subject is not None:
            lead, co, group, how = subject[0], subject[1], subject[2], "inherited"
        elif lead is None and not group:
            lead, how = area_unit, "keywords" if area_unit else ""
        how = how if lead else "group" if group else ""
        found.append(Candidate(clause, lead, area, context.section, co, how))
    return found


def measure_score(clause: str, *, review: bool = False, has_subject: bool = False) -> int:
    """How strongly a clause reads as a commitment to act (THRESHOLD and above: a measure)."""
    if FORMALITY.search(clause) or CLOSING.search(clause):
        return -5
    if STUDY.search(clause):
        return -5
    committed = bool(MODAL.search(clause))
    countable = bool(QUANTITY.search(clause))
    dated = bool(DEADLINE.search(clause))
    manner = MANNER.search(clause)
    if manner:  # how to work says nothing about what: the clause is judged on the rest
        clause = clause[: manner.start()] + clause[manner.end() :]
    if _nothing_concrete(clause):
        return THRESHOLD - 1
    actions = {m.group() for m in ACTION.finditer(clause)}
    score = 2 * (committed or bool(ROLE.search(clause))) + 2 * bool(actions) + (len(actions) >= 2)
    score += bool(INTENT.search(clause)) + 2 * countable + dated + has_subject
    if PAST.search(clause) and not (committed or FUTURE.search(clause)):
        score -= 4
    if review and not (committed or dated):
        score -= 3
    if REFLECTION.search(clause) and not (countable or dated):
        score -= 3
    if EMPTY_OBJECT.search(clause):
        score -= 2
    if DEFINITION.search(clause) and not committed:
        score -= 3
    if EXHORTATION.search(clause) and not countable:
        score -= 3
        if not dated:  # an attitude to take, with nothing to count or date
            score = min(score, THRESHOLD - 1)
    return score


def _nothing_concrete(clause: str) -> bool:
    """Work in general ("做好今年工作", "投入到各项工作中去") and nothing else: no other action, number or date."""
    rest = clause.rstrip(" 。！!")
    empty = EMPTY_OBJECT.search(rest) or PARTICIPATION.search(rest)
    if empty is None:
        return False
    left = rest[: empty.start()] + rest[empty.end() :]
    return not (ACTION.search(left) or QUANTITY.search(left) or DEADLINE.search(left))


def _lead(clause: str, mentions: list[Mention]) -> tuple[Unit | None, list[Unit], bool]:
    """The lead unit named in the clause, its co-units, and whether the subject is a group (各乡镇)."""
    if not mentions:
        return None, [], bool(GROUP_SUBJECT.match(clause))
    helpers: list[Unit] = []
    leads: list[Unit] = []
    subjects: list[Unit] = []
    for mention in mentions:
        before, after = clause[max(0, mention.start - 3) : mention.start], clause[mention.end : mention.end + 4]
        if re.search(r"会同|联合|配合|协助|协同|和|、|及$", before) or re.match(r"[，、]?(?:配合|协助|参与)", after):
            helpers.append(mention.unit)
        elif re.match(r"(?:要|负责|牵头|为牵头|主要负责)", after) or before.endswith("由"):
            (leads if re.search(r"牵头|负责", after + before) else subjects).append(mention.unit)
        elif mention.start <= 2:
            subjects.append(mention.unit)
    lead = next(iter(leads + subjects), None)
    if lead is None and GROUP_SUBJECT.match(clause):
        return None, helpers, True
    co = [u for u in dict.fromkeys(helpers + leads + subjects) if u != lead]
    return lead, co, False


def _keywords(text: str, names: UnitNames) -> tuple[Unit | None, str]:
    """The keyword table's unit and area for `text` (the row whose keywords cover most of it)."""
    best, best_cover = None, (0, 0)
    for pattern, units, area in _KEYWORDS:
        hits = [len(m.group()) for m in pattern.finditer(text)]
        cover = (sum(hits), max(hits, default=0))  # ties: the longer (more specific) keyword
        if cover > best_cover:
            best, best_cover = (units, area), cover
    if best is None:
        return None, ""
    units, area = best
    unit = next((found for name in units if name and (found := names.resolve(name)) is not None), None)
    return unit, area
