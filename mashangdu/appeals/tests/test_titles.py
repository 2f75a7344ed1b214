"""Titles made from a requester's text end at a clause, never in the middle of a word."""

from __future__ import annotations

import pytest

from mashangdu.appeals.titles import title_from_text
from mashangdu.intake.models import TargetKind
from mashangdu.intake.services.submissions import public_submit
from mashangdu.intake.tests.conftest import make_code
from mashangdu.testing import Org

CASES = [
    # (text, expected title after "求助：")
    ("路灯坏了。", "路灯坏了。"),
    ("路灯坏了，", "路灯坏了"),
    ("  小区门口\n积水  ", "小区门口 积水"),
    # The first sentence fits: it is the title.
    (
        "请问企业申请高新技术企业认定需要哪些材料？另外研发费用加计扣除怎么办理？",
        "请问企业申请高新技术企业认定需要哪些材料？",
    ),
    # No sentence fits: cut after the last clause within the limit.
    (
        "我公司位于经济开发区工业园三号路，厂区门口的路灯已经连续两周不亮，夜间员工下班很不安全，请尽快维修。",
        "我公司位于经济开发区工业园三号路…",
    ),
    (
        "您好，我想反映一下我们小区物业乱收费的问题，物业公司今年把停车费从每月100元涨到300元，业主们意见很大。",
        "您好，我想反映一下我们小区物业乱收费的问题…",
    ),
    (
        "河东镇建设路与文化街交叉口东侧、农贸市场北门、幼儿园西侧三处路灯不亮",
        "河东镇建设路与文化街交叉口东侧、农贸市场北门…",
    ),
    # No punctuation at all: whole words only, a plate number kept whole.
    (
        "县城东关大街与人民路交叉口附近的下水道井盖丢失存在严重安全隐患希望有关部门尽快处理谢谢",
        "县城东关大街与人民路交叉口附近的下水道井盖丢失存在严重…",
    ),
    ("车牌号冀A12345B的渣土车每天夜里在河东镇建设路上抛洒泥土", "车牌号冀A12345B的渣土车每天夜里在河东镇建设路上抛洒…"),
    ("渣土车夜间沿路抛洒泥土车牌号为冀A12345B和冀A67890C请查处", "渣土车夜间沿路抛洒泥土车牌号为冀A12345B和冀…"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_title_ends_at_a_clause_or_a_whole_word(text: str, expected: str) -> None:
    title = title_from_text(text, subject="求助")
    assert title == f"求助：{expected}"
    assert len(title.removeprefix("求助：").rstrip("…")) <= 30


def test_a_title_without_text_is_the_subject_and_without_subject_the_text() -> None:
    assert title_from_text("", subject="咨询") == "咨询"
    assert title_from_text("   ", subject="咨询") == "咨询"
    assert title_from_text("路灯坏了。") == "路灯坏了。"


def test_a_public_submission_is_titled_at_a_clause(org: Org) -> None:
    outcome = public_submit(
        key="title-at-a-clause",
        ip="10.1.1.1",
        qr=make_code(TargetKind.COUNTY),
        public_kind="problem",
        content=CASES[4][0],
        requester_phone="13912345678",
        consent=True,
    )
    assert outcome.appeal.title.endswith("：我公司位于经济开发区工业园三号路…")
