"""Training from the county's own history: closed appeals labelled with their final category."""

from __future__ import annotations

from collections import Counter

from mashangdu.appeals.models import Appeal, Status
from mashangdu.core.jobs import Progress
from mashangdu.core.models import Job
from mashangdu.routing import classifier
from mashangdu.routing.models import ModelVersion

MIN_PER_LABEL = 5


def history_data(limit: int = 50_000) -> tuple[list[str], list[str]]:
    """(texts, category codes) of the latest closed, categorised appeals; categories with fewer than
    MIN_PER_LABEL examples are left out (the model cannot learn them)."""
    rows = list(
        Appeal.objects.filter(status=Status.CLOSED, category__isnull=False)
        .order_by("-closed_at")
        .values_list("title", "content", "category__code")[:limit]
    )
    counts = Counter(code for _, _, code in rows)
    kept = [(f"{title} {content}", code) for title, content, code in rows if counts[code] >= MIN_PER_LABEL]
    return [t for t, _ in kept], [c for _, c in kept]


def retrain_from_history(*, demo: bool = False) -> ModelVersion:
    """`demo`: the history is the demo county's, played from templates (the routing page says so)."""
    texts, labels = history_data()
    kind = ModelVersion.SourceKind.DEMO if demo else ModelVersion.SourceKind.HISTORY
    return classifier.train(texts, labels, source=f"办结诉求（{len(texts)} 条）", source_kind=kind)


def run_retrain(job: Job, progress: Progress) -> str:
    progress(0, 1)
    version = retrain_from_history()
    progress(1, 1)
    return (
        f"已用 {version.n_train} 条办结诉求训练新模型（{len(version.labels)} 个分类，"
        f"{version.train_seconds:.0f} 秒），已启用。"
    )
