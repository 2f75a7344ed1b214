"""The requester's own identity taken out of what they typed in a complaint or report (issue 13).

Only supervisors may know who filed a 投诉 or 举报 (docs/domain.md §Confidential complaints): requester fields are shown
masked. People still write "我是王小五，电话139…" in the text, and the text becomes the title, the list
row, the event log's label and the messages the handling unit receives. `appeal_create` stores the title
and the content of these kinds with the requester's own name and phone replaced by labels. Nothing is
lost: what was replaced is exactly the requester fields, which supervisors can reveal. Other personal
data in the text (a third party's number, a plate) stays for the handlers, and public outputs go through
`Appeal.public_text` as before. Decision 0016.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from mashangdu.core.redaction import LABELS, find_personal_data


def _digits(text: str) -> str:
    """The digits of `text`, full-width and Chinese numerals (〇一二…九) included."""
    out = []
    for char in text:
        value = unicodedata.numeric(char, -1.0)
        if 0 <= value <= 9 and value == int(value):
            out.append(str(int(value)))
    return "".join(out)


def _is_own_number(piece: str, own: str) -> bool:
    digits = _digits(piece)
    if len(digits) < 7 or len(own) < 7:
        return False
    # With a country prefix (+86 139…), or a landline's local number without its area code.
    return digits.endswith(own) or own.endswith(digits)


def _is_mobile(piece: str) -> bool:
    """An 11-digit mobile number, with or without its country code (+86, 0086, 86), in any form."""
    digits = _digits(piece)
    for prefix in ("0086", "86"):
        if len(digits) > 11 and digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return re.fullmatch(r"1[3-9]\d{9}", digits) is not None


def without_requester(text: str, *, name: str, phone: str, mobiles: bool = False) -> str:
    """`text` with the requester's own name and phone number replaced by 〔姓名〕 and 〔手机号〕/〔电话〕;
    with `mobiles`, every mobile number as well (whoever's it is: in a complaint or a report, a number
    typed in the text may be the complainant's second phone or a relative's), as 〔手机号〕. Landlines
    stay (a business's line is often what the handler needs). Decision 0016."""
    if not text or not (name or phone or mobiles):
        return text
    own = re.sub(r"\D", "", phone or "")
    out, last = [], 0
    for found in find_personal_data(text, names=[name] if name else [], phones=[phone] if phone else []):
        piece = text[found.start : found.end]
        if mobiles and _is_mobile(piece):
            out += [text[last : found.start], LABELS["mobile"]]
            last = found.end
        elif found.kind == "name" or _is_own_number(piece, own):
            out += [text[last : found.start], LABELS[found.kind]]
            last = found.end
    out.append(text[last:])
    return "".join(out)


def strip_stored(apps: Any, *, kinds: tuple[str, ...] | None = None, exclude_kinds: tuple[str, ...] = ()) -> None:
    """For data migrations: take each stored appeal's requester name and phone out of its title and
    content (of `kinds`, or of every kind but `exclude_kinds`), out of its events' labels and out of the
    messages that quoted its title."""
    appeal_model = apps.get_model("appeals", "Appeal")
    event_model = apps.get_model("core", "Event")
    notification_model = apps.get_model("core", "Notification")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    appeal_type = content_type_model.objects.filter(app_label="appeals", model="appeal").first()
    rows = appeal_model.objects.exclude(requester_name="", requester_phone="").exclude(kind__in=exclude_kinds)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    for appeal in rows.iterator(chunk_size=500):
        title = without_requester(appeal.title, name=appeal.requester_name, phone=appeal.requester_phone)
        content = without_requester(appeal.content, name=appeal.requester_name, phone=appeal.requester_phone)
        if (title, content) == (appeal.title, appeal.content):
            continue
        old_title, appeal.title, appeal.content = appeal.title, title, content
        appeal.save(update_fields=["title", "content"])
        if appeal_type is not None:
            event_model.objects.filter(target_type=appeal_type, target_id=appeal.pk).update(
                target_label=f"{appeal.tracking_no} {title}"[:200]
            )
        for note in notification_model.objects.filter(url=f"/appeals/{appeal.pk}/"):
            note.title = note.title.replace(old_title, title)
            note.body = note.body.replace(old_title, title)
            note.save(update_fields=["title", "body"])
