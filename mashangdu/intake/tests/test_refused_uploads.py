"""A refused photo costs the sender a submission: refusals count toward the rate limits, so oversized or
broken images cannot be sent without limit; an oversized one is refused before any pixel is decoded."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mashangdu.appeals.models import Appeal
from mashangdu.appeals.tests import files
from mashangdu.intake.models import PublicSubmission, QrCode
from mashangdu.intake.tests.test_public import form_data, new_url
from mashangdu.testing import Org


def post_photos(client: Client, qr: QrCode, *photos: tuple[str, bytes], **overrides: Any) -> Any:
    uploads = [SimpleUploadedFile(name, content) for name, content in photos]
    return client.post(new_url(qr), form_data(client, new_url(qr), photos=uploads, **overrides))


def test_five_huge_pngs_are_refused_undecoded_and_count_once(
    client: Client, county_code: QrCode, org: Org, decoded: list[str]
) -> None:
    huge = [(f"{i}.png", files.png_claiming(7400, 8000)) for i in range(5)]
    response = post_photos(client, county_code, *huge)
    assert response.status_code == 400 and "尺寸过大" in response.content.decode()
    assert decoded == [] and not Appeal.objects.exists()
    assert PublicSubmission.objects.filter(appeal=None).count() == 1


def test_refused_uploads_count_toward_the_address_limit(
    client: Client, county_code: QrCode, org: Org, settings: Any, decoded: list[str]
) -> None:
    settings.INTAKE_IP_MAX, settings.INTAKE_IP_WINDOW = 3, 3600
    hostile = [
        ("big.png", files.png_claiming(7400, 8000)),
        ("cut.jpg", files.truncated(files.jpeg((640, 480)))),
        ("bomb.gif", files.gif_bomb()),
    ]
    for i, photo in enumerate(hostile):
        refused = post_photos(client, county_code, photo, requester_phone=f"1391234000{i}")
        assert refused.status_code == 400 and photo[0] in refused.content.decode()
    decoded.clear()
    blocked = post_photos(client, county_code, ("good.jpg", files.jpeg()))
    assert blocked.status_code == 429 and "此网络提交过于频繁" in blocked.content.decode()
    assert decoded == []  # the limit is checked before any photo is opened
    assert not Appeal.objects.exists() and PublicSubmission.objects.count() == 3


def test_refused_uploads_never_lock_out_the_phone_number_they_name(
    county_code: QrCode, org: Org, settings: Any
) -> None:
    """The number is typed, not verified: refusals sent with a citizen's number from many addresses must not
    make that citizen's own filing a 429 (they count against each address instead)."""
    settings.INTAKE_PHONE_MAX = 2
    for i in range(3):
        browser = Client(REMOTE_ADDR=f"10.0.0.{i + 1}")
        assert post_photos(browser, county_code, ("big.png", files.png_claiming(9000, 9000))).status_code == 400
    citizen = Client(REMOTE_ADDR="10.0.0.9")
    assert post_photos(citizen, county_code, ("good.jpg", files.jpeg())).status_code == 302
    assert Appeal.objects.count() == 1


def test_a_refusal_does_not_spend_the_forms_key(client: Client, county_code: QrCode, org: Org) -> None:
    """The same form, sent again with a good photo (the page keeps its key), files the appeal."""
    data = form_data(client, new_url(county_code), photos=SimpleUploadedFile("big.png", files.png_claiming(9000, 9000)))
    assert client.post(new_url(county_code), data).status_code == 400
    data["photos"] = SimpleUploadedFile("good.jpg", files.jpeg())
    assert client.post(new_url(county_code), data).status_code == 302
    assert Appeal.objects.count() == 1 and PublicSubmission.objects.count() == 2
