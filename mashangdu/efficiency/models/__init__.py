"""The 亩均效益 models: yearly figures (figures.py), the year's scheme with its indicators and measures
(schemes.py), the evaluation results and the measures applied (results.py). Decision 0041."""

from mashangdu.efficiency.models.figures import FIGURES, YearFigures
from mashangdu.efficiency.models.results import AppliedMeasure, Evaluation
from mashangdu.efficiency.models.schemes import (
    FORMULAS,
    ZERO_IS_BEST,
    ClassRule,
    Grade,
    Indicator,
    MeasureKind,
    Scheme,
    SchemeIndicator,
    SchemeMeasure,
)

__all__ = [
    "FIGURES",
    "FORMULAS",
    "ZERO_IS_BEST",
    "AppliedMeasure",
    "ClassRule",
    "Evaluation",
    "Grade",
    "Indicator",
    "MeasureKind",
    "Scheme",
    "SchemeIndicator",
    "SchemeMeasure",
    "YearFigures",
]
