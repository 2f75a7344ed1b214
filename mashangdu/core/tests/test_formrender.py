"""The Python-written selects (decision 0050) produce exactly Django's template markup."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from mashangdu.core.formrender import FastSelectRenderer
from mashangdu.core.paginate import CappedPaginator


class Sample(forms.Form):
    plain = forms.ChoiceField(
        required=False,
        choices=[
            ("", "---"),
            ("x&y", "A<b>\"'"),
            (1, mark_safe("<i>safe</i>")),
            ("组", [("1", "一"), ("2", 't"w')]),
        ],
    )
    many = forms.MultipleChoiceField(
        choices=[(1, "a"), (2, "b")], widget=forms.SelectMultiple(attrs={"class": "form-select", "data-x": 'q"<'})
    )
    number = forms.TypedChoiceField(choices=[(1.5, 1.5), (1000, 1000)], coerce=float)
    flag = forms.ChoiceField(choices=[("a", "A")], widget=forms.Select(attrs={"disabled": True, "hidden": False}))


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "2", "many": ["1", "2"], "number": "1000"}, {"plain": "x&y"}, {"plain": "<script>"}],
)
def test_selects_written_in_python_are_the_templates_markup(data: dict[str, object] | None) -> None:
    django_form, fast_form = Sample(data, renderer=DjangoTemplates()), Sample(data, renderer=FastSelectRenderer())
    for name in Sample.base_fields:
        assert str(fast_form[name]) == str(django_form[name])
    assert "&lt;b&gt;&quot;&#x27;" in str(fast_form["plain"]) and "<i>safe</i>" in str(fast_form["plain"])


def test_a_time_label_is_shown_in_local_time_as_the_template_shows_it() -> None:
    """`{{ widget.label }}` converts an aware time to the current time zone (Asia/Shanghai) before localizing
    it; the option's value (`stringformat`) is not converted."""
    at = dt.datetime(2026, 1, 1, 20, 0, tzinfo=dt.UTC)

    class Times(forms.Form):
        when = forms.ChoiceField(choices=[(at, at), (dt.date(2026, 1, 2), dt.date(2026, 1, 2))])

    fast, django = Times(renderer=FastSelectRenderer())["when"], Times(renderer=DjangoTemplates())["when"]
    assert str(fast) == str(django)
    assert "2026年1月2日 04:00" in str(fast)


def test_other_widgets_still_use_the_templates() -> None:
    class Other(forms.Form):
        text = forms.CharField()
        radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    assert str(Other(renderer=FastSelectRenderer())["radio"]) == str(Other(renderer=DjangoTemplates())["radio"])
    assert str(Other(renderer=FastSelectRenderer())["text"]) == str(Other(renderer=DjangoTemplates())["text"])


def test_a_paginator_told_the_rows_exceed_the_cap_does_not_count() -> None:
    page = CappedPaginator(list(range(40)), 10, cap=20, over_cap=True)
    assert page.capped and page.count == 20 and page.num_pages == 2
    assert not CappedPaginator(list(range(15)), 10, cap=20).capped
