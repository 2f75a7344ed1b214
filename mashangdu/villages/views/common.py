"""What the villages pages share: the door, the year parameter, a village in scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from mashangdu.core.auth import request_user
from mashangdu.core.models import Unit, User
from mashangdu.core.params import Params
from mashangdu.villages.models import FIRST_YEAR
from mashangdu.villages.scope import may_read, villages_visible_to
from mashangdu.villages.services.indicators import latest_year


def reader(request: HttpRequest) -> User:
    """The signed-in user if they may read villages; otherwise 403."""
    user = request_user(request)
    if not may_read(user):
        raise PermissionDenied
    return user


def year_param(params: Params, *, ahead: int = 0) -> int:
    """`?year=`, from 2000 to this year (plus `ahead` for targets); the last complete year by default."""
    top = latest_year() + 1 + ahead
    return params.integer("year", "年度", default=latest_year(), low=FIRST_YEAR, high=top) or latest_year()


def years_choice() -> list[int]:
    return list(range(latest_year() + 1, latest_year() - 6, -1))


def village_in_scope(user: User, pk: int) -> Unit:
    village = villages_visible_to(user).filter(pk=pk).first()
    if village is None:
        raise Http404
    return village
