"""Photos from the public (core.uploads.sanitize_image): checked by content, refused when too
large in bytes or in pixels (a decompression bomb is a message, never a server error), and
stored as a re-encoded copy without any metadata, the GPS position of a home above all."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, PngImagePlugin

from core.uploads import sanitize_image, validate_attachment, validate_image_upload

ORIENTATION, MAKE, GPS_IFD = 0x0112, 0x010F, 0x8825


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the last test checks their Chinese."""
    with translation.override("en"):
        yield


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def phone_photo() -> bytes:
    """A 60 x 40 JPEG as a phone writes it held upright: stored sideways with Orientation 6
    (rotate 90°), the camera's make and the GPS position."""
    image = Image.new("RGB", (60, 40), "white")
    image.paste((200, 0, 0), (0, 0, 30, 40))  # Left half red: shows where the rotation went.
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[MAKE] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (34.0, 15.0, 7.5), 3: "E", 4: (108.0, 56.0, 3.2)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def png(width: int, height: int) -> bytes:
    """A real greyscale PNG of ``width`` x ``height`` black pixels, written by hand so that a
    huge one costs kilobytes here (as it does for whoever sends it), not gigabytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # Filter byte, then 1-bit pixels.
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def refusal(file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        sanitize_image(file)
    return caught.value


def test_a_phone_photo_comes_back_without_exif_and_standing_upright():
    original = phone_photo()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # The premise.

    clean = sanitize_image(upload(original))

    content = clean.read()
    image = Image.open(io.BytesIO(content))
    assert image.format == "JPEG"
    assert clean.name == "photo.jpg"
    assert dict(image.getexif()) == {}
    assert b"Exif" not in content
    assert b"PhoneMaker" not in content
    # Orientation applied: 40 wide, 60 high, the red half now on top.
    assert image.size == (40, 60)
    red, _green, _blue = image.getpixel((20, 5))
    assert red > 150 and image.getpixel((20, 55))[1] > 150


def test_a_png_keeps_its_format_and_transparency_and_loses_its_text():
    image = Image.new("RGBA", (20, 20), (0, 128, 0, 0))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Home: 兴善社区 3-2-101")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)

    clean = sanitize_image(upload(out.getvalue(), "wish.png", "image/png"))

    content = clean.read()
    result = Image.open(io.BytesIO(content))
    assert (result.format, result.mode, clean.name) == ("PNG", "RGBA", "photo.png")
    assert result.getpixel((0, 0))[3] == 0
    assert "兴善社区".encode() not in content and b"Comment" not in content
    assert not result.text


def test_a_text_file_named_jpg_is_refused():
    error = refusal(upload(b"Dear representative, the street light is broken.\n" * 20))

    assert error.code == "not_image"
    assert "not a picture" in error.messages[0]


def test_a_photo_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_IMAGE_BYTES = 1024
    photo = phone_photo()
    assert len(photo) > 1024

    error = refusal(upload(photo))

    assert error.code == "too_large"
    assert "the limit is 1.0\xa0KB" in error.messages[0]


def test_a_decompression_bomb_is_refused_with_a_message():
    bomb = png(30_000, 30_000)  # 900 million pixels in a file of about 100 KB.
    assert len(bomb) < 200_000

    error = refusal(upload(bomb, "bomb.png", "image/png"))

    assert error.code == "too_many_pixels"
    assert "too many pixels" in error.messages[0]


def test_pillows_bomb_warning_is_a_refusal_too_whatever_our_limit(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10**12  # Only Pillow's own threshold is left.
    bomb = png(10_000, 10_000)  # 100 million: above Pillow's warning, below its error.

    assert refusal(upload(bomb, "bomb.png", "image/png")).code == "too_many_pixels"


def test_the_pixel_limit_is_a_setting(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 2_000_000

    assert refusal(upload(png(2000, 1001), "big.png", "image/png")).code == "too_many_pixels"
    assert sanitize_image(upload(png(2000, 1000), "ok.png", "image/png")).name == "photo.png"


def test_every_photo_check_refuses_a_bomb_rather_than_failing():
    bomb = png(30_000, 30_000)

    with pytest.raises(ValidationError):
        validate_image_upload(upload(bomb, "bomb.png", "image/png"))
    with pytest.raises(ValidationError):
        validate_attachment(upload(bomb, "bomb.png", "image/png"))


def test_the_refusal_speaks_chinese():
    with translation.override("zh-hans"):
        message = refusal(upload(png(30_000, 30_000), "bomb.png", "image/png")).messages[0]

    assert re.search(r"[\u4e00-\u9fff]", message), message
