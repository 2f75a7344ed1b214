"""Transitions of an appeal about a unit (issue 13): the dispatchers, who all sit in the service centre,
neither decide its returns nor call back on it, it goes to no unit but an office, and it merges only with
appeals about the same unit. A 投诉/举报 filed without a named unit can be sent to the office by a dispatcher."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mashangdu.appeals import services
from mashangdu.appeals.models import Appeal, Kind, Satisfaction, Status
from mashangdu.appeals.selectors import appeals_visible_to
from mashangdu.appeals.transitions import WrongStateError
from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Event, Role, Unit, UnitKind, User
from mashangdu.testing import Org, People, WindowStaff, make_appeal, make_user


@pytest.fixture
def commission(org: Org) -> Unit:
    return Unit.objects.create(name="县纪委监委", kind=UnitKind.DISCIPLINE_COMMISSION, parent=org.county)


@pytest.fixture
def kate(commission: Unit) -> User:
    return make_user("kate", "柯婷", commission, Role.SUPERVISOR)


def personas(people: People, staff: WindowStaff, kate: User) -> list[User]:
    return [
        people.alice,
        staff.dina,
        people.bob,
        people.frank,
        people.carol,
        people.dave,
        kate,
        staff.olga,
        people.erin,
        people.leo,
        people.ada,
        staff.gus,
        staff.lily,
    ]


def about(org: Org, status: str, about_unit: Unit, *, status_before_return: str = "") -> Appeal:
    return make_appeal(
        status,
        unit=org.supervision_office,
        kind=Kind.COMPLAINT,
        about_unit=about_unit,
        status_before_return=status_before_return,
    )


def snapshot(appeal: Appeal) -> tuple[object, ...]:
    appeal.refresh_from_db()
    return (appeal.status, appeal.unit_id, appeal.about_unit_id, appeal.duplicate_of_id, appeal.satisfaction)


SUPERVISORS = {"dave", "kate"}


@pytest.mark.parametrize("about_centre", [False, True], ids=["about_zjj", "about_the_service_centre"])
def test_a_return_is_decided_by_supervisors_and_goes_to_the_other_office(
    org: Org, people: People, window_staff: WindowStaff, commission: Unit, kate: User, about_centre: bool
) -> None:
    accused = org.service_centre if about_centre else org.zjj
    for user in personas(people, window_staff, kate):
        appeal = about(org, Status.RETURNING, accused, status_before_return=Status.HANDLING)
        before = snapshot(appeal)
        if user.username in SUPERVISORS:
            services.appeal_accept_return(appeal=appeal, by=user, note="应由纪委办理")
            appeal.refresh_from_db()
            # Straight to the other office, never back to the dispatchers' queue.
            assert (appeal.status, appeal.unit, appeal.about_unit) == (Status.DISPATCHED, commission, accused)
            verbs = set(Event.objects.filter(target_id=appeal.pk).values_list("verb", flat=True))
            assert {"appeal.return_accepted", "appeal.dispatched"} <= verbs
        else:
            with pytest.raises(PermissionDeniedError):
                services.appeal_accept_return(appeal=appeal, by=user)
            assert snapshot(appeal) == before, user.username
        appeal = about(org, Status.RETURNING, accused, status_before_return=Status.HANDLING)
        before = snapshot(appeal)
        if user.username in SUPERVISORS:
            services.appeal_reject_return(appeal=appeal, by=user, reason="属本室职责")
            appeal.refresh_from_db()
            assert (appeal.status, appeal.unit) == (Status.HANDLING, org.supervision_office)
        else:
            with pytest.raises(PermissionDeniedError):
                services.appeal_reject_return(appeal=appeal, by=user, reason="属本室职责")
            assert snapshot(appeal) == before, user.username


def test_an_ordinary_return_is_still_the_dispatchers(org: Org, people: People) -> None:
    appeal = make_appeal(Status.RETURNING, unit=org.zjj, status_before_return=Status.HANDLING)
    with pytest.raises(PermissionDeniedError):
        services.appeal_accept_return(appeal=appeal, by=people.dave)
    services.appeal_accept_return(appeal=appeal, by=people.alice)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.unit) == (Status.SUBMITTED, None)


def test_accepting_a_return_without_another_office_is_refused_and_it_stays(org: Org, people: People) -> None:
    appeal = about(org, Status.RETURNING, org.zjj, status_before_return=Status.HANDLING)
    before = snapshot(appeal)
    with pytest.raises(DomainError) as refused:
        services.appeal_accept_return(appeal=appeal, by=people.dave)
    assert "驳回退单" in refused.value.message
    assert snapshot(appeal) == before
    services.appeal_reject_return(appeal=appeal, by=people.dave, reason="属本室职责")
    assert snapshot(appeal)[:2] == (Status.HANDLING, org.supervision_office.pk)


def evaluate(appeal: Appeal, user: User) -> None:
    services.appeal_evaluate(appeal=appeal, by=user, satisfaction=Satisfaction.SATISFIED, solved=True)


def test_call_back_evaluation_of_an_appeal_about_a_unit_is_a_supervisors(
    org: Org, people: People, window_staff: WindowStaff, commission: Unit, kate: User
) -> None:
    for accused in (org.zjj, org.service_centre):
        for user in personas(people, window_staff, kate):
            appeal = about(org, Status.REPLIED, accused)
            before = snapshot(appeal)
            if user.username in SUPERVISORS:
                evaluate(appeal, user)
                assert snapshot(appeal)[0] == Status.CLOSED
            else:
                with pytest.raises(PermissionDeniedError):
                    evaluate(appeal, user)
                assert snapshot(appeal) == before, user.username


def test_an_appeal_about_a_unit_is_dispatched_to_no_ordinary_unit(org: Org, people: People) -> None:
    appeal = make_appeal(Status.SUBMITTED, unit=None, kind=Kind.COMPLAINT, about_unit=org.zjj)
    for unit in (org.zjj, org.zrj, org.township, org.service_centre):
        with pytest.raises(DomainError):
            services.appeal_dispatch(appeal=appeal, by=people.alice, unit=unit)
        assert snapshot(appeal)[:2] == (Status.SUBMITTED, None)
    services.appeal_dispatch(appeal=appeal, by=people.alice, unit=org.supervision_office)
    assert snapshot(appeal)[:2] == (Status.DISPATCHED, org.supervision_office.pk)


def test_an_appeal_about_a_unit_merges_only_with_one_about_the_same_unit(org: Org, people: People) -> None:
    ordinary = make_appeal(Status.DISPATCHED, unit=org.zjj)
    complaint = make_appeal(Status.SUBMITTED, unit=None, kind=Kind.COMPLAINT, about_unit=org.zjj)
    with pytest.raises(DomainError):  # into an appeal the accused unit handles
        services.appeal_merge(appeal=complaint, by=people.alice, into=ordinary)
    other = make_appeal(Status.SUBMITTED, unit=None)
    handled = about(org, Status.HANDLING, org.zjj)
    with pytest.raises(DomainError):  # an ordinary appeal into the complaint
        services.appeal_merge(appeal=other, by=people.alice, into=handled)
    about_zrj = about(org, Status.HANDLING, org.zrj)
    with pytest.raises(DomainError):  # about another unit
        services.appeal_merge(appeal=complaint, by=people.alice, into=about_zrj)
    assert snapshot(complaint)[0] == Status.SUBMITTED and snapshot(other)[0] == Status.SUBMITTED
    services.appeal_merge(appeal=complaint, by=people.alice, into=handled)
    assert snapshot(complaint)[0] == Status.MERGED


@pytest.mark.parametrize(("kind", "office"), [(Kind.COMPLAINT, "supervision_office"), (Kind.REPORT, "commission")])
def test_a_dispatcher_refers_a_complaint_without_a_named_unit_to_the_office(
    org: Org, people: People, window_staff: WindowStaff, commission: Unit, kate: User, kind: str, office: str
) -> None:
    expected_office = commission if office == "commission" else org.supervision_office
    for user in personas(people, window_staff, kate):
        appeal = make_appeal(Status.SUBMITTED, unit=None, kind=kind)
        before = snapshot(appeal)
        if user.has_role(Role.DISPATCHER):
            services.appeal_refer_to_office(appeal=appeal, by=user, about_unit=org.zjj)
            appeal.refresh_from_db()
            assert (appeal.status, appeal.unit, appeal.about_unit) == (Status.DISPATCHED, expected_office, org.zjj)
            assert not appeals_visible_to(people.bob).filter(pk=appeal.pk).exists()  # hidden from the unit
            assert Event.objects.filter(target_id=appeal.pk, verb="appeal.referred_to_office").exists()
        else:
            with pytest.raises(PermissionDeniedError):
                services.appeal_refer_to_office(appeal=appeal, by=user, about_unit=org.zjj)
            assert snapshot(appeal) == before, user.username


def test_referring_is_for_complaints_and_reports_not_yet_about_a_unit(org: Org, people: People) -> None:
    inquiry = make_appeal(Status.SUBMITTED, unit=None, kind=Kind.HELP)
    with pytest.raises(WrongStateError):
        services.appeal_refer_to_office(appeal=inquiry, by=people.alice, about_unit=org.zjj)
    dispatched = make_appeal(Status.DISPATCHED, unit=org.zrj, kind=Kind.COMPLAINT)
    with pytest.raises(WrongStateError):
        services.appeal_refer_to_office(appeal=dispatched, by=people.alice, about_unit=org.zjj)
    assert snapshot(inquiry)[2] is None and snapshot(dispatched)[2] is None


def test_referring_a_complaint_about_the_service_centre_from_the_page(org: Org, people: People) -> None:
    """Alice, a dispatcher of the centre, names the centre itself: it goes to the office and she no longer
    sees it."""
    appeal = make_appeal(Status.SUBMITTED, unit=None, kind=Kind.COMPLAINT)
    client = Client()
    client.force_login(people.alice)
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert "转督查室/纪委" in page.content.decode()
    response = client.post(reverse("appeals:act", args=[appeal.pk, "refer_office"]), {"about_unit": "not-a-number"})
    assert response.status_code < 500 and snapshot(appeal)[2] is None
    client.post(reverse("appeals:act", args=[appeal.pk, "refer_office"]), {"about_unit": org.service_centre.pk})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.unit, appeal.about_unit) == (
        Status.DISPATCHED,
        org.supervision_office,
        org.service_centre,
    )
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404
