"""The routing page says what each model was trained on, and its cross-validated accuracy is measured on
texts unlike the training ones, so a model trained on templates does not show a believable 1.0."""

from __future__ import annotations

import io
import json
import random
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from mashangdu.appeals.models import Category, Status
from mashangdu.routing import classifier
from mashangdu.routing.models import ModelVersion
from mashangdu.routing.training import retrain_from_history
from mashangdu.testing import Org, People, make_appeal

# ../shared next to the checkout (or to the directory holding the worktrees)
SHARED = next(
    (
        p / "shared" / "data" / "teddy2020c"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "data").is_dir()
    ),
    Path("/nonexistent"),
)
TOWNSHIPS = ["城关镇", "河东镇", "经济开发区", "泉塘乡", "北关镇"]
VILLAGES = ["张庄村", "李家营村", "西河村", "东营村"]
# One template per label, as the demo history is written: only the places change.
TEMPLATES = {
    "roads": "{t}{v}村口主路多处坑洼，雨后积水严重，电动车经常滑倒，请尽快修补。",
    "wages": "我在{t}某工地干了三个月木工活，包工头拖欠工资两万三千元，一直不给。",
    "noise": "{t}城东工地每天晚上十一点以后还在施工，噪音很大，影响休息。",
    "water": "{t}{v}东边的河沟里有黑色污水流入，气味很大，怀疑是附近养殖场排放。",
}
# Different people's own words for the same labels.
OWN_WORDS = {
    "roads": ["道路塌陷无人修", "路面坑洼大车难行", "井盖丢失很危险", "人行道砖松动绊倒老人", "桥面裂缝越来越大"],
    "wages": ["公司拖欠工资三个月", "农民工工资被克扣", "老板跑路工资没发", "加班费一直不给", "工资条和实发不符"],
    "noise": ["广场舞音响太吵", "夜里工地打桩声音大", "酒吧音乐吵到凌晨", "楼下饭店排风机轰鸣", "货车半夜鸣笛扰民"],
    "water": ["河里漂着死鱼", "工厂往沟里排黑水", "水库边有人倒垃圾", "养殖场粪水流进河道", "小河发臭变绿"],
}


def templated(n: int = 120) -> tuple[list[str], list[str]]:
    rng = random.Random(0)  # noqa: S311 - reproducible test data
    labels = [rng.choice(sorted(TEMPLATES)) for _ in range(n)]
    texts = [TEMPLATES[label].format(t=rng.choice(TOWNSHIPS), v=rng.choice(VILLAGES)) for label in labels]
    return texts, labels


def test_templated_texts_are_one_group_and_their_cross_validation_is_not_flattering() -> None:
    texts, labels = templated()
    groups = classifier.near_duplicate_groups(texts)
    assert len(set(groups)) == len(TEMPLATES)
    assert all(groups[i] == groups[j] for i in range(len(texts)) for j in range(len(texts)) if labels[i] == labels[j])
    metrics = classifier.cross_validate(texts, labels)
    # Ungrouped, every test text has its twin in training: the old figure was 1.0 here.
    assert metrics["cv_grouped"] is True and metrics["n_distinct"] == len(TEMPLATES)
    assert metrics.get("cv_accuracy") is None or metrics["cv_accuracy"] < 0.5


def test_distinct_texts_stay_apart_and_keep_a_real_score() -> None:
    texts = [t for ts in OWN_WORDS.values() for t in ts]
    labels = [label for label, ts in OWN_WORDS.items() for _ in ts]
    assert len(set(classifier.near_duplicate_groups(texts))) == len(texts)
    # The same messages sent twice with a different ending are one text each.
    twice = [t + end for t in texts for end in ("", "！")]
    assert len(set(classifier.near_duplicate_groups(twice))) == len(texts)
    metrics = classifier.cross_validate(twice, [label for label in labels for _ in range(2)])
    assert metrics["n_distinct"] == len(texts) and metrics["cv_folds"] == 5


def _page(people: People) -> str:
    client = Client()
    client.force_login(people.alice)
    response = client.get("/routing/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_routing_page_says_a_demo_model_learnt_from_templates(people: People) -> None:
    texts, labels = templated()
    classifier.train(texts, labels, source="办结诉求（120 条）", source_kind=ModelVersion.SourceKind.DEMO)
    html = _page(people)
    assert '<span class="badge text-bg-warning">演示数据（模板生成）</span>：办结诉求（120 条）' in html
    assert "演示 演示" not in html and ">演示</span>" not in html  # the label says 演示 once
    # The grouped figure of templated data is no figure: 不适用, with the reason, in its place.
    assert '<span data-testid="cv-na">不适用</span>' in html
    assert "演示数据由模板生成，交叉验证不代表模型在真实诉求上的表现" in html
    # No accuracy / macro-F1 pair is printed for it (the cell holds 不适用 and the reason only).
    table = html.split('data-testid="model-versions"')[1]
    assert not re.search(r">\s*[\d.—]+ / [\d.—]+", table)
    version = ModelVersion.objects.get()
    assert f'<td class="text-end">{len(TEMPLATES)}</td>' in html  # distinct texts
    assert version.metrics["n_distinct"] == len(TEMPLATES) and version.n_train == 120


def test_templated_history_is_flagged_even_when_not_marked_as_demo(people: People) -> None:
    texts, labels = templated()
    classifier.train(texts, labels, source="办结诉求（120 条）")
    html = _page(people)
    assert "120 条中只有 4 种不同文本（模板或重复），交叉验证不代表真实表现" in html and "不适用" in html


def test_fewer_distinct_texts_than_five_per_category_is_not_applicable(people: People, tmp_path: Path) -> None:
    # 4 categories, 3 distinct texts each (each sent a few times): distinct share is fine, per category not.
    rows = [f"{label}\t{t}{end}" for label, ts in OWN_WORDS.items() for t in ts[:3] for end in ("", "！")]
    path = tmp_path / "small.txt"
    path.write_text("\n".join(rows), encoding="utf-8")
    call_command("routing", "train", "--file", str(path), stdout=io.StringIO())
    version = ModelVersion.objects.get()
    assert version.metrics["n_distinct"] == 12 and len(version.labels) == 4
    assert version.cv_not_applicable == "4 个分类只有 12 种不同文本（不足每类 5 种），分组交叉验证没有意义"
    html = _page(people)
    assert '<span data-testid="cv-na">不适用</span>' in html and "分组交叉验证没有意义" in html


def test_a_file_trained_model_names_its_file_and_no_caveat_for_distinct_texts(people: People, tmp_path: Path) -> None:
    path = tmp_path / "labelled-2026.txt"
    path.write_text("\n".join(f"{label}\t{t}" for label, ts in OWN_WORDS.items() for t in ts), encoding="utf-8")
    call_command("routing", "train", "--file", str(path), stdout=io.StringIO())
    html = _page(people)
    assert "导入文件：labelled-2026.txt" in html and str(tmp_path) not in html
    assert 'data-testid="cv-caveat"' not in html


def test_an_old_version_without_grouped_metrics_is_marked_as_optimistic(people: People) -> None:
    ModelVersion.objects.create(
        source="办结诉求（5000 条）", n_train=5000, labels=["a", "b"], metrics={"cv_accuracy": 1.0}, blob=b""
    )
    html = _page(people)
    assert "来源未注明" in html and "相似文本可能同时出现在训练和检验中，此数字偏高" in html


def test_retraining_from_the_history_records_whether_it_is_the_demos(org: Org) -> None:
    texts, labels = templated(40)
    categories = {code: Category.objects.create(name=code, code=code) for code in TEMPLATES}
    for text, label in zip(texts, labels, strict=True):
        make_appeal(Status.CLOSED, unit=org.zjj, title=text[:10], content=text, category=categories[label])
    demo = retrain_from_history(demo=True)
    assert (demo.source_kind, demo.get_source_kind_display()) == ("demo", "演示数据（模板生成）")
    assert demo.n_train == 40 and demo.metrics["n_distinct"] == len(TEMPLATES) and demo.cv_caveat
    assert retrain_from_history().source_kind == "history"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/teddy2020c is not here (real data is read in place)")
def test_on_real_messages_the_grouped_figure_stays_close_to_the_plain_one(db: None) -> None:
    """Real messages are mostly distinct: grouping costs little (docs/benchmarks.md: 0.891 against 0.908)."""
    out = io.StringIO()
    call_command("routing", "train", "--file", str(SHARED / "messages_labelled_sample.xlsx"), stdout=out)
    version = ModelVersion.objects.get(is_current=True)
    assert version.metrics["n_distinct"] > 0.9 * version.n_train
    assert version.metrics["cv_accuracy"] > 0.7 and version.cv_caveat == ""
    assert "distinct texts" in out.getvalue()
    json.dumps(version.metrics)
