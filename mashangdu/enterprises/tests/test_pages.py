"""The registry's pages: who sees which enterprises (decision 0029), the list's filters, the enterprise's page
with masked contacts and the appeals the viewer may see, the import's two steps and the export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from mashangdu.appeals.models import Kind, Status
from mashangdu.core.models import Event, Unit, User
from mashangdu.enterprises.models import (
    Enterprise,
    EnterpriseContact,
    EnterpriseTag,
    IndustryCode,
    KeyFigures,
    Pairing,
    Scale,
)
from mashangdu.enterprises.tests.test_exchange import GOOD_2, GOOD_3, row, xlsx
from mashangdu.intake.models import QrCode, QrScanDay
from mashangdu.testing import Org, People, make_appeal


def _enterprise(
    org: Org,
    uscc: str,
    name: str,
    division: str = "33",
    *,
    scale: str = Scale.SMALL,
    township: Unit | None = None,
    above_designated_size: bool = False,
) -> Enterprise:
    code = IndustryCode.objects.get(code=division)
    return Enterprise.objects.create(
        uscc=uscc,
        name=name,
        industry=code.section,
        industry_division=code,
        scale=scale,
        township=township or org.township,
        above_designated_size=above_designated_size,
    )


@pytest.fixture
def foundry(org: Org, people: People) -> Enterprise:
    e = _enterprise(org, "91110000802100433B", "沧河铸造有限公司", above_designated_size=True)
    e.tags.add(EnterpriseTag.objects.create(name="专精特新"))
    EnterpriseContact.objects.create(enterprise=e, name="李会计", phone="13912340000", is_primary=True)
    KeyFigures.objects.create(enterprise=e, year=2025, revenue=Decimal(2500), employees=80)
    Pairing.objects.create(enterprise=e, cadre=people.erin, started_on=timezone.localdate() - dt.timedelta(days=10))
    return e


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_scope_county_wide_all_cadre_paired_township_staff_their_township(
    org: Org, people: People, foundry: Enterprise
) -> None:
    other_town = org.county.children.create(name="河西镇", kind="township", admin_code="130991101")
    shop = _enterprise(org, GOOD_2, "河西商贸有限公司", "52", township=other_town)
    for user, sees in [
        (people.alice, {foundry, shop}),
        (people.leo, {foundry, shop}),
        (people.erin, {foundry}),  # paired with the foundry only
        (people.tina, {foundry}),  # a handler of 城关镇
        (people.bob, set()),  # a department's handler: no enterprise
    ]:
        page = _client(user).get("/enterprises/")
        assert page.status_code == 200
        assert set(page.context["page"]) == sees, user
        for enterprise in (foundry, shop):
            status = _client(user).get(f"/enterprises/{enterprise.pk}/").status_code
            assert status == (200 if enterprise in sees else 404), (user, enterprise)


def test_filters_and_search(org: Org, people: People, foundry: Enterprise) -> None:
    _enterprise(org, GOOD_2, "沧河商贸有限公司", "52", scale="")
    client = _client(people.alice)

    def names(query: str) -> list[str]:
        response = client.get("/enterprises/?" + query)
        assert response.status_code == 200
        return [e.name for e in response.context["page"]]

    assert names("section=C") == ["沧河铸造有限公司"]
    assert names("division=52") == ["沧河商贸有限公司"]
    assert names("scale=unknown") == ["沧河商贸有限公司"]
    assert names("scale=small&above=1") == ["沧河铸造有限公司"]
    assert names(f"tag={EnterpriseTag.objects.get().pk}") == ["沧河铸造有限公司"]
    assert names("q=商贸") == ["沧河商贸有限公司"]
    assert names("q=91110000802100433b") == ["沧河铸造有限公司"]
    assert names(f"township={org.township.pk}&page=1") == ["沧河商贸有限公司", "沧河铸造有限公司"]
    for bad in ("scale=huge", "division=AA", "township=abc", "page=0", "above=2"):
        assert client.get("/enterprises/?" + bad).status_code == 400, bad


def test_the_page_masks_contacts_except_for_editors_and_the_paired_cadre(
    org: Org, people: People, foundry: Enterprise
) -> None:
    leader = _client(people.leo).get(f"/enterprises/{foundry.pk}/").content.decode()
    assert "139****0000" in leader and "13912340000" not in leader and "李**" in leader
    assert "专精特新" in leader and "吴艾琳" in leader and "2500" in leader
    assert "按统计标准：小型" in leader
    for user in (people.alice, people.erin):
        page = _client(user).get(f"/enterprises/{foundry.pk}/").content.decode()
        assert "13912340000" in page and "李会计" in page


def test_the_page_lists_only_the_appeals_the_viewer_may_see(org: Org, people: People, foundry: Enterprise) -> None:
    make_appeal(Status.HANDLING, unit=org.zjj, enterprise=foundry, title="厂区道路破损")
    make_appeal(
        Status.HANDLING,
        unit=org.supervision_office,
        enterprise=foundry,
        kind=Kind.COMPLAINT,
        about_unit=org.zjj,
        title="住建局推诿扯皮",
    )
    supervisor = _client(people.dave).get(f"/enterprises/{foundry.pk}/").content.decode()
    assert "诉求（2 件）" in supervisor and "住建局推诿扯皮" in supervisor
    # A dispatcher of the service centre sees both too; the township's handler neither (not their unit's).
    tina = _client(people.tina).get(f"/enterprises/{foundry.pk}/").content.decode()
    assert "诉求（0 件）" in tina
    # A county-wide role inside the unit complained about: the complaint is neither listed nor counted.
    people.bob.role_grants.create(role="leader")
    bob = _client(User.objects.get(pk=people.bob.pk)).get(f"/enterprises/{foundry.pk}/").content.decode()
    assert "诉求（1 件）" in bob and "厂区道路破损" in bob and "住建局推诿扯皮" not in bob


def test_the_page_shows_the_qr_code_scans(org: Org, people: People, foundry: Enterprise) -> None:
    qr = QrCode.objects.create(code="ABCDEFGH2345", kind="enterprise", label=foundry.name, enterprise=foundry)
    today = timezone.localdate()
    QrScanDay.objects.create(qr=qr, day=today, count=3)
    QrScanDay.objects.create(qr=qr, day=today - dt.timedelta(days=200), count=5)
    page = _client(people.alice).get(f"/enterprises/{foundry.pk}/").content.decode()
    assert "累计扫码 <b>8</b> 次，近 90 天 <b>3</b> 次" in page and "ABCDEFGH2345" in page


def test_import_previews_then_saves_on_confirm_only(org: Org, people: People, tmp_path: Path) -> None:
    client = _client(people.alice)
    content = xlsx(tmp_path, [row(), row(uscc=GOOD_2, name="沧河商贸有限公司", division="52")])
    response = client.post("/enterprises/import/", {"file": io.BytesIO(content)}, format="multipart")
    assert response.status_code == 200 and "新增 2 家，更新 0 家" in response.content.decode()
    assert not Enterprise.objects.exists()
    response = client.post("/enterprises/import/", {"confirm": "1"})
    assert response.status_code == 302 and Enterprise.objects.count() == 2
    assert Event.objects.filter(verb="enterprise.imported", data__created=2).exists()
    # The stored upload is gone: a second confirmation does nothing.
    assert client.post("/enterprises/import/", {"confirm": "1"}).status_code == 302
    assert Enterprise.objects.count() == 2


def test_import_with_errors_is_400_and_confirm_refuses(org: Org, people: People, tmp_path: Path) -> None:
    client = _client(people.alice)
    content = xlsx(tmp_path, [row(), row(uscc=GOOD_3, township="无此镇")])
    response = client.post("/enterprises/import/", {"file": io.BytesIO(content)})
    page = response.content.decode()
    assert response.status_code == 400 and "第 3 行“所在乡镇”：没有名为“无此镇”的乡镇" in page
    assert 'data-testid="confirm"' not in page
    assert client.post("/enterprises/import/", {"confirm": "1"}).status_code == 400
    assert not Enterprise.objects.exists()


def test_confirm_reads_the_file_again(org: Org, people: People, tmp_path: Path) -> None:
    """Between preview and confirmation another import saved the same code: now it is an update."""
    client = _client(people.alice)
    client.post("/enterprises/import/", {"file": io.BytesIO(xlsx(tmp_path, [row()]))})
    other = _client(people.ada)
    other.post("/enterprises/import/", {"file": io.BytesIO(xlsx(tmp_path, [row(name="别名")]))})
    other.post("/enterprises/import/", {"confirm": "1"})
    client.post("/enterprises/import/", {"confirm": "1"})
    assert Enterprise.objects.get().name == "沧河铸造有限公司"
    assert Event.objects.filter(verb="enterprise.imported", data__updated=1).exists()


def test_export_masks_phones_for_readers_who_may_not_see_them(org: Org, people: People, foundry: Enterprise) -> None:
    def sheet(user: User) -> list[tuple[object, ...]]:
        response = _client(user).post("/enterprises/export/", {"section": "C"})
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]

    assert "13912340000" in sheet(people.alice)[1]
    leader = sheet(people.leo)[1]
    assert "139****0000" in leader and "13912340000" not in leader
    assert len(sheet(people.bob)) == 1  # the header only: no enterprise in a department handler's scope


def test_the_export_form_carries_the_list_filters(org: Org, people: People, foundry: Enterprise) -> None:
    page = _client(people.alice).get("/enterprises/?section=C&items=x&q=铸造").content.decode()
    assert '<input type="hidden" name="section" value="C">' in page
    assert '<input type="hidden" name="q" value="铸造">' in page and 'name="items"' not in page


def test_an_upload_left_unconfirmed_for_a_day_is_removed(
    org: Org, people: People, tmp_path: Path, settings: object
) -> None:
    import os
    import time

    from mashangdu.enterprises import views

    setattr(settings, "MEDIA_ROOT", str(tmp_path / "media"))  # noqa: B010 - pytest-django's settings fixture
    stale = views.STAGING.directory() / f"{'a' * 32}.upload"
    stale.write_bytes(b"old")
    old = time.time() - views.STAGING.stale_after - 60
    os.utime(stale, (old, old))
    _client(people.alice).post("/enterprises/import/", {"file": io.BytesIO(xlsx(tmp_path, [row()]))})
    assert not stale.exists() and len(list(views.STAGING.directory().glob("*.upload"))) == 1
