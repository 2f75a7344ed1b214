from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.choices import CallableChoiceIterator
from django_filters.fields import ModelChoiceIterator as FilterChoiceIterator

from mashangdu.core import event_types
from mashangdu.core.errors import DomainError
from mashangdu.core.params import BoundedDateField

STALE_FORM = "表单已失效，请刷新页面后重新提交。"


def stale_form() -> DomainError:
    """The refusal of a once-key that is missing, too long or another form's (field `key`)."""
    return DomainError(STALE_FORM, field="key")


def new_form_key() -> str:
    """The hidden key a staff form carries so that submitting it twice (a double click, a resend after a slow
    answer) records once: the service returns what the first submission made (visits, meeting issues)."""
    return uuid.uuid4().hex


class FormKeyField(forms.RegexField):
    """The hidden once-key of a form (`new_form_key`); a missing or altered key is refused as stale."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault(
            "error_messages",
            {"required": STALE_FORM, "invalid": STALE_FORM},
        )
        super().__init__(regex=r"^[0-9a-f]{32}$", **kwargs)


class LoginForm(AuthenticationForm):
    """Username or mobile number. Failed attempts are counted by django-axes (see core/auth.py)."""

    username = forms.CharField(
        label="用户名或手机号",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": "用户名（或手机号）或密码不正确，请重新输入。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }


class EventTypeField(forms.CharField):
    """An event type chosen from the grouped list of labels; typed text is also accepted when it names a
    type, a group or a label (see `event_types.resolve`). Cleans to the list of type codes it stands for."""

    widget = forms.Select

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=80, **kwargs)
        # Read when the select is drawn, not when a form class is defined: the apps register their event types
        # as they load, and this module may be imported before some of them have (the list held two groups).
        self.widget.choices = CallableChoiceIterator(lambda: [("", "全部事件"), *event_types.choices()])

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {"class": "form-select form-select-sm"}  # no maxlength on a select

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        if not text:
            return []
        verbs = event_types.resolve(text)
        if verbs is None:
            raise forms.ValidationError("没有这种事件，请从列表中选择。", code="unknown")
        return verbs


class EventFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    verb = EventTypeField(label="事件", required=False)
    actor = forms.CharField(label="操作人", required=False, max_length=60)
    date_from = BoundedDateField(label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = BoundedDateField(label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return cleaned

    def day_bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """Midnight Asia/Shanghai at the start of `date_from` and after the end of `date_to`."""
        tz = timezone.get_current_timezone()
        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz) if start else None
        hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz) if end else None
        return lo, hi


class CalendarImportForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2004, max_value=2100)
    file = forms.FileField(
        label="文件",
        help_text="CSV 或 Excel（.xlsx），表头 date,is_workday,name；可列出全年每一天，或只列节假日与调休日",
    )


class OtpTokenForm(forms.Form):
    """A six-digit code from an authenticator app."""

    token = forms.CharField(
        label="动态验证码",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not (token.isascii() and token.isdigit()):
            raise forms.ValidationError("请输入 6 位数字验证码。", code="format")
        return token


class ListedChoiceIterator(ModelChoiceIterator):
    """A model choice field's options read with one plain query, not through `QuerySet.iterator()`: on
    PostgreSQL that opens a server-side cursor (DECLARE, FETCH, CLOSE: three round trips) per field, for a
    few dozen units or categories (decision 0050: the filter form of every staff list, the dispatch form)."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedFilterChoiceIterator(FilterChoiceIterator, ListedChoiceIterator):
    """`ListedChoiceIterator` for django-filter's fields (which add their "null" choice first)."""


def list_model_choices(form: forms.BaseForm) -> None:
    """Read the options of `form`'s model choice fields with one plain query each (`ListedChoiceIterator`)."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.iterator is FilterChoiceIterator:
                field.iterator = ListedFilterChoiceIterator
            elif field.iterator is ModelChoiceIterator:
                field.iterator = ListedChoiceIterator
            else:
                continue
            field.widget.choices = field.choices  # the widget holds the iterator made with the field
