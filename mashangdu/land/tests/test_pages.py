"""The ledger and a parcel's page: who sees what (403 at the door, 404 for another township's parcel), the
filters, the actions through the page, the enterprise file's panel, refused parameters (400, never a 500)."""

from __future__ import annotations

from django.test import Client

from mashangdu.land.models import Parcel, ParcelReport
from mashangdu.land.services.reports import report_submit
from mashangdu.land.tests.conftest import D, Env, register
from mashangdu.testing import Org, People


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_who_gets_in(org: Org, people: People, env: Env) -> None:
    own = register(org.township, code="T-1")
    east = register(env.east, code="E-1")
    assert _client(people.bob).get("/land/").status_code == 403  # 住建局: neither land bureau nor a township
    assert _client(people.bob).get(f"/land/parcels/{own.pk}/").status_code == 403
    tina = _client(people.tina)
    page = tina.get("/land/").content.decode()
    assert "T-1" in page and "E-1" not in page
    assert tina.get(f"/land/parcels/{east.pk}/").status_code == 404
    assert tina.get(f"/land/?township={env.east.pk}").status_code == 400
    for reader in (people.carol, people.leo, people.dave, people.alice):
        page = _client(reader).get("/land/").content.decode()
        assert "T-1" in page and "E-1" in page


def test_the_ledger_filters(org: Org, people: People, env: Env) -> None:
    register(org.township, code="T-1")  # due 2026-10-01: overdue
    register(org.township, code="T-2", land_type="inefficient", disposal="swap", identified=D(2026, 11, 1))
    leo = _client(people.leo)

    def codes(query: str) -> list[str]:
        response = leo.get(f"/land/?{query}")
        assert response.status_code == 200
        return sorted(p.code for p in response.context["page"])

    assert codes("overdue=1") == ["T-1"]
    assert codes("type=inefficient") == ["T-2"]
    assert codes("disposal=swap") == ["T-2"]
    assert codes("state=identified&q=T-") == ["T-1", "T-2"]
    assert codes(f"township={env.east.pk}") == []
    for bad in ("type=x", "overdue=maybe", "township=abc", "state=done", "page=x", "disposal=" + "x" * 300):
        assert leo.get(f"/land/?{bad}").status_code == 400, bad


def test_acting_and_reporting_through_the_page(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, code="T-1")
    tina = _client(people.tina)
    assert tina.post(f"/land/parcels/{parcel.pk}/act/start/").status_code == 302
    assert tina.post(f"/land/parcels/{parcel.pk}/act/accept/", {"text": "x"}).status_code == 403
    assert tina.post(f"/land/parcels/{parcel.pk}/act/start/").status_code == 409
    assert tina.post(f"/land/parcels/{parcel.pk}/act/fly/").status_code == 400
    report = {"key": "e" * 32, "reported_on": "2026-11-09", "progress": "完成评估"}
    assert tina.post(f"/land/parcels/{parcel.pk}/reports/", report).status_code == 302
    assert tina.post(f"/land/parcels/{parcel.pk}/reports/", report).status_code == 302
    assert ParcelReport.objects.count() == 1
    page = _client(env.nina).get(f"/land/parcels/{parcel.pk}/").content.decode()
    assert "完成评估" in page and "review-" in page
    pk = ParcelReport.objects.get().pk
    assert tina.post(f"/land/reports/{pk}/review/", {"decision": "accept"}).status_code == 403
    assert _client(env.nina).post(f"/land/reports/{pk}/review/", {"decision": "accept"}).status_code == 302
    assert ParcelReport.objects.get().state == "accepted"
    tina.post(f"/land/parcels/{parcel.pk}/act/submit/", {"text": "新项目已投产"})
    carol = _client(people.carol)
    accept = {"revitalised_on": "2026-11-09", "output_after": "300", "tax_after": "15", "text": "核查属实"}
    assert carol.post(f"/land/parcels/{parcel.pk}/act/accept/", accept | {"tax_after": "-1"}).status_code == 302
    assert Parcel.objects.get().state == "awaiting"
    carol.post(f"/land/parcels/{parcel.pk}/act/accept/", accept | {"new_project": "电机扩产"})
    page = carol.get(f"/land/parcels/{parcel.pk}/").content.decode()
    assert Parcel.objects.get().state == "revitalised" and "电机扩产" in page and "15.00" in page


def test_registering_through_the_form(org: Org, people: People, env: Env) -> None:
    data = {
        "code": "T-9",
        "township": org.township.pk,
        "address": "纬一路",
        "area_mu": "12.3456",
        "land_use": "工业用地",
        "uscc": env.firm.uscc,
        "land_type": "idle",
        "cause": "capital",
        "disposal": "recover",
        "identified_on": "2026-11-01",
        "deadline": "2027-05-01",
    }
    tina = _client(people.tina)
    assert tina.post("/land/parcels/new/", data | {"township": env.east.pk}).status_code == 400
    assert tina.post("/land/parcels/new/", data | {"area_mu": "0"}).status_code == 400
    assert tina.post("/land/parcels/new/", data).status_code == 302
    assert Parcel.objects.get().enterprise == env.firm
    assert _client(people.bob).get("/land/parcels/new/").status_code == 403


def test_the_enterprise_file_lists_its_parcels(org: Org, people: People, env: Env) -> None:
    register(org.township, code="T-1", enterprise=env.firm)
    page = _client(people.leo).get(f"/enterprises/{env.firm.pk}/").content.decode()
    assert "闲置低效用地" in page and "T-1" in page


def test_the_home_page_card_counts_what_waits(org: Org, people: People, env: Env) -> None:
    """The fresh-eyes trial found no way home to the reports waiting: the head's card links to them."""
    late = register(org.township, people.tina, code="LATE-1", identified=D(2026, 9, 1))  # due Oct 1: overdue
    report_submit(parcel=late, by=people.tina, reported_on=D(2026, 11, 9), progress="协议已签")
    client = _client(env.nina)
    card = client.get("/").content.decode()
    assert 'data-testid="home-land"' in card and "待审核进展报告" in card and "/land/?pending=1" in card
    township = _client(people.tina).get("/").content.decode()
    assert 'data-testid="home-land"' in township and "待审核进展报告" not in township  # tina does not review
    assert 'data-testid="home-land"' not in _client(people.bob).get("/").content.decode()  # not land work
