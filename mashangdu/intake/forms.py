"""Forms of the public pages and of the staff's code management."""

from __future__ import annotations

from typing import Any

from django import forms

from mashangdu.appeals.forms import MultipleFileField, add_extra_fields
from mashangdu.appeals.models import TRACKING_NO_MAX, Category, CategoryField
from mashangdu.appeals.validation import MAX_ATTACHMENTS
from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.params import parse_id
from mashangdu.enterprises.models import Enterprise
from mashangdu.intake.models import QrCode, RatingTag, TargetKind
from mashangdu.intake.services.codes import WINDOW_UNIT_KINDS

CONTENT_MAX = 3000


def leaf_categories() -> Any:
    return (
        Category.objects.filter(is_active=True, parent__isnull=False, parent__is_active=True)
        .select_related("parent")
        .order_by("parent__sort_order", "parent_id", "sort_order", "pk")
    )


def category_groups() -> list[tuple[Category, list[Category]]]:
    """Active sub-categories under their top category, for the public form's grouped select."""
    groups: dict[int, tuple[Category, list[Category]]] = {}
    for leaf in leaf_categories():
        if leaf.parent is not None:  # always: leaf_categories() has parents only
            groups.setdefault(leaf.parent.pk, (leaf.parent, []))[1].append(leaf)
    return list(groups.values())


class CategoryChoiceField(forms.ModelChoiceField):
    # The category the form already read for its extra fields (`PublicAppealForm._chosen_category`), with its
    # parent: when it is the one posted and a leaf under an active parent, the choice is that row, not a query.
    known: Category | None = None

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)

    def to_python(self, value: Any) -> Any:
        known = self.known
        if (
            known is not None
            and value not in self.empty_values
            and str(value) == str(known.pk)
            and known.is_active
            and known.parent is not None
            and known.parent.is_active
        ):
            return known
        return super().to_python(value)


class PublicAppealForm(forms.Form):
    """What the public fills in. The place fields show only where the code does not say where it is."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    category = CategoryChoiceField(
        label="问题分类", queryset=leaf_categories(), required=False, empty_label="请选择（可不选）"
    )
    content = forms.CharField(
        label="具体情况",
        max_length=CONTENT_MAX,
        error_messages={"required": "请填写具体情况。", "max_length": f"具体情况不能超过 {CONTENT_MAX} 字。"},
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": CONTENT_MAX, "data-counter": "content-count"}),
    )
    photos = MultipleFileField(
        label="照片",
        required=False,
        help_text=f"最多 {MAX_ATTACHMENTS} 张，每张不超过 10 MB；上传后会去除拍摄位置等信息",
    )
    township = forms.ModelChoiceField(
        label="所在乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP, is_active=True), required=False
    )
    village = forms.ModelChoiceField(
        label="村（社区）", queryset=Unit.objects.filter(kind=UnitKind.VILLAGE, is_active=True), required=False
    )
    address = forms.CharField(label="详细地点", max_length=200, required=False)
    requester_name = forms.CharField(label="姓名", max_length=50, required=False)
    requester_phone = forms.CharField(
        label="手机号码",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    is_anonymous = forms.BooleanField(label="匿名反映（无法回访，也收不到短信）", required=False)
    consent = forms.BooleanField(
        label="我已知晓：所填信息仅用于办理和回访本诉求，依法保密，不向被反映单位透露。", required=False
    )
    # Honeypot: hidden from people by CSS; a bot that fills every field gives itself away.
    website = forms.CharField(label="网址", required=False, max_length=200)

    def __init__(self, *args: Any, place_needed: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs.update({"accept": "image/jpeg,image/png,image/webp", "multiple": True})
        if not place_needed:
            for name in ("township", "village"):
                del self.fields[name]
        chosen = self._chosen_category()
        self.fields["category"].known = chosen  # type: ignore[attr-defined]
        self.extra_fields: list[CategoryField] = add_extra_fields(self, chosen)

    def _chosen_category(self) -> Category | None:
        raw = self.data.get("category") if self.is_bound else None
        category_id = parse_id(raw)
        if category_id is not None:
            return Category.objects.filter(pk=category_id, is_active=True).select_related("parent").first()
        return None

    def extra_values(self) -> dict[str, Any]:
        return {f.code: self.cleaned_data.get(f"extra_{f.code}") for f in self.extra_fields}


class RatingForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    stars = forms.TypedChoiceField(
        label="服务评分", choices=[(i, f"{i} 星") for i in range(5, 0, -1)], coerce=int, widget=forms.RadioSelect
    )
    tags = forms.MultipleChoiceField(
        label="印象（可多选）", choices=RatingTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    comment = forms.CharField(
        label="意见（可不填）", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text="每个手机号每天可评价同一窗口一次；号码不与评价一起保存，也不会显示。",
    )
    website = forms.CharField(required=False, max_length=200)


class TrackForm(forms.Form):
    tracking_no = forms.CharField(label="受理编号", max_length=TRACKING_NO_MAX)
    access_code = forms.CharField(label="查询码", max_length=8, required=False)
    phone = forms.CharField(
        label="或：提交时填写的手机号码",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("access_code") and not data.get("phone"):
            raise forms.ValidationError("请填写查询码，或提交时填写的手机号码。")
        return data


class QrCreateForm(forms.Form):
    kind = forms.ChoiceField(label="对象类型", choices=TargetKind.choices)
    label = forms.CharField(label="名称", max_length=100, required=False, help_text="不填则按对象自动命名")
    enterprise_uscc = forms.CharField(label="企业统一社会信用代码", max_length=18, required=False)
    unit = forms.ModelChoiceField(
        label="窗口所属单位", queryset=Unit.objects.filter(kind__in=WINDOW_UNIT_KINDS, is_active=True), required=False
    )
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP, is_active=True), required=False
    )
    village = forms.ModelChoiceField(
        label="村（社区）",
        queryset=Unit.objects.filter(kind=UnitKind.VILLAGE, is_active=True).select_related("parent"),
        required=False,
    )
    address = forms.CharField(label="地点", max_length=200, required=False)

    def enterprise(self) -> Enterprise | None:
        uscc = (self.cleaned_data.get("enterprise_uscc") or "").strip().upper()
        if not uscc:
            return None
        found = Enterprise.objects.filter(uscc=uscc).first()
        if found is None:
            self.add_error("enterprise_uscc", "找不到该统一社会信用代码对应的企业。")
        return found


class QrBatchForm(forms.Form):
    kind = forms.ChoiceField(
        label="批量生成",
        choices=[(k.value, k.label) for k in (TargetKind.ENTERPRISE, TargetKind.VILLAGE, TargetKind.WINDOW)],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    township = forms.ModelChoiceField(
        label="范围",
        queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP, is_active=True),
        required=False,
        empty_label="全县",
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class QrFilterForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[("", "全部类型"), *TargetKind.choices], required=False)
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP), required=False, empty_label="全部乡镇"
    )
    active = forms.ChoiceField(
        label="状态", choices=[("1", "启用"), ("0", "已停用"), ("", "全部")], required=False, initial="1"
    )
    q = forms.CharField(label="搜索", required=False, max_length=50)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def filters(self) -> dict[str, Any]:
        """The cleaned filters as plain JSON values (for `selectors.codes_filtered` and job parameters)."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "township": data["township"].pk if data["township"] else None,
            "active": data["active"],
            "q": data["q"].strip(),
        }


class PosterForm(forms.Form):
    size = forms.ChoiceField(
        label="纸张",
        choices=[("A4", "A4"), ("A5", "A5")],
        initial="A4",
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class QrDisableForm(forms.Form):
    reason = forms.CharField(label="停用原因", max_length=200)


def code_label(qr: QrCode) -> str:
    return f"{qr.get_kind_display()} · {qr.label}"
