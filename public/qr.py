"""The QR code on a workroom's door: what address it holds and how it is drawn.

A QR code is printed once and hangs for years, so the address must not depend on who printed it
or from where: ``PUBLIC_BASE_URL`` (the deployment's public address) wins; only without it is the
address of the current request used, and without a request (a task) ``SITE_URL``.

Drawn with segno (pure Python). Error correction "Q" (25 %) survives a scuffed or sun-bleached
notice; the quiet zone is the standard four modules, which phone cameras need to find the code.
"""

from __future__ import annotations

import io
import math

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from workrooms.models import Workroom

ERROR_CORRECTION = "q"
QUIET_ZONE = 4  # modules: the minimum ISO/IEC 18004 asks for
# The PNG is for printing: at least this many pixels a side (≈ 85 mm at 300 dpi).
PRINT_MIN_PIXELS = 1000
PRINT_DPI = 300
DARK = "#000000"


def public_url(workroom: Workroom, *, request: HttpRequest | None = None) -> str:
    """The absolute address of the workroom's public page, as the QR code holds it."""
    path = reverse("public:workroom", args=[workroom.pk])
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


def make_qr(url: str) -> segno.QRCode:
    # micro=False: Micro QR codes hold less and many phone scanners do not read them.
    return segno.make(url, error=ERROR_CORRECTION, micro=False, boost_error=False)


def print_scale(qr: segno.QRCode) -> int:
    """Pixels per module so the PNG, quiet zone included, is at least ``PRINT_MIN_PIXELS``."""
    side, _height = qr.symbol_size(scale=1, border=QUIET_ZONE)
    return math.ceil(PRINT_MIN_PIXELS / side)


def qr_png(url: str) -> bytes:
    """The QR code as a black-and-white PNG sized for print (≥ 1000 px, 300 dpi)."""
    qr = make_qr(url)
    out = io.BytesIO()
    qr.save(out, kind="png", scale=print_scale(qr), border=QUIET_ZONE, dark=DARK, dpi=PRINT_DPI)
    return out.getvalue()


def qr_svg(url: str) -> bytes:
    """The QR code as a standalone SVG document: vector, so a print shop scales it at will;
    it opens at one millimetre a module (about 4 cm for a workroom's address)."""
    qr = make_qr(url)
    out = io.BytesIO()
    qr.save(out, kind="svg", border=QUIET_ZONE, dark=DARK, unit="mm", title=url)
    return out.getvalue()


def qr_svg_data_uri(url: str) -> str:
    """The QR code as an SVG ``data:`` URI, for an ``<img>`` in a PDF or a page."""
    qr = make_qr(url)
    return qr.svg_data_uri(border=QUIET_ZONE, dark=DARK, omitsize=True)
