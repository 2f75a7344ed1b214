"""Chart images for the Word and PDF circulars (ECharts draws the ones on screen): horizontal bar
charts drawn with Pillow in Noto Sans CJK, so they need no browser and look the same in both files."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess

from PIL import Image, ImageDraw, ImageFont

BLUE = (13, 71, 161)
RED = (198, 40, 40)
GREY = (120, 120, 120)
FALLBACK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@functools.cache
def font_path() -> str:
    """The Noto Sans CJK file fontconfig knows (Debian's fonts-noto-cjk)."""
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Noto Sans CJK SC"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if found:
            return found
    return FALLBACK_FONT


def _font(size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(font_path(), size, index=2)  # index 2 of the collection: the SC face
    except OSError:
        return ImageFont.truetype(font_path(), size)


def bar_chart(title: str, items: list[tuple[str, float]], *, maximum: float = 100.0, unit: str = "") -> bytes:
    """A PNG of labelled horizontal bars, best first as given; bars below 60% of `maximum` in red."""
    scale = 2  # drawn at twice the size printed, for a sharp page
    row, label_w, pad = 26 * scale, 190 * scale, 14 * scale
    width = 900 * scale
    height = pad * 2 + 40 * scale + row * max(len(items), 1)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_font, text_font = _font(17 * scale), _font(12 * scale)
    draw.text((pad, pad), title, fill=(30, 30, 30), font=title_font)
    top = pad + 40 * scale
    bar_w = width - label_w - pad * 2 - 60 * scale
    for i, (label, value) in enumerate(items):
        y = top + i * row
        draw.text((pad, y + 4 * scale), label[:12], fill=(40, 40, 40), font=text_font)
        length = int(bar_w * max(0.0, min(value, maximum)) / maximum) if maximum else 0
        colour = BLUE if value >= 0.6 * maximum else RED
        draw.rectangle((label_w, y + 5 * scale, label_w + max(length, 1), y + row - 5 * scale), fill=colour)
        draw.text((label_w + length + 6 * scale, y + 4 * scale), f"{value:.1f}{unit}", fill=GREY, font=text_font)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
