from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from mashangdu.appeals.forms import handling_units
from mashangdu.core.forms import FormKeyField
from mashangdu.core.models import Role, Unit, User
from mashangdu.enterprises.models import Enterprise
from mashangdu.meetings.models import Meeting, MeetingKind
from mashangdu.meetings.services import MeetingInput

CONTROL = {"class": "form-control"}


class NamedErrors:
    """Every refusal names its field: "请填写地点。", "请选择主持领导。" (Django's own say only "this field")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, FormKeyField):
                continue  # a hidden key has no label: its own message says the form is stale
            verb = "选择" if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) else "填写"
            label = field.label
            field.error_messages["required"] = f"请{verb}{label}。"
            field.error_messages["invalid_choice"] = f"所选{label}不在可选范围内，请重新选择。"
            field.error_messages["invalid_pk_value"] = f"所选{label}不在可选范围内，请重新选择。"
            field.error_messages["invalid"] = f"{label}格式不正确。"
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = f"{label}不能超过 {field.max_length} 字。"


WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class MeetingForm(NamedErrors, forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=MeetingKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    topic = forms.CharField(label="主题", max_length=100, required=False, widget=forms.TextInput(attrs=CONTROL))
    starts_at = forms.DateTimeField(
        label="时间",
        input_formats=WHEN_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", **CONTROL}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label="地点", max_length=100, widget=forms.TextInput(attrs=CONTROL))
    host = forms.ModelChoiceField(
        label="主持领导",
        queryset=User.objects.filter(is_active=True, role_grants__role=Role.LEADER).distinct().order_by("pk"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    organiser = forms.ModelChoiceField(
        label="组织单位",
        queryset=Unit.objects.filter(is_active=True),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    enterprises = forms.ModelMultipleChoiceField(
        label="参会企业",
        queryset=Enterprise.objects.filter(is_active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10}),
    )
    units = forms.ModelMultipleChoiceField(
        label="参会部门",
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
    )

    def clean_starts_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["starts_at"]
        if not 2000 <= value.year <= 2099:
            raise forms.ValidationError("会议时间应在 2000 年至 2099 年之间。")
        return value

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        return {
            "kind": meeting.kind,
            "topic": meeting.topic,
            "starts_at": meeting.starts_at,
            "place": meeting.place,
            "host": meeting.host_id,
            "organiser": meeting.organiser_id,
            "enterprises": list(meeting.invitations.values_list("enterprise_id", flat=True)),
            "units": list(meeting.units.values_list("pk", flat=True)),
        }

    def data_for_service(self) -> MeetingInput:
        d = self.cleaned_data
        return MeetingInput(
            kind=d["kind"],
            starts_at=d["starts_at"],
            place=d["place"],
            host=d["host"],
            organiser=d["organiser"],
            enterprises=list(d["enterprises"]),
            units=list(d["units"]),
            topic=d["topic"],
        )


class IssueForm(NamedErrors, forms.Form):
    """An issue raised at the table."""

    key = FormKeyField()
    enterprise = forms.ModelChoiceField(
        label="企业", queryset=Enterprise.objects.none(), widget=forms.Select(attrs={"class": "form-select"})
    )
    title = forms.CharField(label="问题", max_length=100, widget=forms.TextInput(attrs=CONTROL))
    content = forms.CharField(label="具体情况", max_length=3000, widget=forms.Textarea(attrs={"rows": 4, **CONTROL}))
    contact_name = forms.CharField(label="联系人", max_length=50, required=False, widget=forms.TextInput(attrs=CONTROL))
    contact_phone = forms.CharField(
        label="联系电话",
        max_length=20,
        required=False,
        help_text="不填则用企业登记的主要联系人",
        widget=forms.TextInput(attrs=CONTROL),
    )
    unit = forms.ModelChoiceField(
        label="责任单位", queryset=handling_units(), widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(  # type: ignore[attr-defined]
            meeting_invitations__meeting=meeting
        ).order_by("name")


class AcceptForm(NamedErrors, forms.Form):
    unit = forms.ModelChoiceField(
        label="责任单位", queryset=handling_units(), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )


class ReasonForm(NamedErrors, forms.Form):
    reason = forms.CharField(
        label="理由", max_length=200, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )


class PublicIssueForm(NamedErrors, forms.Form):
    """The invited enterprise's form on its link (mobile)."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    website = forms.CharField(
        required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )
    title = forms.CharField(label="问题", max_length=100, widget=forms.TextInput(attrs=CONTROL))
    content = forms.CharField(label="具体情况", max_length=3000, widget=forms.Textarea(attrs={"rows": 5, **CONTROL}))
    contact_name = forms.CharField(label="联系人", max_length=50, widget=forms.TextInput(attrs=CONTROL))
    contact_phone = forms.CharField(
        label="联系电话", max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel", **CONTROL})
    )
    consent = forms.BooleanField(label="我已阅读个人信息使用说明", required=False)
