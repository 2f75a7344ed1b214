"""Printable posters of QR codes (PDF via WeasyPrint with Noto CJK), singly or as one batch file."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from mashangdu.core.jobs import Progress
from mashangdu.core.models import Job
from mashangdu.intake.models import QrCode
from mashangdu.intake.selectors import codes_filtered


@dataclass(frozen=True)
class PosterSize:
    name: str
    width: int
    height: int
    pad: float
    band_pad: float
    gap: float
    qr: int
    dot: float
    brand: int
    target: int
    hotline: int
    body: float
    small: float
    tiny: float


SIZES = {
    "A4": PosterSize("A4", 210, 297, 14, 10, 8, 120, 8, 30, 22, 20, 12, 12, 9),
    "A5": PosterSize("A5", 148, 210, 10, 7, 5, 84, 6, 21, 16, 14, 8.5, 8.5, 6.5),
}
CHUNK = 100  # posters per WeasyPrint run: bounds memory on batches of thousands


def public_url(qr: QrCode, base_url: str) -> str:
    base = (settings.PUBLIC_BASE_URL or base_url).rstrip("/")
    return base + reverse("intake:code", args=[qr.code])


def qr_svg_data_uri(url: str) -> str:
    # Error correction Q: a poster on a gate gets dirty and torn.
    return str(segno.make(url, error="q", micro=False).svg_data_uri(border=2, dark="#000"))


def render_pdf(codes: Iterable[QrCode], *, size: str, base_url: str) -> bytes:
    from weasyprint import HTML

    posters = []
    for qr in codes:
        url = public_url(qr, base_url)
        posters.append(
            {"label": qr.label, "kind": qr.get_kind_display(), "code": qr.code, "url": url, "qr": qr_svg_data_uri(url)}
        )
    html = render_to_string(
        "intake/poster.html",
        {
            "posters": posters,
            "size": SIZES[size],
            "county_name": settings.COUNTY_NAME,
            "hotline": settings.SERVICE_HOTLINE,
        },
    )
    return bytes(HTML(string=html).write_pdf())


def _chunks(rows: Iterable[QrCode], size: int) -> Iterator[list[QrCode]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def batch_queryset(params: dict[str, Any]) -> QuerySet[QrCode]:
    """The codes a batch poster job prints: the list page's filters (the same function), active codes only."""
    codes = codes_filtered(QrCode.objects.filter(is_active=True), params).order_by("kind", "township_id", "label", "pk")
    if params.get("ids"):
        codes = codes.filter(pk__in=params["ids"])
    return codes


def run_posters(job: Job, progress: Progress) -> str:
    """The batch poster job: render in chunks, join the chunks into one PDF, keep it on the job."""
    from pypdf import PdfWriter

    params = job.params
    size = params.get("size", "A4")
    codes = batch_queryset(params)
    total = codes.count()
    progress(0, total)
    writer = PdfWriter()
    done = 0
    for chunk in _chunks(codes.iterator(chunk_size=CHUNK), CHUNK):
        writer.append(io.BytesIO(render_pdf(chunk, size=size, base_url=params.get("base_url", ""))))
        done += len(chunk)
        progress(done, total)
    out = io.BytesIO()
    writer.write(out)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    job.file.save(f"码上督海报-{size}-{stamp}.pdf", ContentFile(out.getvalue()), save=False)
    return f"已生成 {total} 张 {size} 海报。"
