"""The list filters of the staff API, checked by core.params: a filter value that cannot be used is a 400
whose message names the parameter ("参数 date_to（提交止）：日期须在 … 之间。"), as on the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend

from mashangdu.core.params import valid_or_400


class ValidatedFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        return valid_or_400(filterset).qs
