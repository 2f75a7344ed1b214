"""A cadre's home lists the enterprises paired with them now."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from mashangdu.enterprises.models import Enterprise, Industry, Pairing, Scale
from mashangdu.testing import Org, People


def test_a_cadre_sees_the_enterprises_paired_with_them_now(people: People, org: Org) -> None:
    def enterprise(name: str, uscc: str) -> Enterprise:
        return Enterprise.objects.create(
            uscc=uscc, name=name, industry=Industry.C, scale=Scale.SMALL, township=org.township
        )

    today = timezone.localdate()
    current = enterprise("沧河铸造有限公司", "91130991MA0000001X")
    ended = enterprise("沧河五金有限公司", "91130991MA0000002Y")
    Pairing.objects.create(enterprise=current, cadre=people.erin, started_on=today - dt.timedelta(days=30))
    Pairing.objects.create(
        enterprise=ended,
        cadre=people.erin,
        started_on=today - dt.timedelta(days=300),
        ended_on=today - dt.timedelta(days=10),
    )
    client = Client()
    client.force_login(people.erin)
    page = client.get("/").content.decode()
    assert "包联企业（1 家）" in page and "沧河铸造有限公司" in page and "城关镇" in page
    assert "沧河五金有限公司" not in page and "暂无包联企业" not in page
    assert f'href="/enterprises/{current.pk}/"' in page  # to its page (一企一档)
    assert client.get(f"/enterprises/{current.pk}/").status_code == 200
    assert client.get(f"/enterprises/{ended.pk}/").status_code == 404  # the pairing has ended
