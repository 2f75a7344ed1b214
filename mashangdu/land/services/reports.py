"""Progress reports on a parcel, reviewed like key tasks' (decision 0040): the township or the land authority
submits a dated report; the land authority's unit head or a supervisor accepts it or returns it with a comment.
A returned report stays on record; the next report is a new one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mashangdu.core.errors import DomainError, PermissionDeniedError, WrongStateError
from mashangdu.core.forms import stale_form
from mashangdu.core.models import Duty, Role, User, duty_unit
from mashangdu.core.notifications import notify
from mashangdu.core.text import clean_text
from mashangdu.land.models import Parcel, ParcelReport, ReportState
from mashangdu.land.transitions import PARCELS


def report_submit(
    *,
    parcel: Parcel | int,
    by: User,
    reported_on: dt.date,
    progress: str,
    output_now: Decimal | None = None,
    tax_now: Decimal | None = None,
    attachment: UploadedFile | None = None,
    key: str = "",
) -> ParcelReport:
    """Record a progress report; the form's once-`key` makes a second submission return the first's report
    (the parcel's row lock serialises the two; the unique key settles anything else)."""
    text = clean_text(progress).strip()
    if not text:
        raise DomainError("请填写进展情况。", field="progress")
    if reported_on > timezone.localdate():
        raise DomainError("报告日期不能晚于今天。", field="reported_on")
    for name, value in (("output_now", output_now), ("tax_now", tax_now)):
        if value is not None and value < 0:
            raise DomainError("亩均产出和税收不能为负数。", field=name)
    if len(key) > 64:
        raise stale_form()
    with PARCELS.acting("report", parcel, by) as locked:
        earlier = ParcelReport.objects.filter(key=key).first() if key else None
        if earlier is not None:
            if earlier.parcel_id != locked.pk or earlier.submitted_by_id != by.pk:
                raise stale_form()
            return earlier
        if reported_on < locked.identified_on:
            raise DomainError("报告日期不能早于认定日期。", field="reported_on")
        report = ParcelReport(
            parcel=locked,
            reported_on=reported_on,
            progress=text,
            output_now=output_now,
            tax_now=tax_now,
            submitted_by=by,
            key=key,
        )
        if attachment is not None:
            report.attachment = attachment
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            raise stale_form() from None
        PARCELS.record(locked, action="report", by=by, data={"report": report.pk, "on": reported_on.isoformat()})
        land = duty_unit(Duty.NATURAL_RESOURCES)
        if land is not None:  # its unit head reviews (supervisors find them on the ledger's 待审核 filter)
            notify(
                to=land,
                title=f"盘活进展待审核：{locked.code}",
                body=f"{locked.township.name}报送 {reported_on:%Y-%m-%d} 进展：{text[:60]}",
                url=reverse("land:parcel", args=[locked.pk]),
                roles=(Role.UNIT_HEAD,),
            )
    return report


def report_review(*, report: ParcelReport | int, by: User, accept: bool, comment: str) -> ParcelReport:
    """Accept or return a submitted report (a return needs the comment saying why); its author may not."""
    text = clean_text(comment).strip()[:500]
    if not accept and not text:
        raise DomainError("退回时请填写审核意见。", field="comment")
    pk = report.pk if isinstance(report, ParcelReport) else report
    parcel_id = ParcelReport.objects.values_list("parcel_id", flat=True).get(pk=pk)
    with PARCELS.acting("review", parcel_id, by) as parcel:
        row = ParcelReport.objects.select_for_update().get(pk=pk)
        if row.state != ReportState.SUBMITTED:
            raise WrongStateError("这份进展报告已审核。")
        if row.submitted_by_id == by.pk:  # the bureau's head may report too; a review is someone else's eyes
            raise PermissionDeniedError("不能审核自己报送的进展报告。")
        row.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
        row.review_comment, row.reviewed_by, row.reviewed_at = text, by, timezone.now()
        row.save(update_fields=["state", "review_comment", "reviewed_by", "reviewed_at"])
        PARCELS.record(parcel, action="review", by=by, data={"report": row.pk, "result": row.state, "comment": text})
        if not accept:
            notify(
                to=parcel.township,
                title=f"盘活进展报告被退回：{parcel.code}",
                body=text,
                url=reverse("land:parcel", args=[parcel.pk]),
            )
    return row
