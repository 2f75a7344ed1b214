"""Window ratings: the public's quick rating of a service window, one per mobile number, window and day."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from mashangdu.core.crypto import blind_index, ip_index
from mashangdu.core.errors import DomainError
from mashangdu.core.models.users import MOBILE_PATTERN
from mashangdu.core.redaction import redact
from mashangdu.core.services.events import event_record
from mashangdu.intake.models import PublicSubmission, QrCode, RatingTag, TargetKind, WindowRating
from mashangdu.intake.services.submissions import check_limits, new_submission_key

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
    check_limits(ip_index=ip_digest, phone_index="", now=now)
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
