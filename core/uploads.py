"""Uploads checked by their content, whatever the file is called: photos (evidence, activity
photos, representatives) and attachments (requests, research reports).

Attachments accepted:
- JPEG, PNG, WebP photos, checked by ``validate_image_upload`` (so the photo limit,
  ``UPLOAD_MAX_IMAGE_BYTES``, applies to them as to every photo in the product);
- PDF (starts with ``%PDF-``);
- Word .docx and Excel .xlsx: a zip whose ``[Content_Types].xml`` names the document's main
  part; macro-enabled documents (.docm, .xlsm, a VBA project) are refused.
Everything up to ``UPLOAD_MAX_ATTACHMENT_BYTES`` (10 MB by default).

Photos from the public (residents' requests and wishes) go through ``sanitize_image``, which
also re-encodes them: what is stored carries no EXIF, so no GPS position of a resident's home.

Every photo is refused above ``UPLOAD_MAX_IMAGE_PIXELS`` (width × height, 50 million by
default) before it is decoded: a "decompression bomb" (a PNG of a few kilobytes claiming
100,000 × 100,000 pixels) would otherwise take gigabytes of memory to open.
"""

import io
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
DEFAULT_MAX_PIXELS = 50_000_000
JPEG_QUALITY = 85


def max_pixels() -> int:
    return getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS)


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _(
            "This picture has too many pixels (the limit is %(limit)s million). Send a smaller photo."
        )
        % {"limit": f"{max_pixels() / 1_000_000:g}"},
        code="too_many_pixels",
    )


@contextmanager
def _open_image(upload) -> Iterator[Image.Image]:
    """``Image.open`` that turns Pillow's decompression-bomb error and warning into the
    user's message instead of a server error, and refuses dimensions above our own limit
    (reading the header only: nothing is decoded yet)."""
    # The warning becomes an error only here; web workers are sync, one request at a time, so
    # changing the warnings filter for the duration affects no one else.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(upload) as image:
                if image.width * image.height > max_pixels():
                    raise _too_many_pixels()
                yield image
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels() from exc


def validate_image_upload(upload) -> None:
    """Refuse files that are too large (bytes or pixels) or are not really JPEG/PNG/WebP
    images.

    The file's content is checked, not its name: a PDF renamed ``.jpg`` is refused.
    """
    limit = settings.UPLOAD_MAX_IMAGE_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The photo is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with _open_image(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("This file is not a picture. Upload a JPEG, PNG or WebP photo."), code="not_image"
        ) from exc
    finally:
        upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Photos must be JPEG, PNG or WebP, not %(format)s.") % {"format": image_format},
            code="bad_format",
        )


def sanitize_image(upload) -> ContentFile:
    """Check a photo sent by the public and return a clean copy to store instead of it.

    The checks are ``validate_image_upload``'s (by content, bytes, pixels); each refusal is a
    ``ValidationError`` with a message for the user, so a form's ``clean_<field>`` may return
    this function's result. The copy is re-encoded from the pixels alone: no EXIF (camera,
    time, GPS position), no XMP, no comments. The EXIF orientation is applied first, so the
    photo still stands the right way up, and colours are converted to sRGB when the photo
    carries a colour profile. Photos with transparency and PNGs come back as PNG
    (``photo.png``), everything else as JPEG (``photo.jpg``).
    """
    validate_image_upload(upload)
    upload.seek(0)
    try:
        with _open_image(upload) as image:
            source_format = image.format
            image.load()
            image = ImageOps.exif_transpose(image) or image
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("This file is not a picture. Upload a JPEG, PNG or WebP photo."), code="not_image"
        ) from exc
    finally:
        upload.seek(0)
    image = _to_srgb(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        image = image.convert("RGBA")
    elif image.mode not in ("L", "RGB"):
        image = image.convert("L" if image.mode in ("1", "I", "I;16", "F") else "RGB")
    # A new image from the pixels alone: nothing of the original's metadata can come along.
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    if has_alpha or source_format == "PNG":
        clean.save(out, "PNG")
        name = "photo.png"
    else:
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        name = "photo.jpg"
    return ContentFile(out.getvalue(), name=name)


def _to_srgb(image: Image.Image) -> Image.Image:
    # Phones shoot in wider gamuts (Display P3); without its profile such a photo looks dull,
    # so convert to sRGB, which is what a browser assumes for a photo with no profile.
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=output_mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # A broken profile: keep the colours as they are.
    return converted or image


# --- attachments --------------------------------------------------------------------------

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
OFFICE_TYPES = {
    DOCX_MAIN: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    XLSX_MAIN: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}
IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
# A [Content_Types].xml is a few kilobytes; a bigger one is not an Office document we want.
CONTENT_TYPES_LIMIT = 256 * 1024


def max_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_BYTES)


def _not_allowed() -> ValidationError:
    return ValidationError(
        _("Attach a photo (JPEG, PNG, WebP), a PDF, or a Word (.docx) or Excel (.xlsx) file."),
        code="bad_type",
    )


def _head(upload, size: int = 8) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _office_type(upload) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_LIMIT:
                raise _not_allowed()
            types = archive.read(info).decode("utf-8", errors="replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError) as exc:
        raise _not_allowed() from exc
    finally:
        upload.seek(0)
    if "macroEnabled" in types or "vbaProject" in types:
        raise _not_allowed()
    for main, found in OFFICE_TYPES.items():
        if f'ContentType="{main}"' in types:
            return found
    raise _not_allowed()


def _image_type(upload) -> tuple[str, str]:
    try:
        with _open_image(upload) as image:
            image_format = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _not_allowed() from exc
    finally:
        upload.seek(0)
    validate_image_upload(upload)  # the photo rules: size limit, real and complete image
    if image_format not in IMAGE_TYPES:
        raise _not_allowed()
    return IMAGE_TYPES[image_format]


def validate_attachment(upload) -> tuple[str, str]:
    """Check an uploaded file; return its (content type, extension) as found in its content.
    Raises ``ValidationError`` with a message for the user. Forms may call it in ``clean``."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    head = _head(upload)
    if head.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    return _image_type(upload)
