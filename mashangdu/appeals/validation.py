"""Checks on what people send: attachments by their content, category extra fields by their type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

from mashangdu.appeals.images import reencode
from mashangdu.appeals.models import Category, CategoryField, FieldType
from mashangdu.appeals.pdfs import check_pdf
from mashangdu.core.decimals import DecimalInputError, parse_decimal
from mashangdu.core.errors import DomainError
from mashangdu.core.memo import ProcessMemo
from mashangdu.core.text import clean_text

# A category's number field (an area, a count, an amount): finite, below 10^12, at most 6 decimals.
EXTRA_MAX_DIGITS, EXTRA_DECIMALS = 18, 6
MAX_ATTACHMENTS = 6
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Content types recognised by their first bytes; the name and the browser's claim are not trusted.
SIGNATURES: list[tuple[bytes, int, str, str]] = [
    (b"\xff\xd8\xff", 0, "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", ".png"),
    (b"WEBP", 8, "image/webp", ".webp"),
    (b"%PDF-", 0, "application/pdf", ".pdf"),
]


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, offset, content_type, suffix in SIGNATURES:
        if head[offset : offset + len(magic)] == magic and (content_type != "image/webp" or head[:4] == b"RIFF"):
            return content_type, suffix
    return None


def check_attachments(files: list[UploadedFile]) -> list[tuple[File[bytes], str]]:
    """(file to store, content type) for each upload, or a DomainError naming the file.

    Photos are re-encoded as JPEG without their metadata (see images.py); PDFs are kept as sent, once
    checked (pdfs.py)."""
    if len(files) > MAX_ATTACHMENTS:
        raise DomainError(f"附件最多 {MAX_ATTACHMENTS} 个。", field="attachments")
    checked: list[tuple[File[bytes], str]] = []
    for upload in files:
        name = upload.name or "附件"
        if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
            raise DomainError(f"附件“{name}”超过 10 MB。", field="attachments")
        upload.seek(0)
        found = sniff(upload.read(16))
        upload.seek(0)
        if found is None:
            raise DomainError(f"附件“{name}”不是 JPEG、PNG、WebP 图片或 PDF 文件。", field="attachments")
        if found[0] == "application/pdf":
            check_pdf(upload, name=name)
            checked.append((upload, found[0]))
        else:
            checked.append((reencode(upload, found[0]), "image/jpeg"))
    return checked


def _all_fields() -> dict[int, list[CategoryField]]:
    by_category: dict[int, list[CategoryField]] = {}
    for field in CategoryField.objects.order_by("order", "pk"):
        by_category.setdefault(field.category_id, []).append(field)
    return by_category


# Every new appeal's form and service read the extra fields of its category: a handful of rows in all, edited
# in the admin now and then. Kept per process (core/memo.py); callers must not modify the rows they get.
_FIELDS = ProcessMemo(_all_fields, "appeals.CategoryField")


def category_fields(category: Category) -> list[CategoryField]:
    """The extra fields of `category` and of its parent, in their order (the parent's by the same rule)."""
    owners = {c.pk for c in (category, category.parent) if c is not None}
    by_category = _FIELDS.get()
    return sorted((f for pk in owners for f in by_category.get(pk, [])), key=lambda f: (f.order, f.pk))


def clean_extra(category: Category | None, raw: dict[str, Any]) -> dict[str, Any]:
    """Validate the category's extra fields; returns {code: value} with JSON-friendly values."""
    if category is None:
        return {}
    fields = category_fields(category)
    cleaned: dict[str, Any] = {}
    for field in fields:
        value = raw.get(field.code)
        empty = value is None or value == "" or value == []
        if empty:
            if field.required:
                raise DomainError(f"请填写“{field.label}”。", field=f"extra_{field.code}")
            continue
        cleaned[field.code] = _clean_value(field, value)
    return cleaned


def _clean_value(field: CategoryField, value: Any) -> Any:
    label = field.label
    if field.field_type in (FieldType.TEXT, FieldType.LONGTEXT):
        text = clean_text(str(value)).strip()
        limit = 200 if field.field_type == FieldType.TEXT else 2000
        if len(text) > limit:
            raise DomainError(f"“{label}”不能超过 {limit} 字。", field=f"extra_{field.code}")
        if field.field_type == FieldType.TEXT and ("\n" in text or "\r" in text):
            raise DomainError(f"“{label}”应为一行文字。", field=f"extra_{field.code}")
        return text
    if field.field_type == FieldType.NUMBER:
        try:
            number = parse_decimal(value, label=label, max_digits=EXTRA_MAX_DIGITS, decimal_places=EXTRA_DECIMALS)
        except DecimalInputError as exc:
            raise DomainError(str(exc), field=f"extra_{field.code}") from None
        return "" if number is None else format(number.normalize(), "f")
    if field.field_type == FieldType.DATE:
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise DomainError(f"“{label}”应为日期（如 2026-11-29）。", field=f"extra_{field.code}") from None
    options = field.choice_list()
    if field.field_type == FieldType.CHOICE:
        if str(value) not in options:
            raise DomainError(f"“{label}”应从选项中选择：{'、'.join(options)}。", field=f"extra_{field.code}")
        return str(value)
    values = [str(v) for v in (value if isinstance(value, list) else [value])]
    unknown = [v for v in values if v not in options]
    if unknown:
        raise DomainError(f"“{label}”的选项“{unknown[0]}”无效。", field=f"extra_{field.code}")
    return values
