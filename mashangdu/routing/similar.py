"""Duplicates on arrival and hot topics (热点): cosine similarity of term frequencies over characters and
character pairs; small sets, computed on demand."""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from mashangdu.appeals.models import Appeal, Status
from mashangdu.appeals.selectors import CONFIDENTIAL
from mashangdu.core.masking import mask_phones_in_text
from mashangdu.core.models import Unit, UnitKind

DUPLICATE_DAYS = 30
DUPLICATE_TEXT_SIMILARITY = 0.4
PLACE_TEXT_SIMILARITY = 0.25
MAX_CANDIDATES = 2000  # hot topics: the messages of the window clustered at most
# A new appeal's duplicates are looked for among at most this many appeals of the window with its category or
# place, and this many of the latest (issue 19: 2,000 texts and a sequential scan made its page 0.36 s).
NEARBY_CANDIDATES = 150
RECENT_CANDIDATES = 50
NEARBY_FIELDS = ("category_id", "township_id", "village_id", "enterprise_id")
TOPIC_PLACES_SHOWN = 3
# The fields of a duplicate candidate loaded: the comparison's, and the page's (number, title, status).
CANDIDATE_FIELDS = (
    "id",
    "submitted_at",
    "title",
    "content",
    "address",
    "enterprise_id",
    "village_id",
    "tracking_no",
    "status",
)


def term_vectors(texts: list[str]) -> Any:
    """Unit-length term frequencies of characters and character pairs, one row per text."""
    from mashangdu.core.textfeatures import char_vectorizer

    # Term frequencies without IDF: a pair's similarity must not depend on what else is in the pool
    # (with IDF, two near-identical messages in a pool of two share only "common" characters).
    return char_vectorizer(use_idf=False).fit_transform(texts)


def _text(appeal: Appeal) -> str:
    return f"{appeal.title} {appeal.content}"


def candidates(appeal: Appeal, *, within: QuerySet[Appeal] | None = None) -> list[Appeal]:
    """The appeals a new one is compared with, newest first, at most NEARBY_CANDIDATES + RECENT_CANDIDATES:
    those of the last DUPLICATE_DAYS days with the same category, township, village, enterprise or address,
    and the latest of those days wherever they are (a clearly similar text anywhere). Each is read from the
    front of an index on (field, submitted_at) or (submitted_at), not by scanning every open appeal."""
    since = timezone.now() - dt.timedelta(days=DUPLICATE_DAYS)
    window = (
        (Appeal.objects.all() if within is None else within)
        .filter(submitted_at__gte=since)
        .exclude(pk=appeal.pk)
        .exclude(status=Status.MERGED)
        # Only what the comparison and the page's list of duplicates read (CANDIDATE_FIELDS): not the
        # requester's encrypted name and phone (decrypting them for 200 rows cost more than the queries), nor
        # the unit and category joined for 200 rows of which the page shows at most five (decision 0050).
        .select_related(None)
        .only(*CANDIDATE_FIELDS)
        .order_by("-submitted_at", "-pk")
    )
    same = [Q(**{name: getattr(appeal, name)}) for name in NEARBY_FIELDS if getattr(appeal, name) is not None]
    if appeal.address.strip():
        same.append(Q(address=appeal.address.strip()))
    nearby = list(window.filter(reduce(operator.or_, same))[:NEARBY_CANDIDATES]) if same else []
    seen = {a.pk for a in nearby}
    recent = [a for a in window[:RECENT_CANDIDATES] if a.pk not in seen]
    return sorted(nearby + recent, key=lambda a: (a.submitted_at, a.pk), reverse=True)


@dataclass
class Duplicate:
    appeal: Appeal
    score: float
    reasons: list[str]


def duplicates(appeal: Appeal, *, limit: int = 5, within: QuerySet[Appeal] | None = None) -> list[Duplicate]:
    """Appeals of the last DUPLICATE_DAYS days that may be the same matter: same enterprise, village or
    address, or a similar text. Best first. `within` is what the viewer may see (appeals_visible_to); all
    by default. The texts compared are bounded (issue 19): see `candidates`."""
    pool = candidates(appeal, within=within)
    if not pool:
        return []
    from sklearn.metrics.pairwise import cosine_similarity

    matrix = term_vectors([_text(appeal)] + [_text(a) for a in pool])
    scores = cosine_similarity(matrix[0], matrix[1:])[0]
    found = []
    for other, score in zip(pool, scores, strict=True):
        reasons = []
        if appeal.enterprise_id and other.enterprise_id == appeal.enterprise_id:
            reasons.append("同一企业")
        if appeal.village_id and other.village_id == appeal.village_id:
            reasons.append("同一村（社区）")
        if appeal.address and other.address and appeal.address.strip() == other.address.strip():
            reasons.append("同一地点")
        # The same place with a somewhat similar text, or a clearly similar text anywhere.
        if score >= DUPLICATE_TEXT_SIMILARITY or (reasons and score >= PLACE_TEXT_SIMILARITY):
            found.append(Duplicate(other, float(score), [*reasons, f"内容相似 {score:.0%}"]))
    return sorted(found, key=lambda d: (-len(d.reasons), -d.score))[:limit]


@dataclass
class Topic:
    size: int
    recent: int  # in the later half of the window
    earlier: int
    text: str  # the representative message (the one most like the others), phones masked
    place: str
    members: list[int] = field(default_factory=list)
    score: float = 0.0

    @property
    def growth(self) -> int:
        return self.recent - self.earlier


def clusters(texts: list[str], *, threshold: float = 0.4) -> list[list[int]]:
    """Groups of similar texts: each text joins the most similar existing group whose representative it
    resembles at `threshold` or more (leader clustering, one pass, deterministic)."""
    if not texts:
        return []
    from sklearn.metrics.pairwise import cosine_similarity

    matrix = term_vectors(texts)
    leaders: list[int] = []
    groups: list[list[int]] = []
    for index in range(len(texts)):
        if leaders:
            similarity = cosine_similarity(matrix[index], matrix[leaders])[0]
            best = int(similarity.argmax())
            if similarity[best] >= threshold:
                groups[best].append(index)
                continue
        leaders.append(index)
        groups.append([index])
    return groups


def place_of(text: str, recorded: str, known: Collection[str]) -> str:
    """Where a message is about: the one known place its text names, when it names exactly one that
    differs from the recorded place; else the recorded place (the appeal's township field, or the file's
    place column). The text wins because the field records where the message came from (the code scanned,
    the township picked first), while "河东镇某工地" says where the matter is. A text naming several places,
    or none, leaves the recorded one."""
    named = {name for name in known if name and name in text}
    named = {name for name in named if not any(name != other and name in other for other in named)}
    if len(named) == 1 and recorded not in named:
        return named.pop()
    return recorded


def topic_place(places: list[str], *, first: str = "") -> str:
    """One place when every member with a place agrees; otherwise the places, `first` (the representative
    message's) leading, then by count: "河东镇、城关镇等 4 地". Never one place for a mixed group."""
    counts = Counter(p for p in places if p)
    if not counts:
        return ""
    if len(counts) == 1:
        return next(iter(counts))
    ordered = sorted(counts, key=lambda p: (p != first, -counts[p], p))
    shown = "、".join(ordered[:TOPIC_PLACES_SHOWN])
    return f"{shown}等 {len(ordered)} 地" if len(ordered) > TOPIC_PLACES_SHOWN else shown


def hot_topics(
    texts: list[str],
    times: list[dt.datetime],
    places: list[str],
    *,
    weights: list[float] | None = None,
    top: int = 10,
    threshold: float = 0.4,
    known_places: Collection[str] | None = None,
) -> list[Topic]:
    """Clusters of similar messages ranked by size (or summed weight, e.g. votes) and by growth: the
    number in the later half of the window minus the earlier half. Each message's place is its recorded
    one unless its text names another of `known_places` (default: the recorded places); see `place_of`."""
    if not texts:
        return []
    known = set(known_places if known_places is not None else places) - {""}
    places = [place_of(text, place, known) for text, place in zip(texts, places, strict=True)]
    from sklearn.metrics.pairwise import cosine_similarity

    middle = min(times) + (max(times) - min(times)) / 2
    matrix = term_vectors(texts)
    topics = []
    for group in clusters(texts, threshold=threshold):
        if len(group) < 2:
            continue
        inner = cosine_similarity(matrix[group])
        representative = group[int(inner.mean(axis=1).argmax())]
        recent = sum(1 for i in group if times[i] > middle)
        weight = sum(weights[i] for i in group) if weights else float(len(group))
        topics.append(
            Topic(
                size=len(group),
                recent=recent,
                earlier=len(group) - recent,
                text=mask_phones_in_text(re.sub(r"\s+", " ", texts[representative]))[:160],
                place=topic_place([places[i] for i in group], first=places[representative]),
                members=group,
                score=weight,
            )
        )
    return sorted(topics, key=lambda t: (-t.score, -t.growth, -t.size))[:top]


def county_hot_topics(
    now: dt.datetime | None = None, days: int = 14, top: int = 5, *, appeals: QuerySet[Appeal] | None = None
) -> list[Topic]:
    """The leaders' dashboard: hot topics among the appeals of the last `days` days, of `appeals` (what the
    viewer may see; all by default). A topic shows a member's text on a shared screen, so confidential
    matters (complaints about a unit, 举报) never make one."""
    now = now or timezone.now()
    pool = Appeal.objects.all() if appeals is None else appeals
    rows = list(
        pool.filter(submitted_at__gte=now - dt.timedelta(days=days))
        .exclude(status=Status.MERGED)
        .exclude(CONFIDENTIAL)
        .select_related("township")
        .order_by("submitted_at")[:MAX_CANDIDATES]
    )
    return hot_topics(
        [_text(a) for a in rows],
        [a.submitted_at for a in rows],
        [a.township.name if a.township else "" for a in rows],
        top=top,
        known_places=list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).values_list("name", flat=True)),
    )
