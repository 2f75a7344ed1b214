"""Hostile files made cheaply in a test: images whose header claims a huge size, image bombs of formats we
do not take, truncated photos, and PDFs with scripts, launch actions, attachments or a password."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "orange").save(out, "JPEG")
    return out.getvalue()


def png(size: tuple[int, int] = (64, 48), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A 1×1 PNG whose IHDR says width×height (CRC recomputed): a few dozen bytes that a decoder would
    expand to width×height pixels."""
    real = bytearray(png((1, 1)))
    ihdr = 8  # after the signature: length (4), b"IHDR" (4), data (13), CRC (4)
    data = struct.pack(">II", width, height) + bytes(real[ihdr + 16 : ihdr + 21])
    real[ihdr + 8 : ihdr + 21] = data
    real[ihdr + 21 : ihdr + 25] = struct.pack(">I", zlib.crc32(b"IHDR" + data))
    return bytes(real)


def gif_bomb() -> bytes:
    """A GIF whose logical screen and image are 65,535×65,535, with a tiny LZW stream."""
    header = b"GIF89a" + struct.pack("<HH", 65535, 65535) + b"\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHH", 0, 0, 65535, 65535) + b"\x00" + b"\x02\x02\x4c\x01\x00"
    return header + image + b"\x3b"


def tiff_bomb() -> bytes:
    """A TIFF whose first directory claims 100,000×100,000 pixels."""
    out = io.BytesIO()
    Image.new("1", (8, 8)).save(out, "TIFF")
    raw = bytearray(out.getvalue())
    offset = struct.unpack("<I", raw[4:8])[0]
    count = struct.unpack("<H", raw[offset : offset + 2])[0]
    for i in range(count):
        at = offset + 2 + 12 * i
        tag = struct.unpack("<H", raw[at : at + 2])[0]
        if tag in (256, 257):  # ImageWidth, ImageLength
            raw[at + 2 : at + 4] = struct.pack("<H", 4)  # LONG
            raw[at + 8 : at + 12] = struct.pack("<I", 100_000)
    return bytes(raw)


def truncated(content: bytes) -> bytes:
    return content[: len(content) // 2]


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf() -> bytes:
    """A clean one-page PDF."""
    return _bytes(_writer())


def _action(kind: str) -> DictionaryObject:
    if kind == "/Launch":
        return DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc")})
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")})


def pdf_with_open_action(kind: str = "/JavaScript") -> bytes:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_action(kind))
    return _bytes(writer)


def pdf_with_javascript_in_names() -> bytes:
    writer = _writer()
    names = ArrayObject([TextStringObject("a"), writer._add_object(_action("/JavaScript"))])
    tree = DictionaryObject({NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): names})})
    writer._root_object[NameObject("/Names")] = writer._add_object(tree)
    return _bytes(writer)


def pdf_with_page_action(kind: str = "/JavaScript") -> bytes:
    """A page's additional action (/AA /O: on open), hidden in an indirect name to defeat a naive scan."""
    writer = _writer()
    action = DictionaryObject({NameObject("/S"): writer._add_object(NameObject(kind))})
    if kind == "/Launch":
        action[NameObject("/F")] = TextStringObject("calc")
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    return _bytes(writer)


def pdf_with_embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("说明.exe", b"MZ\x90\x00")
    return _bytes(writer)


def pdf_with_file_annotation() -> bytes:
    writer = _writer()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(10), FloatObject(10)]),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return _bytes(writer)


def pdf_with_password(user_password: str) -> bytes:
    writer = _writer()
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    return _bytes(writer)


def pdf_with_outside_action(kind: str) -> bytes:
    """An /OpenAction that submits, imports or opens another file (/SubmitForm, /ImportData, /GoToR …)."""
    writer = _writer()
    action = DictionaryObject({NameObject("/S"): NameObject(kind), NameObject("/F"): TextStringObject("http://x/")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _bytes(writer)


def pdf_with_xfa() -> bytes:
    """An XFA form: its XML's <script> elements run in readers that support XFA."""
    writer = _writer()
    form = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject(),
            NameObject("/XFA"): TextStringObject(
                '<xdp><script contentType="application/x-javascript">1</script></xdp>'
            ),
        }
    )
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(form)
    return _bytes(writer)


def pdf_with_javascript_link(uri: str = " JavaScript:1") -> bytes:
    writer = _writer()
    action = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(uri)})
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(10), FloatObject(10)]),
            NameObject("/A"): action,
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _bytes(writer)


def pdf_with_a_repeated_key() -> bytes:
    """The catalogue defines /OpenAction twice: first a harmless jump, then JavaScript. pypdf keeps the first
    definition, some readers the last. Built by renaming a key in place (same length: the offsets hold)."""
    writer = _writer()
    jump = DictionaryObject({NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject()})
    writer._root_object[NameObject("/XYZOpenAction")] = writer._add_object(jump)
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_action("/JavaScript"))
    content = _bytes(writer)
    assert content.count(b"/XYZOpenAction") == 1
    return content.replace(b"/XYZOpenAction", b"/OpenAction   ")
