"""Reads scoped to the viewer. Views get units and events only through these functions."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from mashangdu.core.models import COUNTY_WIDE, EVENT_LOG_READERS, Event, Notification, Unit, UnitKind, User

# Scopes narrow what a viewer sees of the event log and of everyone's messages: functions (rows, user) -> rows.
# The apps whose objects the rows name register them in their AppConfig.ready() (decision 0021); the
# appeals app leaves out the events and messages about complaints concerning the viewer's own unit.
EventScope = Callable[[QuerySet[Event], User], QuerySet[Event]]
NotificationScope = Callable[[QuerySet[Notification], User], QuerySet[Notification]]
_event_scopes: list[EventScope] = []
_notification_scopes: list[NotificationScope] = []


def register_event_scope(scope: EventScope) -> None:
    if scope not in _event_scopes:
        _event_scopes.append(scope)


def register_notification_scope(scope: NotificationScope) -> None:
    if scope not in _notification_scopes:
        _notification_scopes.append(scope)


def units_visible_to(user: User) -> QuerySet[Unit]:
    """County-wide roles see every unit; anyone else their own unit and, for a township, its villages."""
    if user.has_role(*COUNTY_WIDE):
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    own = Unit.objects.filter(pk=user.unit_id)
    if user.unit and user.unit.kind == UnitKind.TOWNSHIP:
        return own | Unit.objects.filter(parent_id=user.unit_id)
    return own


def unit_members_visible_to(user: User, unit: Unit) -> QuerySet[User]:
    if not units_visible_to(user).filter(pk=unit.pk).exists():
        return User.objects.none()
    return User.objects.filter(unit=unit, is_active=True).prefetch_related("role_grants").order_by("pk")


def events_visible_to(user: User) -> QuerySet[Event]:
    """The event log is for supervisors (and the admin); everyone else sees none of it here. The registered
    event scopes leave out what the viewer may not see (a complaint about their unit)."""
    if not user.has_role(*EVENT_LOG_READERS):
        return Event.objects.none()
    return events_scoped_for(Event.objects.select_related("target_type", "unit"), user)


def events_scoped_for(events: QuerySet[Event], user: User) -> QuerySet[Event]:
    """`events` less those the registered event scopes hide from `user` (for the admin site too)."""
    for scope in _event_scopes:
        events = scope(events, user)
    return events


def notifications_scoped_for(notes: QuerySet[Notification], user: User) -> QuerySet[Notification]:
    """Everyone's messages (the admin site's list) less those the registered notification scopes hide
    from `user`: a message about a complaint names it and quotes its title."""
    for scope in _notification_scopes:
        notes = scope(notes, user)
    return notes


def inbox_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
