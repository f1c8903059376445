"""The QR code on the door: read back, it is the workroom's public page, wherever it was printed."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from public.qr import PRINT_MIN_PIXELS, public_url
from tests.public.qr_reading import read_png, read_svg

pytestmark = pytest.mark.django_db

BASE = "https://dbgzs.example.gov.cn"


@pytest.fixture
def base_url(settings):
    settings.PUBLIC_BASE_URL = BASE
    return BASE


def test_png_reads_back_as_the_public_page_at_the_public_address(client, wr, base_url):
    response = client.get(reverse("public:qr_png", args=[wr.a.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert read_png(response.content) == [f"{BASE}/w/{wr.a.pk}/"]


def test_svg_reads_back_as_the_public_page(client, wr, base_url):
    response = client.get(reverse("public:qr_svg", args=[wr.a1.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert read_svg(response.content) == [f"{BASE}/w/{wr.a1.pk}/"]


def test_public_address_does_not_depend_on_the_host_that_printed_it(client, wr, base_url):
    response = client.get(
        reverse("public:qr_png", args=[wr.a.pk]), HTTP_HOST="127.0.0.1", secure=False
    )

    assert read_png(response.content) == [f"{BASE}/w/{wr.a.pk}/"]


def test_without_a_public_address_the_code_holds_the_address_asked_for(client, wr, settings):
    settings.PUBLIC_BASE_URL = ""

    response = client.get(reverse("public:qr_png", args=[wr.b.pk]), secure=True)

    assert read_png(response.content) == [f"https://testserver/w/{wr.b.pk}/"]


def test_without_request_or_public_address_the_site_address_is_used(wr, settings):
    settings.PUBLIC_BASE_URL = ""
    settings.SITE_URL = "http://intranet.example"

    assert public_url(wr.d) == f"http://intranet.example/w/{wr.d.pk}/"


def test_png_is_sized_for_print_with_a_quiet_zone(client, wr, base_url):
    response = client.get(reverse("public:qr_png", args=[wr.a.pk]))
    image = Image.open(io.BytesIO(response.content)).convert("L")

    assert image.width == image.height >= PRINT_MIN_PIXELS
    assert round(image.info["dpi"][0]) == 300
    # Four white modules all round: a workroom's address takes 41 modules or so, so the outer
    # 5 % of the image is blank whatever its version.
    margin = image.width // 20
    assert image.crop((0, 0, image.width, margin)).getextrema() == (255, 255)
    assert image.crop((0, 0, margin, image.height)).getextrema() == (255, 255)


def test_codes_of_a_closed_or_unknown_workroom_are_not_found(client, wr):
    wr.b.is_active = False
    wr.b.save()

    for name in ("public:qr_png", "public:qr_svg"):
        assert client.get(reverse(name, args=[wr.b.pk])).status_code == 404
        assert client.get(reverse(name, args=[999999])).status_code == 404
        assert client.get(reverse(name, args=[10**30])).status_code == 404


def test_codes_are_read_only(client, wr):
    for name in ("public:qr_png", "public:qr_svg"):
        assert client.post(reverse(name, args=[wr.a.pk])).status_code == 405


def test_codes_are_offered_on_the_staff_workroom_page(clerk_a_client, wr):
    body = clerk_a_client.get(reverse("workroom_detail", args=[wr.a.pk])).content.decode()

    assert reverse("public:qr_png", args=[wr.a.pk]) in body
    assert reverse("public:qr_svg", args=[wr.a.pk]) in body
    assert reverse("public:door_notice", args=[wr.a.pk]) in body
