"""`routing train` and `routing evaluate`: files of every kind, bad input named, unknown labels reported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from mashangdu.routing import classifier
from mashangdu.routing.models import ModelVersion

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "teddy2020c"
ROWS = {
    "城乡建设": [
        "小区门口道路塌陷无人修",
        "路灯坏了晚上很黑",
        "井盖丢失存在安全隐患",
        "老旧小区改造进度太慢",
        "违章建筑占用消防通道",
    ],
    "劳动和社会保障": [
        "公司拖欠工资三个月",
        "社保缴费基数有问题",
        "工伤认定迟迟不办",
        "农民工工资被克扣",
        "养老保险转移接续困难",
    ],
    "教育文体": ["孩子入学报名遇到困难", "学校乱收补课费", "幼儿园学位不足", "教师体罚学生", "校车安全存在隐患"],
}


def tsv(tmp_path: Path, rows: dict[str, list[str]], name: str = "train.txt") -> Path:
    path = tmp_path / name
    lines = [
        f"{label}\t{text}{suffix}"
        for label, texts in rows.items()
        for text in texts
        for suffix in ("", "，请尽快处理", "。")
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("routing", *args, stdout=out)
    return out.getvalue()


def test_train_then_evaluate_with_json_and_an_unknown_label(db: None, tmp_path: Path) -> None:
    assert "is now current" in run("train", "--file", str(tsv(tmp_path, ROWS)))
    version = ModelVersion.objects.get(is_current=True)
    assert (version.n_train, version.labels) == (45, sorted(ROWS))
    test = dict(ROWS)
    test["卫生计生"] = ["医院乱收费", "疫苗接种预约不上"]
    result = json.loads(run("evaluate", "--file", str(tsv(tmp_path, test, "test.txt")), "--json"))
    assert {"n", "accuracy", "macro_f1", "per_label"} <= set(result)
    assert result["n"] == 45 and result["unknown_labels"] == {"卫生计生": 6}
    assert result["accuracy"] > 0.9 and set(result["per_label"]) == set(ROWS)
    text = run("evaluate", "--file", str(tsv(tmp_path, test, "test.txt")))
    assert "labels unknown to the model, left out: 卫生计生（6）" in text and "confusion matrix" in text


def test_a_second_training_replaces_the_current_model(db: None, tmp_path: Path) -> None:
    run("train", "--file", str(tsv(tmp_path, ROWS)))
    run("train", "--file", str(tsv(tmp_path, ROWS)))
    assert ModelVersion.objects.count() == 2 and ModelVersion.objects.filter(is_current=True).count() == 1
    loaded = classifier.current()
    assert loaded is not None
    top = classifier.suggest(loaded[1], "工资拖欠了半年", k=3)
    assert top[0].label == "劳动和社会保障" and abs(sum(s.confidence for s in top) - 1) < 1e-6


def test_xlsx_and_csv_with_named_columns(db: None, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["编号", "留言主题", "留言详情", "一级分类"])
    pairs = [(label, text) for label, texts in ROWS.items() for text in texts * 2]
    for i, (label, text) in enumerate(pairs):
        sheet.append([i, text[:4], text, label])
    book.save(tmp_path / "m.xlsx")
    assert "trained on 30 texts" in run("train", "--file", str(tmp_path / "m.xlsx"))
    (tmp_path / "m.csv").write_text(
        "类别,正文\n" + "\n".join(f"{label},{text}" for label, ts in ROWS.items() for text in ts * 2), encoding="utf-8"
    )
    assert "trained on 30 texts" in run(
        "train", "--file", str(tmp_path / "m.csv"), "--text-col", "正文", "--label-col", "类别"
    )


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", (), "文件是空的"),
        (b"label,text\n", (), "没有可用的数据行"),
        ("类别,正文\n城乡建设,路灯坏了\n".encode(), (), "找不到标签列"),
        ("类别,正文\n城乡建设,路灯坏了\n".encode(), ("--text-col", "内容", "--label-col", "类别"), "没有“内容”列"),
        ("城乡建设\t路灯坏了\n".encode("gbk"), (), "不是 UTF-8 编码"),
        ("城乡建设\t路灯坏了\n城乡建设\t井盖丢了\n城乡建设\t道路塌陷\n".encode(), (), "只有一个标签（城乡建设）"),
        ("城乡建设 路灯坏了\n".encode(), (), "第 1 行没有制表符"),
        ("\t路灯坏了\n".encode(), (), "第 1 行缺少标签"),
    ],
)
def test_bad_files_are_named(db: None, tmp_path: Path, content: bytes, args: tuple[str, ...], message: str) -> None:
    suffix = ".csv" if content.startswith((b"label", "类别".encode())) else ".txt"
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("train", "--file", str(path), *args)
    assert not ModelVersion.objects.exists()


def test_huge_files_and_unknown_types_are_refused(db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mashangdu.routing import files

    monkeypatch.setattr(files, "MAX_BYTES", 10)
    path = tsv(tmp_path, ROWS)
    with pytest.raises(CommandError, match="文件过大"):
        run("train", "--file", str(path))
    (tmp_path / "m.docx").write_bytes(b"x")
    with pytest.raises(CommandError, match=r"不支持的文件类型 \.docx"):
        run("evaluate", "--file", str(tmp_path / "m.docx"))


def test_evaluate_needs_a_model(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="还没有训练好的模型"):
        run("evaluate", "--file", str(tsv(tmp_path, ROWS)))


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/teddy2020c is not here (real data is read in place)")
def test_on_the_real_messages(db: None) -> None:
    """Trained on the 495-message sample file, evaluated on the other file's messages: a sanity check of
    the whole path on real text; the cross-validated figures are bench/routing.py's."""
    run("train", "--file", str(SHARED / "messages_labelled_sample.xlsx"))
    result = json.loads(run("evaluate", "--file", str(SHARED / "messages_labelled_val.txt"), "--json"))
    assert result["n"] == 1842 and result["n_unknown"] == 0
    assert result["macro_f1"] > 0.75
