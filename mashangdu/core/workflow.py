"""The workflow kit: one pattern for every object that moves through states (decision 0022).

A workflow is a declarative table of transitions (action, label, from states, to state, roles, scope, the
event verb it writes, guards) and what every service of the workflow is built on:

- `check(action, obj, user)` raises unless `user` (None: the system) may do `action` to `obj` now:
  `PermissionDeniedError` (HTTP 403) when the actor may not, `WrongStateError` (HTTP 409) when the state
  (or a guard) does not allow it;
- `acting(action, obj, by)` opens a transaction, locks the object's row (its row only), checks, and
  yields the locked row: a service validates its input, then does its work inside `acting`;
- `record(obj, action=..., by=...)` writes the action's event and, when the verb is projected, hands it to
  the workflow's projection, in the same transaction;
- `markdown()`: the table as a human document, `docs/<name>-transitions.md`, kept equal by a test.

Views and pages ask `may`/`allowed`/`permits` instead of spelling out roles, so what is offered is what the
service accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import KW_ONLY, dataclass
from typing import Any, Generic, TypeVar

from django.db import models, transaction

from mashangdu.core import event_types
from mashangdu.core.errors import DomainError, PermissionDeniedError, WrongStateError
from mashangdu.core.models import Event, Role, Unit, User
from mashangdu.core.services.events import event_build, event_record, event_record_many

UNCHANGED = ""  # target: the state does not change
DEPENDS = "*"  # target: it depends on the input
NEW = "new"  # source: the object does not exist yet (a creation)
SYSTEM = "system"  # scope: only the system (a job) does it

M = TypeVar("M", bound=models.Model)
Guard = Callable[[Any], "str | None"]  # why the object's state refuses the action, or None


@dataclass(frozen=True)
class Transition:
    action: str  # the service's name for it: "dispatch"
    label: str  # Chinese, for buttons, messages and the document
    sources: tuple[str, ...]  # the states it may start from (NEW for a creation)
    target: str  # a state, UNCHANGED or DEPENDS
    roles: tuple[str, ...]  # any one of them will do
    scope: str  # a key of the workflow's scopes, or SYSTEM
    note: str = ""
    _: KW_ONLY
    verb: str  # the event it writes, without the namespace: "dispatched"
    system: bool = False  # the system (a job) may do it too
    # Preconditions inside a state, checked after it under the row lock (and by `may`, so that pages never
    # offer an action the service would refuse).
    guards: tuple[Guard, ...] = ()

    def roles_for(self, obj: Any) -> tuple[str, ...]:
        """The roles that may do it to `obj` (None: no object yet)."""
        return self.roles

    def columns(self, namespace: str) -> dict[str, str]:
        """The row of the human document, by column heading."""
        target = {UNCHANGED: "(unchanged)", DEPENDS: "(depends)"}.get(self.target, self.target)
        return {
            "action": f"`{self.action}`",
            "中文": self.label,
            "from": ", ".join("(new)" if s == NEW else s for s in self.sources),
            "to": target,
            "roles": (", ".join(self.roles) or "system") + (", and the system" if self.system and self.roles else ""),
            "scope": self.scope,
            "event": f"`{namespace}.{self.verb}`",
            "note": self.note,
        }


@dataclass(frozen=True)
class Scope(Generic[M]):
    """Where a role holder may act: `test(obj, user)`; `refusal` (with `{label}`) says who may."""

    test: Callable[[M, User], bool]
    refusal: str


ANYWHERE: Scope[Any] = Scope(lambda obj, user: True, "")  # any holder of the role, wherever they sit


class Workflow(Generic[M]):
    def __init__(
        self,
        *,
        name: str,
        title: str,
        defined_in: str,
        model: type[M],
        state_field: str,
        namespace: str,
        table: Sequence[Transition],
        scopes: Mapping[str, Scope[M]],
        unit_of: Callable[[M], Unit | None],
        target_of: Callable[[M], models.Model] | None = None,
        related: tuple[str, ...] = (),
        barred: Callable[[M, User], str | None] | None = None,
        projector: Callable[[Event, M], None] | None = None,
        projector_many: Callable[[list[tuple[Event, M]]], None] | None = None,
        noun: str,
        role_refusal: str = "您没有“{label}”的权限。",
    ) -> None:
        """`name` names the document (docs/<name>-transitions.md); `defined_in` is the table's module;
        `namespace` prefixes the verbs; `related` rides along with the locked row (not locked itself);
        `barred(obj, user)` is a rule above the table (why `user` may not act on `obj` at all, or None);
        `projector_many`, when given, projects a batch of events (`record_events`) with the same result as
        `projector` on each in turn;
        `noun` names the object in a state refusal; `role_refusal` may use `{label}` and `{roles}`."""
        self.name, self.title, self.defined_in = name, title, defined_in
        self.model, self.state_field, self.namespace = model, state_field, namespace
        self.table = list(table)
        self.transitions = {t.action: t for t in self.table}
        self.scopes = {**scopes, SYSTEM: ANYWHERE}
        self.unit_of, self.related, self.barred, self.projector = unit_of, related, barred, projector
        self.projector_many = projector_many
        self.target_of: Callable[[M], models.Model] = target_of or (lambda obj: obj)
        self.noun, self.role_refusal = noun, role_refusal
        if len(self.transitions) != len(self.table):
            raise ValueError(f"an action of {name} is in the table twice")
        unknown = {t.scope for t in self.table} - set(self.scopes)
        if unknown:
            raise ValueError(f"{name}: no scope {sorted(unknown)}")

    # ------------------------------------------------------------------ checks
    def check(self, action: str, obj: M | None, user: User | None) -> Transition:
        """Raise unless `user` (None = the system) may do `action` to `obj` in its current state (`obj`
        None: a creation, checked for the actor only)."""
        transition = self.transitions[action]
        self._check_actor(transition, obj, user)
        if obj is None:
            if NEW not in transition.sources:
                raise ValueError(f"{action} needs an object")
            return transition
        state = getattr(obj, self.state_field)
        if state not in transition.sources:
            raise WrongStateError(f"{self.noun}当前状态为“{self.state_label(state)}”，不能“{transition.label}”。")
        for guard in transition.guards:
            refusal = guard(obj)
            if refusal:
                raise WrongStateError(refusal)
        return transition

    def _check_actor(self, transition: Transition, obj: M | None, user: User | None) -> None:
        if user is not None and obj is not None and self.barred is not None:
            refusal = self.barred(obj, user)
            if refusal:
                raise PermissionDeniedError(refusal)
        if transition.scope == SYSTEM or (user is None and transition.system):
            if user is not None:
                raise PermissionDeniedError(f"“{transition.label}”只能由系统执行。")
            return
        roles = transition.roles_for(obj)
        if user is None or not user.has_role(*roles):
            names = "或".join(Role(r).label for r in roles)
            raise PermissionDeniedError(self.role_refusal.format(label=transition.label, roles=names))
        scope = self.scopes[transition.scope]
        if obj is not None and not scope.test(obj, user):
            raise PermissionDeniedError(scope.refusal.format(label=transition.label))

    def may(self, action: str, obj: M | None, user: User | None) -> bool:
        try:
            self.check(action, obj, user)
        except DomainError:
            return False
        return True

    def permits(self, action: str, user: User, obj: M | None = None) -> bool:
        """Whether `user` may do `action` as far as the actor goes (roles; and scope, given `obj`),
        whatever the state: for pages that decide who may come in before looking at an object."""
        try:
            self._check_actor(self.transitions[action], obj, user)
        except PermissionDeniedError:
            return False
        return True

    def allowed(self, obj: M, user: User) -> list[Transition]:
        """What `user` may do to `obj` now, in the table's order (creations and system actions aside)."""
        return [t for t in self.table if t.scope != SYSTEM and NEW not in t.sources and self.may(t.action, obj, user)]

    def state_label(self, state: str) -> str:
        field = self.model._meta.get_field(self.state_field)
        return str(dict(field.choices or []).get(state, state))  # type: ignore[union-attr]

    # ------------------------------------------------------------------ acting and recording
    @contextmanager
    def acting(self, action: str, obj: M | int, by: User | None) -> Iterator[M]:
        """Lock the object's row, check that `by` may do `action` now, and yield the locked row inside the
        transaction. The related rows come along for the checks and the event, unlocked."""
        pk = obj.pk if isinstance(obj, models.Model) else obj
        with transaction.atomic():
            rows = self.model._default_manager.select_related(*self.related)
            locked = rows.select_for_update(of=("self",)).get(pk=pk)
            self.check(action, locked, by)
            yield locked

    def verb_of(self, action: str) -> str:
        return f"{self.namespace}.{self.transitions[action].verb}"

    def record(
        self,
        obj: M,
        *,
        action: str,
        by: User | None,
        from_state: str | None = None,
        data: dict[str, Any] | None = None,
        actor_label: str | None = None,
    ) -> Event:
        """Write the event of `action` (call inside `acting`). Given `from_state`, the data starts with
        the states it went from and to."""
        return self.record_event(
            obj, verb=self.verb_of(action), by=by, data=self.payload(obj, from_state, data), actor_label=actor_label
        )

    def payload(self, obj: M, from_state: str | None, data: dict[str, Any] | None) -> dict[str, Any]:
        """An action's event data: given `from_state`, the states it went from and to first."""
        payload = dict(data or {})
        if from_state is not None:
            payload = {"from": from_state, "to": getattr(obj, self.state_field), **payload}
        return payload

    def record_event(
        self,
        obj: M,
        *,
        verb: str,
        by: User | None,
        data: dict[str, Any] | None = None,
        actor_label: str | None = None,
    ) -> Event:
        """Write an event of this workflow that is no action of its table (appeal.created, appeal.escalated,
        an evaluation by the requester), and project it. Call inside the transaction of the change."""
        self._check_verb(verb)
        kind = event_types.get(verb)
        event = event_record(
            verb=verb, actor=by, target=self.target_of(obj), unit=self.unit_of(obj), data=data, actor_label=actor_label
        )
        if kind.projected and self.projector is not None:
            self.projector(event, obj)
        return event

    def record_events(self, items: Sequence[tuple[M, str, dict[str, Any]]], *, by: User | None) -> list[Event]:
        """`record_event` for each (object, verb, data) in turn, as one batch: one append to the chain
        (core.chain.append_many) and one projection (`projector_many`). Call inside the transaction of the
        changes, holding the objects' row locks."""
        for _, verb, _ in items:
            self._check_verb(verb)
        events = [
            event_build(verb=verb, actor=by, target=self.target_of(obj), unit=self.unit_of(obj), data=data)
            for obj, verb, data in items
        ]
        event_record_many(events)
        pairs = zip(events, (obj for obj, _, _ in items), strict=True)
        projected = [(event, obj) for event, obj in pairs if event_types.get(event.verb).projected]
        if projected and self.projector_many is not None:
            self.projector_many(projected)
        elif self.projector is not None:
            for event, obj in projected:
                self.projector(event, obj)
        return events

    def _check_verb(self, verb: str) -> None:
        if verb.partition(".")[0] != self.namespace:
            raise ValueError(f"{verb} is not an event of {self.namespace}")

    # ------------------------------------------------------------------ the document
    @property
    def document(self) -> str:
        return f"docs/{self.name}-transitions.md"

    def markdown(self) -> str:
        rows = [t.columns(self.namespace) for t in self.table]
        headings = list(rows[0])
        field = self.model._meta.get_field(self.state_field)
        states = " · ".join(f"`{value}` {text}" for value, text in field.choices or [])  # type: ignore[union-attr]
        lines = [
            f"# {self.title}",
            "",
            f"Generated from `{self.defined_in.replace('.', '/')}.py` by `python manage.py workflow_docs`; a test",
            "keeps this file in step with the code.",
            "",
            f"States (`{self.model.__name__}.{self.state_field}`): {states}.",
            "",
            "| " + " | ".join(headings) + " |",
            "|" + "---|" * len(headings),
        ]
        lines += ["| " + " | ".join(row[h] for h in headings) + " |" for row in rows]
        return "\n".join(lines) + "\n"


WORKFLOWS: dict[str, Workflow[Any]] = {}


def register(workflow: Workflow[Any]) -> None:
    """Make a workflow known to the document command and its test (call from the app's `ready`)."""
    WORKFLOWS[workflow.name] = workflow
