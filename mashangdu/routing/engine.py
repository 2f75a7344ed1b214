"""Suggestions for the dispatcher: rules first, then the model; the unit from the rule, the place
(属地 categories go to the township) or the category's default unit. Auto-dispatch above a threshold."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from mashangdu.appeals.models import Appeal, Category, Status
from mashangdu.core.models import Unit, UnitKind, User
from mashangdu.routing import classifier
from mashangdu.routing.models import RoutingRule

logger = logging.getLogger("mashangdu.routing")

# A model suggestion below this confidence is noise (it would show as "0%"): it is not offered at all.
SUGGESTION_FLOOR = 0.05


@dataclass
class Candidate:
    category: Category | None
    confidence: float
    source: str  # "rule" or "model"
    unit: Unit | None = None
    unit_reason: str = ""
    rule: RoutingRule | None = None


@dataclass
class Routing:
    candidates: list[Candidate] = field(default_factory=list)
    model_id: int | None = None
    duplicates: list[Any] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def _category(label: str) -> Category | None:
    """A model label is a category code (trained on the history) or a top category's name (imported file)."""
    return (
        Category.objects.filter(code=label).first() or Category.objects.filter(name=label, parent__isnull=True).first()
    )


def _unit_for(appeal: Appeal, category: Category | None) -> tuple[Unit | None, str]:
    window = _window_unit(appeal)
    if window is not None:
        return window, "在该单位服务窗口扫码提交"
    if category is not None and category.is_territorial:
        township = appeal.township or (appeal.enterprise.township if appeal.enterprise else None)
        if township is not None and township.kind == UnitKind.TOWNSHIP:
            return township, "属地事项，派发生地乡镇"
    for owner in (category, category.parent if category else None):
        if owner is not None and owner.default_unit_id is not None:
            return owner.default_unit, "分类的默认承办单位"
    return None, ""


def _window_unit(appeal: Appeal) -> Unit | None:
    """Context rule: a matter raised with a service window's code belongs to that window's unit
    (complaints about the window never reach here: they go to the supervision office)."""
    from mashangdu.intake.models import PublicSubmission, TargetKind

    if appeal.about_unit_id is not None:
        return None
    submission = PublicSubmission.objects.filter(appeal=appeal).select_related("qr__unit").first()
    if submission is None or submission.qr is None or submission.qr.kind != TargetKind.WINDOW:
        return None
    return submission.qr.unit


def route(appeal: Appeal, *, model: Any = None, k: int = 3) -> Routing:
    """The top suggestions for an appeal; `model` defaults to the current one."""
    text = f"{appeal.title} {appeal.content}"
    result = Routing()
    for rule in RoutingRule.objects.filter(is_active=True).select_related("category", "unit"):
        if rule.matches(text):
            unit, reason = (rule.unit, f"规则“{rule.name}”") if rule.unit else _unit_for(appeal, rule.category)
            result.candidates.append(Candidate(rule.category, 1.0, "rule", unit, reason, rule))
            break
    if model is None:
        loaded = classifier.current()
        if loaded is not None:
            result.model_id, model = loaded[0].pk, loaded[1]
    if model is not None:
        seen = {c.category.pk for c in result.candidates if c.category}
        for suggestion in classifier.suggest(model, text, k=k):
            if suggestion.confidence < SUGGESTION_FLOOR:
                continue
            category = _category(suggestion.label)
            if category is None or category.pk in seen:
                continue
            unit, reason = _unit_for(appeal, category)
            result.candidates.append(Candidate(category, suggestion.confidence, "model", unit, reason))
    result.candidates = result.candidates[:k]
    return result


def detail_suggestions(appeal: Appeal, user: User) -> Routing | None:
    """For the appeal's detail page (a dispatch advisor of appeals.hooks): suggestions while it awaits dispatch;
    the possible duplicates only among the appeals `user` may see."""
    if appeal.status != Status.SUBMITTED:
        return None
    from mashangdu.appeals.selectors import appeals_visible_to
    from mashangdu.routing.similar import duplicates

    try:
        routing = route(appeal)
        routing.duplicates = duplicates(appeal, within=appeals_visible_to(user))
        return routing
    except Exception:  # a broken model file must not break the page
        logger.exception("routing suggestions failed for appeal %s", appeal.pk)
        return None
