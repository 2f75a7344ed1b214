"""The water pages: who sees what (county-wide roles, the environment bureau's staff, a township's staff), the
board's grid, the section page, the sample form and the import's dry run and confirmation."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.test import Client

from mashangdu.core.models import Role, Unit, UnitKind, User
from mashangdu.core.workcal import SHANGHAI
from mashangdu.testing import Org, People, make_user
from mashangdu.water.models import Breach, Level, Sample, Section, Source
from mashangdu.water.services import sample_record
from mashangdu.water.tests.conftest import Waters
from mashangdu.water.tests.test_files import HEADERS, ROWS, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def eco(environment_bureau: Unit) -> User:
    return make_user("eco", "严可", environment_bureau, Role.HANDLER)


@pytest.fixture
def other_section(org: Org, waters: Waters) -> Section:
    town = Unit.objects.create(name="河东镇", kind=UnitKind.TOWNSHIP, parent=org.county, admin_code="130991101")
    return Section.objects.create(
        code="CH02", name="河东桥", water_body=waters.river, township=town, level=Level.COUNTY, target_class=4
    )


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def test_who_may_open_what(client: Client, people: People, waters: Waters, eco: User, other_section: Section) -> None:
    for user, board, own, other, manage in [
        (people.dave, 200, 200, 200, 403),  # a supervisor: county-wide read
        (eco, 200, 200, 200, 200),  # the environment bureau's handler manages
        (people.tina, 200, 200, 404, 403),  # 城关镇's handler: their sections only
        (people.bob, 403, 403, 403, 403),  # 住建局: nothing
        (people.erin, 403, 403, 403, 403),  # a cadre: nothing
    ]:
        login(client, user)
        assert client.get("/water/").status_code == board, user
        assert client.get(f"/water/sections/{waters.bridge.pk}/").status_code == own, user
        assert client.get(f"/water/sections/{other_section.pk}/").status_code == other, user
        assert client.get("/water/import/").status_code == manage, user
        expected = manage if manage == 403 else 200
        assert client.get(f"/water/sections/{waters.bridge.pk}/samples/new/").status_code == expected, user
    client.logout()
    assert client.get("/water/").status_code == 302


def test_the_board_shows_each_month_class_and_compliance(
    client: Client, people: People, waters: Waters, eco: User, other_section: Section
) -> None:
    good = {"do": Decimal(7), "nh3n": Decimal("0.4"), "tp": Decimal("0.08")}  # Ⅱ
    bad = {"do": Decimal(7), "nh3n": Decimal("1.8"), "tp": Decimal("0.08")}  # Ⅴ
    sample_record(section=waters.bridge, by=eco, sampled_at=dt.datetime(2026, 3, 5, 9, tzinfo=SHANGHAI), values=good)
    sample_record(section=waters.bridge, by=eco, sampled_at=dt.datetime(2026, 4, 5, 9, tzinfo=SHANGHAI), values=bad)
    sample_record(section=other_section, by=eco, sampled_at=dt.datetime(2026, 4, 6, 9, tzinfo=SHANGHAI), values=bad)
    page = login(client, people.dave).get("/water/")
    html = page.content.decode()
    grid = page.context["board"]
    assert [m.month for m in grid.months] == list(range(1, 12))
    bridge = next(r for r in grid.rows if r.section == waters.bridge)
    assert [c.klass for c in bridge.cells[:5]] == [None, None, 2, 5, None]
    assert (bridge.met, bridge.assessed) == (1, 2)
    assert page.context["totals"][3] == (0, 2)
    assert "Ⅴ ✗" in html and 'data-meets="1"' in html
    assert Breach.objects.count() == 2
    # The township's handler sees only the section in their township.
    rows = login(client, people.tina).get("/water/").context["board"].rows
    assert {r.section for r in rows} == {waters.bridge, waters.dam}
    assert login(client, people.dave).get("/water/?year=2025").context["board"].months[-1].month == 12


@pytest.mark.parametrize("year", ["abc", "1999", "2027", "9" * 30])
def test_a_bad_year_is_a_400(client: Client, people: People, waters: Waters, year: str) -> None:
    assert login(client, people.dave).get(f"/water/?year={year}").status_code == 400


def test_the_section_page_carries_its_trend(client: Client, people: People, waters: Waters, eco: User) -> None:
    values = {"do": Decimal(6), "codmn": Decimal(5), "nh3n": Decimal("0.8"), "tp": Decimal("0.15")}
    sample_record(section=waters.bridge, by=eco, sampled_at=dt.datetime(2026, 10, 5, 9, tzinfo=SHANGHAI), values=values)
    page = login(client, people.dave).get(f"/water/sections/{waters.bridge.pk}/")
    trend = page.context["trend"]
    assert trend["months"][0] == "2025-12" and trend["months"][-1] == "2026-11"
    assert trend["series"]["nh3n"]["values"][-2] == 0.8
    assert trend["series"]["nh3n"]["limit"] == 1.0
    assert 'id="water-trend"' in page.content.decode()


def test_the_sample_form_saves_a_classified_sample(client: Client, waters: Waters, eco: User) -> None:
    login(client, eco)
    url = f"/water/sections/{waters.bridge.pk}/samples/new/"
    bad = client.post(url, {"sampled_at": "2026-11-09T09:30", "nh3n": "很多", "ph": "15"})
    assert bad.status_code == 400
    assert "不是数值" in bad.content.decode() and "超出合理范围" in bad.content.decode()
    assert client.post(url, {"sampled_at": "2027-01-01T09:30", "nh3n": "1"}).status_code == 400
    assert client.post(url, {"sampled_at": "2026-11-09T09:30"}).status_code == 400
    done = client.post(
        url, {"sampled_at": "2026-11-09T09:30", "ph": "7.5", "do": "6.2", "nh3n": "未检出", "tp": "<0.02"}
    )
    assert done.status_code == 302
    sample = Sample.objects.get()
    assert sample.source == Source.FORM and sample.recorded_by == eco
    assert sample.sampled_at == dt.datetime(2026, 11, 9, 9, 30, tzinfo=SHANGHAI)
    assert (sample.tp, sample.nh3n, sample.not_detected, sample.computed_class) == (
        Decimal("0.01"),
        None,
        ["nh3n", "tp"],
        2,
    )


def test_the_import_runs_dry_then_saves_on_confirmation(
    client: Client, waters: Waters, eco: User, tmp_path: Path
) -> None:
    login(client, eco)
    path = write_xlsx(tmp_path / "export.xlsx", HEADERS, ROWS)
    with path.open("rb") as f:
        dry = client.post("/water/import/", {"file": f, "source": "auto"})
    assert dry.status_code == 200
    assert "可导入 3 行；跳过 1 行" in dry.content.decode()
    assert Sample.objects.count() == 0  # nothing before the confirmation
    done = client.post("/water/import/", {"confirm": "1"})
    assert done.status_code == 302
    assert Sample.objects.count() == 3
    assert set(Sample.objects.values_list("source", flat=True)) == {"auto"}
    assert client.post("/water/import/", {"confirm": "1"}).status_code == 302  # the upload is gone: start again
    assert Sample.objects.count() == 3


def test_a_bad_file_names_rows_and_saves_nothing_and_confirm_revalidates(
    client: Client, waters: Waters, eco: User, tmp_path: Path
) -> None:
    login(client, eco)
    path = write_csv(tmp_path / "bad.csv", ["监测时间", "氨氮（mg/L）"], [["2026-10-01 08:00", "1.1"], ["坏", "x"]])
    with path.open("rb") as f:
        page = client.post("/water/import/", {"file": f, "source": "auto", "section": waters.bridge.pk})
    assert page.status_code == 400
    html = page.content.decode()
    assert "第 3 行“监测时间”" in html and "第 3 行“氨氮”" in html
    assert 'data-testid="confirm"' not in html
    assert client.post("/water/import/", {"confirm": "1"}).status_code == 400  # checked again: still refused
    assert Sample.objects.count() == 0
    with path.open("rb") as f:
        wrong = client.post("/water/import/", {"file": f, "source": "auto", "section": "999999"})
    assert wrong.status_code == 400


def test_the_template_reads_back_and_imports(client: Client, waters: Waters, eco: User, tmp_path: Path) -> None:
    login(client, eco)
    response = client.get("/water/import/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["水质数据"]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["断面编码", "采样时间", "水质类别", "水温（℃）"]
    sheet.append(["CH01", "2026-10-08 09:00", "Ⅱ", 15, 7.6, 7.1] + [None] * (len(headers) - 6))
    path = tmp_path / "filled.xlsx"
    book.save(path)
    with path.open("rb") as f:
        assert client.post("/water/import/", {"file": f, "source": "excel"}).status_code == 200
    assert client.post("/water/import/", {"confirm": "1"}).status_code == 302
    sample = Sample.objects.get()
    assert (sample.source, sample.computed_class, sample.published_class) == ("excel", 2, 2)
