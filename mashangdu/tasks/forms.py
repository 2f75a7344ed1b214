from __future__ import annotations

from typing import Any

from django import forms

from mashangdu.appeals.forms import MultipleFileField
from mashangdu.tasks.models import Task


class ReportForm(forms.Form):
    period_end = forms.DateField(
        label="报告期截止", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    text = forms.CharField(
        label="进展情况", max_length=3000, widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"})
    )
    attachments = MultipleFileField(label="附件（图片或 PDF，可多选）", required=False)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(task.indicators.all())
        for indicator in self.indicators:
            self.fields[f"ind_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.name}（{indicator.unit or '数值'}）",
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
            )

    def indicator_values(self) -> dict[str, str]:
        return {str(i.pk): self.cleaned_data.get(f"ind_{i.pk}") or "" for i in self.indicators}


class ReviewForm(forms.Form):
    accept = forms.TypedChoiceField(label="审核", choices=[("1", "通过"), ("0", "退回")], coerce=lambda v: v == "1")
    comment = forms.CharField(label="意见", max_length=500, required=False)


class SuperviseForm(forms.Form):
    level = forms.ChoiceField(
        label="方式", choices=[("urge", "催办"), ("yellow", "黄牌督办"), ("red", "红牌督办"), ("listed", "挂牌督办")]
    )
    note = forms.CharField(
        label="督办意见", max_length=500, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="任务分解表（.xlsx）")


class DecomposeForm(forms.Form):
    text = forms.CharField(
        label="讲话或会议纪要全文",
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
    )
