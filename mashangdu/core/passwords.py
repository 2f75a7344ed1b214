"""The password policy beyond Django's validators: never the published demo password, never the username.

Listed in AUTH_PASSWORD_VALIDATORS, so every path that sets a password through a form (the site's
change-password page, the admin's add-user and change-password forms, `createsuperuser`,
`changepassword`) applies it. The demo loader sets the demo password directly, on purpose.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

# Published in the README for the demo county; refused as anyone's chosen password.
DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - public on purpose


def _folded(value: str) -> str:
    return "".join(ch for ch in value.casefold() if ch.isalnum())


def _is_demo_variant(folded: str) -> bool:
    """The demo default with something added (``Demo@2026a``), or its word with other digits and
    punctuation (``Demo@2027!!``): guessed first by anyone who read the README."""
    core = _folded(DEMO_PASSWORD)
    word = "".join(ch for ch in core if not ch.isdigit())
    return core in folded or "".join(ch for ch in folded if not ch.isdigit()) == word


# Attribute, label, shortest value checked: a Chinese full name has two to four characters.
PERSONAL_ATTRIBUTES = (("username", "用户名", 3), ("mobile", "手机号", 3), ("full_name", "姓名", 2))


class NotDemoNorUsernameValidator:
    """Refuses the demo default and its variants (ignoring case and punctuation) and any password
    containing the username, the mobile number or the full name of the account."""

    def validate(self, password: str, user: Any = None) -> None:
        if _is_demo_variant(_folded(password)):
            raise ValidationError("不能使用演示系统的公开默认密码或其变体。", code="password_is_demo_default")
        folded = _folded(password)
        for attribute, label, shortest in PERSONAL_ATTRIBUTES:
            value = _folded(str(getattr(user, attribute, "") or ""))
            if len(value) >= shortest and value in folded:
                raise ValidationError(f"密码不能包含{label}。", code=f"password_contains_{attribute}")

    def get_help_text(self) -> str:
        return "不能使用演示默认密码或其变体，也不能包含用户名、手机号或姓名。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with the message in Chinese (Django 5.2 changed the English text, and its zh_Hans
    catalogue still translates only the old one)."""

    def get_error_message(self) -> str:
        return f"密码长度太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 个字符。"
