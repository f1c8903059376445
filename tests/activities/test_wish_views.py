"""The micro-wish pages: list, board, record, the moves, export; scope, roles and methods."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Wish, WishStatus
from tests.activities.factories import WishFactory
from tests.factories import png_upload
from tests.helpers import assert_redirects_to_login
from tests.petitions.factories import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def wish(wr, clerk_a):
    return WishFactory(workroom=wr.a, recorded_by=clerk_a, resident_name="王秀英")


def test_list_masks_resident_names_and_keeps_scope(clerk_a_client, wish, wr):
    WishFactory(workroom=wr.b)
    response = clerk_a_client.get(reverse("activities:wishes"))
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert [w.pk for w in rows] == [wish.pk]
    assert rows[0].masked_name == "王*"
    assert "王秀英" not in response.content.decode()


def test_list_filters_by_status(clerk_a_client, wish, wr, me):
    WishFactory(workroom=wr.a, status=WishStatus.CLAIMED, claimed_by=me)
    response = clerk_a_client.get(reverse("activities:wishes"), {"status": "claimed"})
    assert [w.claimed_by for w in response.context["page"].object_list] == [me]


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_is_constant(rows, liaison_client, wr, me, django_assert_max_num_queries):
    for _ in range(rows):
        WishFactory(workroom=wr.a, status=WishStatus.CLAIMED, claimed_by=me)
    with django_assert_max_num_queries(11):
        assert liaison_client.get(reverse("activities:wishes")).status_code == 200


def test_list_anonymous_and_wrong_method(client, clerk_a_client):
    url = reverse("activities:wishes")
    assert_redirects_to_login(client.get(url), url)
    assert clerk_a_client.post(url).status_code == 405


def test_board_shows_open_and_fulfilled(clerk_a_client, wr, me):
    WishFactory(workroom=wr.a, content="修轮椅")
    WishFactory(workroom=wr.a, content="课外书", status=WishStatus.CONFIRMED, claimed_by=me)
    response = clerk_a_client.get(reverse("activities:wish_board", args=[wr.a.pk]))
    assert [w.content for w in response.context["open"]] == ["修轮椅"]
    assert [w.content for w in response.context["fulfilled"]] == ["课外书"]


@pytest.mark.parametrize("rows", [1, 20])
def test_board_query_count_is_constant(rows, clerk_a_client, wr, me, django_assert_max_num_queries):
    for _ in range(rows):
        WishFactory(workroom=wr.a, status=WishStatus.FULFILLED, claimed_by=me)
        WishFactory(workroom=wr.a, status=WishStatus.CLAIMED, claimed_by=me)
    with django_assert_max_num_queries(9):
        assert (
            clerk_a_client.get(reverse("activities:wish_board", args=[wr.a.pk])).status_code == 200
        )


def test_board_out_of_scope_is_404(clerk_b_client, wr):
    assert clerk_b_client.get(reverse("activities:wish_board", args=[wr.a.pk])).status_code == 404


def test_record_a_wish(clerk_a_client, clerk_a, wr):
    data = {"workroom": wr.a.pk, "resident_name": "张桂兰", "content": "想要一副老花镜"}
    response = clerk_a_client.post(reverse("activities:wish_create"), data)
    wish = Wish.objects.get()
    assert response["Location"] == reverse("activities:wish", args=[wish.pk])
    assert (wish.recorded_by, wish.status) == (clerk_a, WishStatus.OPEN)


def test_record_without_role_is_403_and_anonymous_redirected(client, db):
    from tests.factories import UserFactory
    from tests.helpers import client_for

    url = reverse("activities:wish_create")
    assert client_for(UserFactory()).get(url).status_code == 403
    assert_redirects_to_login(client.get(url), url)


def test_detail_shows_full_name_to_staff_masked_to_others(clerk_a_client, peer_client, peer, wish):
    url = reverse("activities:wish", args=[wish.pk])
    assert clerk_a_client.get(url).context["resident_name"] == "王秀英"
    assert peer_client.get(url).context["resident_name"] == "王*"


def test_detail_out_of_scope_is_404(clerk_b_client, wish):
    assert clerk_b_client.get(reverse("activities:wish", args=[wish.pk])).status_code == 404


def test_claim_fulfil_confirm_through_the_pages(representative_client, me, clerk_a_client, wish):
    claim = representative_client.post(reverse("activities:wish_claim", args=[wish.pk]))
    assert claim.status_code == 302
    fulfil = representative_client.post(
        reverse("activities:wish_fulfil", args=[wish.pk]),
        {"how": "送去轮椅", "when": timezone.localdate().isoformat(), "photo": png_upload()},
    )
    assert fulfil.status_code == 302
    confirm = clerk_a_client.post(reverse("activities:wish_confirm", args=[wish.pk]))
    assert confirm.status_code == 302
    wish.refresh_from_db()
    assert (wish.status, wish.claimed_by) == (WishStatus.CONFIRMED, me)
    photo = clerk_a_client.get(reverse("activities:wish_photo", args=[wish.pk]))
    assert photo.status_code == 200


def test_fulfil_form_offers_today_as_a_date_input_reads_it(representative_client, me, wish):
    representative_client.post(reverse("activities:wish_claim", args=[wish.pk]))
    response = representative_client.get(reverse("activities:wish", args=[wish.pk]))
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in response.content.decode()


def test_claim_twice_shows_a_message_and_keeps_the_first(
    representative_client, me, peer_client, peer, wish
):
    representative_client.post(reverse("activities:wish_claim", args=[wish.pk]))
    response = peer_client.post(reverse("activities:wish_claim", args=[wish.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]]
    wish.refresh_from_db()
    assert wish.claimed_by == me


def test_fulfil_with_a_renamed_pdf_is_refused(representative_client, me, wish):
    representative_client.post(reverse("activities:wish_claim", args=[wish.pk]))
    response = representative_client.post(
        reverse("activities:wish_fulfil", args=[wish.pk]),
        {
            "how": "x",
            "when": timezone.localdate().isoformat(),
            "photo": upload("a.jpg", pdf_bytes()),
        },
    )
    assert response.status_code == 400
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.CLAIMED


def test_confirm_by_representative_is_403(representative_client, me, wr):
    wish = WishFactory(workroom=wr.a, status=WishStatus.FULFILLED, claimed_by=me)
    assert (
        representative_client.post(reverse("activities:wish_confirm", args=[wish.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("name", ["wish_claim", "wish_release", "wish_fulfil", "wish_confirm"])
def test_moves_refuse_get_hide_out_of_scope_and_need_sign_in(
    name, client, clerk_a_client, clerk_b_client, wish
):
    url = reverse(f"activities:{name}", args=[wish.pk])
    assert clerk_a_client.get(url).status_code == 405
    assert clerk_b_client.post(url).status_code == 404
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_release_through_the_page(representative_client, me, wish):
    representative_client.post(reverse("activities:wish_claim", args=[wish.pk]))
    representative_client.post(reverse("activities:wish_release", args=[wish.pk]))
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.OPEN


def test_export_masks_names(clerk_a_client, wish):
    response = clerk_a_client.get(reverse("activities:wish_export"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][:4] == ("登记日期", "工作室", "心愿人", "心愿内容")
    assert rows[1][2] == "王*"
    assert len(rows) == 2


def test_record_form_and_claimants_page_render(clerk_a_client, representative_client, me, wish):
    assert clerk_a_client.get(reverse("activities:wish_create")).status_code == 200
    representative_client.post(reverse("activities:wish_claim", args=[wish.pk]))
    response = representative_client.get(reverse("activities:wish", args=[wish.pk]))
    assert response.context["may_fulfil"] and response.context["may_release"]
    assert response.context["resident_name"] == "王秀英"
    assert not response.context["may_confirm"]


# --- what is typed -----------------------------------------------------------------------------


def test_a_wish_with_a_phone_that_is_no_number_is_refused(clerk_a_client, wr):
    data = {"workroom": wr.a.pk, "resident_name": "张桂兰", "resident_phone": "abc", "content": "x"}

    response = clerk_a_client.post(reverse("activities:wish_create"), data)

    assert response.status_code == 200
    assert response.context["form"].has_error("resident_phone")
    assert not Wish.objects.exists()


def test_a_wish_phone_is_kept_as_digits(clerk_a_client, wr):
    data = {
        "workroom": wr.a.pk,
        "resident_name": "张桂兰",
        "resident_phone": "138 1234 5678",
        "content": "想要一副老花镜",
    }

    clerk_a_client.post(reverse("activities:wish_create"), data)

    assert Wish.objects.get().resident_phone == "13812345678"


def test_a_fulfilment_dated_in_the_future_is_refused(representative_client, me, wish):
    representative_client.post(reverse("activities:wish_claim", args=[wish.pk]))
    next_year = timezone.localdate().replace(year=timezone.localdate().year + 1)

    response = representative_client.post(
        reverse("activities:wish_fulfil", args=[wish.pk]),
        {"how": "送去轮椅", "when": next_year.isoformat()},
    )

    assert response.status_code == 400
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.CLAIMED


def test_the_fulfil_form_comes_back_with_a_date_the_picker_can_show(
    representative_client, me, wish
):
    # Chinese accepts 2026/12/02 as typed, but a date input shows that value as empty and
    # then blocks the second submit.
    representative_client.post(reverse("activities:wish_claim", args=[wish.pk]))
    today = timezone.localdate()

    response = representative_client.post(
        reverse("activities:wish_fulfil", args=[wish.pk]), {"how": "", "when": f"{today:%Y/%m/%d}"}
    )

    assert response.status_code == 400
    assert f'name="when" value="{today:%Y-%m-%d}"' in response.content.decode()
