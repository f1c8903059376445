"""The door: a workroom's QR code (SVG, print-sized PNG) and its door notice (公示牌) as a PDF,
public like the notice itself; and a district's notices as one PDF for the liaison office."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from accounts.permissions import role_required
from accounts.scope import get_visible_or_404
from public import door_notice, qr
from workrooms.models import Area

# The QR code and the notice change only when the workroom does; a short public cache spares
# the PDF renderer when a WeChat group opens the same link at once.
PUBLIC_CACHE = "public, max-age=300"


def _file(content: bytes, content_type: str, filename: str, *, cache: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    response["Cache-Control"] = cache
    return response


@require_GET
def qr_svg(request, pk):
    workroom = door_notice.public_workroom(pk)
    svg = qr.qr_svg(qr.public_url(workroom, request=request))
    return _file(svg, "image/svg+xml", f"{workroom.name}-二维码.svg", cache=PUBLIC_CACHE)


@require_GET
def qr_png(request, pk):
    workroom = door_notice.public_workroom(pk)
    png = qr.qr_png(qr.public_url(workroom, request=request))
    return _file(png, "image/png", f"{workroom.name}-二维码.png", cache=PUBLIC_CACHE)


@require_GET
def notice(request, pk):
    workroom = door_notice.public_workroom(pk)
    pdf = door_notice.workroom_notice_pdf(workroom, request=request)
    return _file(pdf, "application/pdf", f"{workroom.name}-公示牌.pdf", cache=PUBLIC_CACHE)


def _area_pk(request) -> int:
    try:
        return int(request.GET["area"])
    except (KeyError, ValueError) as exc:
        raise Http404 from exc


@require_GET
@role_required(*door_notice.OFFICE)
def district_notices(request):
    """``?area=<pk>``: every open workroom under the area, one notice a page."""
    area = get_visible_or_404(
        Area.objects.all(), request.user, kinds=door_notice.OFFICE, pk=_area_pk(request)
    )
    workrooms = door_notice.district_workrooms(request.user, area)
    pdf = door_notice.notices_pdf(workrooms, request=request)
    return _file(pdf, "application/pdf", f"{area.name}-公示牌.pdf", cache="private, no-store")
