"""The staff REST API: the same data scope and the same services as the pages (STYLE §2, §3)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from mashangdu.api.errors import error_response
from mashangdu.api.serializers import (
    ActionInfoSerializer,
    ActionRequestSerializer,
    AppealDetailSerializer,
    AppealPageSerializer,
    AppealSerializer,
    CategorySerializer,
    ErrorSerializer,
    PhoneSearchSerializer,
    TimelineEntrySerializer,
    UnitSerializer,
)
from mashangdu.appeals import transitions
from mashangdu.appeals.action_forms import ACTIONS
from mashangdu.appeals.filters import AppealFilter
from mashangdu.appeals.models import Appeal, Category
from mashangdu.appeals.selectors import appeals_visible_to, appeals_with_phone
from mashangdu.appeals.timeline import timeline
from mashangdu.core.auth import request_user
from mashangdu.core.crypto import blind_index
from mashangdu.core.models import Unit

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="输入有误：字段与原因"),
    401: OpenApiResponse(ErrorSerializer, description="未登录或令牌无效"),
    403: OpenApiResponse(ErrorSerializer, description="无权执行"),
    404: OpenApiResponse(ErrorSerializer, description="不存在（或不在您的数据范围内，或页码超出范围）"),
    409: OpenApiResponse(ErrorSerializer, description="诉求当前状态不允许该操作"),
}
READ_ERRORS = {401: ERRORS[401], 403: ERRORS[403], 404: ERRORS[404]}


@extend_schema_view(
    list=extend_schema(
        summary="诉求列表（按数据范围）", responses={200: AppealSerializer(many=True), **READ_ERRORS, 400: ERRORS[400]}
    ),
    retrieve=extend_schema(summary="诉求详情", responses={200: AppealDetailSerializer, **READ_ERRORS}),
)
class AppealViewSet(viewsets.ReadOnlyModelViewSet[Appeal]):
    serializer_class = AppealSerializer
    filterset_class = AppealFilter

    queryset = Appeal.objects.none()  # the real one is per user, below

    def get_serializer_class(self) -> Any:
        return AppealDetailSerializer if self.action == "retrieve" else AppealSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Appeal.objects.none()
        user = request_user(self.request)
        return appeals_visible_to(user).order_by("-submitted_at", "-pk")

    @extend_schema(
        summary="按电话号码查询诉求（POST：号码不进网址和访问日志）",
        description=(
            "与列表相同的数据范围和查询参数（status、kind 等仍可放在网址中），另按请求体中的电话精确匹配诉求人。"
            "投诉、举报只有督查员能按电话查到。列表接口的 q 参数不接受电话号码（400）。"
        ),
        request=PhoneSearchSerializer,
        responses={
            200: AppealPageSerializer,
            400: ERRORS[400],
            401: ERRORS[401],
            403: OpenApiResponse(ErrorSerializer, description="无业务角色的账号不能查询"),
        },
    )
    @action(detail=False, methods=["post"], url_path="search")
    def search(self, request: Request, format: str | None = None) -> Response:
        user = request_user(request)
        if not user.role_codes():
            return error_response("您没有查询诉求的权限。", status.HTTP_403_FORBIDDEN)
        form = PhoneSearchSerializer(data=request.data)
        if not form.is_valid():
            errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
            return error_response("输入有误。", status.HTTP_400_BAD_REQUEST, errors)
        appeals = appeals_with_phone(
            self.filter_queryset(self.get_queryset()),
            phone_index=blind_index(form.validated_data["phone"]),
            user=user,
        )
        page = self.paginate_queryset(appeals)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="办理过程", responses={200: TimelineEntrySerializer(many=True), **READ_ERRORS})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def timeline(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        appeal = self.get_object()
        entries = timeline(appeal, staff=True)
        return Response(TimelineEntrySerializer(entries, many=True).data)

    @extend_schema(summary="当前用户可执行的操作", responses={200: ActionInfoSerializer(many=True), **READ_ERRORS})
    @action(detail=True, methods=["get"], url_path="actions", filter_backends=[], pagination_class=None)
    def actions(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        appeal = self.get_object()
        user = request_user(request)
        rows = []
        for t in transitions.allowed_actions(appeal, user):
            form = ACTIONS[t.action].form(appeal=appeal, user=user)
            rows.append({"action": t.action, "label": t.label, "fields": list(form.fields)})
        return Response(rows)

    @extend_schema(
        summary="执行一个流转操作（与详情页表单同字段）",
        parameters=[
            OpenApiParameter(
                "name",
                str,
                OpenApiParameter.PATH,
                enum=list(ACTIONS),
                description="操作，见 docs/appeal-transitions.md",
            )
        ],
        request=ActionRequestSerializer,
        responses={200: AppealSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"act/(?P<name>[a-z_]+)", filter_backends=[], pagination_class=None)
    def act(self, request: Request, pk: str | None = None, name: str = "", format: str | None = None) -> Response:
        appeal = self.get_object()
        if name not in ACTIONS:
            raise Http404
        user = request_user(request)
        # Who and when first: a refusal should not depend on how the form was filled. A service's refusal
        # (a DomainError) answers with its own status (api.errors.api_exception_handler).
        transitions.check(name, appeal, user)
        ui = ACTIONS[name]
        data = request.data if hasattr(request.data, "getlist") else _as_querydict(request.data)
        form = ui.form(data, request.FILES, appeal=appeal, user=user)
        if not form.is_valid():
            errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
            return error_response("输入有误。", status.HTTP_400_BAD_REQUEST, errors)
        ui.run(appeal, user, form.cleaned_data)
        refreshed = appeals_visible_to(user).filter(pk=appeal.pk).first()
        if refreshed is None:  # e.g. dispatched away from a cadre's sight
            return Response({"detail": f"已{transitions.TRANSITIONS[name].label}。"}, status=status.HTTP_200_OK)
        return Response(AppealSerializer(refreshed, context={"request": request}).data)


def _as_querydict(data: Any) -> Any:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, list):
                query.setlist(str(key), [str(v) for v in value])
            elif value is not None:
                query[str(key)] = "true" if value is True else "" if value is False else str(value)
    return query


@extend_schema_view(
    list=extend_schema(
        summary="诉求分类",
        responses={200: CategorySerializer(many=True), 400: ERRORS[400], **READ_ERRORS},
    ),
    retrieve=extend_schema(summary="诉求分类详情", responses={200: CategorySerializer, **READ_ERRORS}),
)
class CategoryViewSet(viewsets.ReadOnlyModelViewSet[Category]):
    serializer_class = CategorySerializer
    queryset = Category.objects.order_by("sort_order", "pk")
    filterset_fields = ["parent", "is_active"]


@extend_schema_view(
    list=extend_schema(summary="单位", responses={200: UnitSerializer(many=True), 400: ERRORS[400], **READ_ERRORS}),
    retrieve=extend_schema(summary="单位详情", responses={200: UnitSerializer, **READ_ERRORS}),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet[Unit]):
    serializer_class = UnitSerializer
    queryset = Unit.objects.order_by("kind", "sort_order", "pk")
    filterset_fields = ["kind", "parent", "is_active"]
