"""The pages of an error (400, 403, 404, 500): in Chinese and in the layout of the part of the site asked for
(the staff pages' or the public pages' under /m/, core.middleware.error_template), never Django's bare
English ones. A 404 says no more than "not here or not yours": a page outside the reader's data scope
answers 404 too, and must not tell which."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template

from mashangdu.core.middleware import error_template


def error_page(request: HttpRequest, status: int, *, heading: str, message: str, hint: str) -> HttpResponse:
    context = {"heading": heading, "message": message, "hint": hint, "back": "/"}
    return render(request, error_template(request.path), context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request, 400, heading="请求有误", message="无法处理这个请求。", hint="请返回上一页，检查填写的内容后重试。"
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request,
        403,
        heading="无权访问",
        message="您的账号没有打开此页面或进行此操作的权限。",
        hint="如需此权限，请联系本单位负责人或系统管理员。",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request,
        404,
        heading="页面不存在",
        message="您要访问的页面不存在、已被删除，或不在您的查看范围内。",
        hint="请检查网址是否完整，或从首页重新进入。",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: the database may be what failed, and the site's layout
    reads it (the menu, the unread notices)."""
    return HttpResponseServerError(get_template("core/server_error.html").render())
