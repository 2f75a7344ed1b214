"""Photos as we keep them: decoded, turned upright, resized, re-encoded, with EXIF (and so GPS) dropped.

Re-encoding from decoded pixels is the only reliable way to remove what a file carries besides its
picture: metadata, trailing data, polyglot payloads. The caller has already recognised the format by
its first bytes; this module refuses anything Pillow cannot decode as that format.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageFile, ImageOps

from mashangdu.core.errors import DomainError

MAX_SIDE = 2560  # pixels on the long side: enough to read a sign or a meter in a photo
# The largest picture a phone takes: the full-resolution mode of a 50 MP sensor (8,160×6,120 or
# 8,192×6,144). Phones save 12 MP (4,000×3,000) by default; the 108 and 200 MP modes make JPEGs far over
# the 10 MB upload limit anyway. Checked from the header, before any pixel is decoded (decision 0027).
MAX_PIXELS = 8192 * 6144
JPEG_QUALITY = 85
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


_LOADING = threading.Lock()


@contextmanager
def _truncated_refused() -> Iterator[None]:
    """Pillow's `LOAD_TRUNCATED_IMAGES` off while we decode: WeasyPrint turns it on for the whole process
    when it is imported (any process that rendered a PDF), and a photo cut short would then be kept with
    its missing part painted grey, and a forged header decoded in full."""
    with _LOADING:
        previous, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def reencode(upload: UploadedFile, content_type: str) -> ContentFile[bytes]:
    """A new JPEG file of the upload's picture (named like the upload, with .jpg), or a DomainError.

    `Image.open` reads only the header: the size is checked there, before `load()` decodes. Pillow's own
    decompression-bomb guard (`Image.MAX_IMAGE_PIXELS`, its warning treated as an error) stays on below
    our cap, for any format plugin that decodes while opening."""
    name = upload.name or "图片"
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[FORMATS[content_type]]) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise DomainError(
                        f"图片“{name}”尺寸过大（{opened.width}×{opened.height} 像素，"
                        f"上限 {MAX_PIXELS / 1e6:.0f} 百万像素）。",
                        field="attachments",
                    )
                if opened.format == "JPEG":
                    opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at the smallest DCT scale that is enough
                with _truncated_refused():
                    opened.load()
                picture = ImageOps.exif_transpose(opened)
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DomainError(
            f"图片“{name}”尺寸过大（上限 {MAX_PIXELS / 1e6:.0f} 百万像素）。", field="attachments"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise DomainError(f"图片“{name}”已损坏或无法识别。", field="attachments") from None
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        picture = flat
    elif picture.mode != "RGB":
        picture = picture.convert("RGB")
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= argument: nothing of the original's metadata is written.
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    stem = PurePath(name).stem[:150] or "photo"
    return ContentFile(out.getvalue(), name=f"{stem}.jpg")
