"""`python manage.py routing train|evaluate --file F [--text-col C --label-col L] [--json]` (issue 7)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mashangdu.routing import classifier
from mashangdu.routing.files import LabelledFileError, read_labelled
from mashangdu.routing.models import ModelVersion


class Command(BaseCommand):
    help = "Train the text classifier from a labelled file, or evaluate the current model on one."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        hot = sub.add_parser("hot", help="hot topics of a message file (.xlsx: 留言主题, 留言详情, 留言时间, 点赞数)")
        hot.add_argument("--file", required=True)
        hot.add_argument("--top", type=int, default=10)
        hot.add_argument("--threshold", type=float, default=0.4)
        for name in ("train", "evaluate"):
            p = sub.add_parser(name)
            p.add_argument("--file", required=True)
            p.add_argument("--text-col")
            p.add_argument("--label-col")
            if name == "evaluate":
                p.add_argument("--json", action="store_true", help="one JSON object: n, accuracy, macro_f1, per_label")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "hot":
            self._hot(options)
            return
        try:
            texts, labels = read_labelled(options["file"], text_col=options["text_col"], label_col=options["label_col"])
        except LabelledFileError as exc:
            raise CommandError(str(exc)) from None
        if options["action"] == "train":
            try:
                version = classifier.train(
                    texts, labels, source=Path(options["file"]).name, source_kind=ModelVersion.SourceKind.FILE
                )
            except classifier.TrainingError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"trained on {version.n_train} texts, {len(version.labels)} labels, in {version.train_seconds:.1f} s; "
                f"model #{version.pk} is now current"
            )
            if version.metrics.get("cv_macro_f1") is not None:
                self.stdout.write(
                    f"{version.metrics['cv_folds']}-fold cross-validation, near-duplicates kept in one fold "
                    f"({version.metrics['n_distinct']} distinct texts of {version.n_train}): accuracy "
                    f"{version.metrics['cv_accuracy']:.3f}, macro-F1 {version.metrics['cv_macro_f1']:.3f}"
                )
            return
        loaded = classifier.current()
        if loaded is None:
            raise CommandError("还没有训练好的模型：请先运行 routing train。")
        result = classifier.evaluate(loaded[1], texts, labels)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self._report(result)

    def _hot(self, options: dict[str, Any]) -> None:
        from mashangdu.routing.files import read_messages
        from mashangdu.routing.similar import hot_topics

        try:
            messages = read_messages(options["file"])
        except LabelledFileError as exc:
            raise CommandError(str(exc)) from None
        topics = hot_topics(
            [m.text for m in messages],
            [m.time for m in messages],
            [m.place for m in messages],
            weights=[1.0 + m.votes for m in messages],
            top=options["top"],
            threshold=options["threshold"],
        )
        self.stdout.write(f"{len(messages)} messages; top {len(topics)} topics (weight = messages + likes)")
        for rank, t in enumerate(topics, start=1):
            dates = sorted(messages[i].time for i in t.members)
            self.stdout.write(
                f"{rank:2d}. weight {t.score:.0f}, {t.size} messages ({dates[0]:%Y-%m-%d} – {dates[-1]:%Y-%m-%d}), "
                f"growth {t.growth:+d}, place {t.place or '—'}: {t.text[:80]}"
            )

    def _report(self, result: dict[str, Any]) -> None:
        write = self.stdout.write
        if result["n_unknown"]:
            names = "、".join(f"{k}（{v}）" for k, v in result["unknown_labels"].items())
            write(f"labels unknown to the model, left out: {names}")
        if not result["n"]:
            write("no row with a label the model knows")
            return
        write(f"n {result['n']}  accuracy {result['accuracy']:.3f}  macro-F1 {result['macro_f1']:.3f}")
        for label, score in sorted(result["per_label"].items(), key=lambda p: -p[1]):
            write(f"  F1 {score:.3f}  {label}")
        names = result["confusion"]["labels"]
        write("confusion matrix (rows: true, columns: predicted): " + " | ".join(names))
        for name, row in zip(names, result["confusion"]["matrix"], strict=True):
            write(f"  {name}: {' '.join(f'{v:4d}' for v in row)}")
