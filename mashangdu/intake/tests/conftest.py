from __future__ import annotations

import io

import pytest
from PIL import Image

from mashangdu.enterprises.models import Enterprise, Industry, Scale
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.testing import Org


@pytest.fixture
def enterprise(org: Org) -> Enterprise:
    return Enterprise.objects.create(
        uscc="91130991MA0000001X",
        name="沧河铸造有限公司",
        industry=Industry.C,
        scale=Scale.SMALL,
        township=org.township,
    )


def make_code(kind: str, **target: object) -> QrCode:
    from mashangdu.intake.services.codes import new_code

    labels: dict[str, str] = {TargetKind.WINDOW: "住建局服务窗口", TargetKind.COUNTY: "全县通用"}
    label = str(target["enterprise"]) if "enterprise" in target else labels.get(kind, "测试对象")
    return QrCode.objects.create(code=new_code(), kind=kind, label=label, **target)


@pytest.fixture
def window(org: Org) -> QrCode:
    return make_code(TargetKind.WINDOW, unit=org.zjj)


@pytest.fixture
def county_code(org: Org) -> QrCode:
    return make_code(TargetKind.COUNTY)


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), exif_gps: bool = False) -> bytes:
    picture = Image.new("RGB", size, "orange")
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        gps = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
        exif[0x8825] = gps  # GPSInfo
        picture.save(out, fmt, exif=exif)
    else:
        picture.save(out, fmt)
    return out.getvalue()
