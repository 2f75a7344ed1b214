from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from mashangdu.open311.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "is_active", "expires_at", "created_at", "last_used_at"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]
    actions = ["rotate_key"]

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        key = obj.new_key() if not change else None
        super().save_model(request, obj, form, change)
        if key:
            messages.warning(request, f"“{obj.name}”的 api_key（只显示这一次，请立即交给对方）：{key}")

    @admin.action(description="重新生成密钥（旧密钥立即失效）")
    def rotate_key(self, request: HttpRequest, queryset: Any) -> None:
        for client in queryset:
            key = client.new_key()
            client.save(update_fields=["key_prefix", "key_hash", "expires_at"])
            messages.warning(request, f"“{client.name}”的新 api_key（只显示这一次）：{key}")
