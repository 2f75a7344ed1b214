"""A parcel's way: registered by its township or the land bureau, revitalised, accepted by the bureau only
(a refusal sends it back), or written off; every step an event; the checks on its figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from mashangdu.core.errors import DomainError, PermissionDeniedError
from mashangdu.core.models import Event, Notification
from mashangdu.core.workflow import WrongStateError
from mashangdu.land.models import M2_PER_MU, Parcel, ParcelState, mu_to_m2
from mashangdu.land.services import parcels as services
from mashangdu.land.tests.conftest import D, Env, new_parcel, register
from mashangdu.testing import Org, People


def _acceptance(**kw: object) -> services.Acceptance:
    fields: dict[str, object] = {
        "revitalised_on": D(2026, 11, 9),
        "output_after": Decimal("320"),
        "tax_after": Decimal("18.5"),
        "new_project": "年产5万台电机项目",
        "comment": "已投产，核查属实",
    }
    fields.update(kw)
    return services.Acceptance(**fields)  # type: ignore[arg-type]


def test_a_township_revitalises_and_the_bureau_accepts(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, people.tina, tax_before=Decimal("1.2"), output_before=Decimal("20"))
    services.parcel_start(parcel=parcel, by=people.tina)
    services.parcel_submit(parcel=parcel, by=people.tina, outcome="新项目已进场")
    with pytest.raises(PermissionDeniedError):  # only the land bureau accepts
        services.parcel_accept(parcel=parcel, by=people.tina, data=_acceptance())
    services.parcel_refuse(parcel=parcel, by=people.carol, reason="尚未投产")
    assert Parcel.objects.get(pk=parcel.pk).state == ParcelState.REVITALISING
    services.parcel_submit(parcel=parcel, by=people.tina, outcome="已投产")
    done = services.parcel_accept(parcel=parcel, by=people.carol, data=_acceptance())
    assert (done.state, done.revitalised_on, done.tax_after) == ("revitalised", D(2026, 11, 9), Decimal("18.5"))
    verbs = list(Event.objects.filter(verb__startswith="land.").order_by("seq").values_list("verb", flat=True))
    assert verbs == [
        "land.parcel_registered",
        "land.started",
        "land.submitted",
        "land.refused",
        "land.submitted",
        "land.accepted",
    ]
    assert Notification.objects.filter(recipient=people.tina, title__contains="已验收盘活").exists()
    with pytest.raises(WrongStateError):
        services.parcel_start(parcel=parcel, by=people.tina)


def test_a_township_registers_and_acts_for_its_own_parcels_only(org: Org, people: People, env: Env) -> None:
    with pytest.raises(PermissionDeniedError):
        register(env.east, people.tina)
    parcel = register(env.east, people.carol)  # the bureau registers anywhere
    with pytest.raises(PermissionDeniedError):
        services.parcel_start(parcel=parcel, by=people.tina)
    services.parcel_start(parcel=parcel, by=env.hugo)
    with pytest.raises(PermissionDeniedError):  # another department's staff
        register(org.township, people.bob)


def test_the_bureau_writes_off_a_parcel_found_not_idle(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, people.tina)
    with pytest.raises(PermissionDeniedError):
        services.parcel_write_off(parcel=parcel, by=people.tina, reason="已复工")
    with pytest.raises(DomainError):
        services.parcel_write_off(parcel=parcel, by=people.carol, reason=" ")
    assert services.parcel_write_off(parcel=parcel, by=people.carol, reason="核实已复工").state == "written_off"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"area_mu": Decimal("0")}, "area_mu"),
        ({"area_mu": Decimal("-3")}, "area_mu"),
        ({"tax_before": Decimal("-0.01")}, "tax_before"),
        ({"output_before": Decimal("-1")}, "output_before"),
        ({"deadline": D(2026, 8, 31)}, "deadline"),
        ({"identified_on": D(2026, 11, 11), "deadline": D(2026, 12, 31)}, "identified_on"),
        ({"code": " "}, "code"),
        ({"land_type": "vacant"}, "land_type"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    org: Org, people: People, env: Env, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        services.parcel_register(data=new_parcel(org.township, **change), by=people.carol)
    assert refused.value.field == field
    assert not Parcel.objects.exists()


def test_a_code_is_registered_once_and_the_township_must_be_one(org: Org, people: People, env: Env) -> None:
    register(org.township, people.carol)
    with pytest.raises(DomainError) as twice:
        register(org.township, people.carol)
    assert twice.value.field == "code"
    with pytest.raises(DomainError) as village:
        register(org.village, None, code="X-1")
    assert village.value.field == "township"


def test_acceptance_figures_are_checked(org: Org, people: People, env: Env) -> None:
    parcel = register(org.township, people.tina)
    services.parcel_start(parcel=parcel, by=people.tina)
    services.parcel_submit(parcel=parcel, by=people.tina, outcome="已投产")
    for bad in ({"tax_after": Decimal("-1")}, {"revitalised_on": D(2026, 8, 1)}, {"revitalised_on": D(2026, 11, 11)}):
        with pytest.raises(DomainError):
            services.parcel_accept(parcel=parcel, by=people.carol, data=_acceptance(**bad))
    assert Parcel.objects.get(pk=parcel.pk).state == ParcelState.AWAITING


def test_one_mu_is_ten_thousand_fifteenths_of_a_square_metre() -> None:
    assert M2_PER_MU * 15 == 10000
    assert mu_to_m2(Decimal("15")) == Decimal("10000.00")
    assert mu_to_m2(Decimal("1")) == Decimal("666.67")
