"""The registry's pages: registering, inspecting with a photo, acting, who sees what (403 at the door, 404 for
another township's site), and parameters that are refused with a 400, never a 500."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from mashangdu.pollution.models import Inspection, Site, SiteState
from mashangdu.pollution.tests.conftest import Env, register
from mashangdu.testing import Org, People


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "gray").save(out, "PNG")
    return SimpleUploadedFile("site.png", out.getvalue(), content_type="image/png")


SITE = {
    "name": "王庄塑料颗粒作坊",
    "category": "scattered",
    "kind": "workshop",
    "address": "王庄村西",
    "source": "patrol",
    "found_on": "2026-11-02",
    "disposal": "ban",
    "deadline": "2026-12-02",
    "key": "1" * 32,
}


def test_the_township_registers_inspects_and_asks_for_acceptance(org: Org, people: People, env: Env) -> None:
    tina = _client(people.tina)
    response = tina.post("/pollution/sites/new/", {**SITE, "township": org.township.pk})
    site = Site.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/pollution/sites/{site.pk}/"
    response = tina.post(
        f"/pollution/sites/{site.pk}/inspect/",
        {"inspected_on": "2026-11-05", "inspector": "冯婷", "result": "not_started", "photo": _png(), "key": "2" * 32},
    )
    assert response.status_code == 302 and Inspection.objects.get().photo
    # the same forms sent again (a double click): one site, one inspection
    assert tina.post("/pollution/sites/new/", {**SITE, "township": org.township.pk}).status_code == 302
    again = {"inspected_on": "2026-11-05", "inspector": "冯婷", "result": "not_started", "key": "2" * 32}
    assert tina.post(f"/pollution/sites/{site.pk}/inspect/", again)["Location"] == f"/pollution/sites/{site.pk}/"
    assert (Site.objects.count(), Inspection.objects.count()) == (1, 1)
    stale = tina.post("/pollution/sites/new/", {**SITE, "township": org.township.pk, "key": "x"})
    assert stale.status_code == 400 and "表单已失效" in stale.content.decode()
    assert tina.post(f"/pollution/sites/{site.pk}/act/start/").status_code == 302
    tina.post(f"/pollution/sites/{site.pk}/act/submit/", {"text": "设备已拆除"})
    site.refresh_from_db()
    assert site.state == SiteState.AWAITING
    assert (
        tina.post(f"/pollution/sites/{site.pk}/act/accept/", {"cleared_on": "2026-11-09", "text": "自验"}).status_code
        == 403
    )
    eva = _client(env.eva)
    page = eva.get(f"/pollution/sites/{site.pk}/").content.decode()
    assert 'data-testid="form-accept"' in page and "王庄塑料颗粒作坊" in page
    eva.post(f"/pollution/sites/{site.pk}/act/accept/", {"cleared_on": "2026-11-09", "text": "已取缔"})
    site.refresh_from_db()
    assert site.state == SiteState.CLEARED
    assert eva.post(f"/pollution/sites/{site.pk}/act/refuse/", {"text": "晚了"}).status_code == 409


def test_a_township_registers_for_itself_only_and_sees_only_its_own(org: Org, people: People, env: Env) -> None:
    hugo = _client(env.hugo)
    refused = hugo.post("/pollution/sites/new/", {**SITE, "township": org.township.pk})
    assert refused.status_code == 400 and not Site.objects.exists()
    site = register(org.township, people.tina)
    assert hugo.get(f"/pollution/sites/{site.pk}/").status_code == 404
    assert hugo.get(f"/pollution/sites/{site.pk}/inspect/").status_code == 404
    assert "张庄露天喷涂点" not in hugo.get("/pollution/sites/").content.decode()
    assert _client(people.bob).get("/pollution/sites/").status_code == 403  # 住建局
    assert _client(people.leo).get(f"/pollution/sites/{site.pk}/").status_code == 200  # a county leader reads


def test_bad_form_input_names_the_field(org: Org, people: People, env: Env) -> None:
    tina = _client(people.tina)
    page = tina.post("/pollution/sites/new/", {**SITE, "township": org.township.pk, "deadline": "2026-10-01"})
    assert page.status_code == 400 and "整治期限不能早于发现日期" in page.content.decode()
    site = register(org.township, people.tina)
    tina.post(f"/pollution/sites/{site.pk}/act/start/")
    page = tina.post(f"/pollution/sites/{site.pk}/act/submit/", {"text": ""}, follow=True)
    assert "请填写整治情况" in page.content.decode()
    site.refresh_from_db()
    assert site.state == SiteState.RECTIFYING


def test_hostile_parameters_are_400s(org: Org, people: People, env: Env) -> None:
    site = register(org.township, people.tina)
    dave = _client(people.dave)
    for url in (
        "/pollution/sites/?state=nope",
        "/pollution/sites/?overdue=maybe",
        "/pollution/sites/?township=-1",
        "/pollution/sites/?page=x",
        "/pollution/plans/?state=nope",
        "/pollution/grades/?industry=steelx",
    ):
        assert dave.get(url).status_code == 400, url
    assert dave.post(f"/pollution/sites/{site.pk}/act/explode/").status_code == 400
    assert dave.get("/pollution/sites/?q=" + "长" * 60).status_code == 400
