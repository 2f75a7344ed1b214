"""Chinese text → category label: TF-IDF over single characters and character pairs, a linear SVM, and
Platt calibration (fitted on cross-validated margins, one final SVM) so the dispatcher sees a confidence,
not a raw margin. Chosen by bench/routing.py on the real messages; what did not win (jieba words,
character triples, logistic regression, calibration by an ensemble of fold models) is listed in
docs/benchmarks.md."""

from __future__ import annotations

import io
import pickle
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from mashangdu.routing.models import ModelVersion


class TrainingError(ValueError):
    """Data that cannot train a model (the message says why)."""


def build_pipeline(*, calibrate: bool = True) -> Any:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    from mashangdu.core.textfeatures import char_vectorizer

    features = char_vectorizer(min_df=2)
    svm = LinearSVC(C=1.0, class_weight="balanced")
    return make_pipeline(features, CalibratedClassifierCV(svm, cv=3, ensemble=False) if calibrate else svm)


def fit(texts: list[str], labels: list[str], *, calibrate: bool = True) -> Any:
    counts = Counter(labels)
    if len(counts) < 2:
        raise TrainingError(f"只有一个标签（{next(iter(counts), '无')}），无法训练分类模型：至少需要两个标签。")
    thin = sorted(label for label, n in counts.items() if n < 3)
    if calibrate and thin:
        raise TrainingError(f"以下标签少于 3 条，无法训练：{'、'.join(thin)}。")
    return build_pipeline(calibrate=calibrate).fit(texts, labels)


CV_LIMIT = 20_000  # above this, training skips the cross-validated metrics (time)
# Texts at least this similar (cosine of character and pair term frequencies) count as one text for the
# cross-validation: a template filled with another township's name scores 0.75–0.95, two people's own
# words about the same pothole about 0.5.
NEAR_DUPLICATE = 0.7
# Below this share of distinct texts, the data is templated or copied and its cross-validation says
# little about new messages (the routing page says so).
MIN_DISTINCT_SHARE = 0.5
# With fewer distinct texts than this per category, the folds of a grouped cross-validation hold one or
# two texts of a category: its figure is chance, and the routing page shows 不适用 in its place.
MIN_DISTINCT_PER_LABEL = 5


def near_duplicate_groups(texts: list[str], threshold: float = NEAR_DUPLICATE, chunk: int = 500) -> list[int]:
    """A group number per text: texts joined by a chain of pairs at `threshold` or more share one."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from mashangdu.routing.similar import term_vectors

    matrix = term_vectors(texts)  # rows have unit length: a product is the cosine
    rows, cols = [], []
    for start in range(0, len(texts), chunk):
        block = (matrix[start : start + chunk] @ matrix.T).tocoo()
        close = block.data >= threshold
        rows.append(block.row[close] + start)
        cols.append(block.col[close])
    row, col = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(len(row)), (row, col)), shape=(len(texts), len(texts)))
    return [int(g) for g in connected_components(graph, directed=False)[1]]


def _groups_within_labels(texts: list[str], labels: list[str]) -> list[int]:
    """Near-duplicate groups among the texts of each label (a twin under another label does not flatter
    the score, and comparing within labels is the number of labels times cheaper)."""
    groups = [0] * len(texts)
    offset = 0
    for label in sorted(set(labels)):
        members = [i for i, other in enumerate(labels) if other == label]
        local = near_duplicate_groups([texts[i] for i in members])
        for i, group in zip(members, local, strict=True):
            groups[i] = offset + group
        offset += max(local) + 1
    return groups


def cross_validate(texts: list[str], labels: list[str], folds: int = 5) -> dict[str, Any]:
    """Accuracy and macro-F1 of this pipeline on texts unlike those it was trained on: k-fold, stratified
    by label, with near-duplicates (a template filled in differently, a message sent twice) kept in one
    fold, so a test text never has its twin in the training part. A label with all its texts in one group
    cannot be recognised in its own fold: that is what a new wording of it would meet."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict

    groups = _groups_within_labels(texts, labels)
    distinct = len(set(groups))
    k = min(folds, min(Counter(labels).values()), distinct)
    if k < 2:
        return {}
    split = StratifiedGroupKFold(k, shuffle=True, random_state=0)
    predicted = cross_val_predict(build_pipeline(calibrate=False), texts, labels, cv=split, groups=groups)
    return {
        "cv_folds": k,
        "cv_grouped": True,
        "cv_accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "cv_macro_f1": round(float(f1_score(labels, predicted, average="macro", zero_division=0)), 4),
        "n_distinct": distinct,
        "label_counts": dict(Counter(labels)),
    }


@transaction.atomic
def train(
    texts: list[str],
    labels: list[str],
    *,
    source: str,
    source_kind: str = ModelVersion.SourceKind.HISTORY,
    metrics: dict[str, Any] | None = None,
) -> ModelVersion:
    """Fit on all the data and make the result the current model; its cross-validated metrics are kept."""
    if metrics is None and len(texts) <= CV_LIMIT and len(set(labels)) >= 2:
        metrics = cross_validate(texts, labels)
    started = time.perf_counter()
    pipeline = fit(texts, labels)
    seconds = time.perf_counter() - started
    out = io.BytesIO()
    pickle.dump(pipeline, out, protocol=pickle.HIGHEST_PROTOCOL)
    ModelVersion.objects.filter(is_current=True).update(is_current=False)
    return ModelVersion.objects.create(
        source=source[:200],
        source_kind=source_kind,
        n_train=len(texts),
        labels=sorted(set(labels)),
        metrics=metrics or {},
        train_seconds=round(seconds, 2),
        blob=out.getvalue(),
        is_current=True,
    )


def load(version: ModelVersion) -> Any:
    # Our own model, written by train() into our own database: not untrusted input.
    return pickle.loads(bytes(version.blob))  # noqa: S301


_loaded: dict[Any, Any] = {}  # version uid → unpickled pipeline, per process


def current() -> tuple[ModelVersion, Any] | None:
    """The current version and its pipeline. The blob is read and unpickled once per process and
    version, not on every detail page or auto-dispatch; a new current version is picked up at once."""
    version = ModelVersion.objects.filter(is_current=True).defer("blob").first()
    if version is None:
        return None
    if version.uid not in _loaded:
        _loaded.clear()
        _loaded[version.uid] = load(ModelVersion.objects.only("blob").get(pk=version.pk))
    return version, _loaded[version.uid]


@dataclass
class Suggestion:
    label: str
    confidence: float


def suggest(model: Any, text: str, k: int = 3) -> list[Suggestion]:
    probabilities = model.predict_proba([text])[0]
    ranked = sorted(zip(model.classes_, probabilities, strict=True), key=lambda p: -p[1])[:k]
    return [Suggestion(str(label), float(p)) for label, p in ranked]


def evaluate(model: Any, texts: list[str], labels: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the labels the model knows, per-label F1, the confusion matrix; rows whose
    label the model never saw are counted and named, and left out of the scores."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    known = set(model.classes_)
    unknown = Counter(label for label in labels if label not in known)
    pairs = [(t, label) for t, label in zip(texts, labels, strict=True) if label in known]
    result: dict[str, Any] = {"n": len(pairs), "unknown_labels": dict(unknown), "n_unknown": sum(unknown.values())}
    if not pairs:
        result.update(accuracy=None, macro_f1=None, per_label={}, confusion={"labels": [], "matrix": []})
        return result
    truth = [label for _, label in pairs]
    predicted = list(model.predict([t for t, _ in pairs]))
    names = sorted(set(truth) | set(predicted))
    per_label = f1_score(truth, predicted, labels=names, average=None, zero_division=0)
    result.update(
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(f1_score(truth, predicted, labels=sorted(set(truth)), average="macro", zero_division=0)),
        per_label={name: float(score) for name, score in zip(names, per_label, strict=True)},
        confusion={"labels": names, "matrix": confusion_matrix(truth, predicted, labels=names).tolist()},
    )
    return result
