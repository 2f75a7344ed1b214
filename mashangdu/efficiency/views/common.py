"""What the 亩均效益 pages share: the door (403 for those the pages do not open) and the year parameter."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from mashangdu.core.auth import request_user
from mashangdu.core.models import User
from mashangdu.core.params import Params, bad
from mashangdu.efficiency.models import Scheme
from mashangdu.efficiency.scope import may_manage, may_read


def reader(request: HttpRequest) -> User:
    user = request_user(request)
    if not may_read(user):
        raise PermissionDenied
    return user


def manager(request: HttpRequest) -> User:
    user = request_user(request)
    if not may_manage(user):
        raise PermissionDenied
    return user


def scheme_param(params: Params) -> Scheme | None:
    """The scheme of `?year=` (400 when the year has none), or the latest one; None when there is no scheme."""
    year = params.integer("year", "年度", low=2000, high=2099)
    if year is None:
        return Scheme.objects.order_by("-year").first()
    scheme = Scheme.objects.filter(year=year).first()
    if scheme is None:
        raise bad("year", f"{year} 年度还没有评价办法。", "年度")
    return scheme
