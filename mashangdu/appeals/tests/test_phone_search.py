"""A complainant's identity cannot be confirmed by phone (issue 13, hole 2).

Phone searches are POSTs (the page's search form, POST /api/appeals/search/): a number never sits in a
URL, where access logs and browser histories keep it. Outside the supervisors a phone never matches a
complaint or a report, and the public tracking page opens those by their access code only."""

from __future__ import annotations

import io
import logging

import pytest
from django.test import Client
from django.urls import reverse

from mashangdu.appeals.models import Appeal, Kind, Status
from mashangdu.appeals.services import appeal_create, appeal_dispatch
from mashangdu.core.logfilters import MaskPhones
from mashangdu.core.models import Job, User
from mashangdu.testing import Org, People, make_user

PHONE = "13912345678"
WRONG = "13987654321"


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _filed(people: People, org: Org, kind: str, title: str) -> Appeal:
    appeal = appeal_create(
        by=people.alice,
        kind=kind,
        channel="hotline",
        title=title,
        content=f"{title}，请尽快处理。",
        requester_name="张三",
        requester_phone=PHONE,
    )
    code = appeal.issued_access_code  # handed back once, never stored
    dispatched = appeal_dispatch(appeal=appeal, by=people.alice, unit=org.zjj)
    dispatched.issued_access_code = code
    return dispatched


@pytest.fixture
def help_request(people: People, org: Org) -> Appeal:
    return _filed(people, org, Kind.HELP, "楼道漏水")


@pytest.fixture
def complaint(people: People, org: Org) -> Appeal:
    """A complaint handled by 住建局 (about no unit): its handlers see it, but not who filed it."""
    return _filed(people, org, Kind.COMPLAINT, "施工噪音扰民")


@pytest.fixture
def report(people: People, org: Org) -> Appeal:
    return _filed(people, org, Kind.REPORT, "违规收费")


def test_the_search_form_posts_and_the_phone_never_reaches_a_url(people: People, help_request: Appeal) -> None:
    bob = as_user(people.bob)
    response = bob.post(reverse("appeals:list"), {"q": PHONE, "status": Status.DISPATCHED, "queue": ""})
    assert response.status_code == 302
    location = response["Location"]
    assert PHONE not in location and "phone=1" in location and f"status={Status.DISPATCHED}" in location
    page = bob.get(location)
    html = page.content.decode()
    assert "楼道漏水" in html and "139****5678" in html and PHONE not in html
    assert PHONE not in str(dict(bob.session))  # the session keeps the blind index, not the number
    # The other filters still apply on top of the phone.
    assert "楼道漏水" not in bob.get(location.replace(Status.DISPATCHED, Status.CLOSED)).content.decode()
    # Text and tracking-number searches still redirect to a shareable URL.
    by_number = bob.post(reverse("appeals:list"), {"q": help_request.tracking_no})
    assert f"q={help_request.tracking_no}" in by_number["Location"]
    assert "楼道漏水" in bob.get(by_number["Location"]).content.decode()


def test_a_phone_in_a_url_is_refused_by_the_page_and_the_api(people: People, help_request: Appeal) -> None:
    alice = as_user(people.alice)
    page = alice.get(reverse("appeals:list"), {"q": PHONE})
    assert page.status_code == 200 and "楼道漏水" not in page.content.decode()
    assert "须以 POST 提交" in page.content.decode()
    api = alice.get("/api/appeals/", {"q": PHONE})
    assert api.status_code == 400 and "POST /api/appeals/search/" in api.json()["errors"]["q"][0]


@pytest.mark.parametrize(
    "typed", ["139.1234.5678", "139/1234/5678", "１３９１２３４５６７８", "(139) 1234-5678", "139　1234　5678"]
)
def test_a_phone_typed_with_separators_or_full_width_digits_is_a_phone_search(
    people: People, help_request: Appeal, typed: str
) -> None:
    """Dots, slashes, brackets, ideographic spaces and full-width digits do not make a phone into text:
    it is refused in a URL (never searched as text), and the POST search finds the same appeal."""
    content = Appeal.objects.filter(pk=help_request.pk)
    content.update(content=f"{help_request.content} 联系 {typed}")  # text search would match it
    alice = as_user(people.alice)
    page = alice.get(reverse("appeals:list"), {"q": typed})
    assert "楼道漏水" not in page.content.decode() and "须以 POST 提交" in page.content.decode()
    assert alice.get("/api/appeals/", {"q": typed}).status_code == 400
    posted = alice.post(reverse("appeals:list"), {"q": typed})
    assert "phone=1" in posted["Location"] and "5678" not in posted["Location"]
    assert "楼道漏水" in alice.get(posted["Location"]).content.decode()
    api = alice.post("/api/appeals/search/", {"phone": typed}, content_type="application/json")
    assert api.status_code == 200 and api.json()["count"] == 1


@pytest.mark.parametrize(
    "typed",
    [
        f"张三丰{PHONE}",
        f"{PHONE} 张三",
        f"电话{PHONE}",
        "+86 139 1234 5678",
        f"86{PHONE}",
        f"0086-{PHONE}",
        f"tel:{PHONE}",
        "找 幺三九幺二三四五六七八",
    ],
)
def test_a_search_holding_a_phone_among_words_is_a_phone_search(
    people: People, help_request: Appeal, typed: str
) -> None:
    """Any search in which the redactor finds a phone number is a phone search: refused in a URL (page and
    API) with the Chinese message, hashed when posted, searched by the phone alone."""
    alice = as_user(people.alice)
    page = alice.get(reverse("appeals:list"), {"q": typed})
    assert "楼道漏水" not in page.content.decode() and "须以 POST 提交" in page.content.decode()
    api = alice.get("/api/appeals/", {"q": typed})
    assert api.status_code == 400 and "号码不能出现在网址中" in api.json()["errors"]["q"][0]
    posted = alice.post(reverse("appeals:list"), {"q": typed})
    assert "phone=1" in posted["Location"] and "q=" not in posted["Location"] and "5678" not in posted["Location"]
    assert "楼道漏水" in alice.get(posted["Location"]).content.decode()
    assert PHONE not in str(dict(alice.session))


@pytest.mark.parametrize("typed", ["楼道漏水", "MSD202611290001", "拖欠13,800,000,000元", "12345热线", "三楼"])
def test_a_search_without_a_phone_stays_a_text_search(people: People, typed: str) -> None:
    alice = as_user(people.alice)
    assert alice.get("/api/appeals/", {"q": typed}).status_code == 200
    assert "q=" in alice.post(reverse("appeals:list"), {"q": typed})["Location"]


def test_the_api_phone_search_is_a_post_that_keeps_the_scope_and_the_filters(
    people: People, org: Org, help_request: Appeal
) -> None:
    bob, carol = as_user(people.bob), as_user(people.carol)
    found = bob.post("/api/appeals/search/", {"phone": PHONE}, content_type="application/json").json()
    assert found["count"] == 1 and found["results"][0]["tracking_no"] == help_request.tracking_no
    assert bob.post("/api/appeals/search/", {"phone": WRONG}, content_type="application/json").json()["count"] == 0
    closed = bob.post("/api/appeals/search/?status=closed", {"phone": PHONE}, content_type="application/json")
    assert closed.json()["count"] == 0
    # Another unit's handler: out of scope, as in the list.
    assert carol.post("/api/appeals/search/", {"phone": PHONE}, content_type="application/json").json()["count"] == 0


def test_the_api_phone_search_refuses_bad_input_users_without_a_role_and_strangers(
    people: People, org: Org, help_request: Appeal
) -> None:
    alice = as_user(people.alice)
    for body in ({}, {"phone": "漏水"}, {"phone": "12"}):
        response = alice.post("/api/appeals/search/", body, content_type="application/json")
        assert response.status_code == 400 and "phone" in response.json()["errors"], body
    nobody = as_user(make_user("nobody", "无角色", org.zjj))
    assert nobody.post("/api/appeals/search/", {"phone": PHONE}, content_type="application/json").status_code == 403
    assert Client().post("/api/appeals/search/", {"phone": PHONE}, content_type="application/json").status_code in (
        401,
        403,
    )


def test_the_schema_documents_the_phone_search_with_its_refusals(people: People) -> None:
    schema = as_user(people.alice).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/appeals/search/"]["post"]
    assert {"200", "400", "401", "403"} <= set(operation["responses"])
    assert "get" not in schema["paths"]["/api/appeals/search/"]


@pytest.mark.parametrize("searcher", ["bob", "frank", "alice", "leo", "ada"])
def test_a_phone_never_confirms_who_filed_a_complaint_or_report_outside_the_supervisors(
    people: People, complaint: Appeal, report: Appeal, searcher: str
) -> None:
    client = as_user(getattr(people, searcher))
    for phone in (PHONE, WRONG):  # the right phone and a wrong one look the same
        api = client.post("/api/appeals/search/", {"phone": phone}, content_type="application/json")
        assert api.json()["count"] == 0, (searcher, phone)
        page = client.get(client.post(reverse("appeals:list"), {"q": phone})["Location"]).content.decode()
        assert complaint.tracking_no not in page and report.tracking_no not in page
    # The appeals themselves stay visible to whoever handles them: only the phone match is withheld.
    if searcher in ("bob", "frank"):
        assert client.get(f"/api/appeals/{complaint.pk}/").status_code == 200


def test_a_supervisor_finds_complaints_and_reports_by_phone(
    people: People, complaint: Appeal, report: Appeal, help_request: Appeal
) -> None:
    found = as_user(people.dave).post("/api/appeals/search/", {"phone": PHONE}, content_type="application/json")
    assert {r["tracking_no"] for r in found.json()["results"]} == {
        complaint.tracking_no,
        report.tracking_no,
        help_request.tracking_no,
    }


def test_the_export_of_a_phone_search_keeps_the_index_not_the_number(
    people: People, complaint: Appeal, help_request: Appeal, django_capture_on_commit_callbacks: object
) -> None:
    from openpyxl import load_workbook

    bob = as_user(people.bob)
    location = bob.post(reverse("appeals:list"), {"q": PHONE})["Location"]
    query = location.split("?", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        bob.post(reverse("appeals:export"), {"query": query})
    job = Job.objects.get()
    assert PHONE not in str(job.params) and job.params["phone_index"]
    titles = [row[6] for row in load_workbook(job.file.open("rb")).active.iter_rows(min_row=2, values_only=True)]
    assert titles == ["楼道漏水"]  # the complaint with the same phone is not matched for a handler


@pytest.mark.parametrize("q", [PHONE, f"张三{PHONE}", "+86 139 1234 5678"])
def test_an_export_of_a_query_with_a_phone_in_it_keeps_the_index_not_the_number(
    people: People, help_request: Appeal, django_capture_on_commit_callbacks: object, q: str
) -> None:
    """A query string with the phone in `q` (written by hand, the page never makes one): the job stores the
    phone's blind index and the query without it, and exports what the phone search finds."""
    from openpyxl import load_workbook

    from mashangdu.appeals.filters import phone_query
    from mashangdu.core.crypto import blind_index

    bob = as_user(people.bob)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        bob.post(reverse("appeals:export"), {"query": f"q={q}&status={Status.DISPATCHED}"})
    job = Job.objects.get()
    assert "5678" not in str(job.params) and "1234" not in str(job.params)
    assert job.params == {"phone_index": blind_index(phone_query(q)), "query": f"status={Status.DISPATCHED}"}
    titles = [row[6] for row in load_workbook(job.file.open("rb")).active.iter_rows(min_row=2, values_only=True)]
    assert titles == ["楼道漏水"]


def test_public_tracking_opens_a_complaint_by_its_access_code_only(complaint: Appeal, help_request: Appeal) -> None:
    track = reverse("intake:track")
    stranger = Client()
    by_phone = stranger.post(track, {"tracking_no": complaint.tracking_no, "phone": PHONE})
    assert by_phone.status_code == 400 and "只能凭查询码" in by_phone.content.decode()
    by_code = stranger.post(track, {"tracking_no": complaint.tracking_no, "access_code": complaint.issued_access_code})
    assert by_code.status_code == 302
    other = Client().post(track, {"tracking_no": help_request.tracking_no, "phone": PHONE})
    assert other.status_code == 302  # an ordinary request can still be found with the phone


def test_a_phone_that_reaches_a_log_line_is_masked() -> None:
    server = logging.getLogger("django.server")  # the development server's request lines
    handlers = [h for h in server.handlers if any(isinstance(f, MaskPhones) for f in h.filters)]
    assert handlers, "the request lines go through the console handler, which masks phones (settings.LOGGING)"
    handler = handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        server.warning('"GET /appeals/?q=%s HTTP/1.1" 200 5120', PHONE)
    finally:
        handler.setStream(previous)
    assert PHONE not in stream.getvalue() and "139****5678" in stream.getvalue()


def test_the_workbench_forms_post_with_their_csrf_token(people: People, help_request: Appeal) -> None:
    import re

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.alice)
    html = browser.get(reverse("appeals:list")).content.decode()
    forms = re.findall(r'<form[^>]*(?:id="filters"|d-md-none)[^>]*>.*?</form>', html, flags=re.S)
    assert len(forms) == 2 and all('method="post"' in f and "csrfmiddlewaretoken" in f for f in forms)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', forms[0])
    assert token is not None
    response = browser.post(reverse("appeals:list"), {"csrfmiddlewaretoken": token.group(1), "q": PHONE})
    assert response.status_code == 302 and PHONE not in response["Location"]
    assert "楼道漏水" in browser.get(response["Location"]).content.decode()
