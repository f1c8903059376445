"""Micro-deliberation resolutions (议定事项): added at the meeting, followed up until done."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from activities.models import Resolution, ResolutionStatus
from activities.selectors.resolutions import open_resolutions
from activities.services import resolutions as services
from core.errors import Conflict, DomainError
from core.models import AuditEntry
from tests.activities.factories import (
    ActivityFactory,
    DeliberationFactory,
    ResolutionFactory,
)


@pytest.fixture(autouse=True)
def _english_messages():
    # These tests read the refusal messages; English keeps them independent of the catalogue.
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(wr, me):
    return DeliberationFactory(workroom=wr.a, representatives=[me])


def test_clerk_adds_a_resolution_owned_by_a_representative(meeting, clerk_a, me):
    resolution = services.resolution_add(meeting, actor=clerk_a, text="增设停车位", owner=me)
    assert (resolution.status, resolution.owner) == (ResolutionStatus.OPEN, me)


def test_resolution_owned_by_someone_else_named(meeting, clerk_a):
    resolution = services.resolution_add(
        meeting, actor=clerk_a, text="清理楼道", owner_note="物业公司"
    )
    assert resolution.owner_note == "物业公司"


def test_resolution_without_owner_is_refused(meeting, clerk_a):
    with pytest.raises(DomainError, match="responsible"):
        services.resolution_add(meeting, actor=clerk_a, text="x")


def test_only_deliberation_meetings_have_resolutions(wr, clerk_a):
    lecture = ActivityFactory(workroom=wr.a)
    with pytest.raises(DomainError, match="micro-deliberation"):
        services.resolution_add(lecture, actor=clerk_a, text="x", owner_note="物业")


def test_clerk_of_another_subdistrict_cannot_add(meeting, clerk_b):
    with pytest.raises(PermissionDenied):
        services.resolution_add(meeting, actor=clerk_b, text="x", owner_note="物业")


def test_follow_up_goes_open_in_progress_done(meeting, clerk_a):
    resolution = ResolutionFactory(activity=meeting)
    services.resolution_follow_up(
        resolution, actor=clerk_a, status=ResolutionStatus.IN_PROGRESS, note="已联系物业", version=1
    )
    resolution = services.resolution_follow_up(
        resolution, actor=clerk_a, status=ResolutionStatus.DONE, note="车位已划线", version=2
    )
    assert resolution.status == ResolutionStatus.DONE
    assert resolution.done_at is not None
    assert "已联系物业" in resolution.follow_up and "车位已划线" in resolution.follow_up
    assert resolution.version == 3


def test_done_resolution_cannot_change(meeting, clerk_a):
    resolution = ResolutionFactory(activity=meeting)
    services.resolution_follow_up(
        resolution, actor=clerk_a, status=ResolutionStatus.DONE, note="办结", version=1
    )
    with pytest.raises(DomainError, match="done"):
        services.resolution_follow_up(
            resolution, actor=clerk_a, status=ResolutionStatus.IN_PROGRESS, note="x", version=2
        )
    assert Resolution.objects.get(pk=resolution.pk).status == ResolutionStatus.DONE


def test_follow_up_on_a_stale_version_is_a_conflict_naming_who(meeting, clerk_a, area_admin):
    resolution = ResolutionFactory(activity=meeting)
    stale = Resolution.objects.get(pk=resolution.pk)
    services.resolution_follow_up(
        resolution, actor=area_admin, status=ResolutionStatus.IN_PROGRESS, note="a", version=1
    )
    with pytest.raises(Conflict) as refused:
        services.resolution_follow_up(
            stale, actor=clerk_a, status=ResolutionStatus.IN_PROGRESS, note="b", version=1
        )
    assert refused.value.who == area_admin.display_name
    assert Resolution.objects.get(pk=resolution.pk).follow_up.count("\n") == 0


def test_the_same_follow_up_sent_twice_is_already_done(meeting, clerk_a):
    resolution = ResolutionFactory(activity=meeting)
    stale = Resolution.objects.get(pk=resolution.pk)
    services.resolution_follow_up(
        resolution, actor=clerk_a, status=ResolutionStatus.IN_PROGRESS, note="a", version=1
    )
    with pytest.raises(Conflict) as refused:
        services.resolution_follow_up(
            stale, actor=clerk_a, status=ResolutionStatus.IN_PROGRESS, note="a", version=1
        )
    assert refused.value.same_user
    assert AuditEntry.objects.for_object(resolution).count() == 1


def test_owner_representative_may_follow_up(meeting, representative, me):
    resolution = ResolutionFactory(activity=meeting, owner=me)
    services.resolution_follow_up(
        resolution, actor=representative, status=ResolutionStatus.DONE, note="完成", version=1
    )
    assert Resolution.objects.get(pk=resolution.pk).status == ResolutionStatus.DONE


def test_other_representative_may_not_follow_up(meeting, peer_user, peer):
    resolution = ResolutionFactory(activity=meeting)
    with pytest.raises(PermissionDenied):
        services.resolution_follow_up(
            resolution, actor=peer_user, status=ResolutionStatus.DONE, note="x", version=1
        )


def test_open_resolutions_lists_not_done_in_scope(meeting, wr, clerk_a, clerk_b):
    waiting = ResolutionFactory(activity=meeting)
    ResolutionFactory(activity=meeting, status=ResolutionStatus.DONE)
    other = ResolutionFactory(activity=DeliberationFactory(workroom=wr.b))
    assert list(open_resolutions(clerk_a)) == [waiting]
    assert list(open_resolutions(clerk_b)) == [other]
    assert list(open_resolutions(clerk_a, workroom=wr.a)) == [waiting]
