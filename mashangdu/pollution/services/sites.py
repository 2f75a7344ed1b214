"""The 散乱污 site's transitions, one function each, on the kit (transitions.SITES)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.forms import stale_form
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.notifications import notify
from mashangdu.core.text import clean_text
from mashangdu.enterprises.models import Enterprise
from mashangdu.pollution.models import Category, Disposal, Inspection, InspectionResult, Site, SiteKind, Source
from mashangdu.pollution.scope import is_environment_staff, township_of
from mashangdu.pollution.transitions import SITES

# A deadline further than this from the day the site was found is a typing error, not a plan.
MAX_DEADLINE_DAYS = 3 * 366


@dataclass(frozen=True)
class NewSite:
    name: str
    category: str
    kind: str
    township: Unit
    address: str
    source: str
    found_on: dt.date
    disposal: str
    deadline: dt.date
    village: Unit | None = None
    enterprise: Enterprise | None = None


def site_problems(data: NewSite, today: dt.date) -> list[tuple[str, str]]:
    """What is wrong with `data`, as (field, Chinese message) pairs: the form and the import share it."""
    problems = []
    if not clean_text(data.name).strip():
        problems.append(("name", "名称不能为空。"))
    if data.category not in Category.values:
        problems.append(("category", "类型应为散、乱或污。"))
    if data.kind not in SiteKind.values:
        problems.append(("kind", "类别不在可选范围内。"))
    if data.source not in Source.values:
        problems.append(("source", "发现方式应为排查、举报、巡查或转办。"))
    if data.disposal not in Disposal.values:
        problems.append(("disposal", "处置方式应为关停取缔、整合搬迁或整改提升。"))
    if data.township.kind != UnitKind.TOWNSHIP:
        problems.append(("township", "乡镇不是乡镇单位。"))
    if data.village is not None and data.village.parent_id != data.township.pk:
        problems.append(("village", f"{data.village.name}不属于{data.township.name}。"))
    if not clean_text(data.address).strip():
        problems.append(("address", "地址不能为空。"))
    if data.found_on > today:
        problems.append(("found_on", "发现日期不能晚于今天。"))
    if data.deadline < data.found_on:
        problems.append(("deadline", "整治期限不能早于发现日期。"))
    elif (data.deadline - data.found_on).days > MAX_DEADLINE_DAYS:
        problems.append(("deadline", "整治期限距发现日期超过三年，请核对。"))
    return problems


def site_register(*, data: NewSite, by: User | None, imported: bool = False, key: str = "") -> Site:
    """Register a site found in a township (the township's staff for their own township only). The form's
    once-`key` makes a second submission return the site the first registered (the unique key settles a
    race: the loser reads the winner's row)."""
    SITES.check("register", None, by)
    if len(key) > 64:
        raise stale_form()
    earlier = Site.objects.filter(key=key).first() if key else None
    if earlier is not None:
        return _same_author(earlier, by)
    if by is not None and not is_environment_staff(by) and township_of(by) != data.township.pk:
        raise PermissionDeniedError("只能登记本乡镇的散乱污点位。")
    problems = site_problems(data, timezone.localdate())
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)
    try:
        with transaction.atomic():
            return _insert_site(data, by, imported, key)
    except IntegrityError:
        earlier = Site.objects.filter(key=key).first() if key else None
        if earlier is None:
            raise
        return _same_author(earlier, by)


def _same_author(site: Site, by: User | None) -> Site:
    if by is not None and site.created_by_id != by.pk:
        raise stale_form()
    return site


def _insert_site(data: NewSite, by: User | None, imported: bool, key: str) -> Site:
    site = Site.objects.create(
        name=clean_text(data.name).strip(),
        category=data.category,
        kind=data.kind,
        township=data.township,
        village=data.village,
        enterprise=data.enterprise,
        address=clean_text(data.address).strip(),
        source=data.source,
        found_on=data.found_on,
        disposal=data.disposal,
        deadline=data.deadline,
        created_by=by,
        key=key,
    )
    # Every site's timeline starts with who registered it and when, imported ones too (a fresh-eyes trial
    # found imported sites and parcels with an empty 办理过程).
    SITES.record(site, action="register", by=by, data={"source": data.source, "imported": imported})
    return site


def site_start(*, site: Site | int, by: User) -> Site:
    with SITES.acting("start", site, by) as locked:
        before = locked.state
        locked.state = SITES.transitions["start"].target
        locked.save(update_fields=["state"])
        SITES.record(locked, action="start", by=by, from_state=before)
    return locked


def site_inspect(
    *,
    site: Site | int,
    by: User,
    inspected_on: dt.date,
    inspector: str,
    result: str,
    note: str = "",
    photo: UploadedFile | None = None,
    key: str = "",
) -> Inspection:
    """Record an inspection; the form's once-`key` makes a second submission return the first's record (the
    site's row lock serialises the two)."""
    if result not in InspectionResult.values:
        raise DomainError("检查结果不在可选范围内。", field="result")
    if inspected_on > timezone.localdate():
        raise DomainError("检查日期不能晚于今天。", field="inspected_on")
    if not clean_text(inspector).strip():
        raise DomainError("检查人不能为空。", field="inspector")
    if len(key) > 64:
        raise stale_form()
    with SITES.acting("inspect", site, by) as locked:
        earlier = Inspection.objects.filter(key=key).first() if key else None
        if earlier is not None:
            if earlier.site_id != locked.pk or earlier.recorded_by_id != by.pk:
                raise stale_form()
            return earlier
        if inspected_on < locked.found_on:
            raise DomainError("检查日期不能早于发现日期。", field="inspected_on")
        inspection = Inspection(
            site=locked,
            inspected_on=inspected_on,
            inspector=clean_text(inspector).strip(),
            result=result,
            note=clean_text(note),
            recorded_by=by,
            key=key,
        )
        if photo is not None:
            inspection.photo = photo
        inspection.save()
        SITES.record(locked, action="inspect", by=by, data={"inspection": inspection.pk, "result": result})
    return inspection


def site_submit(*, site: Site | int, by: User, rectification: str) -> Site:
    text = clean_text(rectification).strip()
    if not text:
        raise DomainError("请填写整治情况。", field="rectification")
    with SITES.acting("submit", site, by) as locked:
        before = locked.state
        locked.state = SITES.transitions["submit"].target
        locked.rectification = text
        locked.save(update_fields=["state", "rectification"])
        SITES.record(locked, action="submit", by=by, from_state=before)
    return locked


def site_accept(*, site: Site | int, by: User, cleared_on: dt.date, evidence: str) -> Site:
    """Accept the rectification and strike the site off (销号) on `cleared_on`."""
    text = clean_text(evidence).strip()
    if not text:
        raise DomainError("请填写销号佐证材料或验收意见。", field="evidence")
    if cleared_on > timezone.localdate():
        raise DomainError("销号日期不能晚于今天。", field="cleared_on")
    with SITES.acting("accept", site, by) as locked:
        if cleared_on < locked.found_on:
            raise DomainError("销号日期不能早于发现日期。", field="cleared_on")
        before = locked.state
        locked.state = SITES.transitions["accept"].target
        locked.cleared_on, locked.clearance_evidence, locked.accepted_by = cleared_on, text, by
        locked.save(update_fields=["state", "cleared_on", "clearance_evidence", "accepted_by"])
        SITES.record(locked, action="accept", by=by, from_state=before, data={"cleared_on": cleared_on.isoformat()})
        _tell_township(locked, f"散乱污点位已销号：{locked.name}", text)
    return locked


def site_refuse(*, site: Site | int, by: User, reason: str) -> Site:
    text = clean_text(reason).strip()
    if not text:
        raise DomainError("请填写不通过的原因。", field="reason")
    with SITES.acting("refuse", site, by) as locked:
        before = locked.state
        locked.state = SITES.transitions["refuse"].target
        locked.save(update_fields=["state"])
        SITES.record(locked, action="refuse", by=by, from_state=before, data={"reason": text})
        _tell_township(locked, f"散乱污点位验收未通过：{locked.name}", text)
    return locked


def site_urge(*, site: Site | int, by: User, note: str) -> Site:
    text = clean_text(note).strip()
    if not text:
        raise DomainError("请填写督促内容。", field="note")
    with SITES.acting("urge", site, by) as locked:
        SITES.record(locked, action="urge", by=by, data={"note": text})
        _tell_township(locked, f"督促整治散乱污点位：{locked.name}", text)
    return locked


def _tell_township(site: Site, title: str, body: str) -> None:
    notify(to=site.township, title=title, body=body, url=reverse("pollution:site", args=[site.pk]))
