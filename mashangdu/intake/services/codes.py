"""QR codes, for the staff who manage them: create one, create a batch, disable and enable again."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mashangdu.core.errors import DomainError
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.core.services.events import event_record
from mashangdu.enterprises.models import Enterprise
from mashangdu.intake.models import QrCode, TargetKind

# Lower-case letters and digits without look-alikes; 12 of them ≈ 60 bits: not guessable, short in a URL.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 12
WINDOW_UNIT_KINDS = (UnitKind.DEPARTMENT, UnitKind.TOWNSHIP, UnitKind.SERVICE_CENTRE)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


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
