"""Labelled text files for training and evaluation: .xlsx, .csv, or .txt/.tsv with label<TAB>text lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from mashangdu.core.exports import read_xlsx_rows

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
LABEL_COLUMNS = ("label", "一级分类", "分类", "category")
TEXT_COLUMNS = ("text", "内容", "诉求内容", "留言详情")
SUBJECT_COLUMN = "留言主题"  # the Teddy files' subject, put in front of the body


class LabelledFileError(ValueError):
    """A file that cannot be used; the message names the problem (and the row where there is one)."""


def read_labelled(
    path: str | Path, *, text_col: str | None = None, label_col: str | None = None
) -> tuple[list[str], list[str]]:
    file = Path(path)
    if not file.is_file():
        raise LabelledFileError(f"找不到文件：{file}")
    size = file.stat().st_size
    if size == 0:
        raise LabelledFileError(f"文件是空的：{file.name}")
    if size > MAX_BYTES:
        raise LabelledFileError(f"文件过大（{size / 1e6:.0f} MB，上限 {MAX_BYTES // 1024 // 1024} MB）：{file.name}")
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(file)
    elif suffix in (".csv", ".txt", ".tsv"):
        raw = file.read_bytes()
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise LabelledFileError(f"文件不是 UTF-8 编码（第 {line} 行附近）：{file.name}；请另存为 UTF-8。") from None
        if suffix == ".csv":
            reader = csv.reader(io.StringIO(content))
            try:
                rows = [list(r) for r in reader]
            except csv.Error:  # a cell over the csv module's 131,072 characters
                raise LabelledFileError(
                    f"{file.name} 第 {reader.line_num} 行：CSV 格式有误（单元格过长或格式不正确）。"
                ) from None
        else:
            return _tab_lines(content, file.name)
    else:
        raise LabelledFileError(f"不支持的文件类型 {suffix or '（无扩展名）'}：请用 .xlsx、.csv、.txt 或 .tsv。")
    return _table(rows, file.name, text_col=text_col, label_col=label_col)


def _xlsx_rows(file: Path) -> list[list[object]]:
    try:
        return read_xlsx_rows(file.read_bytes())
    except ValueError as exc:
        raise LabelledFileError(f"{file.name}：{exc}") from None


def _tab_lines(content: str, name: str) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        if "\t" not in line:
            raise LabelledFileError(f"{name} 第 {number} 行没有制表符：每行应为“标签<TAB>文本”。")
        label, text = line.split("\t", 1)
        _add(texts, labels, text, label, name, number)
    return _checked(texts, labels, name)


def _table(
    rows: list[list[object]], name: str, *, text_col: str | None, label_col: str | None
) -> tuple[list[str], list[str]]:
    if not rows:
        raise LabelledFileError(f"文件是空的：{name}")
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    label_at = _column(header, label_col, LABEL_COLUMNS, "标签", name)
    subject_at = header.index(SUBJECT_COLUMN) if text_col is None and SUBJECT_COLUMN in header else None
    text_at = _column(header, text_col, TEXT_COLUMNS, "文本", name)
    texts: list[str] = []
    labels: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [("" if c is None else str(c)) for c in row] + [""] * len(header)
        text = cells[text_at].strip()
        if subject_at is not None and cells[subject_at].strip():
            text = f"{cells[subject_at].strip()} {text}"
        if not text and not cells[label_at].strip():
            continue
        _add(texts, labels, text, cells[label_at], name, number)
    return _checked(texts, labels, name)


def _column(header: list[str], wanted: str | None, defaults: tuple[str, ...], what: str, name: str) -> int:
    if wanted is not None:
        if wanted not in header:
            raise LabelledFileError(f"{name} 没有“{wanted}”列（现有列：{'、'.join(h for h in header if h)}）。")
        return header.index(wanted)
    for candidate in defaults:
        if candidate in header:
            return header.index(candidate)
    raise LabelledFileError(
        f"{name} 找不到{what}列：请用 --{'label' if what == '标签' else 'text'}-col 指定"
        f"（现有列：{'、'.join(h for h in header if h)}）。"
    )


def _add(texts: list[str], labels: list[str], text: str, label: str, name: str, number: int) -> None:
    text, label = text.strip(), label.strip()
    if not label:
        raise LabelledFileError(f"{name} 第 {number} 行缺少标签。")
    if not text:
        raise LabelledFileError(f"{name} 第 {number} 行缺少文本。")
    if len(texts) >= MAX_ROWS:
        raise LabelledFileError(f"{name} 超过 {MAX_ROWS} 条，请分批。")
    texts.append(text)
    labels.append(label)


def _checked(texts: list[str], labels: list[str], name: str) -> tuple[list[str], list[str]]:
    if not texts:
        raise LabelledFileError(f"文件中没有可用的数据行：{name}")
    return texts, labels


@dataclass
class Message:
    text: str
    time: dt.datetime
    votes: int
    place: str


PLACE = re.compile(r"[A-Z]\d*[市区县镇]|[\u4e00-\u9fa5]{2,6}(?:区|县|镇|乡|街道|社区|村)")


def read_messages(path: str | Path) -> list[Message]:
    """An unlabelled message export (.xlsx with 留言主题, 留言详情, 留言时间 and optionally 点赞数)."""
    file = Path(path)
    if not file.is_file() or file.suffix.lower() != ".xlsx":
        raise LabelledFileError(f"请提供 .xlsx 留言文件：{file}")
    rows = _xlsx_rows(file)
    if not rows:
        raise LabelledFileError(f"文件是空的：{file.name}")
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    missing = [c for c in ("留言主题", "留言详情", "留言时间") if c not in header]
    if missing:
        raise LabelledFileError(f"{file.name} 缺少列：{'、'.join(missing)}。")
    at = {name: header.index(name) for name in header if name}
    messages = []
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * len(header)
        subject = str(cells[at["留言主题"]] or "").strip()
        body = re.sub(r"\s+", " ", str(cells[at["留言详情"]] or "")).strip()
        when = _when(cells[at["留言时间"]], file.name, number)
        raw_votes = cells[at["点赞数"]] if "点赞数" in at else 0
        votes = int(str(raw_votes or 0)) if str(raw_votes or 0).isdigit() else 0
        text = f"{subject} {body}".strip()
        if text:
            found = PLACE.search(text)
            messages.append(Message(text, when, votes, found.group(0) if found else ""))
    return messages


def _when(value: object, name: str, number: int) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    for pattern in ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(str(value).strip(), pattern)  # noqa: DTZ007 - only ordered, never stored
        except ValueError:
            continue
    raise LabelledFileError(f"{name} 第 {number} 行的留言时间无法识别：{str(value)[:30]}")
