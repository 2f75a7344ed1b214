"""The demo county's codes: one per enterprise, village and service window, a few project sites, with
some months of scans and window ratings, and the cadre's enterprise pairings. Idempotent."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db.models import Q
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Channel
from mashangdu.core.models import Role, Unit, UnitKind, User
from mashangdu.enterprises.models import Enterprise, Pairing
from mashangdu.intake.models import PublicSubmission, QrCode, QrScanDay, RatingTag, TargetKind, WindowRating
from mashangdu.intake.services.codes import new_code, qr_batch_create

SITES = [
    ("沧河新材料产业园二期项目现场", "城关镇", "园区路与兴业路交叉口东北角"),
    ("华北铸造产业升级改造项目现场", "城关镇", "工业路 18 号"),
]
GOOD_TAGS = [RatingTag.GOOD_ATTITUDE, RatingTag.EFFICIENT, RatingTag.CLEAR, RatingTag.ONE_VISIT]
BAD_TAGS = [RatingTag.SLOW, RatingTag.BUCK_PASSING, RatingTag.BAD_ATTITUDE, RatingTag.MANY_TRIPS]


def seed_intake(*, by: User) -> int:
    """Codes and their demo activity; returns the number of codes created now. Its own random stream,
    so the appeal history played after it stays the same."""
    rng = random.Random(20261130)  # deterministic on purpose
    created = 0
    if not QrCode.objects.filter(kind=TargetKind.COUNTY).exists():
        QrCode.objects.create(code=new_code(), kind=TargetKind.COUNTY, label="营商环境服务总入口", created_by=by)
        created += 1
    for kind in (TargetKind.WINDOW, TargetKind.VILLAGE, TargetKind.ENTERPRISE):
        created += qr_batch_create(by=by, kind=kind).created
    for label, township_name, address in SITES:
        township = Unit.objects.filter(kind=UnitKind.TOWNSHIP, name=township_name).first()
        if township and not QrCode.objects.filter(kind=TargetKind.SITE, label=label).exists():
            QrCode.objects.create(
                code=new_code(), kind=TargetKind.SITE, label=label, township=township, address=address, created_by=by
            )
            created += 1
    _pairings(rng)
    _scans(rng)
    _ratings(rng)
    return created


def _pairings(rng: random.Random) -> None:
    if Pairing.objects.exists():
        return
    cadres = list(User.objects.filter(role_grants__role=Role.CADRE))
    large = list(Enterprise.objects.filter(above_designated_size=True).order_by("pk")[:200])
    start = timezone.localdate() - dt.timedelta(days=300)
    if not cadres:
        return
    rows = [
        Pairing(enterprise=e, cadre=cadres[i % len(cadres)], started_on=start)
        for i, e in enumerate(rng.sample(large, min(len(large), 12 * len(cadres))))
    ]
    Pairing.objects.bulk_create(rows)


def _scans(rng: random.Random) -> None:
    if QrScanDay.objects.exists():
        return
    today = timezone.localdate()
    codes = list(QrCode.objects.filter(Q(kind__in=[TargetKind.WINDOW, TargetKind.COUNTY, TargetKind.SITE])))
    enterprises = list(QrCode.objects.filter(kind=TargetKind.ENTERPRISE))
    codes += rng.sample(enterprises, min(150, len(enterprises)))
    rows = []
    for qr in codes:
        busy = rng.choice([1, 2, 4, 8]) if qr.kind != TargetKind.ENTERPRISE else 1
        for back in range(60):
            n = max(0, int(rng.gauss(busy, busy)))
            if n:
                rows.append(QrScanDay(qr=qr, day=today - dt.timedelta(days=back), count=n))
    QrScanDay.objects.bulk_create(rows, batch_size=2000)


def _ratings(rng: random.Random) -> None:
    if WindowRating.objects.exists():
        return
    now = timezone.now()
    windows = list(QrCode.objects.filter(kind=TargetKind.WINDOW).select_related("unit"))
    rows = []
    for qr in windows:
        assert qr.unit is not None  # noqa: S101 - window codes always have a unit (constraint)
        quality = rng.uniform(3.2, 4.9)
        for _ in range(rng.randint(3, 25)):
            stars = max(1, min(5, round(rng.gauss(quality, 0.9))))
            pool = GOOD_TAGS if stars >= 4 else BAD_TAGS
            tags = rng.sample(pool, rng.randint(0, 2))
            when = now - dt.timedelta(minutes=rng.randint(0, 90 * 24 * 60))
            rows.append(WindowRating(qr=qr, unit=qr.unit, stars=stars, tags=tags, created_at=when))
    WindowRating.objects.bulk_create(rows, batch_size=2000)


def link_history() -> int:
    """Tie the demo history's QR-channel appeals to their enterprise's code, as a real scan would have."""
    codes = dict(QrCode.objects.filter(kind=TargetKind.ENTERPRISE, is_active=True).values_list("enterprise_id", "pk"))
    fallback = QrCode.objects.filter(kind=TargetKind.COUNTY).values_list("pk", flat=True).first()
    appeals = Appeal.objects.filter(channel=Channel.QR, public_submission__isnull=True).values_list(
        "pk", "enterprise_id", "submitted_at"
    )
    rows = [
        PublicSubmission(key=uuid.uuid4().hex, qr_id=codes.get(enterprise_id, fallback), appeal_id=pk, created_at=at)
        for pk, enterprise_id, at in appeals
    ]
    PublicSubmission.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
