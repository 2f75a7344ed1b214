from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.core.validators import EMPTY_VALUES
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Category, Channel, Kind, Status, SupervisionLevel, Urgency
from mashangdu.appeals.models.appeals import AppealQuerySet, Signal
from mashangdu.core import paginate
from mashangdu.core.forms import list_model_choices
from mashangdu.core.models import Unit, UnitKind
from mashangdu.core.params import BoundedDateField
from mashangdu.core.redaction import phone_in

Queue = Callable[[AppealQuerySet, dt.datetime], AppealQuerySet]

# The work queues of the workbench tabs and home panels: key → (label, the appeals in it at `now`).
QUEUES: dict[str, tuple[str, Queue]] = {
    "new": ("待受理", lambda qs, now: qs.filter(status=Status.SUBMITTED)),
    "new_overdue": ("待受理超期", lambda qs, now: qs.filter(status=Status.SUBMITTED).red(now)),
    "returned": ("退单待审", lambda qs, now: qs.filter(status=Status.RETURNING)),
    "review": ("不满意待复核", lambda qs, now: qs.filter(status=Status.REVIEWING)),
    "extensions": ("延期待审批", lambda qs, now: qs.filter(extensions__decision="pending").distinct()),
    "to_sign": ("待签收", lambda qs, now: qs.filter(status=Status.DISPATCHED)),
    "in_hand": (
        "办理中",
        lambda qs, now: qs.filter(status__in=[Status.HANDLING, Status.PENDING_APPROVAL, Status.RETURNING]),
    ),
    "replied": ("待评价", lambda qs, now: qs.filter(status=Status.REPLIED)),
    "due_soon": ("即将到期", lambda qs, now: qs.yellow(now)),
    "overdue": ("已超期", lambda qs, now: qs.red(now)),
}


def in_queue(qs: QuerySet[Appeal], key: str, now: dt.datetime | None = None) -> AppealQuerySet:
    return QUEUES[key][1](qs, now or timezone.now())  # type: ignore[arg-type]


PHONE_IN_URL_MESSAGE = (
    "按电话号码查询须以 POST 提交（工作台的搜索框，或接口 POST /api/appeals/search/），号码不能出现在网址中。"
)


# What people type between the digits of a phone number: spaces (ideographic too), hyphens, dots, slashes,
# brackets. Full-width digits and punctuation become ASCII first (NFKC).
PHONE_SEPARATORS = re.compile(r"[\s\-.·/\\()_]+")
PHONE_DIGITS = re.compile(r"[0-9]{7,}")


def phone_query(value: str) -> str:
    """The digits of a search that is or holds a phone number (mobile or landline), "" for anything else
    (a tracking number or text): ``139.8765.4321``, ``139/8765/4321`` and full-width digits are phones, and
    so is a search with a phone number among other words (张三13912340002, 电话13912340002, +86 139 1234
    0002, tel:139…: any number `core.redaction` finds as a phone), searched by the phone alone."""
    if value.strip().upper().startswith("MSD"):
        return ""
    digits = PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    found = phone_in(value)
    if PHONE_DIGITS.fullmatch(digits):
        return found if found and found in digits else digits  # a country code in front: the number alone
    return found


def is_phone_query(value: str) -> bool:
    return bool(phone_query(value))


def _no_phone(value: str) -> None:
    # A query string ends up in access logs and browser histories: phone numbers are searched by POST.
    if is_phone_query(value):
        raise ValidationError(PHONE_IN_URL_MESSAGE, code="phone_in_url")


class SearchText(Func):
    """PostgreSQL: the appeal's searched text (title, content and address joined by spaces) upper-cased, every
    character written twice, as indexed by the trigram index `appeal_search_trgm_idx` (migration 0018, decision
    0044). Doubled, a word of two characters (most Chinese search words) has the trigrams a trigram index
    needs. The SQL must stay the index's expression character for character, or the index is not used."""

    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(F("title"), F("content"), F("address"))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        columns = [compiler.compile(expression)[0] for expression in self.get_source_expressions()]
        text = " || ' ' || ".join(f"{column}::text" for column in columns)
        return f"regexp_replace(upper({text}), '(.)', '\\1\\1', 'g')", []


class SearchQuery(Func):
    """PostgreSQL: the query upper-cased and doubled by the database, as `SearchText` treats the text. Not in
    Python: "ß".upper() is "SS" and "ﬁ".upper() "FI" there, while PostgreSQL's upper() keeps both (and, in a
    database whose ctype is C, every letter but a-z), so a query cased by Python would miss what it names.
    Immutable functions of a constant: the planner folds them, and the trigram index serves the LIKE."""

    output_field = TextField()

    def __init__(self, value: str) -> None:
        super().__init__(Value(value, output_field=TextField()))

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"regexp_replace(upper(({sql})::text), '(.)', '\\1\\1', 'g')", list(params)


def text_search(qs: QuerySet[Appeal], value: str) -> tuple[QuerySet[Appeal], bool]:
    """Appeals whose title, content or address holds `value`, any case: through the trigram index on
    PostgreSQL, LIKE elsewhere (SQLite has no such index; its tables are small). A doubled text holds the
    doubled query exactly when the text holds the query. Also whether they are known to be more than the
    count cap (PostgreSQL: the matches are read first, up to the cap; a list of exactly these rows need not
    count them again, decision 0050)."""
    if connection.vendor != "postgresql":
        return qs.filter(Q(title__icontains=value) | Q(content__icontains=value) | Q(address__icontains=value)), False
    found = qs.alias(search_text=SearchText()).filter(search_text__contains=SearchQuery(value))
    # The planner cannot tell a rare text from a common one. Left to itself it may read a rare text's page
    # from the newest appeals down, doubling the text of 150,000 rows to find 30 (2 s). So the matches are
    # first read through the index, up to the list's count cap: a rare text's page then sorts only those;
    # a common text's page is read from the newest down, where its 30 rows come quickly.
    ids = list(found.order_by().values_list("pk", flat=True)[: paginate.COUNT_CAP + 1])
    return (found, True) if len(ids) > paginate.COUNT_CAP else (qs.filter(pk__in=ids), False)


class BoundedDateFilter(django_filters.DateFilter):
    """A date filter whose day must lie in core.params' range (9999-12-31 is a form error, not a 500)."""

    field_class = BoundedDateField


class AppealFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="搜索",
        method="search",
        help_text="受理编号或内容（电话号码请用 POST 查询）",
        validators=[_no_phone],
        max_length=200,
    )
    queue = django_filters.ChoiceFilter(
        label="队列",
        method="in_queue",
        choices=[(key, label) for key, (label, _) in QUEUES.items()],
    )
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部")
    kind = django_filters.ChoiceFilter(label="类型", choices=Kind.choices, empty_label="全部")
    channel = django_filters.ChoiceFilter(label="渠道", choices=Channel.choices, empty_label="全部")
    urgency = django_filters.ChoiceFilter(label="紧急程度", choices=Urgency.choices, empty_label="全部")
    unit = django_filters.ModelChoiceFilter(label="承办单位", queryset=Unit.objects.none(), empty_label="全部")
    category = django_filters.ModelChoiceFilter(
        label="分类", queryset=Category.objects.tree_order(), method="in_category", empty_label="全部"
    )
    township = django_filters.ModelChoiceFilter(
        label="乡镇", queryset=Unit.objects.filter(kind=UnitKind.TOWNSHIP), empty_label="全部"
    )
    date_from = BoundedDateFilter(label="提交起", method="submitted_from")
    date_to = BoundedDateFilter(label="提交止", method="submitted_to")
    signal = django_filters.ChoiceFilter(
        label="信号",
        method="with_signal",
        empty_label="全部",
        choices=[(Signal.GREEN, "正常"), (Signal.YELLOW, "临期"), (Signal.RED, "超期")],
    )
    supervised = django_filters.ChoiceFilter(
        label="督办", method="is_supervised", choices=[("true", "已督办"), ("false", "未督办")], empty_label="全部"
    )

    class Meta:
        model = Appeal
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.exclude(kind__in=[UnitKind.COUNTY, UnitKind.VILLAGE])
        # The list (`qs`) is a text search alone that found more than the count cap: the page need not count.
        self.over_cap = False

    @property
    def form(self) -> Any:
        form = super().form
        list_model_choices(form)  # one plain query per drop-down, not a server-side cursor (decision 0050)
        return form

    def filter_queryset(self, queryset: QuerySet[Appeal]) -> QuerySet[Appeal]:
        filtered = super().filter_queryset(queryset)  # `search` sets `over_cap`
        if any(name != "q" and value not in EMPTY_VALUES for name, value in self.form.cleaned_data.items()):
            self.over_cap = False  # the text's matches were read before the other filters narrowed them
        return filtered

    def search(self, qs: QuerySet[Appeal], name: str, value: str) -> QuerySet[Appeal]:
        value = value.strip()
        if not value:
            return qs
        if value.upper().startswith("MSD"):
            return qs.filter(tracking_no=value.upper())  # stored upper-case: the unique index, not UPPER() scans
        if is_phone_query(value):  # refused by the field's validator; never searched from a URL
            return qs.none()
        found, self.over_cap = text_search(qs, value)
        return found

    def in_queue(self, qs: QuerySet[Appeal], name: str, value: str) -> QuerySet[Appeal]:
        return in_queue(qs, value) if value in QUEUES else qs

    def in_category(self, qs: QuerySet[Appeal], name: str, value: Category) -> QuerySet[Appeal]:
        # The category and its sub-categories by id (appeal_category_recent_idx), not a join on the parent.
        return qs.filter(category_id__in=[value.pk, *value.children.values_list("pk", flat=True)])

    def _day_start(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())

    def submitted_from(self, qs: QuerySet[Appeal], name: str, value: dt.date) -> QuerySet[Appeal]:
        return qs.filter(submitted_at__gte=self._day_start(value))

    def submitted_to(self, qs: QuerySet[Appeal], name: str, value: dt.date) -> QuerySet[Appeal]:
        return qs.filter(submitted_at__lt=self._day_start(value + dt.timedelta(days=1)))

    def with_signal(self, qs: QuerySet[Appeal], name: str, value: str) -> QuerySet[Appeal]:
        return {Signal.RED: qs.red, Signal.YELLOW: qs.yellow, Signal.GREEN: qs.green}[Signal(value)]()  # type: ignore[attr-defined]

    def is_supervised(self, qs: QuerySet[Appeal], name: str, value: str) -> QuerySet[Appeal]:
        if value == "true":
            return qs.exclude(supervision_level=SupervisionLevel.NONE)
        return qs.filter(supervision_level="") if value == "false" else qs
