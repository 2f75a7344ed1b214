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


class NotDemoNorUsernameValidator:
    """Refuses the demo default (ignoring case and punctuation) and any password containing the
    username or the mobile number of the account."""

    def validate(self, password: str, user: Any = None) -> None:
        folded = _folded(password)
        if folded == _folded(DEMO_PASSWORD):
            raise ValidationError("不能使用演示系统的公开默认密码。", code="password_is_demo_default")
        for attribute, label in (("username", "用户名"), ("mobile", "手机号")):
            value = _folded(str(getattr(user, attribute, "") or ""))
            if len(value) >= 3 and value in folded:
                raise ValidationError(f"密码不能包含{label}。", code=f"password_contains_{attribute}")

    def get_help_text(self) -> str:
        return "不能使用演示默认密码，也不能包含用户名或手机号。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with the message in Chinese (Django 5.2 changed the English text, and its zh_Hans
    catalogue still translates only the old one)."""

    def get_error_message(self) -> str:
        return f"密码长度太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 个字符。"
