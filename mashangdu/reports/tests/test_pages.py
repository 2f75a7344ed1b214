"""Rankings, drill-down, dashboards, circulars and exports through the pages, for allowed and denied roles."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from mashangdu.core.models import Job
from mashangdu.reports.exports import score
from mashangdu.reports.models import Circular, CircularCase, RateSettings
from mashangdu.reports.rates import Period, ranking
from mashangdu.reports.tests.conftest import Play, at
from mashangdu.testing import Org, People

pytestmark = pytest.mark.usefixtures("calendar")
ROOT = Path(__file__).resolve().parents[3]
NOV = "start=2026-11-01&end=2026-11-30"


@pytest.fixture
def handled(people: People, org: Org) -> dict[str, Play]:
    """Two appeals of 住建局 and one of 自然资源局 in November 2026, evaluated."""
    zjj_good = Play(people, org).handled().evaluated("satisfied", True)
    zjj_bad = Play(people, org).handled(sign="14:30").evaluated("basic", False)
    zrj = Play(people, org)
    zrj.at(
        "09:00", __import__("mashangdu.appeals.services", fromlist=["x"]).appeal_dispatch, by=people.alice, unit=org.zrj
    )
    return {"good": zjj_good, "bad": zjj_bad, "zrj": zrj}


def login(persona: Any) -> Client:
    client = Client()
    client.force_login(persona)
    return client


def test_rankings_show_each_unit_and_every_number_opens_its_appeals(
    handled: dict[str, Play], people: People, org: Org, small_sample: RateSettings
) -> None:
    with time_machine.travel(at("2026-11-30T12:00"), tick=False):
        page = login(people.leo).get(reverse("reports:rankings"), {"month": "2026-11"})
    text = page.content.decode()
    assert page.status_code == 200 and org.zjj.name in text and "50.0%" in text  # zjj response: 1 of 2
    drill = f"{reverse('reports:drill')}?metric=responded&group=department&{NOV}&key={org.zjj.pk}"
    assert drill.replace("&", "&amp;") in text
    listing = login(people.leo).get(drill).content.decode()
    assert handled["good"].appeal.tracking_no in listing and handled["bad"].appeal.tracking_no not in listing


def test_a_handler_sees_the_ranking_but_only_their_own_appeals_behind_a_number(
    handled: dict[str, Play], people: People, org: Org
) -> None:
    carol = login(people.carol)  # 自然资源局
    assert carol.get(reverse("reports:rankings"), {"month": "2026-11"}).status_code == 200
    url = f"{reverse('reports:drill')}?metric=dispatched&group=department&{NOV}&key={org.zjj.pk}"
    listing = carol.get(url).content.decode()
    assert "该数字对应 2 件诉求，其中您有权查看 0 件" in listing
    assert handled["good"].appeal.tracking_no not in listing


def test_drill_refuses_unknown_metrics_and_groups(people: People) -> None:
    client = login(people.leo)
    bogus = client.get(reverse("reports:drill"), {"metric": "bogus"})
    assert bogus.status_code == 400 and "参数 metric（指标）" in bogus.content.decode()
    mars = client.get(reverse("reports:drill"), {"metric": "solved", "group": "mars"})
    assert mars.status_code == 400 and "参数 group（范围）" in mars.content.decode()
    missing = client.get(reverse("reports:drill"))  # no figure named
    assert missing.status_code == 400 and "参数 metric（指标）：缺少此参数。" in missing.content.decode()
    no_unit = client.get(reverse("reports:drill"), {"metric": "solved", "group": "department"})
    assert no_unit.status_code == 400 and "参数 key（单位）" in no_unit.content.decode()
    centre = client.get(reverse("reports:dispatch_drill"))
    assert centre.status_code == 400 and "参数 metric（指标）" in centre.content.decode()


def test_a_bad_period_is_named(people: People) -> None:
    page = login(people.leo).get(reverse("reports:rankings"), {"start": "2026-11-30", "end": "2026-11-01"})
    assert "开始日期不能晚于结束日期" in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("leo", 200), ("dave", 200), ("alice", 200), ("bob", 403), ("erin", 403)]
)
def test_who_sees_the_leaders_dashboard(people: People, persona: str, status: int) -> None:
    assert login(getattr(people, persona)).get(reverse("reports:dashboard")).status_code == status


def test_a_unit_sees_its_own_dashboard_and_another_ranked_units_read_only(people: People, org: Org) -> None:
    bob = login(people.bob)
    own = bob.get(reverse("reports:unit"))
    assert own.context["unit"] == org.zjj and "（只读）" not in own.content.decode()
    other = bob.get(reverse("reports:unit"), {"unit": org.zrj.pk})
    assert other.status_code == 200 and other.context["unit"] == org.zrj and "（只读）" in other.content.decode()
    assert login(people.leo).get(reverse("reports:unit"), {"unit": org.zrj.pk}).context["unit"] == org.zrj


@pytest.mark.parametrize("unit", ["supervision_office", "village", "service_centre"])
def test_a_unit_dashboard_outside_the_ranking_is_denied_to_unit_staff(people: People, org: Org, unit: str) -> None:
    bob = login(people.bob)
    assert bob.get(reverse("reports:unit"), {"unit": getattr(org, unit).pk}).status_code == 404
    assert bob.get(reverse("reports:unit"), {"unit": "x1"}).status_code == 400  # not an id: core.params
    assert bob.get(reverse("reports:unit"), {"unit": "99999"}).status_code == 404


def test_every_unit_link_of_the_ranking_opens_for_a_handler_of_another_unit(
    handled: dict[str, Play], people: People, org: Org
) -> None:
    tina = login(people.tina)  # 城关镇: neither department of the ranking is hers
    with time_machine.travel(at("2026-11-30T12:00"), tick=False):
        page = tina.get(reverse("reports:rankings"), {"month": "2026-11"}).content.decode()
        links = re.findall(r'href="(/reports/unit/\?unit=\d+)"', page)
        assert len(links) == 3  # 住建局, 自然资源局, 城关镇
        for link in links:
            response = tina.get(link)
            assert response.status_code == 200, link
            assert response.context["unit"].name in page
    assert anonymous_redirects(reverse("reports:unit") + f"?unit={org.zjj.pk}")


def anonymous_redirects(url: str) -> bool:
    response = Client().get(url)
    return response.status_code == 302 and "/login" in response["Location"]


def test_units_below_the_minimum_sample_show_as_such_on_the_page(handled: dict[str, Play], people: People) -> None:
    with time_machine.travel(at("2026-11-30T12:00"), tick=False):
        page = login(people.leo).get(reverse("reports:rankings"), {"month": "2026-11"})
    rows = page.context["groups"][0][2]
    assert all(r.rank is None for r in rows)
    text = page.content.decode()
    assert text.count("样本不足") >= len(rows) and "少于 5 件的单位列为“样本不足”" in text


def test_the_ranking_export_matches_the_ranking(
    handled: dict[str, Play], people: People, org: Org, small_sample: RateSettings
) -> None:
    response = login(people.dave).get(reverse("reports:ranking_export"), {"month": "2026-11"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    expected = {r.name: r for r in ranking(Period.month(2026, 11), group="department")}
    zjj = rows[org.zjj.name]
    assert (zjj[3].value, zjj[4].value) == (expected[org.zjj.name].dispatched, 1)
    # Rates are numbers formatted as percentages, the score a number with one decimal.
    response_rate, resolution, satisfaction, composite = zjj[5], zjj[8], zjj[11], zjj[12]
    assert response_rate.value == 0.5 and response_rate.number_format == "0.0%"
    assert (resolution.value, satisfaction.value) == (0.5, 0.9) and satisfaction.number_format == "0.0%"
    assert composite.value == 30 * 0.5 + 35 * 0.5 + 35 * 0.9 and composite.number_format == "0.0"
    assert zjj[1].value == 1
    zrj = rows[org.zrj.name]  # dispatched, nothing evaluated: no resolution rate (an empty cell), not scored
    assert (zrj[1].value, zrj[5].value, zrj[8].value, zrj[12].value) == ("样本不足", 0, None, None)


def test_the_ranking_export_lists_units_below_the_minimum_sample(
    handled: dict[str, Play], people: People, org: Org
) -> None:
    response = login(people.dave).get(reverse("reports:ranking_export"), {"month": "2026-11"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    ranks = {row[2]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    # 住建局 (2 dispatched, 2 evaluated) and 自然资源局 (1 dispatched) are too small to rank; 城关镇 had nothing.
    assert ranks == {org.zjj.name: "样本不足", org.zrj.name: "样本不足", org.township.name: "—"}


def test_the_event_export_runs_in_the_background_for_supervisors_only(
    handled: dict[str, Play], people: People, django_capture_on_commit_callbacks: Any
) -> None:
    assert login(people.bob).post(reverse("reports:events_export"), {"month": "2026-11"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = login(people.dave).post(reverse("reports:events_export"), {"month": "2026-11"})
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk]) and job.status == Job.Status.DONE
    sheet = load_workbook(job.file.open("rb")).active
    assert sheet is not None
    labels = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "诉求·派单" in labels and "诉求·评价" in labels
    assert all("13912345678" not in str(row) for row in sheet.iter_rows(values_only=True))


def build(client: Client, circular: Circular, capture: Any) -> Circular:
    with capture(execute=True):
        response = client.post(reverse("reports:circular_build", args=[circular.pk]))
    assert response["Location"].startswith("/jobs/"), response
    circular.refresh_from_db()
    return circular


def test_the_circular_word_file_holds_the_computed_rankings(
    handled: dict[str, Play],
    people: People,
    org: Org,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
    small_sample: RateSettings,
) -> None:
    dave = login(people.dave)
    created = dave.post(reverse("reports:circulars"), {"month": "2026-11"})
    circular = Circular.objects.get()
    assert created["Location"] == reverse("reports:circular", args=[circular.pk])
    bad = dave.post(
        reverse("reports:circular", args=[circular.pk]), {"tracking_no": "MSD000", "kind": "bad", "note": "x"}
    )
    assert bad.status_code == 400 and "找不到受理编号为“MSD000”的诉求" in bad.content.decode()
    good = handled["good"].appeal
    dave.post(
        reverse("reports:circular", args=[circular.pk]),
        {"tracking_no": good.tracking_no, "kind": "good", "note": "当天办结，群众满意"},
    )
    assert CircularCase.objects.filter(circular=circular, appeal=good).exists()

    with time_machine.travel(at("2026-12-01T09:00"), tick=False):
        circular = build(login(people.dave), circular, django_capture_on_commit_callbacks)
    assert circular.state == Circular.State.READY

    document = Document(circular.docx.open("rb"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2026年11月" in text and "当天办结，群众满意" in text and good.tracking_no in text
    departments = document.tables[0]
    assert [c.text for c in departments.rows[0].cells] == [
        "排名",
        "单位",
        "派单件数",
        "参评件数",
        "响应率",
        "解决率",
        "满意率",
        "综合得分",
    ]
    with time_machine.travel(at("2026-12-01T09:00"), tick=False):
        expected = [r for r in ranking(Period.month(2026, 11), group="department") if r.rank]
    table = [[c.text for c in row.cells] for row in departments.rows[1:]]
    # The ranked units, then 自然资源局: dispatched to, nothing evaluated, so too few items to be scored.
    assert [row[1] for row in table] == [*(r.name for r in expected), org.zrj.name]
    assert table[-1][0] == "样本不足" and table[-1][-1] == "—"
    zjj = next(row for row in table if row[1] == org.zjj.name)
    ref = next(r for r in expected if r.name == org.zjj.name)
    assert zjj == [
        str(ref.rank),
        org.zjj.name,
        "2",
        "2",
        "50.0%",
        "50.0%",
        f"{100 * (1 + 0.8) / 2:.1f}%",
        score(ref.composite),
    ]
    assert len(document.inline_shapes) == 1  # the departments' chart; no township had anything this month
    assert "本期无派单" in text and "少于 1 件的单位列为“样本不足”" in text
    assert "四、超期及督办事项" in text and "红榜" not in text

    if shutil.which("pdftoppm"):
        pdf = tmp_path / "c.pdf"
        pdf.write_bytes(circular.pdf.open("rb").read())
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
        assert "县直部门排名" in text and org.zjj.name in text
        assert "超期及督办事项" in text and "红榜" not in text
        shots = ROOT / "var" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        render = ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(shots / "circular-page1")]
        subprocess.run(render, check=True)  # noqa: S603

    rebuilt = build(dave, circular, django_capture_on_commit_callbacks)  # regenerated on demand
    assert rebuilt.state == Circular.State.READY and rebuilt.generated_at is not None
    assert login(people.leo).get(reverse("reports:circular_download", args=[circular.pk, "docx"])).status_code == 200


def test_only_supervisors_write_circulars(people: People) -> None:
    assert login(people.leo).post(reverse("reports:circulars"), {"month": "2026-11"}).status_code == 403
    assert login(people.bob).get(reverse("reports:circulars")).status_code == 403
    dave = login(people.dave)
    dave.post(reverse("reports:circulars"), {"month": "2026-11"})
    again = dave.post(reverse("reports:circulars"), {"month": "2026-11"})
    assert again.status_code == 400 and "2026年11月的通报已存在" in again.content.decode()
    bad = dave.post(reverse("reports:circulars"), {"month": "2026-13"})
    assert bad.status_code == 400 and "月份格式应为 2026-11" in bad.content.decode()
