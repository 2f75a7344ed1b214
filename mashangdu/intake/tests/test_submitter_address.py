"""The public submitter's address is kept as a keyed digest, never in clear (issue 13, hole 4): not in the
`appeal.created` event, the event log page, its export or the admin, named or anonymous filing alike."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mashangdu.appeals.models import Appeal
from mashangdu.core.crypto import ip_index
from mashangdu.core.models import Event, Job
from mashangdu.intake.models import PublicSubmission, QrCode
from mashangdu.intake.tests.test_public import form_data, new_url
from mashangdu.testing import People

ADDRESS = "203.0.113.77"


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_created_event_keeps_the_addresss_keyed_digest_only(
    county_code: QrCode, people: People, anonymous: bool, django_capture_on_commit_callbacks: object
) -> None:
    public = Client(REMOTE_ADDR=ADDRESS)
    extra = {"is_anonymous": "on", "requester_name": None, "requester_phone": None} if anonymous else {}
    url = new_url(county_code)
    assert public.post(url, form_data(public, url, **extra)).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.is_anonymous is anonymous

    created = Event.objects.get(verb="appeal.created", target_id=appeal.pk)
    assert created.ip_hash == ip_index(ADDRESS) and ADDRESS not in created.ip_hash
    assert not hasattr(created, "ip")  # no column for the address in clear any more
    # The same digest as the submission log's, so the two can be matched without the address.
    assert PublicSubmission.objects.get().ip_index == created.ip_hash

    supervisor = Client()
    supervisor.force_login(people.dave)
    log = supervisor.get(reverse("event_list"), {"q": appeal.tracking_no}).content.decode()
    assert ADDRESS not in log and created.ip_hash[:12] in log

    day = f"{timezone.localtime(appeal.submitted_at):%Y-%m-%d}"  # the export's days are Shanghai days
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        supervisor.post(reverse("reports:events_export"), {"start": day, "end": day})
    sheet = load_workbook(Job.objects.get().file.open("rb")).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert not any(ADDRESS in c for c in cells) and created.ip_hash in cells

    people.ada.is_staff = people.ada.is_superuser = True
    people.ada.save(update_fields=["is_staff", "is_superuser"])
    admin = Client()
    admin.force_login(people.ada)
    for page in ("/admin/core/event/", f"/admin/core/event/{created.pk}/change/"):
        response = admin.get(page)
        assert response.status_code == 200 and ADDRESS not in response.content.decode(), page
