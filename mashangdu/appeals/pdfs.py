"""PDFs as we keep them: as sent, so only after pypdf has opened them and found nothing that acts.

A staff member's PDF (a reply's document, a progress report's evidence) is stored byte for byte and
opened later by others, in their browsers and desktop readers. So it must open (not broken, not encrypted
beyond an empty password) and carry nothing a reader would run or unpack: no JavaScript (the names tree's
/JavaScript, a /JS entry, an /OpenAction or /AA action of type JavaScript), no /Launch action, no embedded
files (/EmbeddedFiles, /EF, /FileAttachment annotations). Everything reachable from the trailer is
walked, with a budget, so a hidden action in a page's additional actions is found as well as one in the
catalogue (decision 0027).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from typing import IO, Any

from pypdf import PasswordType, PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from mashangdu.core.errors import DomainError

MAX_OBJECTS = 200_000  # values visited; a phone-scanned 100-page document has a few thousand

# What is refused and the reason the message gives; the first found names the refusal.
SCRIPT, LAUNCH, EMBEDDED = "含有 JavaScript 脚本", "含有启动外部程序的动作", "含有嵌入文件"
OUTSIDE, MEDIA = "含有提交或读取外部数据的动作", "含有多媒体交互内容"
UNSAFE_LINK = "含有不安全的链接（只允许 http、https、mailto、tel 链接）"
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
AMBIGUOUS = "结构异常（同一项被重复定义，不同阅读器会读出不同内容）"
# /XFA: an XML form, whose <script> elements readers that support XFA run.
ACTIVE_KEYS = {"/JS": SCRIPT, "/JavaScript": SCRIPT, "/XFA": SCRIPT, "/EmbeddedFiles": EMBEDDED, "/EF": EMBEDDED}
ACTIVE_ACTIONS = {
    "/JavaScript": SCRIPT,
    "/Launch": LAUNCH,
    "/SubmitForm": OUTSIDE,
    "/ImportData": OUTSIDE,
    "/GoToR": OUTSIDE,
    "/GoToE": OUTSIDE,
    "/RichMediaExecute": MEDIA,
}
ACTIVE_TYPES = {
    ("/Subtype", "/FileAttachment"): EMBEDDED,
    ("/Type", "/EmbeddedFile"): EMBEDDED,
    ("/Subtype", "/RichMedia"): MEDIA,
}


class _RepeatedKeys(logging.Handler):
    """Notes pypdf's warning that a dictionary defines a key twice: pypdf keeps the first definition, other
    readers the last, so what we checked may not be what a reader runs."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("Multiple definitions in dictionary"):
            self.seen = True


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_pdf(upload: IO[bytes], *, name: str, field: str = "attachments") -> None:
    """Return when `upload` is a PDF we keep as sent; else a DomainError naming the file and the reason."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    try:
        _check(content)
    except _Refused as refused:
        raise DomainError(f"附件“{name}”{refused.reason}，不能上传。", field=field) from None
    except RecursionError:
        raise DomainError(f"附件“{name}”结构过于复杂，不能上传。", field=field) from None
    except Exception:
        raise DomainError(f"附件“{name}”无法打开（已损坏或不是有效的 PDF），不能上传。", field=field) from None


def _check(content: bytes) -> None:
    # pypdf's warnings about broken files are ours to report: caught here, not propagated to the log.
    pdf_logger, repeated = logging.getLogger("pypdf"), _RepeatedKeys()
    propagate, pdf_logger.propagate = pdf_logger.propagate, False
    # Its warnings must reach the handler whatever the site's LOG_LEVEL (ERROR would drop them first).
    level = pdf_logger.level
    pdf_logger.setLevel(logging.WARNING)
    pdf_logger.addHandler(repeated)
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise _Refused("已加密（需要密码才能打开）")
        if len(reader.pages) == 0:
            raise _Refused("没有页面")
        for found in _dictionaries(reader.trailer):
            _refuse_active(found)
            if repeated.seen:
                raise _Refused(AMBIGUOUS)
        if repeated.seen:
            raise _Refused(AMBIGUOUS)
    finally:
        pdf_logger.removeHandler(repeated)
        pdf_logger.propagate = propagate
        pdf_logger.setLevel(level)


def _refuse_active(found: DictionaryObject) -> None:
    for key, reason in ACTIVE_KEYS.items():
        if key in found:
            raise _Refused(reason)
    action = _resolved(found.get("/S"))
    if action in ACTIVE_ACTIONS:
        raise _Refused(ACTIVE_ACTIONS[action])
    if action == "/URI":
        uri = _resolved(found.get("/URI")) or ""
        text = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)
        # As a browser reads it: tabs, newlines and control characters anywhere are dropped.
        plain = re.sub(r"[\x00-\x20\x7f]", "", text).lower()
        scheme = SCHEME.match(plain)
        if scheme and scheme.group(1) not in SAFE_SCHEMES:
            raise _Refused(SCRIPT if scheme.group(1) in ("javascript", "vbscript") else UNSAFE_LINK)
    for (key, value), reason in ACTIVE_TYPES.items():
        if _resolved(found.get(key)) == value:
            raise _Refused(reason)


def _resolved(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _dictionaries(start: Any) -> Iterator[DictionaryObject]:
    """Every dictionary (and stream dictionary) reachable from `start`, each indirect object once."""
    seen: set[tuple[int, int]] = set()
    stack = [start]
    visited = 0
    while stack:
        item = stack.pop()
        visited += 1
        if visited > MAX_OBJECTS:
            raise _Refused("结构过于复杂")
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
