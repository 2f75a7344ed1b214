from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mashangdu.appeals.filters import phone_query
from mashangdu.appeals.models import Appeal, Category
from mashangdu.appeals.selectors import requester_visible_to
from mashangdu.core.models import Unit
from mashangdu.intake.selectors import source_qr


class ErrorSerializer(serializers.Serializer):
    """Every refusal: a Chinese message, and per field where a field was wrong."""

    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]  # the response's own field name
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "kind", "parent", "admin_code", "is_active"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name", "parent", "default_unit", "is_complex", "is_territorial", "is_active"]


class AppealSerializer(serializers.ModelSerializer):
    """An appeal as a member of staff sees it in lists: the requester masked (or hidden for complaints)."""

    requester = serializers.SerializerMethodField()
    signal = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "tracking_no",
            "kind",
            "channel",
            "category",
            "urgency",
            "title",
            "content",
            "extra",
            "township",
            "village",
            "address",
            "enterprise",
            "requester",
            "status",
            "status_label",
            "unit",
            "assignee",
            "submitted_at",
            "dispatched_at",
            "signed_at",
            "contacted_at",
            "replied_at",
            "closed_at",
            "sign_due",
            "contact_due",
            "reply_due",
            "evaluation_due",
            "reply_result",
            "reply_public",
            "satisfaction",
            "solved",
            "close_reason",
            "reopen_count",
            "return_count",
            "supervision_level",
            "signal",
        ]

    def get_requester(self, appeal: Appeal) -> str:
        user = self.context["request"].user
        return appeal.masked_requester if requester_visible_to(appeal, user) else "（保密）"

    def get_signal(self, appeal: Appeal) -> str:
        return str(appeal.signal().value)


class SourceQrSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    label = serializers.CharField()  # type: ignore[assignment]  # the response's own field name
    unit = serializers.IntegerField(source="unit_id", read_only=True, allow_null=True)


class AppealDetailSerializer(AppealSerializer):
    """One appeal: as in lists, plus the unit complained about and the QR code it was filed with."""

    source_qr = serializers.SerializerMethodField()

    class Meta(AppealSerializer.Meta):
        fields = [*AppealSerializer.Meta.fields, "about_unit", "source_qr"]

    @extend_schema_field(SourceQrSerializer(allow_null=True))
    def get_source_qr(self, appeal: Appeal) -> dict[str, Any] | None:
        qr = source_qr(appeal)
        return None if qr is None else dict(SourceQrSerializer(qr).data)


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the response's own field name
    detail = serializers.CharField()


class ActionRequestSerializer(serializers.Serializer):
    """The fields of the action's form on the detail page (see GET /api/appeals/actions/)."""

    def to_internal_value(self, data: Any) -> Any:
        return data


class ActionInfoSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the response's own field name
    fields = serializers.ListField(child=serializers.CharField())  # type: ignore[assignment]  # idem


class PhoneSearchSerializer(serializers.Serializer):
    phone = serializers.CharField(
        max_length=20, help_text="诉求人电话（手机或带区号的座机）；投诉、举报只有督查员能按电话查到"
    )

    def validate_phone(self, value: str) -> str:
        phone = phone_query(value)
        if not phone:
            raise serializers.ValidationError("请输入电话号码（至少 7 位数字）。")
        return phone


class AppealPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AppealSerializer(many=True)
