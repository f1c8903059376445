"""A resident raises a request or posts a micro-wish from a phone, without an account: it lands
in the workroom's queue (or on its board of wishes), the workroom is told, and the resident gets
a tracking code, once. Robots, floods and bad input are refused and change nothing."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from activities.models import Wish, WishStatus
from core.audit import history
from notices.models import Notification
from petitions.models import Channel, Petition, State
from public import codes
from public.models import Submission
from tests.helpers import client_for
from tests.public.helpers import human, request_data, wish_data

pytestmark = pytest.mark.django_db


def _raise(client, workroom, **overrides):
    return client.post(reverse("public:request", args=[workroom.pk]), request_data(**overrides))


def _code_on(response) -> str:
    html = response.content.decode()
    start = html.index('class="tracking-code"')
    return html[html.index(">", start) + 1 : html.index("<", start + 1)].strip()


def test_a_request_from_a_phone_enters_the_six_steps_in_the_workrooms_queue(client, wr, clerk_a):
    response = _raise(client, wr.a)

    assert response.status_code == 200
    petition = Petition.objects.get()
    assert petition.workroom == wr.a
    assert petition.state == State.REGISTERED
    assert petition.channel == Channel.ONLINE
    assert petition.registered_by is None
    assert petition.resident_phone == "13812345678"
    assert petition.place == "兴善寺东街12号院门口"
    assert petition.title.startswith("小区门口的路灯坏了")
    # Not shown by name unless the resident said so.
    assert petition.anonymous_publicly is True
    # On the clerk's home, among the requests to receive.
    home = client_for(clerk_a).get(reverse("home"))
    assert petition.title in home.content.decode()
    # The history says who registered it.
    [entry] = [item for item in history(petition, labels={}) if item.entry.action == "register"]
    assert str(entry.actor_name) == "居民（网上）"


def test_the_workroom_is_told_of_a_request_raised_online(client, wr, clerk_a):
    _raise(client, wr.a)

    petition = Petition.objects.get()
    told = Notification.objects.filter(recipient=clerk_a, notice__kind="online")
    assert told.count() == 1
    assert petition.reference in told.get().notice.title
    # Never the resident's number in a notice.
    assert "13812345678" not in told.get().notice.title + told.get().notice.body


def test_the_tracking_code_is_shown_once_random_and_stored_only_as_a_digest(client, wr):
    first = _code_on(_raise(client, wr.a))
    second = _code_on(_raise(client, wr.a, resident_phone="13900001111"))

    assert first != second
    assert codes.normalise(first) is not None
    submission = Submission.objects.get(petition__isnull=False, code_digest=codes.digest(first))
    assert first.replace("-", "") not in submission.code_digest
    assert submission.consent_version
    # The page with the code is never cached, and sends no referrer to other sites.
    response = _raise(client, wr.a, resident_phone="13900002222")
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_a_browser_posting_from_the_page_passes_the_csrf_check(wr):
    """As Chromium sends it from the form page: the CSRF cookie and token, and its Origin
    (a ``no-referrer`` policy would make it ``null`` and every submission would be refused)."""
    browser = Client(enforce_csrf_checks=True)
    form = browser.get(reverse("public:request", args=[wr.a.pk]))
    token = form.cookies["csrftoken"].value
    assert form["Referrer-Policy"] != "no-referrer"

    response = browser.post(
        reverse("public:request", args=[wr.a.pk]),
        {**request_data(), "csrfmiddlewaretoken": token},
        HTTP_ORIGIN="http://testserver",
    )

    assert response.status_code == 200
    assert Petition.objects.count() == 1


def test_the_code_goes_by_sms_only_when_asked(
    client, wr, capsys, settings, celery_in_process, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "notices.sms.ConsoleSmsBackend"
    with django_capture_on_commit_callbacks(execute=True):
        code = _code_on(_raise(client, wr.a, send_sms="on"))

    sent = capsys.readouterr().out
    assert "SMS to 13812345678" in sent
    assert code in sent
    with django_capture_on_commit_callbacks(execute=True):
        _raise(client, wr.a, resident_phone="13900001111")
    assert "13900001111" not in capsys.readouterr().out


def test_a_wish_from_a_phone_is_open_for_representatives_to_claim(client, wr):
    response = client.post(reverse("public:wish", args=[wr.a.pk]), wish_data())

    assert response.status_code == 200
    wish = Wish.objects.get()
    assert wish.status == WishStatus.OPEN
    assert wish.workroom == wr.a
    assert wish.recorded_by is None
    assert wish.resident_phone == "13987654321"
    assert Submission.objects.get().wish == wish
    assert 'class="tracking-code"' in response.content.decode()


def test_without_consent_nothing_is_sent(client, wr):
    data = request_data()
    del data["consent"]
    response = client.post(reverse("public:request", args=[wr.a.pk]), data)

    assert response.status_code == 400
    assert "同意" in response.content.decode()
    assert not Petition.objects.exists()
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("resident_phone", "12345"),
        ("resident_phone", "02988886666"),  # a landline cannot receive the SMS or a call-back
        ("content", "太短"),
        ("content", "长" * 1001),
        ("category", "nonsense"),
        ("resident_name", ""),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, wr, field, value):
    response = _raise(client, wr.a, **{field: value})

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not Petition.objects.exists()


def test_a_filled_honeypot_is_refused(client, wr):
    response = _raise(client, wr.a, website="http://spam.example")

    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_a_form_sent_faster_than_a_person_can_is_refused(client, wr):
    data = {**request_data(), **human({}, seconds_ago=0.5)}
    response = client.post(reverse("public:request", args=[wr.a.pk]), data)

    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_a_flood_from_one_address_is_refused_before_the_queue(client, wr, settings):
    settings.PUBLIC_SUBMISSIONS_PER_ADDRESS_PER_HOUR = 3
    statuses = [
        _raise(client, wr.a, resident_phone=f"1391234{i:04d}").status_code for i in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]
    assert Petition.objects.count() == 3


def test_one_phone_number_is_limited_per_day(client, wr, settings):
    settings.PUBLIC_SUBMISSIONS_PER_PHONE_PER_DAY = 2
    statuses = [_raise(client, wr.a).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = _raise(client, wr.a)
    assert "今天" in response.content.decode() or "today" in response.content.decode()
    assert Petition.objects.count() == 2


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (34.0, 15.0, 0.0), 3: "E", 4: (108.0, 56.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_photos_are_kept_without_their_location(client, wr):
    photo = SimpleUploadedFile("路灯.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(
        reverse("public:request", args=[wr.a.pk]), {**request_data(), "photos": [photo]}
    )

    assert response.status_code == 200
    [attachment] = Petition.objects.get().attachments.all()
    with Image.open(attachment.file.open("rb")) as stored:
        assert not stored.getexif()


def test_a_file_that_is_not_a_photo_is_refused(client, wr):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post(
        reverse("public:request", args=[wr.a.pk]), {**request_data(), "photos": [fake]}
    )

    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_at_most_three_photos(client, wr):
    photos = [
        SimpleUploadedFile(f"{i}.jpg", _jpeg_with_gps(), content_type="image/jpeg")
        for i in range(4)
    ]
    response = client.post(
        reverse("public:request", args=[wr.a.pk]), {**request_data(), "photos": photos}
    )

    assert response.status_code == 400
    assert not Petition.objects.exists()


def test_a_closed_or_unknown_workroom_takes_nothing(client, wr):
    wr.b.is_active = False
    wr.b.save()

    assert _raise(client, wr.b).status_code == 404
    assert client.get(reverse("public:request", args=[999999])).status_code == 404
    assert not Petition.objects.exists()


def test_the_form_shows_the_personal_information_notice(client, wr):
    html = client.get(reverse("public:request", args=[wr.a.pk])).content.decode()

    for words in ("目的", "谁能看到", "保存多久"):
        assert words in html
    assert mail.outbox == []
