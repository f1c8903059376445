"""No resident's or representative's phone number, address or full name on any public page.

The whole demo is built once for the module, then every page under /w/ reachable from the
directory is walked (every directory page and level, every workroom page, and whatever they
link to under /w/), in both languages. The workroom's own contact phone is the one number
allowed: it is the workroom's, not a person's.
"""

from __future__ import annotations

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from activities.models import CourseOrder, Wish
from core.personal_data import normalize_phone
from petitions.models import Petition
from representatives.models import Representative
from workrooms.models import Workroom, WorkroomLevel

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')
# Runs of digits, possibly split by spaces, dashes or dots, or masked with stars.
NUMBER_LIKE = re.compile(r"(?<![\w*])[\d*](?:[\d*]|[\s\-.](?=[\d*])){6,}(?![\w*])")
MOBILE = re.compile(r"^1[3-9][\d*]{9}$")
# Links a walk must not follow: they switch language (a redirect) or serve images.
NOT_PAGES = ("/w/language/", "/w/photos/")


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for this module and rolled back afterwards."""
    from django.db import transaction
    from django.test import override_settings

    root = tmp_path_factory.mktemp("media")
    # The block's own exit rolls back even when building fails (a transaction left open
    # would keep the shared test database locked for every test after).
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=root), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def tracking_pages(client: Client) -> dict[str, str]:
    """The tracking page of every demo submission (a POST of its code): it shows the resident
    their own matter, and still no one's phone, address or name."""
    from public.demo import REQUESTS, WISHES

    pages = {}
    for code in [*REQUESTS, *WISHES]:
        response = client.post("/w/track/", {"code": code})
        assert response.status_code == 200, (code, response.status_code)
        pages[f"/w/track/ {code}"] = response.content.decode()
    return pages


def walk(client: Client) -> dict[str, str]:
    """Every page under /w/ reachable from the directory (and each level of it): path → HTML."""
    start = ["/w/"] + [f"/w/?level={level}" for level in WorkroomLevel.values]
    seen, pages, queue = set(start), {}, deque(start)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code in (200, 302, 404), (url, response.status_code)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        pages[url] = body
        base = urlsplit(url).path
        for href in HREF.findall(body):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            if href.startswith("?"):
                href = base + href
            if href.startswith("/w/") and not href.startswith(NOT_PAGES) and href not in seen:
                seen.add(href)
                queue.append(href)
    return pages


def personal_values() -> dict[str, set[str]]:
    representative_names = set(Representative.objects.values_list("name", flat=True))
    staff_names = set(User.objects.values_list("full_name", flat=True))
    public_names = representative_names | staff_names
    resident_names = set(Petition.objects.values_list("resident_name", flat=True)) | set(
        Wish.objects.values_list("resident_name", flat=True)
    )
    return {
        "phones": {
            normalize_phone(p)
            for model, field in (
                (Representative, "phone"),
                (Petition, "resident_phone"),
                (Wish, "resident_phone"),
                (CourseOrder, "contact_phone"),
            )
            for p in model.objects.exclude(**{field: ""}).values_list(field, flat=True)
        },
        "addresses": {
            a
            for a in [
                *Petition.objects.values_list("resident_address", flat=True),
                *Petition.objects.values_list("place", flat=True),
                *Wish.objects.values_list("place", flat=True),
                *Representative.objects.values_list("residence", flat=True),
            ]
            if a
        },
        # A resident whose name is, or is part of, a representative's or a clerk's cannot be
        # told apart from them; two-character names are parts of too many words.
        "names": {
            n for n in resident_names if len(n) >= 3 and not any(n in p for p in public_names)
        },
    }


def phone_like(body: str, allowed: set[str]) -> list[str]:
    """What in ``body`` looks like a person's phone number: a mobile showing more than seven of
    its digits (138****5678 shows seven and is how numbers are masked), a landline with its
    area code, a local landline. Numbers in ``allowed`` (the workrooms' own) do not count."""
    found = []
    for match in NUMBER_LIKE.finditer(body):
        digits = re.sub(r"[\s\-.]", "", match.group(0))
        if normalize_phone(digits) in allowed:
            continue
        revealed = sum(ch.isdigit() for ch in digits)
        if (
            (MOBILE.match(digits) and revealed > 7)
            or (digits.startswith("0") and revealed >= 9)
            or (len(digits) in (7, 8) and revealed == len(digits))
        ):
            found.append(match.group(0))
    return found


@pytest.mark.parametrize(
    "text",
    ["13812345678", "138 1234 5678", "138-1234-5678", "1381234567*", "0731-58581234", "58581234"],
)
def test_the_detector_sees_a_phone_number_however_written(text):
    assert phone_like(f"<p>电话：{text}</p>", allowed=set()) == [text]


@pytest.mark.parametrize("text", ["138****5678", "2026年12月2日", "9:00–11:30", "100.0%"])
def test_the_detector_lets_masked_numbers_and_dates_be(text):
    assert phone_like(f"<p>{text}</p>", allowed=set()) == []


def test_the_detector_allows_the_workrooms_own_number():
    assert phone_like("<a>0731-52810001</a>", allowed={"073152810001"}) == []


@pytest.fixture(scope="module")
def pages(demo_world, django_db_blocker):
    with django_db_blocker.unblock():
        chinese = {**walk(Client()), **tracking_pages(Client())}
        english_client = Client()
        english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = {**walk(english_client), **tracking_pages(english_client)}
    return {
        **{f"zh {k}": v for k, v in chinese.items()},
        **{f"en {k}": v for k, v in english.items()},
    }


def test_the_walk_reaches_every_open_workroom_and_the_forms(pages):
    for workroom in Workroom.objects.filter(is_active=True):
        assert f"zh /w/{workroom.pk}/" in pages and f"en /w/{workroom.pk}/" in pages
        assert f"zh /w/{workroom.pk}/request/" in pages
        assert f"zh /w/{workroom.pk}/wish/" in pages
    assert "zh /w/track/ DEMQ-REPY-2347" in pages


def test_no_phone_number_but_the_workrooms_own(pages, django_db_blocker):
    with django_db_blocker.unblock():
        phones = Workroom.objects.exclude(phone="").values_list("phone", flat=True)
        allowed = {normalize_phone(p) for p in phones}
    offending = [
        (url, found) for url, body in pages.items() if (found := phone_like(body, allowed))
    ]
    assert not offending, offending[:10]


def test_no_stored_phone_address_or_residents_name(pages, django_db_blocker):
    with django_db_blocker.unblock():
        values = personal_values()
    assert values["phones"] and values["addresses"] and values["names"]
    for url, body in pages.items():
        digits_only = re.sub(r"[\s\-.]", "", body)
        for phone in values["phones"]:
            assert phone not in digits_only, (url, phone)
        for address in values["addresses"]:
            assert address not in body, (url, address)
        for name in values["names"]:
            assert name not in body, (url, name)
