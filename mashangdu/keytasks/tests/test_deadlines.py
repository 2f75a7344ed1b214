"""The deadline of a proposed measure read from its words (issue 12): "6月底前" is 30 June of the
speech's year, not the default 31 December; vague or absent deadlines are the year's end, marked."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from mashangdu.keytasks.deadlines import DEFAULT, TEXT, due_in, speech_year

# Frozen: 1 December 2026 (the relative phrases count from here; the speech year is 2026).
NOW = "2026-12-01 10:00 +0800"

PHRASINGS = [
    ("县住建局要在6月底前完成老旧小区改造方案", "2026-06-30"),
    ("9月底前全部建成投用", "2026-09-30"),
    ("年内完成12家企业超低排放改造", "2026-12-31"),
    ("确保一季度重点项目开工不少于20个", "2026-03-31"),
    ("第二季度完成全部排查", "2026-06-30"),
    ("前三季度完成投资的80%", "2026-09-30"),
    ("上半年新谋划储备项目不少于60个", "2026-06-30"),
    ("下半年开展第二轮督查", "2026-12-31"),
    ("11月中旬完成秋冬季造林", "2026-11-20"),
    ("3月上旬印发实施方案", "2026-03-10"),
    ("10月下旬组织验收", "2026-10-31"),
    ("2027年3月底前实现全覆盖", "2027-03-31"),
    ("到2028年，全县森林覆盖率达到35%", "2028-12-31"),
    ("2027年底前完成改造", "2027-12-31"),
    ("明年6月底前建成投用", "2027-06-30"),
    ("力争明年全部完工", "2027-12-31"),
    ("春节前结清农民工工资", "2027-02-05"),  # the next 春节 after 1 Dec 2026 is 6 Feb 2027
    ("汛期前完成病险水库除险加固", "2027-05-31"),  # the next flood season starts 1 June 2027
    ("主汛期前完成河道清淤", "2027-07-20"),
    ("元旦前完成供热管网检修", "2026-12-31"),
    ("国庆节前完成景区提升", "2027-09-30"),
    ("6月30日前完成评估", "2026-06-30"),
    ("八月十五日前上报方案", "2026-08-15"),
    ("六月底前完成", "2026-06-30"),
    ("十二月底前全部销号", "2026-12-31"),
    ("7月份完成主体工程", "2026-07-31"),
    ("6月前完成方案编制", "2026-05-31"),  # before June
    ("3个月内完成整改", "2027-03-01"),
    ("30天内完成整改", "2026-12-31"),
    ("两周内上报整改方案", "2026-12-15"),
    ("6月底前印发方案，年底前全部完成", "2026-12-31"),  # the latest: the work, not the plan
    ("全年新增城镇就业3500人", "2026-12-31"),
    ("今年完成30个村的治理", "2026-12-31"),
    ("比2025年增长10%，3月底前完成", "2026-03-31"),  # a year compared with is not a deadline
]
DEFAULTS = [
    "加快推进闲置低效土地盘活",
    "县级河长每季度巡河不少于1次",
    "每月至少巡河两次",
    "尽快完成整改",
    "逐步提高农村供水保障水平",
    "长期坚持，久久为功",
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("clause", "expected"), PHRASINGS)
def test_a_deadline_in_the_words_is_the_due_date(clause: str, expected: str) -> None:
    due = due_in(clause, 2026, timezone.localdate())
    assert (due.date.isoformat(), due.source) == (expected, TEXT), due.phrase


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("clause", DEFAULTS)
def test_a_vague_or_absent_deadline_is_the_year_end_marked_default(clause: str) -> None:
    assert due_in(clause, 2026, timezone.localdate()) == due_in("", 2026, timezone.localdate())
    due = due_in(clause, 2027, timezone.localdate())
    assert (due.date, due.source) == (dt.date(2027, 12, 31), DEFAULT)


@time_machine.travel(NOW, tick=False)
def test_phrases_are_read_in_the_speech_year() -> None:
    today = timezone.localdate()
    assert due_in("6月底前完成", 2027, today).date == dt.date(2027, 6, 30)
    assert due_in("一季度完成", 2025, today).date == dt.date(2025, 3, 31)
    # a speech of another year counts its events from 1 January of that year
    assert due_in("春节前结清", 2028, today).date == dt.date(2028, 1, 25)
    assert due_in("2027年3月底前完成", 2025, today).date == dt.date(2027, 3, 31)  # the clause's own year


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("在2027年全县项目建设推进会上的讲话\n同志们，……", 2027),
        ("2027年全县生态环境保护工作会议\n县长 张某\n同志们：今年要……。", 2027),
        ("同志们，2027年是“十五五”规划的关键之年。全年要新开工项目40个。", 2027),
        ("同志们，今年是攻坚年。比2025年增长8%。", 2026),
        ("在全县安全生产工作会议上的讲话\n同志们：到2030年……", 2026),
    ],
)
def test_the_speech_year_is_the_one_it_states(text: str, year: int) -> None:
    assert speech_year(text, 2026) == year
