"""What the pollution pages share: the door, and the event timeline of an object."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest

from mashangdu.core import event_types
from mashangdu.core.auth import request_user
from mashangdu.core.models import Event, User
from mashangdu.pollution.scope import may_read


def reader(request: HttpRequest) -> User:
    """The signed-in user if they may read pollution sources; otherwise 403."""
    user = request_user(request)
    if not may_read(user):
        raise PermissionDenied
    return user


def timeline(obj: models.Model) -> list[dict[str, Any]]:
    kind = ContentType.objects.get_for_model(obj)
    events = Event.objects.filter(target_type=kind, target_id=obj.pk).select_related("actor").order_by("seq")
    return [
        {"at": e.created_at, "label": event_types.label(e.verb), "actor": e.actor_label, "data": e.data} for e in events
    ]


def without_page(request: HttpRequest) -> str:
    """The list's filters for the pager's links (which add their own page)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
