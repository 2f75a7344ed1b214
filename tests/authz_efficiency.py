"""The matrix world's 亩均效益 (issue 18, decision 0041): unit A (住建局) holds Duty.INDUSTRY in the world
(authz_world), so its handler and head stand for the industry authority; an enterprise of 城关镇 has 2025
figures under a 2025 scheme, evaluated class A, with an electricity measure for class A.
Called at the end of `authz_world.build_world`."""

from __future__ import annotations

from decimal import Decimal

from mashangdu.core.models import Unit
from mashangdu.efficiency.models import Evaluation, Scheme, SchemeIndicator, SchemeMeasure, YearFigures
from mashangdu.efficiency.services.evaluation import evaluate_year
from mashangdu.enterprises.models import Enterprise, Industry, Scale


def build_efficiency(township: Unit) -> dict[str, object]:
    firm = Enterprise.objects.create(
        uscc="91130991MA0000011D", name="城关精工机械", industry=Industry.C, scale=Scale.SMALL, township=township
    )
    scheme = Scheme.objects.create(
        year=2025, title="工业企业亩均效益综合评价办法", a_min=Decimal(100), b_min=Decimal(60), c_min=Decimal(30)
    )
    SchemeIndicator.objects.create(scheme=scheme, indicator="tax_per_mu", weight=100, benchmark=10)
    SchemeMeasure.objects.create(scheme=scheme, grade="A", kind="electricity", text="执行正常电价")
    YearFigures.objects.create(enterprise=firm, year=2025, land_area=Decimal(10), tax=Decimal(150))
    evaluate_year(scheme=scheme, by=None)
    return {"eff_firm": firm.pk, "eff_eval": Evaluation.objects.get(enterprise=firm).pk}
