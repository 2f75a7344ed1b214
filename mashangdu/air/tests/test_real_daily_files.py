"""`air import --verify` on the two real daily files of the national network (../shared/data/air_daily):
at least 94% of days within 2 of the published AQI (docs/benchmarks.md explains the rest)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from mashangdu.air.models import DailyReport, Station, StationKind

SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "air_daily"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/air_daily is not here (real data is read in place)"),
]


def run(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("air", "import", *args, "--verify", "--json", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.mark.parametrize(("name", "days", "missing"), [("tianjin", 3064, 9), ("chengdu", 3065, 8)])
def test_real_daily_file_within_2(name: str, days: int, missing: int) -> None:
    result = run(str(SHARED / f"{name}_daily.csv"), "--station", f"{name}市")
    assert result["format"] == "daily"
    assert (result["compared"], result["skipped"], result["errors"]) == (days, missing, 0)
    assert int(result["within_2"]) / days >= 0.94  # type: ignore[call-overload]
    assert result["exact"] <= result["within_1"] <= result["within_2"]  # type: ignore[operator]
    station = Station.objects.get(code=f"{name}市")
    assert station.kind == StationKind.CITY
    assert DailyReport.objects.filter(station=station).count() == days
    # a missing day (aqi 0, quality 无) is not stored, and a published 0 is missing, not a concentration
    assert not DailyReport.objects.filter(station=station, published_aqi=0).exists()
    assert not DailyReport.objects.filter(station=station, pm25=0).exists()


def test_reimport_of_a_real_file_and_default_station() -> None:
    path = str(SHARED / "tianjin_daily.csv")
    run(path)
    again = run(path)
    assert again["daily"] == 3064
    assert DailyReport.objects.count() == 3064
    assert list(Station.objects.values_list("code", flat=True)) == ["tianjin_daily"]
    # 2017-05-04, a dust storm: PM published as 0 (missing), AQI 500 published, computed from the gases only
    dust = DailyReport.objects.get(date="2017-05-04")
    assert (dust.published_aqi, dust.pm10, dust.pm25) == (500, None, None)
    assert dust.aqi is not None and dust.aqi < 100
