"""Ranking on hand-written texts that could go wrong: the relevant result first, an unrelated one (even one
sharing a field word or the generic vocabulary) not suggested, and empty or hostile queries."""

from __future__ import annotations

import time

import pytest

from mashangdu.techmatch.matching import Index, pairs, shared_terms

RESULTS = [
    (
        1,
        "高镍三元锂电池正极材料包覆改性技术 新能源材料 原子层沉积在正极颗粒表面包覆氧化铝，提高锂电池循环寿命。",
    ),
    (2, "玉米秸秆生物质颗粒燃料成型技术 农业废弃物利用 秸秆粉碎、压缩成型，热值高，适合乡镇供暖锅炉。"),
    (3, "基于机器视觉的铸件表面缺陷检测系统 智能制造 工业相机与深度学习识别铸件气孔、裂纹，准确率 98%。"),
    (4, "食用菌菌渣制备生物有机肥技术 农业废弃物利用 菌渣发酵腐熟，制成生物有机肥，改良土壤。"),
    (5, "高性能混凝土聚羧酸减水剂合成技术 建筑材料 减水率高，坍落度保持好，适用于商品混凝土。"),
    (6, "企业技术创新管理咨询 科技服务 帮助企业提高研发效率，开展技术合作与成果转化。"),
]
NEEDS = [
    (10, "锂电池正极材料循环寿命短 新能源 我公司生产三元锂电池，正极材料循环 500 次后容量衰减明显，希望改进包覆工艺。"),
    (11, "铸造件人工质检效率低 智能制造 铸件表面气孔、裂纹靠人工目检，漏检多，需要自动检测设备。"),
    (12, "养老院护理排班管理软件 信息技术 需要一套养老院床位与护理排班管理系统。"),
    (13, "菌棒废料处理 农业 香菇菌渣堆积污染环境，希望制成有机肥。"),
]


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(NEEDS, RESULTS)


def ranked(index: Index, need: int) -> list[int]:
    return [m.pk for m in index.results_for(dict(NEEDS)[need])]


def test_the_relevant_result_comes_first_with_the_shared_terms_as_the_reason(index: Index) -> None:
    matches = index.results_for(dict(NEEDS)[10])
    assert matches[0].pk == 1
    assert "三元锂电池" in matches[0].terms and "循环寿命" in matches[0].terms
    assert ranked(index, 11)[0] == 3
    assert ranked(index, 13)[0] == 4


def test_an_unrelated_result_is_not_suggested(index: Index) -> None:
    # the concrete admixture shares "材料" with the battery need; the straw fuel shares "农业废弃物" only with
    # the results, not with the mushroom need's words; the consulting service shares only generic words
    assert 5 not in ranked(index, 10) and 6 not in ranked(index, 10)
    assert 2 not in ranked(index, 13)
    assert ranked(index, 12) == []  # nothing in the library is about elderly care software


def test_a_generic_text_suggests_nothing(index: Index) -> None:
    assert index.results_for("企业需要提高技术研发效率，希望开展技术合作。") == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "！！！？？……",
        "的的的的的的",
        "<script>alert('锂')</script>",
        "' OR 1=1 --",
        "\x00\u202e",
        "锂" * 100_000,
    ],
)
def test_empty_and_hostile_queries_suggest_nothing_and_stay_fast(index: Index, query: str) -> None:
    started = time.perf_counter()
    assert index.results_for(query) == []
    assert time.perf_counter() - started < 1


def test_the_needs_a_result_could_serve(index: Index) -> None:
    assert [m.pk for m in index.needs_for(dict(RESULTS)[3])] == [11]
    assert [m.pk for m in index.needs_for(dict(RESULTS)[3], allowed={10, 12})] == []


def test_an_empty_library_suggests_nothing() -> None:
    assert Index([], []).results_for("锂电池") == []
    assert Index([(1, "锂电池")], []).results_for("锂电池") == []


def test_shared_terms_join_overlapping_pairs_and_skip_generic_ones() -> None:
    assert shared_terms("锂电池正极材料技术", "正极材料与锂电池的技术") == ["正极材料", "锂电池"]
    assert "技术" not in pairs("技术研发")
    assert shared_terms("", "锂电池") == []
