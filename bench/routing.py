"""Benchmark and protocol of the text classifier on real messages (issue 7).

    .venv/bin/python bench/routing.py

Data: ../shared/data/teddy2020c — messages_labelled_val.txt (1,842) and messages_labelled_sample.xlsx
(495, subject + body), merged and deduplicated by exact text: 2,331 messages, seven labels (within the
issue's 2,400). Protocol: stratified 5-fold cross-validation (shuffled, seed 0); each fold trains on
about 1,865 messages and predicts the rest; reported: accuracy and macro-F1 over the pooled predictions,
per-label F1, the median training time of a fold, and the median latency of one prediction.
Compared in the same run: the shipped model (characters 1–2, linear SVM, Platt calibration on
cross-validated margins), the same calibrated as an ensemble of fold models, characters 1–3 with jieba
words, and logistic regression on characters 1–3.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, configure

configure("routing.sqlite3")

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

from mashangdu.routing.classifier import build_pipeline  # noqa: E402
from mashangdu.routing.files import read_labelled  # noqa: E402

DATA = Path(os.environ.get("MSD_ROUTING_DATA", ROOT.parent / "shared" / "data" / "teddy2020c"))


def load() -> tuple[np.ndarray, np.ndarray]:
    merged: dict[str, str] = {}
    for name in ("messages_labelled_val.txt", "messages_labelled_sample.xlsx"):
        texts, labels = read_labelled(DATA / name)
        for text, label in zip(texts, labels, strict=True):
            merged.setdefault(re.sub(r"\s+", " ", text).strip(), label)
    return np.array(list(merged)), np.array(list(merged.values()))


def _words(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(text) if w.strip()]


def _svm(ngrams: tuple[int, int], *, ensemble: bool, words: bool = False) -> Any:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import make_union

    chars = TfidfVectorizer(analyzer="char", ngram_range=ngrams, sublinear_tf=True, min_df=2)
    features = (
        make_union(chars, TfidfVectorizer(tokenizer=_words, token_pattern=None, lowercase=False, sublinear_tf=True))
        if words
        else chars
    )
    svm = LinearSVC(C=1.0 if not words else 0.3, class_weight="balanced")
    return make_pipeline(features, CalibratedClassifierCV(svm, cv=3, ensemble=ensemble))


MODELS: dict[str, Any] = {
    "shipped: chars 1-2, linear SVM, Platt calibration on CV margins": lambda: build_pipeline(calibrate=True),
    "same, calibrated as an ensemble of 3 fold models": lambda: _svm((1, 2), ensemble=True),
    "chars 1-3 + jieba words, SVM, ensemble calibration": lambda: _svm((1, 3), ensemble=True, words=True),
    "chars 1-3, logistic regression": lambda: make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
        LogisticRegression(C=20, max_iter=2000, class_weight="balanced"),
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shipped-only", action="store_true", help="the shipped model alone (bench/harness.py)")
    parser.add_argument("--json", type=Path, default=None, help="also write the shipped model's figures there")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} is not here: the real data is read in place")
    texts, labels = load()
    print(f"{len(texts)} messages, labels: {dict(zip(*np.unique(labels, return_counts=True), strict=True))}")
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(texts, labels))
    print("| model | accuracy | macro-F1 | training per fold (median) | one prediction (median) |")
    print("|---|---|---|---|---|")
    per_label: dict[str, float] = {}
    for name, build in MODELS.items():
        if args.shipped_only and not name.startswith("shipped"):
            continue
        predicted = np.empty(len(labels), dtype=object)
        train_times, latencies = [], []
        for train, test in folds:
            started = time.perf_counter()
            model = build().fit(texts[train], labels[train])
            train_times.append(time.perf_counter() - started)
            predicted[test] = model.predict(texts[test])
            for text in texts[test][:50]:
                started = time.perf_counter()
                model.predict([text])
                latencies.append(time.perf_counter() - started)
        accuracy = accuracy_score(labels, predicted)
        macro = f1_score(labels, predicted, average="macro")
        print(
            f"| {name} | {accuracy:.3f} | {macro:.3f} | {statistics.median(train_times):.1f} s | "
            f"{1000 * statistics.median(latencies):.1f} ms |"
        )
        if name.startswith("shipped"):
            names = sorted(set(labels))
            per_label = dict(zip(names, f1_score(labels, predicted, labels=names, average=None), strict=True))
            if args.json:
                figures = {"messages": len(texts), "accuracy": accuracy, "macro_f1": macro}
                timing = {"train_s": statistics.median(train_times), "predict_ms": 1000 * statistics.median(latencies)}
                args.json.write_text(json.dumps(figures | timing))
    print("per-label F1 of the shipped model: " + "; ".join(f"{k} {v:.3f}" for k, v in per_label.items()))


if __name__ == "__main__":
    main()
