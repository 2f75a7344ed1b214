"""Uploads are checked before they cost anything: an image's size from its header before any decoding,
other image formats (GIF, TIFF bombs) never opened, broken files refused, and a PDF kept as sent only when
it opens and carries no script, launch action or embedded file."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from mashangdu.appeals import images
from mashangdu.appeals.models import Appeal, Attachment
from mashangdu.appeals.tests import files
from mashangdu.appeals.tests.test_entry import create
from mashangdu.appeals.validation import check_attachments
from mashangdu.core.errors import DomainError
from mashangdu.testing import People


def check(name: str, content: bytes) -> None:
    check_attachments([SimpleUploadedFile(name, content)])


@pytest.mark.parametrize(
    ("width", "height"),
    [(7400, 8000), (8193, 6144), (100_000, 600), (1, images.MAX_PIXELS + 1), (60_000, 60_000)],
)
def test_an_image_larger_than_a_phone_takes_is_refused_from_its_header(
    width: int, height: int, decoded: list[str]
) -> None:
    with pytest.raises(DomainError, match=r"图片“big\.png”尺寸过大.*上限 50 百万像素") as refused:
        check("big.png", files.png_claiming(width, height))
    assert refused.value.field == "attachments"
    assert decoded == []


def test_a_real_one_bit_png_of_59_megapixels_is_refused_undecoded(decoded: list[str]) -> None:
    content = files.png((7400, 8000), mode="1")
    assert len(content) < 200_000  # small on the wire: only the header tells
    with pytest.raises(DomainError, match="尺寸过大"):
        check("scan.png", content)
    assert decoded == []


def test_a_fifty_megapixel_phone_photo_passes_the_size_check(decoded: list[str]) -> None:
    """8,192×6,144 is the cap itself: the size is accepted and decoding is tried (this forged file then
    turns out broken, which is a different refusal)."""
    with pytest.raises(DomainError, match="已损坏或无法识别"):
        check("phone.png", files.png_claiming(8192, 6144))
    assert decoded == ["PNG"]


def test_pillows_own_bomb_guard_stays_on_behind_ours(monkeypatch: pytest.MonkeyPatch, decoded: list[str]) -> None:
    assert Image.MAX_IMAGE_PIXELS is not None and images.MAX_PIXELS < Image.MAX_IMAGE_PIXELS
    monkeypatch.setattr(images, "MAX_PIXELS", 10**12)  # as if our cap were forgotten
    with pytest.raises(DomainError, match="尺寸过大"):
        check("bomb.png", files.png_claiming(20_000, 20_000))  # 400 MP: Pillow refuses while opening
    with pytest.raises(DomainError, match="尺寸过大"):
        check("bomb.png", files.png_claiming(10_000, 10_000))  # 100 MP: its warning, treated as an error
    assert decoded == []


@pytest.mark.parametrize(("name", "make"), [("bomb.gif", files.gif_bomb), ("bomb.tiff", files.tiff_bomb)])
def test_gif_and_tiff_bombs_are_refused_by_their_first_bytes(
    name: str, make: Callable[[], bytes], decoded: list[str]
) -> None:
    with pytest.raises(DomainError, match=r"不是 JPEG、PNG、WebP 图片或 PDF 文件"):
        check(name, make())
    with pytest.raises(DomainError, match=r"不是 JPEG、PNG、WebP 图片或 PDF 文件"):
        check("photo.jpg", make())  # the name changes nothing
    assert decoded == []


@pytest.mark.parametrize(("name", "make"), [("cut.jpg", lambda: files.jpeg((640, 480))), ("cut.png", files.png)])
def test_a_truncated_photo_is_refused_as_broken(name: str, make: Callable[[], bytes]) -> None:
    with pytest.raises(DomainError, match=rf"图片“{name}”已损坏或无法识别"):
        check(name, files.truncated(make()))


def test_a_truncated_photo_is_refused_even_after_weasyprint_was_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process when imported (found by the
    full suite: in a worker that had rendered a PDF, a cut photo was kept, grey where it was missing)."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(DomainError, match="已损坏或无法识别"):
        check("cut.jpg", files.truncated(files.jpeg((640, 480))))
    with pytest.raises(DomainError, match="已损坏或无法识别"):
        check("phone.png", files.png_claiming(4000, 3000))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it


def test_the_extension_is_not_trusted_either_way() -> None:
    (stored, content_type), *_ = check_attachments([SimpleUploadedFile("photo.pdf", files.png())])
    assert content_type == "image/jpeg" and stored.name == "photo.jpg"
    with pytest.raises(DomainError, match="不是 JPEG、PNG、WebP 图片或 PDF 文件"):
        check("photo.png", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(DomainError, match="已损坏或无法识别"):
        check("scan.png", b"\xff\xd8\xff" + files.png()[3:])  # a JPEG signature on PNG content


def test_a_clean_pdf_is_kept_byte_for_byte(people: People) -> None:
    content = files.pdf()
    appeal = create(people, attachments=[SimpleUploadedFile("清单.pdf", content)])
    stored = Attachment.objects.get(appeal=appeal)
    assert stored.content_type == "application/pdf" and stored.file.read() == content
    check("empty-password.pdf", files.pdf_with_password(""))  # opens without a password: accepted


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (files.pdf_with_open_action, "含有 JavaScript 脚本"),
        (files.pdf_with_javascript_in_names, "含有 JavaScript 脚本"),
        (files.pdf_with_page_action, "含有 JavaScript 脚本"),
        (lambda: files.pdf_with_open_action("/Launch"), "含有启动外部程序的动作"),
        (lambda: files.pdf_with_page_action("/Launch"), "含有启动外部程序的动作"),
        (files.pdf_with_embedded_file, "含有嵌入文件"),
        (files.pdf_with_file_annotation, "含有嵌入文件"),
        (files.pdf_with_xfa, "含有 JavaScript 脚本"),
        (files.pdf_with_javascript_link, "含有 JavaScript 脚本"),
        (lambda: files.pdf_with_javascript_link("java\tscript:1"), "含有 JavaScript 脚本"),
        (lambda: files.pdf_with_javascript_link("\x00javascript:1"), "含有 JavaScript 脚本"),
        (lambda: files.pdf_with_javascript_link("VBScript:1"), "含有 JavaScript 脚本"),
        (lambda: files.pdf_with_javascript_link("data:text/html,<script>1</script>"), "含有不安全的链接"),
        (lambda: files.pdf_with_javascript_link("file:///c:/calc.exe"), "含有不安全的链接"),
        (lambda: files.pdf_with_outside_action("/SubmitForm"), "含有提交或读取外部数据的动作"),
        (lambda: files.pdf_with_outside_action("/ImportData"), "含有提交或读取外部数据的动作"),
        (lambda: files.pdf_with_outside_action("/GoToR"), "含有提交或读取外部数据的动作"),
        (files.pdf_with_a_repeated_key, r"结构异常（同一项被重复定义"),
        (lambda: files.pdf_with_password("secret"), "已加密"),
        (lambda: b"%PDF-1.4\n%%EOF", "无法打开"),
        (lambda: files.truncated(files.pdf()), "无法打开"),
        (lambda: b"%PDF-1.7\n" + b"\x00" * 5000, "无法打开"),
    ],
)
def test_a_pdf_that_acts_or_does_not_open_is_refused_naming_the_reason(
    make: Callable[[], bytes], reason: str, people: People
) -> None:
    with pytest.raises(DomainError, match=rf"附件“报告\.pdf”{reason}") as refused:
        create(people, attachments=[SimpleUploadedFile("报告.pdf", make())])
    assert refused.value.field == "attachments"
    assert not Appeal.objects.exists() and not Attachment.objects.exists()


def test_a_large_jpeg_decoded_at_a_reduced_scale_still_keeps_2560_px() -> None:
    from PIL import Image as PILImage

    (stored, _), *_ = check_attachments([SimpleUploadedFile("wide.jpg", files.jpeg((5200, 3000)))])
    with PILImage.open(stored) as kept:
        assert kept.size == (images.MAX_SIDE, round(3000 * images.MAX_SIDE / 5200))


def test_a_repeated_key_is_refused_whatever_the_sites_log_level() -> None:
    """The check listens for pypdf's warning: LOG_LEVEL=ERROR on the root logger must not silence it."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with pytest.raises(DomainError, match="结构异常"):
            check("twice.pdf", files.pdf_with_a_repeated_key())
    finally:
        root.setLevel(level)


def test_a_link_to_a_web_page_or_a_mail_address_is_kept() -> None:
    for uri in ("https://www.gov.cn/", "mailto:a@b.cn", "tel:12345", "#page=2", "附件/说明.pdf"):
        check("links.pdf", files.pdf_with_javascript_link(uri))
