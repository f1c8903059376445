"""Two people making the same move at the same moment, for each machine of activities (real
parallel transactions on PostgreSQL): exactly one wins, the other is told who was first, and
the audit log holds one entry."""

import pytest
from django.utils import translation

from activities.models import (
    CourseOrder,
    CourseOrderStatus,
    ResearchReport,
    ResearchReportStatus,
    Resolution,
    ResolutionStatus,
    Wish,
    WishStatus,
)
from activities.services import courses, research, resolutions, wishes
from core.errors import Conflict
from core.models import AuditEntry
from tests.activities.factories import (
    CourseFactory,
    CourseOrderFactory,
    DeliberationFactory,
    ResearchReportFactory,
    ResearchTopicFactory,
    ResolutionFactory,
    WishFactory,
)
from tests.races import needs_postgres, race

pytestmark = [
    needs_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_migrated_data"),
]


def one_winner(results, model, pk, *, action, names):
    """Exactly one result is the object, the other a Conflict naming the winner; one entry."""
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(losers) == 1, results
    assert isinstance(losers[0], Conflict), losers
    winner = AuditEntry.objects.for_object(model.objects.get(pk=pk)).get(action=action)
    assert losers[0].who == winner.actor.display_name
    assert winner.actor.display_name in names
    # The message was made in the loser's thread, in the language active there.
    assert winner.actor.display_name in str(losers[0])


def test_two_claims_of_one_wish(wr, clerk_a, representative, me, peer_user, peer):
    wish = WishFactory(workroom=wr.a, recorded_by=clerk_a)

    # Each has its own copy, read before either acts, as two open pages would (read inside the
    # race, a thread slowed down by a busy machine could read the winner's result instead).
    copies = {user.pk: Wish.objects.get(pk=wish.pk) for user in (representative, peer_user)}

    def claim(user):
        return lambda: wishes.wish_claim(copies[user.pk], actor=user)

    with translation.override("en"):
        results = race(claim(representative), claim(peer_user))

    one_winner(results, Wish, wish.pk, action="claim", names={"党代表", "党代表乙"})
    fresh = Wish.objects.get(pk=wish.pk)
    assert (fresh.status, fresh.version) == (WishStatus.CLAIMED, 2)
    assert fresh.claimed_by in (me, peer)


def test_two_follow_ups_of_one_resolution(wr, clerk_a, area_admin):
    resolution = ResolutionFactory(activity=DeliberationFactory(workroom=wr.a))

    def done(user):
        return lambda: resolutions.resolution_follow_up(
            Resolution.objects.get(pk=resolution.pk),
            actor=user,
            status=ResolutionStatus.DONE,
            note=f"{user.username} 办结",
            version=1,
        )

    with translation.override("en"):
        results = race(done(clerk_a), done(area_admin))

    one_winner(results, Resolution, resolution.pk, action="done", names={"甲办事员", "区管理员"})
    fresh = Resolution.objects.get(pk=resolution.pk)
    assert (fresh.status, fresh.version, fresh.follow_up.count("办结")) == (
        ResolutionStatus.DONE,
        2,
        1,
    )


def test_two_officers_deciding_one_course_order(wr, clerk_a, area_admin, me):
    order = CourseOrderFactory(course=CourseFactory(workroom=wr.a, representative=me))

    def confirm(user):
        return lambda: courses.order_confirm(
            CourseOrder.objects.get(pk=order.pk), actor=user, on=order.ordered_at.date()
        )

    def decline(user):
        return lambda: courses.order_decline(CourseOrder.objects.get(pk=order.pk), actor=user)

    with translation.override("en"):
        results = race(confirm(clerk_a), decline(area_admin))

    fresh = CourseOrder.objects.get(pk=order.pk)
    action = "confirm" if fresh.status == CourseOrderStatus.CONFIRMED else "decline"
    one_winner(results, CourseOrder, order.pk, action=action, names={"甲办事员", "区管理员"})
    # A confirmed order scheduled exactly one delivery; a declined one none.
    assert (fresh.activity_id is not None) == (action == "confirm")


def test_two_officers_forwarding_one_research_report(areas, liaison, area_admin, me):
    report = ResearchReportFactory(topic=ResearchTopicFactory(area=areas.d), representative=me)

    def forward(user, to):
        return lambda: research.report_forward(
            ResearchReport.objects.get(pk=report.pk), actor=user, forwarded_to=to
        )

    with translation.override("en"):
        results = race(forward(liaison, "区住建局"), forward(area_admin, "区民政局"))

    one_winner(results, ResearchReport, report.pk, action="forward", names={"联络办", "区管理员"})
    fresh = ResearchReport.objects.get(pk=report.pk)
    assert (fresh.status, fresh.version) == (ResearchReportStatus.FORWARDED, 2)
