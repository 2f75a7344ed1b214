"""Control characters and lone surrogates never reach storage (core/text.py)."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from mashangdu.core.middleware import CleanInputMiddleware
from mashangdu.core.text import clean_data, clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("路面\x0b\x01塌陷", "路面\n塌陷"),
        ("a\x00b\x08c\x1fd\x7fe", "abcde"),
        ("第一行\r\n第二行\t缩进", "第一行\r\n第二行\t缩进"),  # CR, LF and TAB stay
        ("C1\x80\x9f控制符", "C1控制符"),
        ("换页\x0c分节\u2028分段\u2029结束\x85", "换页\n分节\n分段\n结束\n"),
        ("孤立代理\ud800项\udfff", "孤立代理项"),
        ("非字符\ufffe\uffff", "非字符"),
        ("😀 emoji 与全角１２３ stay", "😀 emoji 与全角１２３ stay"),
        ("", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_data_walks_parsed_json() -> None:
    assert clean_data({"a\x01": ["x\ud800", {"y": "\x0b"}], "n": 1, "t": True}) == {
        "a": ["x", {"y": "\n"}],
        "n": 1,
        "t": True,
    }


def test_the_middleware_cleans_query_strings_and_form_bodies() -> None:
    seen: dict[str, list[str]] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["get"], seen["post"] = request.GET.getlist("q"), request.POST.getlist("content\x01")
        seen["post_clean"] = request.POST.getlist("content")
        return HttpResponse()

    request = RequestFactory().post("/x/?q=a%01b&q=c", {"content\x01": ["正文\x0b\x01", "二"]})
    CleanInputMiddleware(view)(request)
    assert seen == {"get": ["ab", "c"], "post": [], "post_clean": ["正文\n", "二"]}


def test_an_export_survives_control_characters_stored_before() -> None:
    from mashangdu.core.exports import read_xlsx_rows, render_xlsx

    content = render_xlsx(title="导出", header=["内容"], rows=[["旧数据\x01\x0b换行"], ["=1+1\x02"]])
    assert read_xlsx_rows(content) == [["内容"], ["旧数据\n换行"], ["'=1+1"]]


@pytest.mark.parametrize("segment", ["a%00b", "a%1bb", "%C2%85x"])
def test_an_address_with_a_control_character_is_not_found(segment: str, db: None) -> None:
    """A NUL in a path segment reached the admin's lookup of a string key, which PostgreSQL refuses (a 500)."""
    from django.test import Client

    assert Client().get(f"/m/track/{segment}/").status_code == 404
    assert Client().get(f"/admin/django_q/failure/{segment}/change/").status_code in (302, 404)
