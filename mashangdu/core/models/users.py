from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models

from mashangdu.core.masking import mask_name, mask_phone

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
MOBILE_VALIDATOR = RegexValidator(MOBILE_PATTERN, "手机号码应为以 1 开头的 11 位数字。")


class Role(models.TextChoices):
    DISPATCHER = "dispatcher", "受理调度员"
    HANDLER = "handler", "承办人"
    UNIT_HEAD = "unit_head", "单位负责人"
    CADRE = "cadre", "包联干部"
    SUPERVISOR = "supervisor", "督查员"
    LEADER = "leader", "县领导"
    ADMIN = "admin", "系统管理员"


# Groups of roles, each named by what its members may do and defined only here: every view, service,
# selector, form and menu entry that asks the question reads the group (a test ties them together). Two
# groups may hold the same roles today and part ways tomorrow; a question is never asked by listing roles.

# Work spans the whole county: every unit, every appeal (less complaints about their own unit), the dashboard,
# the QR codes (docs/domain.md §Data scope).
COUNTY_WIDE: tuple[Role, ...] = (Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
# Work their own unit's items: sign for, handle and reply to its appeals, report on the key tasks it leads.
UNIT_STAFF: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD)
# Register an appeal for someone: a call to the hotline, a cadre's visit to an enterprise.
APPEAL_REGISTRARS: tuple[Role, ...] = (Role.DISPATCHER, Role.CADRE)
# Read the supervisor's board (overdue by unit, escalations, supervised items, reviews).
BOARD_READERS: tuple[Role, ...] = (Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
# Read the monthly circulars (月度通报) and download their files.
CIRCULAR_READERS: tuple[Role, ...] = COUNTY_WIDE
# Open a month's circular, choose its cases, build its files.
CIRCULAR_EDITORS: tuple[Role, ...] = (Role.SUPERVISOR, Role.ADMIN)
# Read the event log: its page, the latest events on the home page, its export.
EVENT_LOG_READERS: tuple[Role, ...] = (Role.SUPERVISOR, Role.ADMIN)
# Supervise key tasks: import and decompose them, review reports, formal supervision, strike-off.
TASK_SUPERVISORS: tuple[Role, ...] = (Role.SUPERVISOR,)
# Create, print and disable QR codes.
QR_MANAGERS: tuple[Role, ...] = (Role.DISPATCHER, Role.ADMIN)
# Read the routing model's page and retrain it.
ROUTING_MANAGERS: tuple[Role, ...] = (Role.DISPATCHER, Role.ADMIN)
# May enrol an authenticator app as a second factor (decision 0019).
SECOND_FACTOR_ROLES: tuple[Role, ...] = (Role.ADMIN, Role.SUPERVISOR)


class User(AbstractUser):
    """A member of staff. The public has no account (docs/domain.md §Users and roles)."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    mobile = models.CharField(  # noqa: DJ001 - NULL, not "", so the unique constraint allows many without
        "手机号码",
        max_length=11,
        null=True,
        blank=True,
        validators=[MOBILE_VALIDATOR],
        help_text="可用于登录",
    )
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    title = models.CharField("职务", max_length=50, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [models.UniqueConstraint(fields=["mobile"], name="user_mobile_unique")]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def masked_name(self) -> str:
        return mask_name(self.full_name or self.username)

    @property
    def masked_mobile(self) -> str:
        return mask_phone(self.mobile or "")

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def role_codes(self) -> frozenset[str]:
        """The user's roles, cached on the instance for the request."""
        cached: frozenset[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes().intersection(roles))

    def role_labels(self) -> list[str]:
        return [Role(code).label for code in Role.values if code in self.role_codes()]


class RoleGrant(models.Model):
    """One role held by one user; a user may hold several (docs/domain.md §Users and roles)."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="rolegrant_user_role_unique")]

    def __str__(self) -> str:
        return self.get_role_display()
