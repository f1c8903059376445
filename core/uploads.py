"""Uploads checked by their content, whatever the file is called: photos (evidence, activity
photos, representatives) and attachments (requests, research reports).

Attachments accepted:
- JPEG, PNG, WebP photos, checked by ``validate_image_upload`` (so the photo limit,
  ``UPLOAD_MAX_IMAGE_BYTES``, applies to them as to every photo in the product);
- PDF (starts with ``%PDF-``);
- Word .docx and Excel .xlsx: a zip whose ``[Content_Types].xml`` names the document's main
  part; macro-enabled documents (.docm, .xlsm, a VBA project) are refused.
Everything up to ``UPLOAD_MAX_ATTACHMENT_BYTES`` (10 MB by default).
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def validate_image_upload(upload) -> None:
    """Refuse files that are too large or are not really JPEG/PNG/WebP images.

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
        with Image.open(upload) as image:
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
        with Image.open(upload) as image:
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
