"""Staff forms: a document, a clause, one eligibility condition (the structured form, not code), an
application, its review and its payment. Every bad input is a Chinese message naming the field."""

from __future__ import annotations

from typing import Any

from django import forms

from mashangdu.core.decimals import BoundedDecimalFormField
from mashangdu.core.models import Unit
from mashangdu.core.params import BoundedDateField, BoundedIntegerField, parse_id
from mashangdu.enterprises.models import Scale
from mashangdu.policies.models import AmountRule, Clause, Condition, ConditionKind, PolicyDocument

DATE = {"type": "date", "class": "form-control"}


class _Styled:
    def style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
                widget.attrs.setdefault("size", "6")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class DocumentForm(_Styled, forms.ModelForm):
    class Meta:
        model = PolicyDocument
        fields = ["title", "number", "issued_on", "effective_from", "effective_to", "text"]
        widgets: dict[str, forms.Widget] = {
            "issued_on": forms.DateInput(attrs=DATE),
            "effective_from": forms.DateInput(attrs=DATE),
            "effective_to": forms.DateInput(attrs=DATE),
            "text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", "有效期至不能早于施行日期。")
        return data


class ClauseForm(_Styled, forms.ModelForm):
    class Meta:
        model = Clause
        fields = ["number", "sort", "title", "text", "support", "amount_rule", "amount", "rate", "base_figure"]
        fields += ["exempt", "valid_from", "valid_to"]
        widgets: dict[str, forms.Widget] = {
            "valid_from": forms.DateInput(attrs=DATE),
            "valid_to": forms.DateInput(attrs=DATE),
            "text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule, amount = data.get("amount_rule"), data.get("amount")
        if rule in (AmountRule.FIXED, AmountRule.CEILING) and amount is None:
            self.add_error("amount", "定额或最高限额的条款须填写金额。")
        if rule == AmountRule.PERCENTAGE:
            if not data.get("rate"):
                self.add_error("rate", "按指标比例的条款须填写比例。")
            if not data.get("base_figure"):
                self.add_error("base_figure", "按指标比例的条款须选择比例基数。")
        if data.get("exempt") and rule == AmountRule.CEILING:
            self.add_error("exempt", "免申即享条款的金额须为定额或按指标比例，不能据实核定。")
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "有效期止不能早于有效期起。")
        return data


class IdsField(forms.ModelMultipleChoiceField):
    """Model choices whose values are checked as row ids (core.params) before any query: a number no
    column can hold is "not a choice", not a database error."""

    def _check_values(self, value: Any) -> Any:
        for item in value or []:
            if parse_id(item) is None:
                raise forms.ValidationError(f"“{str(item)[:20]}”不是有效的选项。", code="invalid_pk_value")
        return super()._check_values(value)  # type: ignore[misc]


NEEDS: dict[str, tuple[str, ...]] = {
    ConditionKind.INDUSTRY: ("industries",),
    ConditionKind.SCALE: ("scales",),
    ConditionKind.TOWNSHIP: ("townships",),
    ConditionKind.FIGURE: ("figure", "operator", "threshold"),
    ConditionKind.RD_RATIO: ("operator", "threshold"),
    ConditionKind.AGE: ("operator", "threshold"),
    ConditionKind.TAGS_ANY: ("tags",),
    ConditionKind.TAGS_ALL: ("tags",),
    ConditionKind.EXCLUDE_TAGS: ("tags",),
    ConditionKind.EXCLUDE_ENTERPRISES: ("enterprises",),
}


class ConditionForm(_Styled, forms.ModelForm):
    """One condition: the kind decides which fields it needs (the others are cleared)."""

    scales = forms.MultipleChoiceField(label="规模", choices=Scale.choices, required=False)
    year = BoundedIntegerField(
        label="年度", required=False, min_value=2000, max_value=2099, help_text="留空：企业最近一个年度"
    )
    enterprise_ids = forms.CharField(
        label="排除企业（ID，逗号分隔）", required=False, max_length=2000, help_text="排除企业条件用"
    )

    class Meta:
        model = Condition
        fields = ["kind", "industries", "scales", "flag", "townships", "figure", "operator", "threshold", "year"]
        fields += ["tags"]
        field_classes = {"townships": IdsField, "tags": IdsField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["townships"].queryset = Unit.objects.townships().active().order_by("sort_order", "pk")  # type: ignore[attr-defined]
        self.fields["flag"].label = "规模以上（不勾选：规模以下）"
        self.style()

    def clean(self) -> dict[str, Any]:
        from mashangdu.enterprises.models import Enterprise

        data = super().clean() or {}
        kind = data.get("kind")
        if not kind:
            return data
        raw = data.get("enterprise_ids") or ""
        parts = [part for part in raw.replace("，", ",").split(",") if part.strip()]
        parsed = [parse_id(part) for part in parts]
        ids = sorted({pk for pk in parsed if pk is not None})
        if None in parsed:
            self.add_error("enterprise_ids", "企业 ID 应为编号（1 至 19 位数字），以逗号分隔。")
        found = list(Enterprise.objects.filter(pk__in=ids))
        if len(found) != len(ids):
            self.add_error("enterprise_ids", "有企业 ID 不存在。")
        data["enterprises"] = found
        for name in NEEDS.get(kind, ()):
            value = data.get(name)
            if (
                value is None
                or value == ""
                or (hasattr(value, "__len__") and not isinstance(value, str) and not len(value))
            ):
                label = "企业 ID" if name == "enterprises" else self.fields[name].label
                self.add_error(
                    "enterprise_ids" if name == "enterprises" else name,
                    f"“{ConditionKind(kind).label}”条件须填写{label}。",
                )
        threshold = data.get("threshold")
        if (
            kind == ConditionKind.AGE
            and threshold is not None
            and (threshold != int(threshold) or not 0 <= threshold <= 200)
        ):
            self.add_error("threshold", "成立年限应为 0 到 200 的整数。")
        if kind == ConditionKind.RD_RATIO and threshold is not None and not 0 <= threshold <= 100:
            self.add_error("threshold", "研发投入强度应在 0 到 100 之间（%）。")
        if kind == ConditionKind.FIGURE and threshold is not None and threshold < 0:
            self.add_error("threshold", "门槛值不能为负数。")
        if kind not in (ConditionKind.FIGURE, ConditionKind.RD_RATIO):
            data["year"] = None
        return data

    def save(self, commit: bool = True) -> Condition:
        condition: Condition = super().save(commit=False)
        kind = condition.kind
        keep: set[str] = set(NEEDS.get(kind, ())) | (
            {"year"} if kind in (ConditionKind.FIGURE, ConditionKind.RD_RATIO) else set()
        )
        condition.scales = sorted(self.cleaned_data["scales"]) if "scales" in keep else []
        condition.figure = condition.figure if "figure" in keep else ""
        condition.operator = condition.operator if "operator" in keep else ""
        condition.threshold = condition.threshold if "threshold" in keep else None
        condition.year = self.cleaned_data.get("year") if "year" in keep else None
        condition.flag = condition.flag if kind == ConditionKind.ABOVE_SIZE else True
        self._keep = keep
        if commit:
            condition.save()
            self.save_m2m()
        return condition

    def _save_m2m(self) -> None:
        keep: set[str] = getattr(self, "_keep", set())
        instance: Condition = self.instance
        instance.industries.set(self.cleaned_data["industries"] if "industries" in keep else [])
        instance.townships.set(self.cleaned_data["townships"] if "townships" in keep else [])
        instance.tags.set(self.cleaned_data["tags"] if "tags" in keep else [])
        instance.enterprises.set(self.cleaned_data["enterprises"] if "enterprises" in keep else [])


class ApplicationForm(_Styled, forms.Form):
    enterprise = forms.IntegerField(label="企业 ID", min_value=1, max_value=2**31 - 1)
    year = BoundedIntegerField(label="申请年度", min_value=2000, max_value=2099)
    requested_amount = BoundedDecimalFormField(label="申请金额（万元）", max_digits=12, decimal_places=2, min_value=0)
    note = forms.CharField(label="申请说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class ReviewForm(_Styled, forms.Form):
    decision = forms.ChoiceField(label="审核结论", choices=[("approve", "审核通过"), ("reject", "不予支持")])
    amount = BoundedDecimalFormField(
        label="核定金额（万元）", max_digits=12, decimal_places=2, required=False, min_value=0
    )
    note = forms.CharField(label="审核意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "approve" and data.get("amount") is None:
            self.add_error("amount", "审核通过须填写核定金额。")
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", "不予支持须填写理由。")
        return data


class PayForm(_Styled, forms.Form):
    paid_on = BoundedDateField(label="兑付日期", widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()
