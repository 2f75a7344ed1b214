"""Every kind of domain error answers with one HTTP status, wherever it is raised (issue 15): the staff pages,
the staff API and the public pages read it from the error (core/errors.py), none of them decides it again.

A service is made to refuse with each kind of error in turn; each place must answer with the status below
and show the error's message."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

import mashangdu
from mashangdu.appeals.action_forms import ACTIONS
from mashangdu.appeals.models import Status
from mashangdu.core.errors import DomainError, PermissionDeniedError, RateLimitedError, WrongStateError
from mashangdu.core.params import BadParameter
from mashangdu.intake.models import QrCode, TargetKind
from mashangdu.intake.services.codes import new_code
from mashangdu.testing import ACCESS_CODE, Org, People, make_appeal

# The status each kind of refusal is meant to answer with.
INTENDED: dict[type[DomainError], int] = {
    DomainError: 400,  # the input breaks a rule
    BadParameter: 400,  # a query or form parameter cannot be used (core.params)
    PermissionDeniedError: 403,  # the actor may not
    WrongStateError: 409,  # not now: the object's state does not allow it
    RateLimitedError: 429,  # too many submissions
}
MESSAGE = "测试：服务拒绝了这次操作。"


def _every_subclass(cls: type[DomainError]) -> set[type[DomainError]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _every_subclass(sub)
    return found


def test_every_kind_of_domain_error_has_its_intended_status() -> None:
    for module in pkgutil.walk_packages(mashangdu.__path__, "mashangdu."):
        if not any(part in module.name for part in (".tests", ".migrations", "settings", "wsgi")):
            importlib.import_module(module.name)  # every error class defined anywhere is now known
    kinds = {DomainError} | _every_subclass(DomainError)
    assert kinds == set(INTENDED), "decide the HTTP status of every kind of DomainError here and in its class"
    assert {kind: kind(MESSAGE).status for kind in kinds} == INTENDED


def _refusing(kind: type[DomainError]) -> Any:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise kind(MESSAGE)

    return refuse


@pytest.fixture
def urge_refused(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make the urge action's service refuse with the kind of error given."""

    def refuse_with(kind: type[DomainError]) -> None:
        monkeypatch.setitem(ACTIONS, "urge", dataclasses.replace(ACTIONS["urge"], run=_refusing(kind)))

    return refuse_with


@pytest.mark.parametrize(("kind", "status"), INTENDED.items())
def test_the_staff_page_answers_with_the_errors_status(
    kind: type[DomainError], status: int, urge_refused: Any, org: Org, people: People
) -> None:
    appeal = make_appeal(Status.HANDLING, unit=org.zjj)
    urge_refused(kind)
    client = Client()
    client.force_login(people.alice)
    response = client.post(reverse("appeals:act", args=[appeal.pk, "urge"]), {"note": "请加快办理。"})
    assert response.status_code == status
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize(("kind", "status"), INTENDED.items())
def test_the_api_answers_with_the_errors_status(
    kind: type[DomainError], status: int, urge_refused: Any, org: Org, people: People
) -> None:
    appeal = make_appeal(Status.HANDLING, unit=org.zjj)
    urge_refused(kind)
    client = Client()
    client.force_login(people.alice)
    url = f"/api/appeals/{appeal.pk}/act/urge/"
    response = client.post(url, {"note": "请加快办理。"}, content_type="application/json")
    assert (response.status_code, response.json()["detail"]) == (status, MESSAGE)


@pytest.mark.parametrize(("kind", "status"), INTENDED.items())
def test_the_public_rating_page_answers_with_the_errors_status(
    kind: type[DomainError], status: int, monkeypatch: pytest.MonkeyPatch, org: Org
) -> None:
    window = QrCode.objects.create(code=new_code(), kind=TargetKind.WINDOW, label="住建局服务窗口", unit=org.zjj)
    monkeypatch.setattr("mashangdu.intake.views.public.window_rate", _refusing(kind))
    client = Client()
    url = reverse("intake:rate", args=[window.code])
    key = client.get(url).context["form"]["key"].value()
    response = client.post(url, {"key": key, "stars": "4", "phone": "13900001234"})
    assert response.status_code == status
    assert MESSAGE in response.content.decode()


@pytest.mark.parametrize(("kind", "status"), INTENDED.items())
def test_the_public_tracking_page_answers_with_the_errors_status(
    kind: type[DomainError], status: int, monkeypatch: pytest.MonkeyPatch, org: Org
) -> None:
    appeal = make_appeal(Status.REPLIED, unit=org.zjj)
    monkeypatch.setattr("mashangdu.intake.views.public.appeal_evaluate_on_tracking_page", _refusing(kind))
    client = Client()
    tracked = client.post(reverse("intake:track"), {"tracking_no": appeal.tracking_no, "access_code": ACCESS_CODE})
    assert tracked.status_code == 302
    url = reverse("intake:track_detail", args=[appeal.tracking_no])
    response = client.post(url, {"satisfaction": "satisfied", "solved": "yes"})
    assert response.status_code == status
    assert MESSAGE in response.content.decode()
