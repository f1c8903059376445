"""Micro-wishes (微心愿): record → claim → (release) → fulfil → confirm, and the refusals."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from activities.models import Wish, WishStatus
from activities.selectors.wishes import wish_counts
from activities.services import wishes as services
from core.errors import DomainError
from tests.activities.factories import WishFactory
from tests.factories import png_upload
from tests.petitions.factories import upload


@pytest.fixture(autouse=True)
def _english_messages():
    # These tests read the refusal messages; English keeps them independent of the catalogue.
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def wish(wr, clerk_a):
    return services.wish_record(
        actor=clerk_a, workroom=wr.a, resident_name="王秀英", content="希望有人帮忙修理轮椅"
    )


def test_clerk_records_a_wish_open(wish, clerk_a):
    assert wish.status == WishStatus.OPEN
    assert wish.recorded_by == clerk_a


def test_representative_records_a_wish_on_a_residents_behalf(wr, representative, me):
    wish = services.wish_record(
        actor=representative, workroom=wr.a, resident_name="李建国", content="想学用智能手机"
    )
    assert wish.recorded_by == representative


def test_clerk_of_another_subdistrict_cannot_record_here(wr, clerk_b):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.wish_record(actor=clerk_b, workroom=wr.a, resident_name="王", content="x")


def test_representative_claims_an_open_wish(wish, representative, me):
    services.wish_claim(wish, actor=representative)
    wish.refresh_from_db()
    assert (wish.status, wish.claimed_by, wish.version) == (WishStatus.CLAIMED, me, 2)
    assert wish.claimed_at is not None


def test_second_claim_is_refused_and_first_claimant_kept(wish, representative, me, peer_user, peer):
    services.wish_claim(wish, actor=representative)
    with pytest.raises(DomainError, match="already been claimed"):
        services.wish_claim(wish, actor=peer_user)
    wish.refresh_from_db()
    assert wish.claimed_by == me


def test_stale_second_claim_loses_at_the_database(wish, representative, me, peer_user, peer):
    stale = Wish.objects.get(pk=wish.pk)
    services.wish_claim(wish, actor=representative)
    with pytest.raises(DomainError):
        services.wish_claim(stale, actor=peer_user)
    assert Wish.objects.get(pk=wish.pk).claimed_by == me


def test_clerk_without_representative_record_cannot_claim(wish, clerk_a):
    with pytest.raises(DomainError, match="Only a representative"):
        services.wish_claim(wish, actor=clerk_a)


def test_representative_of_another_area_cannot_claim(wish, rep_b, areas):
    from accounts.models import RoleKind
    from tests.factories import RoleFactory, UserFactory

    user = UserFactory()
    RoleFactory(user=user, kind=RoleKind.REPRESENTATIVE, area=areas.b)
    rep_b.user = user
    rep_b.save()
    with pytest.raises(DomainError):
        services.wish_claim(wish, actor=user)


def test_claimant_releases_and_wish_is_open_again(wish, representative, me):
    services.wish_claim(wish, actor=representative)
    services.wish_release(wish, actor=representative)
    wish.refresh_from_db()
    assert (wish.status, wish.claimed_by, wish.claimed_at) == (WishStatus.OPEN, None, None)


def test_clerk_may_release_a_claim(wish, representative, me, clerk_a):
    services.wish_claim(wish, actor=representative)
    services.wish_release(wish, actor=clerk_a)
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.OPEN


def test_another_representative_cannot_release(wish, representative, me, peer_user, peer):
    services.wish_claim(wish, actor=representative)
    with pytest.raises(DomainError, match="who claimed"):
        services.wish_release(wish, actor=peer_user)


def test_open_wish_cannot_be_released(wish, representative, me):
    with pytest.raises(DomainError, match="Only a claimed wish"):
        services.wish_release(wish, actor=representative)


def test_claimant_fulfils_with_how_when_and_photo(wish, representative, me):
    services.wish_claim(wish, actor=representative)
    yesterday = timezone.localdate() - timedelta(days=1)
    services.wish_fulfil(
        wish, actor=representative, how="送去新轮椅", when=yesterday, photo=png_upload()
    )
    wish.refresh_from_db()
    assert wish.status == WishStatus.FULFILLED
    assert timezone.localdate(wish.fulfilled_at) == yesterday
    assert wish.fulfilled_how == "送去新轮椅"
    assert wish.fulfilled_photo.name.startswith("wishes/")


def test_fulfilling_before_claiming_is_refused(wish, representative, me):
    with pytest.raises(DomainError, match="Claim this wish"):
        services.wish_fulfil(wish, actor=representative, how="x", when=timezone.localdate())


def test_only_the_claimant_may_fulfil(wish, representative, me, peer_user, peer):
    services.wish_claim(wish, actor=representative)
    with pytest.raises(DomainError, match="who claimed"):
        services.wish_fulfil(wish, actor=peer_user, how="x", when=timezone.localdate())
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.CLAIMED


def test_fulfil_photo_that_is_not_an_image_is_refused(wish, representative, me):
    from django.core.exceptions import ValidationError

    services.wish_claim(wish, actor=representative)
    with pytest.raises(ValidationError):
        services.wish_fulfil(
            wish,
            actor=representative,
            how="x",
            when=timezone.localdate(),
            photo=upload("照片.jpg", b"%PDF-1.4 not a picture"),
        )
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.CLAIMED


def test_clerk_confirms_a_fulfilled_wish(wish, representative, me, clerk_a):
    services.wish_claim(wish, actor=representative)
    services.wish_fulfil(wish, actor=representative, how="x", when=timezone.localdate())
    services.wish_confirm(wish, actor=clerk_a)
    wish.refresh_from_db()
    assert (wish.status, wish.confirmed_by) == (WishStatus.CONFIRMED, clerk_a)


def test_confirming_an_unfulfilled_wish_is_refused(wish, representative, me, clerk_a):
    services.wish_claim(wish, actor=representative)
    with pytest.raises(DomainError, match="Only a fulfilled wish"):
        services.wish_confirm(wish, actor=clerk_a)


def test_representative_cannot_confirm_their_own_wish(wish, representative, me):
    services.wish_claim(wish, actor=representative)
    services.wish_fulfil(wish, actor=representative, how="x", when=timezone.localdate())
    with pytest.raises(DomainError, match="Only a clerk"):
        services.wish_confirm(wish, actor=representative)


def test_confirmed_wish_cannot_be_confirmed_again(wish, representative, me, clerk_a):
    services.wish_claim(wish, actor=representative)
    services.wish_fulfil(wish, actor=representative, how="x", when=timezone.localdate())
    services.wish_confirm(wish, actor=clerk_a)
    with pytest.raises(DomainError, match="already been confirmed"):
        services.wish_confirm(wish, actor=clerk_a)


def test_wish_counts_per_representative_for_a_year(wr, me, peer):
    year = timezone.localdate().year
    WishFactory(workroom=wr.a, status=WishStatus.CLAIMED, claimed_by=me)
    WishFactory(workroom=wr.a, status=WishStatus.FULFILLED, claimed_by=me)
    WishFactory(workroom=wr.a, status=WishStatus.CONFIRMED, claimed_by=peer)
    WishFactory(workroom=wr.a)  # open: nobody's
    assert wish_counts(wr.a, year) == {
        me.pk: {"claimed": 2, "fulfilled": 1},
        peer.pk: {"claimed": 1, "fulfilled": 1},
    }
    assert wish_counts([me], year) == {me.pk: {"claimed": 2, "fulfilled": 1}}
    assert wish_counts(wr.a, year - 1) == {}
