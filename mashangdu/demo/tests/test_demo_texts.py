"""The demo's appeal texts teach routing every demo category: a model trained on them, as the demo trains
one on its history, sends messages it never saw to the right one."""

from __future__ import annotations

import random
from typing import Any

import pytest

from mashangdu.demo.appeals_data import CATEGORIES, TEXTS
from mashangdu.demo.county_data import TOWNSHIPS, VILLAGE_PREFIXES, VILLAGE_SUFFIXES
from mashangdu.routing.classifier import fit, suggest


@pytest.fixture(scope="module")
def model() -> Any:
    rng = random.Random(7)
    texts, labels = [], []
    for _ in range(3000):  # as the demo history: a category, one of its texts, a place
        code = rng.choice(list(TEXTS))
        title, content = rng.choice(TEXTS[code])
        village = rng.choice(VILLAGE_PREFIXES) + rng.choice(VILLAGE_SUFFIXES)
        fill = {"t": rng.choice(TOWNSHIPS)[0], "v": village, "e": "沧河恒达机械有限公司"}
        texts.append(f"{title.format(**fill)} {content.format(**fill)}")
        labels.append(code)
    return fit(texts, labels)


def test_every_demo_sub_category_has_appeal_texts() -> None:
    codes = {code for _, _, subs in CATEGORIES for code, *_ in subs}
    assert set(TEXTS) == codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("河堤塌方 河东镇东边的河堤塌方了十几米，请尽快修复", "river-dikes"),
        ("堤坝渗水 村南河道的堤坝出现渗水，担心决口", "river-dikes"),
        ("河岸坍塌 沿河的岸坡坍塌，房子离河边不到五米了", "river-dikes"),
        ("路面塌陷 建设街路口塌了一个大坑，车开过去很危险", "roads"),
        ("河沟有污水 村东河沟里有黑色污水，气味很臭", "water"),
    ],
    ids=["dike-collapse", "dike-seepage", "bank-collapse", "road-collapse", "river-sewage"],
)
def test_messages_it_never_saw_go_to_their_category(model: Any, text: str, code: str) -> None:
    assert suggest(model, text)[0].label == code
