"""The public's filings from the mobile pages: an appeal from a code's page (or the general entry), how
often one address or phone may file, and the access code shown once on the submission page."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import operator
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from mashangdu.appeals.hooks import appeal_resubmitted
from mashangdu.appeals.models import Appeal, Category, Channel, Kind
from mashangdu.appeals.services import appeal_create
from mashangdu.appeals.services.workflow import detail_url
from mashangdu.appeals.titles import title_from_text
from mashangdu.appeals.validation import sniff
from mashangdu.core.crypto import blind_index, ip_index
from mashangdu.core.errors import DomainError, RateLimitedError
from mashangdu.core.models import Unit
from mashangdu.core.notifications import Phone, notify
from mashangdu.enterprises.models import Pairing
from mashangdu.intake.models import PublicSubmission, QrCode, TargetKind

logger = logging.getLogger("mashangdu.intake")

# A submission page not shown within this time never will be (the browser left): the waiting copy goes.
UNSHOWN_CODE_TTL = dt.timedelta(hours=1)


def new_submission_key() -> str:
    """The key a public form carries: the same key always yields the same filing (or rating)."""
    return uuid.uuid4().hex


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


def hold_limits(*, ip_index: str, phone_index: str) -> None:
    """Inside the filing's transaction, before its row is written: make concurrent filings from the same
    address or number wait for each other, so that each counts the ones before it (8 filings sent at once
    from one address all passed a limit of 3 when each counted only committed rows). PostgreSQL: advisory
    locks held to the end of the transaction, always address before number. SQLite needs none: every
    transaction holds the database's write lock from its start (BEGIN IMMEDIATE, settings.py)."""
    if connection.vendor != "postgresql":
        return
    keys = [f"intake-limit:{value}" for value in (ip_index, phone_index) if value]
    if not keys:
        return
    # One statement; its select list is evaluated left to right, so the address's lock is taken first.
    locks = ", ".join("pg_advisory_xact_lock(hashtextextended(%s, 0))" for _ in keys)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {locks}", keys)


def check_limits(*, ip_index: str, phone_index: str, now: dt.datetime, besides: int | None = None) -> None:
    """Refuse a submission from an address or phone that filed too often lately (ratings count too);
    `besides`: the filing's own row, already written under hold_limits()."""
    hotline = settings.SERVICE_HOTLINE
    limits = [
        (column, value, maximum, Q(**{column: value}, created_at__gt=now - dt.timedelta(seconds=window)))
        for column, value, maximum, window in (
            ("ip_index", ip_index, settings.INTAKE_IP_MAX, settings.INTAKE_IP_WINDOW),
            ("phone_index", phone_index, settings.INTAKE_PHONE_MAX, settings.INTAKE_PHONE_WINDOW),
        )
        if value
    ]
    if not limits:
        return
    # Both counts in one query (each on its own index): a submission pays for one round trip, not two.
    rows = PublicSubmission.objects.filter(functools.reduce(operator.or_, (recent for *_, recent in limits)))
    if besides is not None:
        rows = rows.exclude(pk=besides)
    counts = rows.aggregate(**{column: Count("pk", filter=recent) for column, _, _, recent in limits})
    for column, _, maximum, where in limits:
        if counts[column] >= maximum:
            recent = PublicSubmission.objects.filter(where)
            if besides is not None:
                recent = recent.exclude(pk=besides)
            oldest = recent.order_by("-created_at").values_list("created_at", flat=True)[maximum - 1]
            window = settings.INTAKE_IP_WINDOW if column == "ip_index" else settings.INTAKE_PHONE_WINDOW
            wait = max(1, math.ceil((oldest + dt.timedelta(seconds=window) - now).total_seconds() / 60))
            who = "此网络" if column == "ip_index" else "此手机号"
            logger.warning("public intake rate limit hit (%s)", column)
            raise RateLimitedError(
                f"{who}提交过于频繁，请 {wait} 分钟后再试；紧急事项请拨打服务热线 {hotline}。", field="__all__"
            )


def _existing(key: str) -> Appeal | None:
    # The id alone first: almost every key is new, and a join to the appeal's every column costs more to build
    # than to run (issue 19). A rating's row has the key but no appeal.
    appeal_id = next(iter(PublicSubmission.objects.filter(key=key).values_list("appeal_id", flat=True)[:1]), None)
    return Appeal.objects.filter(pk=appeal_id).first() if appeal_id is not None else None


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
        appeal_resubmitted(earlier)
        return Outcome(earlier, created=False)
    if qr is not None and not qr.is_active:
        raise DomainError("该二维码已停用。", field="__all__")
    kind = PublicKind.APPEAL_KINDS.get(public_kind)
    if kind is None:
        raise DomainError("请选择要办理的事项类型。", field="kind")
    if not consent:
        raise DomainError("请阅读并勾选个人信息使用说明。", field="consent")
    phone = (requester_phone or "").strip().replace(" ", "")
    now = timezone.now()
    ip_digest = ip_index(ip)
    phone_index = blind_index(phone) if phone and not is_anonymous else ""
    if photos:
        # Refused before the photos are read. Without photos the count under the locks below refuses just
        # the same (the transaction rolls back, nothing is kept), one query fewer for every filing.
        check_limits(ip_index=ip_digest, phone_index=phone_index, now=now)
    # Refusals count against the address only: the phone number is what the sender typed, unverified, and
    # counting it would let anyone lock a citizen's number out with broken photos, unseen.
    with _refused_uploads_count(qr=qr, ip_index=ip_digest, now=now):
        for photo in photos or []:
            photo.seek(0)
            found = sniff(photo.read(16))
            photo.seek(0)
            if found is not None and not found[0].startswith("image/"):
                raise DomainError(f"“{photo.name}”不是照片：只接受 JPEG、PNG、WebP 照片。", field="attachments")

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
                    # About the window's conduct: the unit must never see it (docs/domain.md §Confidential complaints).
                    about_unit = qr.unit
        text = (content or "").strip()
        subject = category.name if category else PublicKind.LABELS[public_kind]
        title = title_from_text(text, subject=subject)
        with transaction.atomic():
            hold_limits(ip_index=ip_digest, phone_index=phone_index)
            try:
                with transaction.atomic():
                    submission = PublicSubmission.objects.create(
                        key=key, qr=qr, ip_index=ip_digest, phone_index=phone_index, created_at=now
                    )
            except IntegrityError:
                pass
            else:
                # Counted again under the locks: the check above let concurrent filings through together.
                check_limits(ip_index=ip_digest, phone_index=phone_index, now=now, besides=submission.pk)
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
        appeal_resubmitted(earlier)
        return Outcome(earlier, created=False)


@contextmanager
def _refused_uploads_count(*, qr: QrCode | None, ip_index: str, now: dt.datetime) -> Iterator[None]:
    """A filing refused for its photos still counts toward the rate limits (as a row with no appeal, like a
    refused rating): checking and decoding a photo costs the server, so refusals cannot be sent without
    limit (decision 0027). Outside the filing's transaction, which the refusal rolled back."""
    try:
        yield
    except DomainError as exc:
        if exc.field == "attachments":
            PublicSubmission.objects.create(
                key=f"refused-{new_submission_key()}", qr=qr, ip_index=ip_index, phone_index="", created_at=now
            )
        raise


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


def purge_unshown_access_codes() -> int:
    """Scheduled hourly: erase the encrypted access codes whose submission page was never shown."""
    stale = PublicSubmission.objects.filter(created_at__lt=timezone.now() - UNSHOWN_CODE_TTL)
    return stale.exclude(access_code_sealed="").update(access_code_sealed="")
