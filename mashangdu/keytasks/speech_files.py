"""A speech or minutes as text, from a file: plain text in UTF-8 (with or without a BOM), UTF-16 with a
BOM, or GB18030 (which covers GBK and GB2312, what Chinese Windows editors save), or a Word .docx
(paragraphs and table cells, in order)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from mashangdu.core.text import clean_text

MAX_BYTES = 10 * 1024 * 1024


class SpeechFileError(ValueError):
    """A file that cannot be read as a speech; the message says why."""


def read_speech(path: str | Path) -> str:
    file = Path(path)
    if not file.is_file():
        raise SpeechFileError(f"找不到文件：{file}")
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise SpeechFileError(f"文件过大（{size / 1e6:.0f} MB，上限 {MAX_BYTES // 1024 // 1024} MB）：{file.name}")
    return speech_text(file.read_bytes(), file.name)


def speech_text(raw: bytes, name: str) -> str:
    """The text of a file's content (`name` chooses nothing but the messages and the .docx hint)."""
    if name.lower().endswith(".docx") or zipfile.is_zipfile(io.BytesIO(raw)):
        text = docx_text(raw, name)
    else:
        text = decode(raw, name)
    text = clean_text(text)  # a control character (a NUL in UTF-16) is no part of a speech
    if not text.strip():
        raise SpeechFileError(f"文件是空的：{name}")
    return text


def decode(raw: bytes, name: str = "") -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:  # an odd byte count or a lone surrogate: cut short or not UTF-16 at all
            raise SpeechFileError(f"文件不是完整的 UTF-16 文本：{name}；请另存为 UTF-8 文本或 Word 文档。") from None
    if b"\x00" in raw:  # a binary file (an old .doc, a PDF): no text encoding has NUL bytes in a speech
        raise SpeechFileError(f"不支持的文件格式：{name}；请使用 .txt 文本或 Word（.docx）文件（.doc 请另存为 .docx）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpeechFileError(f"无法识别文件编码（既不是 UTF-8 也不是 GB18030）：{name}；请另存为 UTF-8 文本或 Word 文档。")


def docx_text(raw: bytes, name: str = "") -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = Document(io.BytesIO(raw))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.extend(cell.text for cell in row.cells)
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, XMLSyntaxError):
        raise SpeechFileError(f"不是有效的 Word（.docx）文件：{name}") from None
    return "\n".join(lines)
