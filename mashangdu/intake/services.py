"""Public intake: codes and their batches, scans, submissions from the mobile pages, window ratings."""

from __future__ import annotations

import datetime as dt
import logging
import math
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Category, Channel, Kind
from mashangdu.appeals.services import appeal_create
from mashangdu.appeals.services.workflow import detail_url
from mashangdu.appeals.titles import title_from_text
from mashangdu.appeals.validation import sniff
from mashangdu.core.crypto import blind_index, ip_index
from mashangdu.core.errors import DomainError, RateLimitedError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.models.users import MOBILE_PATTERN
from mashangdu.core.notifications import Phone, notify
from mashangdu.core.redaction import redact
from mashangdu.core.services.events import event_record
from mashangdu.enterprises.models import Enterprise, Pairing
from mashangdu.intake.models import PublicSubmission, QrCode, QrScanDay, RatingTag, TargetKind, WindowRating

logger = logging.getLogger("mashangdu.intake")

# Lower-case letters and digits without look-alikes; 12 of them ≈ 60 bits: not guessable, short in a URL.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 12
WINDOW_UNIT_KINDS = (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP, UnitKind.SERVICE_CENTRE)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_submission_key() -> str:
    return uuid.uuid4().hex


# ---------------------------------------------------------------- codes


def _target_fields(
    kind: str,
    *,
    enterprise: Enterprise | None,
    unit: Unit | None,
    township: Unit | None,
    village: Unit | None,
) -> dict[str, Any]:
    """The target columns for a code of `kind`, checked; the township is derived where it can be."""
    if kind not in TargetKind.values:
        raise DomainError("请选择二维码对象类型。", field="kind")
    if kind == TargetKind.ENTERPRISE:
        if enterprise is None:
            raise DomainError("请选择企业。", field="enterprise")
        return {"enterprise": enterprise, "township": enterprise.township}
    if kind == TargetKind.WINDOW:
        if unit is None or unit.kind not in WINDOW_UNIT_KINDS:
            raise DomainError("请选择窗口所属单位（部门、乡镇或服务中心）。", field="unit")
        return {"unit": unit, "township": unit if unit.kind == UnitKind.TOWNSHIP else None}
    if kind == TargetKind.VILLAGE:
        if village is None or village.kind != UnitKind.VILLAGE:
            raise DomainError("请选择村（社区）。", field="village")
        return {"village": village, "township": village.parent}
    if township is not None and township.kind != UnitKind.TOWNSHIP:
        raise DomainError("请选择乡镇。", field="township")
    if kind == TargetKind.SITE and township is None:
        raise DomainError("请选择项目所在乡镇。", field="township")
    return {"township": township}


def _default_label(kind: str, target: dict[str, Any]) -> str:
    if kind == TargetKind.ENTERPRISE:
        return str(target["enterprise"].name)
    if kind == TargetKind.WINDOW:
        return f"{target['unit'].name}服务窗口"
    if kind == TargetKind.VILLAGE:
        return f"{target['township'].name}{target['village'].name}"
    if kind == TargetKind.COUNTY:
        return f"{settings.COUNTY_NAME}营商环境服务"
    return ""


def qr_create(
    *,
    by: User,
    kind: str,
    label: str = "",
    enterprise: Enterprise | None = None,
    unit: Unit | None = None,
    township: Unit | None = None,
    village: Unit | None = None,
    address: str = "",
) -> QrCode:
    target = _target_fields(kind, enterprise=enterprise, unit=unit, township=township, village=village)
    label = (label or "").strip() or _default_label(kind, target)
    if not label:
        raise DomainError("请填写名称（印在海报上）。", field="label")
    if len(label) > 100:
        raise DomainError("名称不能超过 100 字。", field="label")
    address = (address or "").strip()
    if len(address) > 200:
        raise DomainError("地点不能超过 200 字。", field="address")
    with transaction.atomic():
        if kind == TargetKind.ENTERPRISE and QrCode.objects.filter(enterprise=enterprise, kind=kind, is_active=True):
            raise DomainError("该企业已有启用的二维码；如需换码，请先停用原码。", field="enterprise")
        if kind == TargetKind.VILLAGE and QrCode.objects.filter(village=village, kind=kind, is_active=True):
            raise DomainError("该村（社区）已有启用的二维码；如需换码，请先停用原码。", field="village")
        qr = QrCode.objects.create(code=new_code(), kind=kind, label=label, address=address, created_by=by, **target)
        event_record(verb="qr.created", actor=by, target=qr, data={"kind": kind, "label": label})
    return qr


@dataclass
class BatchResult:
    created: int
    skipped: int


def qr_batch_create(*, by: User, kind: str, township: Unit | None = None) -> BatchResult:
    """One code for every enterprise / village (of a township, or of the county) / window unit that has
    no active code yet. Those that have one are skipped, so running it twice creates nothing new."""
    if township is not None and township.kind != UnitKind.TOWNSHIP:
        raise DomainError("请选择乡镇。", field="township")
    planners: dict[str, Callable[[Unit | None], tuple[list[QrCode], int]]] = {
        TargetKind.ENTERPRISE: _plan_enterprises,
        TargetKind.VILLAGE: _plan_villages,
        TargetKind.WINDOW: _plan_windows,
    }
    if kind not in planners:
        raise DomainError("批量生成只支持企业、村（社区）和服务窗口。", field="kind")
    rows, targets = planners[kind](township)
    now = timezone.now()
    for row in rows:
        row.code, row.created_by, row.created_at = new_code(), by, now
    with transaction.atomic():
        QrCode.objects.bulk_create(rows, batch_size=500)
        event_record(
            verb="qr.batch_created",
            actor=by,
            data={"kind": kind, "township_id": township.pk if township else None, "created": len(rows)},
        )
    return BatchResult(created=len(rows), skipped=targets - len(rows))


def _plan_enterprises(township: Unit | None) -> tuple[list[QrCode], int]:
    """(codes to create, number of targets) for the active enterprises of `township` or the county."""
    enterprises = Enterprise.objects.filter(is_active=True).select_related("township")
    if township is not None:
        enterprises = enterprises.filter(township=township)
    taken = set(
        QrCode.objects.filter(kind=TargetKind.ENTERPRISE, is_active=True).values_list("enterprise_id", flat=True)
    )
    targets = list(enterprises)
    rows = [
        QrCode(kind=TargetKind.ENTERPRISE, enterprise=e, township=e.township, label=e.name)
        for e in targets
        if e.pk not in taken
    ]
    return rows, len(targets)


def _plan_villages(township: Unit | None) -> tuple[list[QrCode], int]:
    villages = Unit.objects.filter(kind=UnitKind.VILLAGE, is_active=True).select_related("parent")
    if township is not None:
        villages = villages.filter(parent=township)
    taken = set(QrCode.objects.filter(kind=TargetKind.VILLAGE, is_active=True).values_list("village_id", flat=True))
    targets = list(villages)
    rows = [
        QrCode(kind=TargetKind.VILLAGE, village=v, township=v.parent, label=f"{v.parent}{v.name}")
        for v in targets
        if v.pk not in taken
    ]
    return rows, len(targets)


def _plan_windows(township: Unit | None) -> tuple[list[QrCode], int]:
    units = Unit.objects.filter(kind__in=WINDOW_UNIT_KINDS, is_active=True)
    if township is not None:
        units = units.filter(pk=township.pk)
    taken = set(QrCode.objects.filter(kind=TargetKind.WINDOW, is_active=True).values_list("unit_id", flat=True))
    targets = list(units)
    rows = [
        QrCode(
            kind=TargetKind.WINDOW,
            unit=u,
            township=u if u.kind == UnitKind.TOWNSHIP else None,
            label=f"{u.name}服务窗口",
        )
        for u in targets
        if u.pk not in taken
    ]
    return rows, len(targets)


def qr_set_active(*, qr: QrCode, by: User, active: bool, reason: str = "") -> QrCode:
    reason = (reason or "").strip()
    if not active and not reason:
        raise DomainError("请填写停用原因。", field="reason")
    if len(reason) > 200:
        raise DomainError("停用原因不能超过 200 字。", field="reason")
    with transaction.atomic():
        locked = QrCode.objects.select_for_update().get(pk=qr.pk)
        if locked.is_active == active:
            return locked
        if active:
            clash = QrCode.objects.filter(kind=locked.kind, is_active=True).exclude(pk=locked.pk)
            same_target = (
                clash.filter(enterprise=locked.enterprise)
                if locked.kind == TargetKind.ENTERPRISE
                else clash.filter(village=locked.village)
                if locked.kind == TargetKind.VILLAGE
                else clash.none()
            )
            if same_target.exists():
                raise DomainError("同一对象已有启用的二维码，不能再启用此码。", field="active")
        locked.is_active = active
        locked.disabled_at = None if active else timezone.now()
        locked.disabled_reason = "" if active else reason
        locked.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
        event_record(verb="qr.enabled" if active else "qr.disabled", actor=by, target=locked, data={"reason": reason})
    return locked


def qr_scanned(qr: QrCode) -> None:
    """Count a scan of `qr` today; one UPDATE on the hot path, an INSERT once a day."""
    day = timezone.localdate()
    if QrScanDay.objects.filter(qr=qr, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            QrScanDay.objects.create(qr=qr, day=day, count=1)
    except IntegrityError:  # another request created today's row first
        QrScanDay.objects.filter(qr=qr, day=day).update(count=F("count") + 1)


# ---------------------------------------------------------------- public submissions


class PublicKind:
    """What the public chooses on a code's page, and the appeal kind each becomes."""

    PROBLEM = "problem"
    COMPLAINT = "complaint"
    REPORT = "report"
    SUGGESTION = "suggestion"
    INQUIRY = "inquiry"
    RATE = "rate"

    LABELS = {
        PROBLEM: "反映问题",
        COMPLAINT: "投诉",
        REPORT: "举报",
        SUGGESTION: "建议",
        INQUIRY: "咨询",
        RATE: "评价服务",
    }
    APPEAL_KINDS = {
        PROBLEM: Kind.HELP,
        COMPLAINT: Kind.COMPLAINT,
        REPORT: Kind.REPORT,
        SUGGESTION: Kind.SUGGESTION,
        INQUIRY: Kind.INQUIRY,
    }


def choices_for(qr: QrCode | None) -> list[tuple[str, str, str]]:
    """(public kind, label, hint) offered on a code's page; rating only at a service window."""
    problem_label = "反映项目推进障碍" if qr and qr.kind == TargetKind.SITE else "反映问题"
    offered = [
        (PublicKind.PROBLEM, problem_label, "遇到困难、需要政府部门帮助解决"),
        (PublicKind.COMPLAINT, "投诉", "对办事效率、服务态度、推诿扯皮等不满"),
        (PublicKind.REPORT, "举报", "违法违规行为、吃拿卡要等作风问题"),
        (PublicKind.SUGGESTION, "建议", "对改进工作和营商环境的意见建议"),
        (PublicKind.INQUIRY, "咨询", "政策、办事流程等问题"),
    ]
    if qr and qr.kind == TargetKind.WINDOW:
        offered.insert(0, (PublicKind.RATE, "评价服务", "为本窗口的服务打分，只需几秒"))
    return offered


@dataclass
class Outcome:
    appeal: Appeal
    created: bool


def _check_limits(*, ip_index: str, phone_index: str, now: dt.datetime) -> None:
    hotline = settings.SERVICE_HOTLINE
    limits = [
        ("ip_index", ip_index, settings.INTAKE_IP_MAX, settings.INTAKE_IP_WINDOW),
        ("phone_index", phone_index, settings.INTAKE_PHONE_MAX, settings.INTAKE_PHONE_WINDOW),
    ]
    for column, value, maximum, window in limits:
        if not value:
            continue
        since = now - dt.timedelta(seconds=window)
        recent = PublicSubmission.objects.filter(**{column: value}, created_at__gt=since)
        if recent.count() >= maximum:
            oldest = recent.order_by("-created_at").values_list("created_at", flat=True)[maximum - 1]
            wait = max(1, math.ceil((oldest + dt.timedelta(seconds=window) - now).total_seconds() / 60))
            who = "此网络" if column == "ip_index" else "此手机号"
            logger.warning("public intake rate limit hit (%s)", column)
            raise RateLimitedError(
                f"{who}提交过于频繁，请 {wait} 分钟后再试；紧急事项请拨打服务热线 {hotline}。", field="__all__"
            )


def _existing(key: str) -> Appeal | None:
    found = PublicSubmission.objects.filter(key=key).select_related("appeal").first()
    return found.appeal if found else None


def public_submit(
    *,
    key: str,
    ip: str | None,
    qr: QrCode | None,
    public_kind: str,
    content: str,
    category: Category | None = None,
    township: Unit | None = None,
    village: Unit | None = None,
    address: str = "",
    requester_name: str = "",
    requester_phone: str = "",
    is_anonymous: bool = False,
    consent: bool = False,
    photos: list[UploadedFile] | None = None,
    extra: dict[str, Any] | None = None,
) -> Outcome:
    """File an appeal from the public pages. The same `key` always yields the same appeal."""
    if not key or len(key) > 64:
        raise DomainError("页面已过期，请刷新后重新提交。", field="__all__")
    earlier = _existing(key)
    if earlier is not None:
        return Outcome(earlier, created=False)
    if qr is not None and not qr.is_active:
        raise DomainError("该二维码已停用。", field="__all__")
    kind = PublicKind.APPEAL_KINDS.get(public_kind)
    if kind is None:
        raise DomainError("请选择要办理的事项类型。", field="kind")
    if not consent:
        raise DomainError("请阅读并勾选个人信息使用说明。", field="consent")
    for photo in photos or []:
        photo.seek(0)
        found = sniff(photo.read(16))
        photo.seek(0)
        if found is not None and not found[0].startswith("image/"):
            raise DomainError(f"“{photo.name}”不是照片：只接受 JPEG、PNG、WebP 照片。", field="attachments")
    phone = (requester_phone or "").strip().replace(" ", "")
    now = timezone.now()
    ip_digest = ip_index(ip)
    phone_index = blind_index(phone) if phone and not is_anonymous else ""
    _check_limits(ip_index=ip_digest, phone_index=phone_index, now=now)

    about_unit = None
    enterprise = None
    if qr is not None:
        if qr.kind == TargetKind.ENTERPRISE:
            enterprise = qr.enterprise
        elif qr.kind == TargetKind.VILLAGE:
            township, village = qr.township, qr.village
        elif qr.kind == TargetKind.SITE:
            township, address = qr.township, address or qr.address or qr.label
        elif qr.kind == TargetKind.WINDOW:
            township = township or qr.township
            if kind in (Kind.COMPLAINT, Kind.REPORT):
                # About the window's conduct: the unit must never see it (SPEC §2).
                about_unit = qr.unit
    text = (content or "").strip()
    subject = category.name if category else PublicKind.LABELS[public_kind]
    title = title_from_text(text, subject=subject)
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = PublicSubmission.objects.create(
                    key=key, qr=qr, ip_index=ip_digest, phone_index=phone_index, created_at=now
                )
        except IntegrityError:
            pass
        else:
            appeal = appeal_create(
                by=None,
                kind=kind,
                channel=Channel.QR if qr else Channel.WEB,
                title=title[:100],
                content=content,
                category=category,
                township=township,
                village=village,
                address=address,
                enterprise=enterprise,
                requester_name=requester_name,
                requester_phone=phone,
                is_anonymous=is_anonymous,
                about_unit=about_unit,
                extra=extra,
                attachments=photos,
            )
            submission.appeal = appeal
            submission.access_code_sealed = appeal.issued_access_code
            submission.save(update_fields=["appeal", "access_code_sealed"])
            _after_submit(appeal, qr)
            return Outcome(appeal, created=True)
    # A concurrent request with the same key won the insert; it has committed by now.
    earlier = _existing(key)
    if earlier is None:
        raise DomainError("提交正在处理中，请稍候刷新页面。", field="__all__")
    return Outcome(earlier, created=False)


def take_issued_access_code(appeal: Appeal) -> str:
    """The access code of a public submission in clear, once: the submission page shows it, and it is
    erased here (only its digest stays, on the appeal). "" when already shown or not a public filing."""
    with transaction.atomic():
        submission = PublicSubmission.objects.select_for_update().filter(appeal=appeal).first()
        if submission is None or not submission.access_code_sealed:
            return ""
        if submission.created_at < timezone.now() - UNSHOWN_CODE_TTL:
            return ""  # the hourly purge is due to erase it
        code = submission.access_code_sealed
        submission.access_code_sealed = ""
        submission.save(update_fields=["access_code_sealed"])
    return code


# A submission page not shown within this time never will be (the browser left): the waiting copy goes.
UNSHOWN_CODE_TTL = dt.timedelta(hours=1)


def purge_unshown_access_codes() -> int:
    """Scheduled hourly: erase the encrypted access codes whose submission page was never shown."""
    stale = PublicSubmission.objects.filter(created_at__lt=timezone.now() - UNSHOWN_CODE_TTL)
    return stale.exclude(access_code_sealed="").update(access_code_sealed="")


def _after_submit(appeal: Appeal, qr: QrCode | None) -> None:
    """Inside the submission's transaction: the messages. (A complaint or report about the window's unit
    was sent to the supervision office by `appeal_create` itself, as on every channel.)"""
    if appeal.enterprise_id is not None:
        for pairing in Pairing.objects.current().filter(enterprise_id=appeal.enterprise_id).select_related("cadre"):
            notify(
                to=pairing.cadre,
                title=f"包联企业有新诉求：{appeal.tracking_no}",
                body=f"{appeal.enterprise}：{appeal.title}",
                url=detail_url(appeal),
            )
    if appeal.requester_phone:
        notify(
            to=Phone(appeal.requester_phone),
            # The access code is a secret: in the body, which the log backend does not write.
            title=f"您的诉求已受理，受理编号 {appeal.tracking_no}",
            body=(
                f"受理编号 {appeal.tracking_no}，查询码 {appeal.issued_access_code}。"
                f"凭编号和查询码可在“码上督”查询进度、评价办理结果；服务热线 {settings.SERVICE_HOTLINE}。"
            ),
        )


ALREADY_RATED = "该手机号今天已评价过这个窗口，感谢您的反馈。如对服务不满，可选择“投诉”。"


def _rater_digest(*, unit_id: int, phone: str, day: dt.date) -> str:
    """One value per (window unit, local day, mobile): the one-rating-per-day rule's unique key."""
    return blind_index(f"window-rating|{unit_id}|{day:%Y%m%d}|{phone}")


def window_rate(
    *, key: str, ip: str | None, qr: QrCode, stars: int, tags: list[str], comment: str = "", phone: str
) -> tuple[WindowRating, bool]:
    """A quick rating of the window behind `qr`; the same `key` yields the same rating. One rating per
    mobile number per window per day (Asia/Shanghai); the number itself is not kept."""
    if not key or len(key) > 64:
        raise DomainError("页面已过期，请刷新后重新提交。", field="__all__")
    found = PublicSubmission.objects.filter(key=key, rating__isnull=False).select_related("rating").first()
    if found is not None and found.rating is not None:
        return found.rating, False
    if qr.kind != TargetKind.WINDOW or qr.unit is None:
        raise DomainError("只有服务窗口的二维码可以评价服务。", field="__all__")
    if not qr.is_active:
        raise DomainError("该二维码已停用。", field="__all__")
    if stars not in range(1, 6):
        raise DomainError("请选择 1 至 5 星。", field="stars")
    unknown = [t for t in tags if t not in RatingTag.values]
    if unknown:
        raise DomainError("评价标签无效。", field="tags")
    comment = (comment or "").strip()
    if len(comment) > 200:
        raise DomainError(f"意见不能超过 200 字（现在 {len(comment)} 字）。", field="comment")
    # The comment is read by the window's unit and its supervisors: the rater's number (请回电139…) or any
    # other personal data typed in it is stored replaced by its label (decision 0014). A label may be longer
    # than what it replaces (a 5-character WeChat id): the stored comment keeps the field's 200 characters.
    comment = redact(comment, phones=[phone])[:200]
    phone = (phone or "").strip().replace(" ", "").replace("-", "")
    if not MOBILE_PATTERN.fullmatch(phone):
        raise DomainError("请填写 11 位手机号码。", field="phone")
    now = timezone.now()
    digest = _rater_digest(unit_id=qr.unit.pk, phone=phone, day=timezone.localdate(now))
    ip_digest = ip_index(ip)
    # The address limit comes first and a refused attempt counts toward it: "already rated" tells whether
    # a number rated this window today, so it must not be asked without limit.
    _check_limits(ip_index=ip_digest, phone_index="", now=now)
    if WindowRating.objects.filter(rater_digest=digest).exists():
        refused = f"refused-{new_submission_key()}"
        PublicSubmission.objects.create(key=refused, qr=qr, ip_index=ip_digest, created_at=now)
        raise DomainError(ALREADY_RATED, field="phone")
    try:
        with transaction.atomic():
            submission = PublicSubmission.objects.create(key=key, qr=qr, ip_index=ip_digest, created_at=now)
            rating = WindowRating.objects.create(
                qr=qr,
                unit=qr.unit,
                stars=stars,
                tags=list(dict.fromkeys(tags)),
                comment=comment,
                created_at=now,
                rater_digest=digest,
            )
            submission.rating = rating
            submission.save(update_fields=["rating"])
            event_record(
                verb="window.rated",
                actor=None,
                actor_label="群众",
                target=rating,
                unit=qr.unit,
                data={"stars": stars, "tags": rating.tags},
            )
    except IntegrityError:
        existing = PublicSubmission.objects.filter(key=key).select_related("rating").first()
        if existing is not None and existing.rating is not None:
            return existing.rating, False
        if WindowRating.objects.filter(rater_digest=digest).exists():  # a concurrent rating won
            raise DomainError(ALREADY_RATED, field="phone") from None
        raise DomainError("页面已过期，请刷新后重新提交。", field="__all__") from None
    return rating, True
