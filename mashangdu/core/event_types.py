"""Every event type the code writes, defined once (docs/decisions/0004-events.md, 0022-workflow-kit.md).

Each app defines its own types (`EventType`, or a subclass carrying what its own readers need, such as the
appeals' public timeline and Open311 mapping) in its `events.py` and registers them from its AppConfig's
`ready()`. Core knows no app's verbs; the event log, its Excel export, the timelines, the admin and the
home pages read the labels from here, never the codes, and the event log filters by them.

A test (core/tests/test_event_types.py) finds every type the code can write and fails on one that is not
registered; registering one takes its label and its projection decision (no defaults).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass


@dataclass(frozen=True)
class EventType:
    verb: str  # namespaced: "appeal.dispatched"
    label: str  # Chinese, read as a step of its object's timeline (派单, 销号)
    _: KW_ONLY
    # Whether a projection (a read model kept from the log, e.g. the appeals' handling records) applies
    # events of this type. Stated for every type: the workflow kit hands an event to its projection only
    # when this is True, and a replay reads only these types.
    projected: bool


# namespace → what its events are about (the group heading in the filter, the prefix in the log);
# in the order of the event log's filter, as `register`'s `order` puts them
GROUPS: dict[str, str] = {}
# event type → label, in the same order
LABELS: dict[str, str] = {}
TYPES: dict[str, EventType] = {}
_registered: dict[str, tuple[int, str, list[EventType]]] = {}

SEPARATOR = "·"


def register(namespace: str, group: str, types: Iterable[EventType], *, order: int) -> None:
    """Register the event types of one namespace (call from the owning app's `AppConfig.ready`). `order`
    places the group in the event log's filter, lower first."""
    listed = list(types)
    for t in listed:
        if t.verb.partition(".")[0] != namespace or not t.verb.partition(".")[2]:
            raise ValueError(f"{t.verb} is not a verb of the namespace {namespace}")
    if len({t.verb for t in listed}) != len(listed):
        raise ValueError(f"a verb of {namespace} is defined twice")
    _registered[namespace] = (order, group, listed)
    GROUPS.clear()
    LABELS.clear()
    TYPES.clear()
    for ns, (_, name, registered) in sorted(_registered.items(), key=lambda item: item[1][0]):
        GROUPS[ns] = name
        for t in registered:
            LABELS[t.verb] = t.label
            TYPES[t.verb] = t


def get(verb: str) -> EventType:
    """The definition of a type the code writes; a verb nobody registered is a programming error."""
    try:
        return TYPES[verb]
    except KeyError:
        raise LookupError(f"event type {verb} is not registered (see mashangdu/core/event_types.py)") from None


def group_of(verb: str) -> str:
    namespace = verb.partition(".")[0]
    return GROUPS.get(namespace, "其他")


def label(verb: str) -> str:
    """The short label, as a step within its object's timeline (派单, 销号). An unknown type (written
    by an older version) shows as 其他事件 rather than as a code."""
    return LABELS.get(verb, "其他事件")


def full_label(verb: str) -> str:
    """The label with its group, for lists that mix objects (诉求·催办 vs 重点工作·催办)."""
    return f"{group_of(verb)}{SEPARATOR}{label(verb)}"


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a filter: each group offers "all of it" (the namespace) and its types."""
    grouped: dict[str, list[tuple[str, str]]] = {ns: [(ns, f"全部{name}事件")] for ns, name in GROUPS.items()}
    for verb, text in LABELS.items():
        grouped[verb.partition(".")[0]].append((verb, text))
    return [(GROUPS[ns], options) for ns, options in grouped.items()]


def resolve(value: str) -> list[str] | None:
    """The event types a filter value stands for: a type code, a namespace (every type in it), a full
    label ("诉求·派单"), a group name ("诉求") or a short label ("催办": every type with that label).
    None when it stands for nothing."""
    value = value.strip()
    if not value:
        return None
    if value in LABELS:
        return [value]
    if value in GROUPS:
        return [v for v in LABELS if v.startswith(value + ".")]
    by_group = {name: ns for ns, name in GROUPS.items()}
    if value in by_group:
        return resolve(by_group[value])
    matches = [v for v in LABELS if value in (LABELS[v], full_label(v))]
    return matches or None


def matching(text: str) -> list[str]:
    """Event types whose label contains `text` (for the log's free-text search)."""
    text = text.strip()
    if not text:
        return []
    return [v for v in LABELS if text in full_label(v)]
