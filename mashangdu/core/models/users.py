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
# Read how confidential matters were handled (保密件办理情况: complaints about a unit, 举报), apart from the
# published rankings, which leave them out for everyone (decision 0034), and open the appeals behind its figures.
CONFIDENTIAL_READERS: tuple[Role, ...] = (Role.SUPERVISOR,)
# Read the event log: its page, the latest events on the home page, its export.
EVENT_LOG_READERS: tuple[Role, ...] = (Role.SUPERVISOR, Role.ADMIN)
# Supervise key tasks: import and decompose them, review reports, formal supervision, strike-off.
TASK_SUPERVISORS: tuple[Role, ...] = (Role.SUPERVISOR,)
# Open the enterprise registry (一企一档): county-wide roles see every enterprise, a cadre those paired with
# them now, a township's staff the enterprises of their township (enterprises.selectors, decision 0029).
ENTERPRISE_READERS: tuple[Role, ...] = (*COUNTY_WIDE, Role.CADRE, Role.HANDLER, Role.UNIT_HEAD)
# Import the registry from Excel, export it with contacts' phones in clear, see every contact's phone.
REGISTRY_EDITORS: tuple[Role, ...] = (Role.DISPATCHER, Role.ADMIN)
# Create, print and disable QR codes.
QR_MANAGERS: tuple[Role, ...] = (Role.DISPATCHER, Role.ADMIN)
# Read the routing model's page and retrain it.
ROUTING_MANAGERS: tuple[Role, ...] = (Role.DISPATCHER, Role.ADMIN)
# Keep the visit log of their own pairings (包联走访) and see their own pairings' page.
PAIRED_CADRES: tuple[Role, ...] = (Role.CADRE,)
# Read the pairing coverage of their own unit's cadres (county-wide roles read the whole county's).
UNIT_COVERAGE_READERS: tuple[Role, ...] = (Role.UNIT_HEAD,)
# Plan and run the meetings with enterprises (政企早餐会 / 同心谈): plan, invite, record the issues raised at the
# table and assign them on the spot, close (decision 0031). The service centre (which dispatches every other
# appeal), the county leaders who host them, and administrators.
MEETING_ORGANISERS: tuple[Role, ...] = (Role.DISPATCHER, Role.LEADER, Role.ADMIN)
# Record technology needs and research results, and the dockings between them (技术对接): in practice the
# staff of the 科工局/科技局, and cadres who hear a need on a visit. A need is acted on by its own unit only;
# county-wide roles read every need (docs/domain.md §Technology matching).
TECH_MATCH_STAFF: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD, Role.CADRE)
# Policies (decision 0032). Edit a unit's policy documents, clauses and their conditions, and publish them:
# the issuing unit's staff (the table's scope keeps them to their own unit's documents).
POLICY_EDITORS: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD)
# Enter an application on an enterprise's behalf (enterprises have no logins): its paired cadre, the issuing
# unit's staff, the service centre's dispatchers.
POLICY_APPLICANT_CLERKS: tuple[Role, ...] = (Role.CADRE, Role.HANDLER, Role.UNIT_HEAD, Role.DISPATCHER)
# Review an application (approve with an amount, or refuse): the issuing unit's staff.
POLICY_REVIEWERS: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD)
# Confirm a payment: the issuing unit's head only, never the same step as the review by a handler.
POLICY_PAYERS: tuple[Role, ...] = (Role.UNIT_HEAD,)
# Read every unit's applications, payments, ledger and eligibility lists: the county-wide roles.
POLICY_COUNTY_READERS: tuple[Role, ...] = (Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER, Role.ADMIN)
# Import air-quality readings (the air import page, decision 0035): the staff of the unit that holds the
# environment duty (the roles of UNIT_STAFF, and only in that unit: air.access checks the unit), and
# administrators wherever they sit.
AIR_IMPORTERS: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD, Role.ADMIN)
# 散乱污 and environmental grades (decision 0038): the staff who register, rectify and inspect sites (a
# township's own), accept and strike them off, rate enterprises and keep 晋A升B plans (the environment
# authority's unit); the workflow's scopes keep each to their township or to that unit.
POLLUTION_STAFF: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD)
# Urge a township about an open 散乱污 site (the county's supervisors; everyone county-wide reads them).
POLLUTION_URGERS: tuple[Role, ...] = (Role.SUPERVISOR,)
# Idle and inefficient land (decision 0040): the staff who register parcels (a township its own), move them,
# report progress and keep multi-storey factory projects (the natural-resources authority's unit anywhere, a
# township's unit for its own parcels); the workflow's scopes keep each to their township or to that unit.
LAND_STAFF: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD)
# Review a parcel's progress report (accept or return it): the natural-resources authority's unit head (the
# scope keeps a unit head to that unit) and the county's supervisors, as key tasks' reports are reviewed.
LAND_REVIEWERS: tuple[Role, ...] = (Role.UNIT_HEAD, Role.SUPERVISOR)
# Urge the township and the land authority about an open parcel (the county's supervisors).
LAND_URGERS: tuple[Role, ...] = (Role.SUPERVISOR,)
# 亩均效益 (decision 0041): the staff who import the yearly figures, run the evaluation and record the
# differentiated measures (the industry authority's unit, efficiency.scope checks the unit), and who read their
# own township's enterprises' results (a township's unit); county-wide roles read and run everything.
EFFICIENCY_STAFF: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD)
# Villages' yearly indicators and 一村一品 (decision 0042): the staff who enter and correct them, in the unit
# holding the agriculture duty (every village) or in a township (its own villages); villages.scope checks the
# unit. County-wide roles read them.
VILLAGE_STAFF: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD)
# Keep the rural tourism routes (decision 0042): the staff of the unit holding the tourism duty (villages.scope
# checks the unit). Every member of staff reads the routes and prints their sheets.
ROUTE_KEEPERS: tuple[Role, ...] = (Role.HANDLER, Role.UNIT_HEAD)
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
