"""What the public may read (decision 0014): every public output carries the citizen's and the staff's
free text only through the personal-data detector, the requester's own name and phone included."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from django.test import Client
from django.urls import reverse

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Category
from mashangdu.intake.models import TargetKind
from mashangdu.intake.tests.conftest import make_code
from mashangdu.intake.tests.test_public import form_data, new_url
from mashangdu.open311.tests.test_open311 import BASE
from mashangdu.testing import Org, People

SECRETS = {
    "138-1234-5678": "〔手机号〕",
    "0317 12345678": "〔电话〕",
    "130102199003071233": "〔身份证号〕",
    "130102199003071234": "〔号码〕",
    "wang.wu@example.com": "〔邮箱〕",
    "6222 0212 3456 7890 128": "〔银行卡号〕",
    "冀A·12345": "〔车牌号〕",
}
TEXT = (
    "我是李建华，厂门口路面塌陷。手机138-1234-5678，座机0317 12345678，"
    "身份证130102199003071233（旧证130102199003071234），邮箱wang.wu@example.com，"
    "工资卡6222 0212 3456 7890 128，肇事车冀A·12345。也可打13912345678。"
)
REQUESTER = ("李建华", "13912345678")
LEAKS = [*SECRETS, "李建华", "13912345678", "1234-5678", "199003071", "12345678", "3456 7890"]


def leaked(page: str) -> list[str]:
    return [secret for secret in LEAKS if secret in page]


def test_open311_json_xml_one_request_and_updates_hide_personal_data(
    client: Client, roads: Category, key: str, people: People, org: Org, calendar: None
) -> None:
    form = {
        "api_key": key,
        "service_code": "roads",
        "attribute[surface]": "沥青",
        "address_string": "建设路 18 号 李建华家门口，电话 13912345678",
        "description": TEXT,
        "last_name": "李",
        "first_name": "建华",
        "phone": REQUESTER[1],
    }
    posted = client.post(f"{BASE}/requests.json", form)
    assert posted.status_code == 200, posted.content
    appeal = Appeal.objects.get()
    services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    services.appeal_sign(appeal=appeal, by=people.bob)
    services.appeal_contact(appeal=appeal, by=people.bob, note="已电话联系。")
    services.appeal_reply(
        appeal=appeal, by=people.bob, result="solved", public_reply="已联系李 建华（139 1234 5678）修复路面。"
    )
    pages = {
        path: client.get(f"{BASE}/{path}").content.decode()
        for path in (
            "requests.json",
            "requests.xml",
            f"requests/{appeal.tracking_no}.json",
            f"requests/{appeal.tracking_no}.xml",
            "servicerequestupdates.json",
            "servicerequestupdates.xml",
        )
    }
    for path, page in pages.items():
        assert leaked(page) == [], path
    one = client.get(f"{BASE}/requests/{appeal.tracking_no}.json").json()[0]
    assert one["description"] == (
        "我是〔姓名〕，厂门口路面塌陷。手机〔手机号〕，座机〔电话〕，身份证〔身份证号〕（旧证〔号码〕），"
        "邮箱〔邮箱〕，工资卡〔银行卡号〕，肇事车〔车牌号〕。也可打〔手机号〕。"
    )
    assert one["address"].startswith("建设路 18 号 〔姓名〕家门口，电话 〔手机号〕")
    assert one["status_notes"].endswith("已联系〔姓名〕（〔手机号〕）修复路面。")
    root = ET.fromstring(pages["requests.xml"].encode())  # noqa: S314 - our own server's output
    assert root.findtext("request/description") == one["description"]
    assert "〔姓名〕" in pages["servicerequestupdates.json"]


def test_tracking_and_the_qr_page_hide_personal_data(client: Client, people: People, org: Org) -> None:
    qr = make_code(TargetKind.COUNTY)
    url = new_url(qr)
    data = form_data(client, url, content=TEXT, requester_name=REQUESTER[0], requester_phone=REQUESTER[1])
    data["address"] = "南门 冀A·12345 旁"
    submitted = client.post(url, data)
    assert submitted.status_code == 302
    appeal = Appeal.objects.get()
    code = re.search(r'data-testid="access-code">([^<]+)<', client.get(submitted["Location"]).content.decode())
    assert code is not None  # shown once, on the result page

    third_party = Client()  # someone who was shown the slip: tracking number and access code
    found = third_party.post(reverse("intake:track"), {"tracking_no": appeal.tracking_no, "access_code": code.group(1)})
    assert found.status_code == 302
    page = third_party.get(found["Location"]).content.decode()
    assert leaked(page) == []
    assert "我是〔姓名〕，厂门口路面塌陷。手机〔手机号〕" in page

    scanned = Client().get(reverse("intake:code", args=[qr.code])).content.decode()
    assert 'data-testid="reported"' in scanned and leaked(scanned) == []


def test_the_requesters_own_phone_in_another_form_never_reaches_the_feed(
    client: Client, roads: Category, people: People, org: Org, calendar: None
) -> None:
    """Issue 12: the citizen types his own phone as 139/8765/4321 and in upper-case numerals in the text
    of the public form; the anonymous Open311 list (JSON and XML) carries neither, nor his spaced name."""
    qr = make_code(TargetKind.COUNTY)
    url = new_url(qr)
    content = "我是赵  六，路面塌陷，请打139/8765/4321，或壹叁玖捌柒陆伍肆叁贰壹，座机打8123-4567也行。"
    data = form_data(
        client, url, content=content, requester_name="赵六", requester_phone="13987654321", category=roads.pk
    )
    data["extra_surface"] = "沥青"
    assert client.post(url, data).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.category == roads
    anonymous = Client()
    listed = anonymous.get(f"{BASE}/requests.json")
    assert listed.status_code == 200
    (row,) = [r for r in listed.json() if r["service_request_id"] == appeal.tracking_no]
    assert row["description"] == "我是〔姓名〕，路面塌陷，请打〔手机号〕，或〔手机号〕，座机打〔电话〕也行。"
    xml = anonymous.get(f"{BASE}/requests.xml").content.decode()
    root = ET.fromstring(xml.encode())  # noqa: S314 - our own server's output
    assert root.findtext("request/description") == row["description"]
    for page in (listed.content.decode(), xml):
        assert not re.search(r"139.{0,3}8765|8765.{0,3}4321|壹叁玖|8123-4567|赵 +六", page)
