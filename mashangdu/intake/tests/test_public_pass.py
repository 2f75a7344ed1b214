"""A public filing writes no session row: what the browser proved travels in a signed cookie (decision 0045)."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from mashangdu.appeals.models import Appeal
from mashangdu.intake import passes
from mashangdu.intake.models import QrCode
from mashangdu.intake.tests.test_public import PHONE, form_data, new_url, shown_access_code
from mashangdu.testing import Org


def test_a_public_filing_stores_no_session_and_its_result_page_still_shows(
    client: Client, county_code: QrCode, org: Org
) -> None:
    response = client.post(new_url(county_code), form_data(client, new_url(county_code)))
    assert response.status_code == 302
    assert Session.objects.count() == 0
    assert passes.COOKIE in client.cookies and client.cookies[passes.COOKIE]["httponly"]
    assert shown_access_code(client.get(response["Location"]).content.decode())


def test_another_browser_cannot_open_the_result_page(client: Client, county_code: QrCode, org: Org) -> None:
    response = client.post(new_url(county_code), form_data(client, new_url(county_code)))
    stranger = Client()
    assert stranger.get(response["Location"])["Location"] == reverse("intake:track")


def test_a_forged_or_edited_pass_proves_nothing(client: Client, county_code: QrCode, org: Org) -> None:
    client.post(new_url(county_code), form_data(client, new_url(county_code)))
    appeal = Appeal.objects.get()
    forger = Client()
    forger.cookies[passes.COOKIE] = (
        f'{{"done":["{appeal.tracking_no}"],"tracked":["{appeal.tracking_no}"],"by_code":["{appeal.tracking_no}"]}}'
    )
    assert forger.get(reverse("intake:track_detail", args=[appeal.tracking_no])).status_code == 404
    signed = client.cookies[passes.COOKIE].value
    forger.cookies[passes.COOKIE] = signed.replace(appeal.tracking_no, appeal.tracking_no[:-1] + "9")
    assert forger.get(reverse("intake:track_detail", args=[appeal.tracking_no])).status_code == 404


def test_tracking_by_phone_remembers_progress_only_without_a_session(
    client: Client, county_code: QrCode, org: Org
) -> None:
    client.post(new_url(county_code), form_data(client, new_url(county_code)))
    appeal = Appeal.objects.get()
    other = Client()
    found = other.post(reverse("intake:track"), {"tracking_no": appeal.tracking_no, "phone": PHONE})
    assert found.status_code == 302
    page = other.get(found["Location"])
    assert page.status_code == 200 and page.context["progress_only"] and not page.context["content"]
    assert Session.objects.count() == 0
