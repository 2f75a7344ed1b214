"""A hot topic's place comes from its messages' own places and never contradicts their text."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from mashangdu.appeals import services
from mashangdu.core.models import Unit, UnitKind
from mashangdu.routing.similar import county_hot_topics, hot_topics, place_of, topic_place
from mashangdu.testing import Org, People

START = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
TOWNSHIPS = ["河东镇", "经济开发区", "城关镇"]


def _times(n: int) -> list[dt.datetime]:
    return [START + dt.timedelta(days=i) for i in range(n)]


def test_a_cluster_whose_texts_name_hedong_is_not_labelled_with_another_place() -> None:
    """The reported case: a 河东镇 site whose appeals were filed under 经济开发区 (e.g. its code was scanned
    there), with other messages in the pool from 经济开发区."""
    texts = [
        "河东镇城东工地每天晚上十一点以后还在施工，噪音很大",
        "河东镇城东工地夜里施工噪音很大，影响休息",
        "河东镇城东工地晚上十一点以后施工，噪音扰民",
        "经济开发区某超市货架上的酸奶已经过期",
    ]
    places = ["经济开发区", "经济开发区", "河东镇", "经济开发区"]
    [topic] = hot_topics(texts, _times(4), places, known_places=TOWNSHIPS)
    assert topic.size == 3 and topic.place == "河东镇"


def test_a_topic_spanning_townships_names_them_all_the_representatives_first() -> None:
    texts = [
        "经济开发区城东工地每天晚上十一点以后还在施工，噪音很大",
        "河东镇城东工地每天晚上十一点以后还在施工，噪音很大",
        "河东镇城东工地每天晚上十一点以后还在施工，噪音很大。",
        "经济开发区城东工地每天晚上十一点以后还在施工，噪音很大。",
        "经济开发区城东工地每天晚上十一点以后还在施工，噪音很大！",
    ]
    places = ["经济开发区", "河东镇", "河东镇", "经济开发区", "经济开发区"]
    [topic] = hot_topics(texts, _times(5), places, known_places=TOWNSHIPS)
    assert topic.size == 5
    named = next(t for t in TOWNSHIPS if t in topic.text)
    assert topic.place.startswith(named) and set(topic.place.split("、")) == {"经济开发区", "河东镇"}


def test_place_of_prefers_the_one_place_the_text_names() -> None:
    assert place_of("河东镇城东工地噪音", "经济开发区", TOWNSHIPS) == "河东镇"
    assert place_of("城东工地噪音", "经济开发区", TOWNSHIPS) == "经济开发区"  # the text names none
    assert place_of("从河东镇到城关镇的班车太少", "河东镇", TOWNSHIPS) == "河东镇"  # several: the field
    assert place_of("东城关镇路口", "", ["城关镇", "东城关镇"]) == "东城关镇"  # the longest name wins
    assert topic_place(["A", "B", "C", "D", "B"], first="C") == "C、B、A等 4 地"
    assert topic_place(["", "A", "A"]) == "A"


@pytest.mark.usefixtures("calendar")
def test_the_leaders_dashboard_topics_use_the_appeals_townships(people: People, org: Org) -> None:
    hedong = Unit.objects.create(name="河东镇", kind=UnitKind.TOWNSHIP, parent=org.county)
    kaifaqu = Unit.objects.create(name="经济开发区", kind=UnitKind.TOWNSHIP, parent=org.county)
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        for i, township in enumerate([kaifaqu, kaifaqu, hedong]):
            text = f"河东镇城东工地每天晚上十一点以后还在施工，噪音很大{'。' * i}"
            services.appeal_create(
                by=people.alice,
                kind="help",
                channel="hotline",
                title="夜间施工噪音扰民",
                content=text,
                township=township,
                is_anonymous=True,
            )
        [topic] = county_hot_topics(timezone.now())
    assert topic.size == 3 and topic.place == "河东镇"
