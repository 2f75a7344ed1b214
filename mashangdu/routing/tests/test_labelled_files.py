"""Labelled training files: a broken file is a LabelledFileError naming the file and the row, never a
traceback (found by fuzzing the imports: the csv module's own error escaped)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mashangdu.core.tests.hostile import FUZZ, hostile_text
from mashangdu.routing.files import LabelledFileError, read_labelled


def test_a_csv_cell_over_the_csv_modules_limit_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "train.csv"
    path.write_bytes(b'label,text\nroads,ok\nroads,"' + b"x" * 200_000 + b'"\n')
    with pytest.raises(LabelledFileError, match=r"train\.csv 第 3 行：CSV 格式有误"):
        read_labelled(path)


@FUZZ
@given(
    rows=st.lists(st.lists(hostile_text, max_size=3), max_size=5),
    suffix=st.sampled_from([".csv", ".tsv", ".txt", ".xlsx", ".doc"]),
    raw=st.binary(max_size=50),
)
def test_any_file_is_read_or_refused_with_a_message(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], suffix: str, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("labelled") / f"f{suffix}"
    text = "\n".join(("\t" if suffix != ".csv" else ",").join(row) for row in rows)
    path.write_bytes(raw if not rows else text.encode("utf-8", "surrogatepass"))
    try:
        texts, labels = read_labelled(path)
    except LabelledFileError as exc:
        assert str(exc)
    else:
        assert len(texts) == len(labels)
