"""Validation shared by every upload of a photo (evidence, activity photos, representatives)."""

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
