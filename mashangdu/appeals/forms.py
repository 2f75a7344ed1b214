"""Forms: parse input for the services; the services validate the rules and say what is wrong."""

from __future__ import annotations

from typing import Any

from django import forms

from mashangdu.appeals.models import (
    TRACKING_NO_MAX,
    Appeal,
    Category,
    CategoryField,
    Channel,
    FieldType,
    Kind,
    ReplyResult,
    ReplyTemplate,
    Satisfaction,
    SupervisionLevel,
    Urgency,
)
from mashangdu.appeals.services.workflow import HANDLING_UNIT_KINDS
from mashangdu.appeals.validation import category_fields
from mashangdu.core.forms import list_model_choices
from mashangdu.core.models import UNIT_STAFF, Unit, UnitKind, User
from mashangdu.core.params import parse_id

STAFF_CHANNELS = [
    (c.value, c.label) for c in (Channel.HOTLINE, Channel.VISIT, Channel.MEETING, Channel.WEB, Channel.OTHER)
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def handling_units() -> Any:
    """Units offered in the forms: those an appeal can be dispatched to, villages left out of the long list."""
    kinds = [kind for kind in HANDLING_UNIT_KINDS if kind != UnitKind.VILLAGE]
    return Unit.objects.filter(kind__in=kinds, is_active=True).order_by("kind", "sort_order", "pk")


class AppealEntryForm(forms.Form):
    """Staff entry of an appeal received by hotline, visit or meeting."""

    # No type is pre-selected: a call left at the first type (咨询) would file a complaint about a unit as an
    # inquiry, and the unit would then see it and who made it (docs/domain.md §Confidential complaints).
    kind = forms.ChoiceField(label="类型", choices=[("", "请选择类型"), *Kind.choices])
    channel = forms.ChoiceField(label="受理渠道", choices=STAFF_CHANNELS)
    category = forms.ModelChoiceField(
        label="分类", queryset=Category.objects.filter(is_active=True).tree_order(), required=False
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL)
    title = forms.CharField(label="标题", max_length=100)
    content = forms.CharField(label="诉求内容", max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))
    township = forms.ModelChoiceField(
        label="乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP), required=False
    )
    village = forms.ModelChoiceField(
        label="村/社区", queryset=Unit.objects.filter(kind=UnitKind.VILLAGE), required=False
    )
    address = forms.CharField(label="地点", max_length=200, required=False)
    enterprise_uscc = forms.CharField(label="企业统一社会信用代码", max_length=18, required=False)
    requester_name = forms.CharField(label="诉求人姓名", max_length=50, required=False)
    requester_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    is_anonymous = forms.BooleanField(label="匿名（不回访）", required=False)
    about_unit = forms.ModelChoiceField(
        label="被投诉单位",
        queryset=handling_units(),
        required=False,
        help_text="投诉某单位工作作风时选择；该单位将看不到此件",
    )
    attachments = MultipleFileField(
        label="附件", required=False, help_text="JPEG、PNG、WebP 或 PDF，最多 6 个，每个不超过 10 MB"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        list_model_choices(self)
        category = self._chosen_category()
        self.extra_fields = add_extra_fields(self, category)

    def _chosen_category(self) -> Category | None:
        raw = self.data.get("category") if self.is_bound else None
        category_id = parse_id(raw)
        if category_id is not None:
            return Category.objects.filter(pk=category_id).first()
        return None

    def extra_values(self) -> dict[str, Any]:
        return {f.code: self.cleaned_data.get(f"extra_{f.code}") for f in self.extra_fields}


def add_extra_fields(form: forms.Form, category: Category | None) -> list[CategoryField]:
    """Add a form field per extra field of the category (and its parent); types are checked by the service."""
    if category is None:
        return []
    fields = category_fields(category)
    for f in fields:
        name = f"extra_{f.code}"
        if f.field_type == FieldType.CHOICE:
            form.fields[name] = forms.ChoiceField(
                label=f.label, required=False, choices=[("", "——"), *[(c, c) for c in f.choice_list()]]
            )
        elif f.field_type == FieldType.MULTI:
            form.fields[name] = forms.MultipleChoiceField(
                label=f.label,
                required=False,
                choices=[(c, c) for c in f.choice_list()],
                widget=forms.CheckboxSelectMultiple,
            )
        elif f.field_type == FieldType.DATE:
            form.fields[name] = forms.CharField(
                label=f.label, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
        elif f.field_type == FieldType.LONGTEXT:
            form.fields[name] = forms.CharField(
                label=f.label, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
            )
        else:
            form.fields[name] = forms.CharField(label=f.label, required=False, max_length=200)
        form.fields[name].help_text = "必填" if f.required else ""
    return fields


class ActionForm(forms.Form):
    """A form of the detail page: it knows the appeal and the acting user."""

    def __init__(self, *args: Any, appeal: Appeal, user: User, **kwargs: Any) -> None:
        self.appeal, self.user = appeal, user
        super().__init__(*args, **kwargs)
        list_model_choices(self)


class DispatchForm(ActionForm):
    unit = forms.ModelChoiceField(label="承办单位", queryset=handling_units())
    co_units = forms.ModelMultipleChoiceField(label="协办单位", queryset=handling_units(), required=False)
    category = forms.ModelChoiceField(
        label="分类", queryset=Category.objects.filter(is_active=True).tree_order(), required=False
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices)
    note = forms.CharField(label="派单意见", max_length=500, required=False)

    def __init__(self, *args: Any, appeal: Appeal, user: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "urgency": appeal.urgency,
                "category": appeal.category_id,
                "unit": appeal.category.default_unit_id if appeal.category else None,
            },
        )
        super().__init__(*args, appeal=appeal, user=user, **kwargs)


class ReferOfficeForm(ActionForm):
    about_unit = forms.ModelChoiceField(label="被投诉单位", queryset=handling_units())


class ReasonForm(ActionForm):
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(ActionForm):
    note = forms.CharField(label="说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredNoteForm(NoteForm):
    note = forms.CharField(label="说明", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(ActionForm):
    """An action with nothing to fill in (sign, approve)."""


class MergeForm(ActionForm):
    into = forms.CharField(label="合并到（受理编号）", max_length=TRACKING_NO_MAX)
    note = forms.CharField(label="说明", max_length=500, required=False)


class AnswerForm(ActionForm):
    public_reply = forms.CharField(label="答复内容", max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))


class AssignForm(ActionForm):
    assignee = forms.ModelChoiceField(label="承办人", queryset=User.objects.none())

    def __init__(self, *args: Any, appeal: Appeal, user: User, **kwargs: Any) -> None:
        super().__init__(*args, appeal=appeal, user=user, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            unit=appeal.unit, is_active=True, role_grants__role__in=UNIT_STAFF
        ).distinct()


class OpinionForm(ActionForm):
    opinion = forms.CharField(label="协办意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionForm(ActionForm):
    working_days = forms.IntegerField(label="延期（工作日）", min_value=1, max_value=15)
    reason = forms.CharField(label="理由", max_length=500)


class DecideExtensionForm(ActionForm):
    approve = forms.TypedChoiceField(
        label="审批", choices=[("1", "同意"), ("0", "不同意")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    note = forms.CharField(label="意见", max_length=500, required=False)


class ReplyForm(ActionForm):
    result = forms.ChoiceField(label="办理结果", choices=ReplyResult.choices)
    template = forms.ModelChoiceField(label="常用语", queryset=ReplyTemplate.objects.none(), required=False)
    public_reply = forms.CharField(
        label="答复内容（诉求人可见）", max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    internal_note = forms.CharField(
        label="内部说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachments = MultipleFileField(label="附件", required=False)

    def __init__(self, *args: Any, appeal: Appeal, user: User, **kwargs: Any) -> None:
        super().__init__(*args, appeal=appeal, user=user, **kwargs)
        cats = [c for c in (appeal.category, appeal.category.parent if appeal.category else None) if c]
        self.fields["template"].queryset = ReplyTemplate.objects.filter(  # type: ignore[attr-defined]
            category__in=cats
        ) | ReplyTemplate.objects.filter(category__isnull=True)


class EvaluateForm(ActionForm):
    satisfaction = forms.ChoiceField(label="满意度", choices=Satisfaction.choices, widget=forms.RadioSelect)
    solved = forms.TypedChoiceField(
        label="是否解决",
        choices=[("1", "已解决"), ("0", "未解决")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label="评价意见", max_length=500, required=False)


class ReviewForm(ActionForm):
    reopen = forms.TypedChoiceField(
        label="复核结论",
        choices=[("1", "重办"), ("0", "不合理诉求")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="复核意见", max_length=500)


class SuperviseForm(ActionForm):
    level = forms.ChoiceField(label="督办级别", choices=[c for c in SupervisionLevel.choices if c[0]])
    note = forms.CharField(label="督办意见", max_length=500)
