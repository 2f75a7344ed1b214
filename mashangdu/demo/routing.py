"""The demo's routing model: the dispatcher's suggestions come from a model trained on the demo history."""

from __future__ import annotations

from mashangdu.routing.classifier import TrainingError
from mashangdu.routing.models import ModelVersion
from mashangdu.routing.training import retrain_from_history


def train_routing() -> str:
    """Train the first model on the closed appeals of the history (issue 7), unless one exists; says what
    happened."""
    if ModelVersion.objects.exists():
        return ""
    try:
        version = retrain_from_history(demo=True)
    except TrainingError as exc:
        return f"routing model not trained: {exc}"
    return f"routing model trained on {version.n_train} closed appeals ({len(version.labels)} categories)"
