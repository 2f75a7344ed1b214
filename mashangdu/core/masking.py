"""Masking for lists, logs, public timelines (docs/domain.md §Personal data, docs/standards.md §Phone numbers)."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"1[3-9]\d{9}")


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile number; keeps the area code and last four digits of a landline."""
    digits = phone.strip()
    if not digits:
        return ""
    if _MOBILE.fullmatch(digits):
        return f"{digits[:3]}****{digits[-4:]}"
    if "-" in digits:
        area, number = digits.split("-", 1)
        return f"{area}-{'*' * max(len(number) - 4, 0)}{number[-4:]}"
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def mask_name(name: str) -> str:
    """张** for a Chinese name: the surname stays, the given name is hidden."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phones_in_text(text: str) -> str:
    """Replace every mobile number inside free text, e.g. before it reaches a log line."""
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)
