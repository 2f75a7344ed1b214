"""The cadre's home panel: the enterprises paired with them now (shown by mashangdu/home.py)."""

from __future__ import annotations

from typing import Any

from mashangdu.core.models import Role, User
from mashangdu.enterprises.models import Pairing


def home_panels(user: User) -> list[dict[str, Any]]:
    if not user.has_role(Role.CADRE):
        return []
    pairings = list(
        Pairing.objects.current()
        .filter(cadre=user)
        .select_related("enterprise", "enterprise__township")
        .order_by("enterprise__township__sort_order", "enterprise__name")
    )
    return [
        {
            "title": f"包联企业（{len(pairings)} 家）",
            "testid": "cadre-pairings",
            "template": "enterprises/_home_pairings.html",
            "pairings": pairings,
            "total": len(pairings),
            "empty": "暂无包联企业。管理员在“系统管理 → 包联关系”中为您配置后，您包联的企业将出现在这里；"
            "企业扫码反映问题时，您会收到提醒。",
        }
    ]
