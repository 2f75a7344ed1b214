from __future__ import annotations

from typing import Any

from django import forms

from mashangdu.appeals.forms import MultipleFileField
from mashangdu.core.decimals import BoundedDecimalFormField
from mashangdu.keytasks.deadlines import MAX_YEAR, MIN_YEAR
from mashangdu.keytasks.models import Task
from mashangdu.keytasks.speech_files import MAX_BYTES as MAX_SPEECH_BYTES
from mashangdu.keytasks.speech_files import SpeechFileError, speech_text


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
            self.fields[f"ind_{indicator.pk}"] = BoundedDecimalFormField(
                label=f"{indicator.name}（{indicator.unit or '数值'}）",
                required=False,
                widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
            )

    def indicator_values(self) -> dict[str, str]:
        values = {str(i.pk): self.cleaned_data.get(f"ind_{i.pk}") for i in self.indicators}
        return {pk: str(value) for pk, value in values.items() if value is not None}


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


SHEET_MAX_BYTES = 5 * 1024 * 1024  # a county's 任务分解表 of a few hundred rows is well under 1 MB


class UploadForm(forms.Form):
    file = forms.FileField(label="任务分解表（.xlsx）")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > SHEET_MAX_BYTES:
            raise forms.ValidationError(f"文件过大（上限 {SHEET_MAX_BYTES // 1024 // 1024} MB）。")
        return upload


class DecomposeForm(forms.Form):
    text = forms.CharField(
        label="讲话或会议纪要全文",
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
    )
    file = forms.FileField(
        label="或上传文件（.txt 或 Word .docx）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm", "accept": ".txt,.docx"}),
    )
    year = forms.IntegerField(
        label="讲话所属年份",
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text="“6月底前”“一季度”等时限按此年份计算；不填则取讲话标题中的年份，否则为今年。",
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "style": "max-width:8rem"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_SPEECH_BYTES:
                raise forms.ValidationError(f"文件过大（上限 {MAX_SPEECH_BYTES // 1024 // 1024} MB）。")
            try:
                data["text"] = speech_text(upload.read(), upload.name)
            except SpeechFileError as exc:
                raise forms.ValidationError(str(exc)) from None
            if len(data["text"]) > 50_000:
                raise forms.ValidationError("文件内容超过 50,000 字，请分段提取。")
        if not (data.get("text") or "").strip():
            raise forms.ValidationError("请粘贴讲话或会议纪要全文，或上传文件。")
        return data
