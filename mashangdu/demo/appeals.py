"""The demo county's appeals: categories, one handler and head per unit, and a year of history made by
calling the real services under frozen time, so timelines, deadlines and rates are consistent."""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Sequence
from typing import Any

import time_machine
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Category, CategoryField, FieldType, Kind, ReplyTemplate, SupervisionLevel
from mashangdu.appeals.models.appeals import IN_UNIT
from mashangdu.core import workcal
from mashangdu.core.models import Notification, Role, RoleGrant, Unit, UnitKind, User
from mashangdu.demo.appeals_data import CATEGORIES, GIVEN, REPLIES, REPLY_TEMPLATES, SURNAMES, TEXTS
from mashangdu.enterprises.models import Enterprise

KINDS = [
    (Kind.HELP, 55),
    (Kind.COMPLAINT, 14),
    (Kind.INQUIRY, 15),
    (Kind.SUGGESTION, 8),
    (Kind.REPORT, 4),
    (Kind.EVALUATION, 4),
]
CHANNELS = [("hotline", 40), ("web", 25), ("qr", 20), ("visit", 8), ("meeting", 5), ("other", 2)]
URGENCIES = [("normal", 88), ("urgent", 10), ("critical", 2)]
# The newest appeals of the history, left in the service centre's queue (待受理) at the demo's "now".
JUST_IN = 3


def pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def seed_categories() -> dict[str, Category]:
    units = {u.display_name: u for u in Unit.objects.filter(kind=UnitKind.DEPARTMENT)}
    found: dict[str, Category] = {}
    for order, (code, name, subs) in enumerate(CATEGORIES):
        top, _ = Category.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
        for sub_order, (sub_code, sub_name, unit, is_complex, territorial, keywords) in enumerate(subs):
            found[sub_code], _ = Category.objects.update_or_create(
                code=sub_code,
                defaults={
                    "name": sub_name,
                    "parent": top,
                    "default_unit": units.get(unit),
                    "is_complex": is_complex,
                    "is_territorial": territorial,
                    "keywords": keywords,
                    "sort_order": sub_order,
                },
            )
    # Optional extra questions on road repairs (the Open311 definition shows them as attributes).
    for order, (code, label, kind, choices) in enumerate(
        [
            ("surface", "路面类型", FieldType.CHOICE, "沥青|水泥|砂石"),
            ("area", "破损面积（平方米）", FieldType.NUMBER, ""),
            ("hazards", "危险情况", FieldType.MULTI, "积水|塌陷|夜间无照明"),
        ],
        start=1,
    ):
        CategoryField.objects.get_or_create(
            category=found["roads"],
            code=code,
            defaults={"label": label, "field_type": kind, "choices": choices, "order": order},
        )
    for template_code, title, text in REPLY_TEMPLATES:
        category = found.get(template_code) if template_code else None
        ReplyTemplate.objects.get_or_create(title=title, defaults={"text": text, "category": category})
    return found


def ensure_unit_staff(rng: random.Random, password: str) -> None:
    """A handler and a head for every department and township that has none yet (usernames d01, t01 …)."""
    hashed = make_password(password)
    for prefix, kind in (("d", UnitKind.DEPARTMENT), ("t", UnitKind.TOWNSHIP)):
        for index, unit in enumerate(Unit.objects.filter(kind=kind).order_by("sort_order", "pk"), start=1):
            for suffix, role, title in (("", Role.HANDLER, "科员"), ("_head", Role.UNIT_HEAD, "负责人")):
                if User.objects.filter(unit=unit, role_grants__role=role).exists():
                    continue
                username = f"{prefix}{index:02d}{suffix}"
                user, _ = User.objects.get_or_create(
                    username=username,
                    defaults={"full_name": person(rng), "unit": unit, "title": title, "password": hashed},
                )
                RoleGrant.objects.get_or_create(user=user, role=role)


class History:
    """Plays one appeal's life through the services, step by step at increasing times, until `end`."""

    def __init__(self, rng: random.Random, end: dt.datetime, categories: dict[str, Category]) -> None:
        self.rng, self.end, self.categories = rng, end, categories
        self.cal = workcal.from_db()
        self.dispatcher = User.objects.get(username="dispatcher")
        self.supervisor = User.objects.get(username="supervisor")
        self.cadre = User.objects.get(username="cadre")
        self.staff = {u.unit_id: u for u in User.objects.filter(role_grants__role=Role.HANDLER).order_by("-pk")}
        self.departments = list(Unit.objects.filter(kind=UnitKind.DEPARTMENT))
        self.townships = list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).prefetch_related("children"))
        self.enterprises: dict[int, list[Enterprise]] = {}
        for e in Enterprise.objects.only("pk", "name", "township_id"):
            self.enterprises.setdefault(e.township_id, []).append(e)
        self.previous: Appeal | None = None
        self.budget: int | None = None

    def at(self, moment: dt.datetime, call: Callable[[], Any], *, centre: bool = False) -> Any:
        """Run a service call at `moment`; None when that moment is still in the future, or when this
        appeal's budget of steps is spent (recent appeals stop at every stage of their life).

        The service centre's first handling (`centre`: dispatch, answer, reject, merge) is spent from no
        budget: a real centre clears its queue, so an appeal waits in 待受理 only until its dispatch moment
        (see `dispatch_moment`), unless it is one of the few just in (`play(just_in=True)`)."""
        if moment > self.end or (self.budget == 0 and not centre):
            return None
        if self.budget is not None and not centre:
            self.budget -= 1
        with time_machine.travel(moment, tick=False):
            return call()

    def dispatch_moment(self, moment: dt.datetime) -> dt.datetime:
        """When the centre acts on an appeal that entered its queue at `moment`: 0.1–2.5 working hours
        later, so within its 2-hour deadline most of the time and late sometimes."""
        return self.later(moment, 0.1, 2.5)

    def unit_for(self, category: Category, township: Unit | None) -> Unit:
        """The unit that handles `category`: the township for 属地 matters, else the category's own unit."""
        if category.is_territorial and township is not None:
            return township
        return category.default_unit or self.rng.choice(self.departments)

    def later(self, moment: dt.datetime, low: float, high: float) -> dt.datetime:
        """A moment `low`–`high` working hours after `moment`."""
        return self.cal.add(moment, dt.timedelta(hours=self.rng.uniform(low, high)))

    def play(self, start: dt.datetime, *, recent: bool = False, just_in: bool = False) -> None:
        """One appeal from `start`. `recent` ones stop at a random stage; `just_in` ones are not yet
        dispatched (the newest few: the centre's queue is never empty in the demo)."""
        rng = self.rng
        self.budget = rng.randint(1, 7) if recent or self.end - start < dt.timedelta(days=14) else None
        code = rng.choice(list(TEXTS))
        category = self.categories[code]
        township = rng.choice(self.townships)
        village = rng.choice(list(township.children.all()) or [None])
        enterprise = rng.choice(self.enterprises.get(township.pk, [None]))
        title, content = rng.choice(TEXTS[code])
        fill = {
            "t": township.name,
            "v": village.name if village else "",
            "e": enterprise.name if enterprise else "某企业",
        }
        kind = Kind.INQUIRY if "咨询" in title else pick(rng, KINDS)
        anonymous = rng.random() < 0.05
        channel = pick(rng, CHANNELS)
        entered_by = {"visit": self.cadre, "hotline": self.dispatcher, "meeting": self.dispatcher}.get(channel)
        appeal = self.at(
            start,
            lambda: services.appeal_create(
                by=entered_by,
                kind=kind,
                channel=channel,
                title=title.format(**fill)[:100],
                content=content.format(**fill),
                category=category,
                urgency=pick(rng, URGENCIES),
                township=township,
                village=village,
                enterprise=enterprise if "{e}" in content else None,
                requester_name="" if anonymous else person(rng),
                requester_phone="" if anonymous else f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
                is_anonymous=anonymous,
            ),
        )
        if appeal is None or just_in:
            return
        previous = self.previous
        t = self.dispatch_moment(start)
        roll = rng.random()
        if roll < 0.03:
            self.at(
                t,
                lambda: services.appeal_reject(
                    appeal=appeal, by=self.dispatcher, reason="不属于本平台受理范围，已告知诉求人通过司法途径解决。"
                ),
                centre=True,
            )
            return
        if roll < 0.06 and previous is not None:
            self.at(
                t,
                lambda: services.appeal_merge(
                    appeal=appeal, by=self.dispatcher, into=previous, note="同一事项重复反映"
                ),
                centre=True,
            )
            return
        self.previous = appeal  # never a merged one, so a later duplicate can be merged into it
        if kind == Kind.INQUIRY and roll < 0.5:
            answered = self.at(
                t,
                lambda: services.appeal_answer(
                    appeal=appeal, by=self.dispatcher, public_reply="您好，" + rng.choice(REPLIES["explained"])
                ),
                centre=True,
            )
            if answered:
                self.evaluate(answered, t)
            return
        unit = self.unit_for(category, township)
        if rng.random() < 0.06:  # misrouted first, returned, then sent to the right unit
            wrong = rng.choice([d for d in self.departments if d.pk != unit.pk])
            dispatched = self.at(
                t, lambda: services.appeal_dispatch(appeal=appeal, by=self.dispatcher, unit=wrong), centre=True
            )
            if not dispatched:
                return
            t = self.later(t, 0.3, 3)
            if not self.at(
                t,
                lambda: services.appeal_return(
                    appeal=appeal, by=self.staff[wrong.pk], reason="该事项不属于本单位职责，请改派。"
                ),
            ):
                return
            t = self.later(t, 0.2, 2)
            if not self.at(t, lambda: services.appeal_accept_return(appeal=appeal, by=self.dispatcher, note="改派")):
                return
            t = self.dispatch_moment(t)  # back in the centre's queue, on a new dispatch clock
        self.dispatch(appeal.pk, unit, t)

    def dispatch(self, pk: int, unit: Unit, t: dt.datetime) -> None:
        """The centre dispatches the appeal at `t` (a step of its own, spent from no budget), then the unit
        handles it."""
        if self.at(t, lambda: services.appeal_dispatch(appeal=pk, by=self.dispatcher, unit=unit), centre=True):
            self.handle(pk, unit, t)

    def handle(self, pk: int, unit: Unit, t: dt.datetime) -> None:
        rng, handler = self.rng, self.staff[unit.pk]
        t = self.later(t, 0.2, 1.6) if rng.random() < 0.85 else self.later(t, 2.2, 8)
        appeal = self.at(t, lambda: services.appeal_sign(appeal=pk, by=handler))
        if not appeal:
            return
        t = self.later(t, 0.2, 4) if rng.random() < 0.9 else self.later(t, 7.5, 14)
        if not self.at(
            t, lambda: services.appeal_contact(appeal=appeal, by=handler, note="已电话联系诉求人，了解具体情况。")
        ):
            return
        if rng.random() < 0.05:
            t = self.later(t, 1, 7)
            if not self.at(
                t,
                lambda: services.appeal_request_extension(
                    appeal=appeal, by=handler, working_days=5, reason="需协调多个部门现场会商。"
                ),
            ):
                return
            t = self.later(t, 0.5, 4)
            appeal = self.at(
                t, lambda: services.appeal_decide_extension(appeal=pk, by=self.dispatcher, approve=True, note="同意")
            )
            if not appeal:
                return
        self.reply(appeal, handler, t)

    def reply(self, appeal: Appeal, handler: User, t: dt.datetime) -> None:
        rng = self.rng
        window = (
            self.cal.between(t, appeal.reply_due)
            if appeal.reply_due and appeal.reply_due > t
            else dt.timedelta(hours=7)
        )
        hours = window.total_seconds() / 3600
        t = self.later(t, 0.1 * hours, 0.95 * hours) if rng.random() < 0.85 else self.later(t, hours + 1, hours + 21)
        result = rng.choices(["solved", "partly", "explained"], weights=[70, 15, 15])[0]
        replied = self.at(
            t,
            lambda: services.appeal_reply(
                appeal=appeal.pk, by=handler, result=result, public_reply="您好，" + rng.choice(REPLIES[result])
            ),
        )
        if replied:
            self.evaluate(replied, t)

    def evaluate(self, appeal: Appeal, t: dt.datetime) -> None:
        rng = self.rng
        if rng.random() < 0.3:  # nobody evaluates: the sweep closes it when the window ends
            if appeal.evaluation_due:
                self.at(
                    appeal.evaluation_due + dt.timedelta(minutes=1), lambda: services.appeal_auto_close(appeal=appeal)
                )
            return
        t = self.later(t, 0.5, 20)
        solved = appeal.reply_result == "solved" or rng.random() < 0.3
        satisfaction = rng.choices(
            ["satisfied", "basic", "unsatisfied"],
            weights=[70, 20, 10] if solved and appeal.reopen_count == 0 else [35, 30, 35],
        )[0]
        if rng.random() < 0.5:
            done = self.at(
                t,
                # The requester on the tracking page (the demo never knew the access codes in clear).
                lambda: services.appeal_evaluate_on_tracking_page(
                    appeal=appeal, satisfaction=satisfaction, solved=solved
                ),
            )
        else:
            done = self.at(
                t,
                lambda: services.appeal_evaluate(
                    appeal=appeal, by=self.dispatcher, satisfaction=satisfaction, solved=solved, comment="电话回访"
                ),
            )
        if not done or satisfaction != "unsatisfied":
            return
        t = self.later(t, 2, 12)
        reopen = rng.random() < 0.5 and appeal.reopen_count == 0
        reason = "诉求人反映问题仍未解决，责成重办。" if reopen else "经核查，已按政策答复，诉求超出政策范围。"
        reviewed = self.at(
            t, lambda: services.appeal_review(appeal=appeal.pk, by=self.supervisor, reopen=reopen, reason=reason)
        )
        if reviewed and reopen and reviewed.unit_id:
            self.reply(reviewed, self.staff[reviewed.unit_id], t)
        elif reviewed and reopen and reviewed.category is not None:
            # Answered by the centre, reopened: back in its queue, dispatched to the unit this time.
            self.dispatch(reviewed.pk, self.unit_for(reviewed.category, reviewed.township), self.dispatch_moment(t))


def supervise_some(history: History, end: dt.datetime) -> None:
    """The supervision office puts cards on some of the longest-overdue open appeals."""
    overdue = list(Appeal.objects.red(end).filter(status__in=IN_UNIT).order_by("reply_due")[:12])
    levels = [SupervisionLevel.LISTED, SupervisionLevel.RED, SupervisionLevel.RED] + [SupervisionLevel.YELLOW] * 9
    history.budget = None
    for appeal, level in zip(overdue, levels, strict=False):
        history.at(end - dt.timedelta(hours=2), _supervise(appeal, level, history.supervisor))


def _supervise(appeal: Appeal, level: str, by: User) -> Callable[[], Appeal]:
    note = "超期未办结，请单位主要负责人亲自督办，三日内报送办理情况。"
    return lambda: services.appeal_supervise(appeal=appeal, by=by, level=level, note=note)


def generate_history(
    *,
    rng: random.Random,
    count: int,
    end: dt.datetime,
    categories: dict[str, Category],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """`count` appeals submitted over the year before `end`, each played as far as `end` allows."""
    logging.getLogger("mashangdu.notifications").setLevel(logging.WARNING)
    starts = sorted(end - dt.timedelta(seconds=rng.uniform(0, 365 * 86400)) for _ in range(count))
    local = [timezone.localtime(s) for s in starts]
    starts = [
        s.replace(hour=rng.choice((8, 9, 9, 10, 10, 11, 14, 15, 15, 16, 17, 20))) if s.hour < 7 else s for s in local
    ]
    starts.sort()
    with workcal.reuse_calendar():
        history = History(rng, end, categories)
        for batch in range(0, len(starts), 250):
            with transaction.atomic():
                for index, start in enumerate(starts[batch : batch + 250], start=batch):
                    # The newest appeals (at least 30) stop at random stages, so every queue has work; the
                    # newest few are just in and still wait for the centre to dispatch them.
                    history.play(start, recent=index >= len(starts) - 30, just_in=index >= len(starts) - JUST_IN)
            if progress:
                progress(min(batch + 250, len(starts)), len(starts))
        supervise_some(history, end)
    # Bells show what is recent; older reminders count as read.
    Notification.objects.filter(read_at__isnull=True, created_at__lt=end - dt.timedelta(days=7)).update(read_at=end)
    return len(starts)
