"""``notify``: one inbox item per person and event, in their language; deliveries after the
commit only, per person's choices and the deployment's channels; robots of the nearest place."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction

from notices.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Notice,
    NoticePreference,
    Notification,
    RobotKind,
    RobotWebhook,
)
from notices.selectors import robots_for
from notices.services import notify, quiet
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def inbox_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_each_person_gets_the_event_once_however_often_it_is_told(tell, clerk_a, clerk_b):
    tell([clerk_a, clerk_b, clerk_a], key="petitions.assigned:1:v2")
    tell([clerk_a, clerk_b], key="petitions.assigned:1:v2")

    assert Notice.objects.count() == 1
    assert len(inbox_of(clerk_a)) == 1
    assert len(inbox_of(clerk_b)) == 1
    assert Delivery.objects.filter(channel=Channel.EMAIL).count() == 2


def test_someone_added_later_to_the_same_event_is_told_too(tell, clerk_a, clerk_b):
    tell([clerk_a], key="k")
    tell([clerk_a, clerk_b], key="k")

    assert Notification.objects.filter(notice__key="k").count() == 2
    assert Delivery.objects.filter(recipient=clerk_b).count() == 1


def test_another_event_is_another_notification(tell, clerk_a):
    tell([clerk_a], key="petitions.assigned:1:v2")
    tell([clerk_a], key="petitions.assigned:1:v5")

    assert len(inbox_of(clerk_a)) == 2


def test_inactive_people_and_nobody_are_not_told(tell, clerk_a, clerk_b):
    clerk_b.is_active = False
    clerk_b.save()

    assert tell([None, clerk_b], key="k", place=None) is None
    tell([clerk_a, clerk_b, None], key="k2")

    assert inbox_of(clerk_b) == []
    assert len(inbox_of(clerk_a)) == 1


def test_each_person_reads_it_in_their_language(wr, clerk_a, clerk_b):
    from django.utils.translation import gettext as _

    clerk_b.language = "en"
    clerk_b.save()

    notify(
        [clerk_a, clerk_b],
        kind="assigned",
        key="k",
        message=lambda: (_("Approved"), _("Declined")),
        url="/x/",
    )

    notice = Notice.objects.get()
    assert Notification.objects.get(recipient=clerk_b).title == "Approved"
    assert Notification.objects.get(recipient=clerk_b).body == "Declined"
    # The site's language (Chinese) for the notice itself and whoever keeps the default.
    assert notice.title == "已批准"
    assert Notification.objects.get(recipient=clerk_a).title == "已批准"


def test_the_notice_keeps_its_object_link_and_place(tell, clerk_a, wr, received_like):
    tell([clerk_a], key="k", subject=received_like, url="/requests/7/")

    notice = Notice.objects.get()
    assert notice.subject == received_like
    assert notice.content_type == ContentType.objects.get_for_model(received_like)
    assert (notice.url, notice.workroom, notice.area) == ("/requests/7/", wr.a, None)


@pytest.fixture
def received_like(wr):
    # Any model instance will do as the subject: the workroom itself.
    return wr.b


def test_a_rolled_back_change_tells_nobody(tell, clerk_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            tell([clerk_a], key="k")
            raise RuntimeError("the step failed after telling")

    assert callbacks == []
    assert inbox_of(clerk_a) == []
    assert mail.outbox == []


def test_deliveries_leave_only_after_the_commit(tell, clerk_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tell([clerk_a], key="k")
        assert mail.outbox == []

    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == [clerk_a.email]
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_e_mail_and_sms_follow_each_persons_choices(tell, clerk_a, clerk_b, representative):
    NoticePreference.objects.create(user=clerk_a, email=False)
    clerk_b.phone = "13912345678"
    clerk_b.save()
    NoticePreference.objects.create(user=clerk_b, email=True, sms=True)
    representative.email = ""
    representative.save()

    tell([clerk_a, clerk_b, representative], key="k", place=None)

    channels = set(Delivery.objects.values_list("recipient__username", "channel"))
    assert channels == {("clerk_b", Channel.EMAIL), ("clerk_b", Channel.SMS)}
    assert Notification.objects.count() == 3  # the inbox has it whatever the channels


def test_sms_needs_a_phone_number(tell, clerk_a):
    clerk_a.phone = ""
    clerk_a.save()
    NoticePreference.objects.create(user=clerk_a, email=False, sms=True)

    tell([clerk_a], key="k", place=None)

    assert not Delivery.objects.exists()


def test_a_deployment_without_a_channel_sends_nothing_by_it(tell, clerk_a, wr, settings):
    settings.NOTICE_CHANNELS = ["sms", "dingtalk"]
    RobotWebhook.objects.create(
        name="群", kind=RobotKind.WECOM, workroom=wr.a, url="https://example.cn/hook"
    )

    tell([clerk_a], key="k")

    assert not Delivery.objects.exists()
    assert len(inbox_of(clerk_a)) == 1


def test_quiet_fills_the_inboxes_and_sends_nothing(tell, clerk_a, wr):
    RobotWebhook.objects.create(
        name="群", kind=RobotKind.WECOM, workroom=wr.a, url="https://example.cn/hook"
    )
    with quiet():
        tell([clerk_a], key="k")

    assert len(inbox_of(clerk_a)) == 1
    assert not Delivery.objects.exists()


def test_a_robot_is_told_once_per_event(tell, clerk_a, clerk_b, wr):
    RobotWebhook.objects.create(
        name="群", kind=RobotKind.WECOM, workroom=wr.a, url="https://example.cn/hook"
    )
    tell([clerk_a], key="k")
    tell([clerk_a, clerk_b], key="k")

    assert Delivery.objects.filter(robot__isnull=False).count() == 1


def test_with_no_person_to_tell_the_group_still_hears_it(tell, wr):
    RobotWebhook.objects.create(
        name="群", kind=RobotKind.DINGTALK, area=wr.a.area, url="https://example.cn/hook"
    )

    notice = tell([], key="k")

    assert notice is not None
    assert Delivery.objects.get().channel == Channel.DINGTALK


# --- which robots ---------------------------------------------------------------------------


def robot(name, **where):
    return RobotWebhook.objects.create(
        name=name, kind=RobotKind.WECOM, url="https://example.cn/hook", **where
    )


def test_the_workrooms_own_robot_comes_first(wr, areas):
    own = robot("工作室群", workroom=wr.a1)
    robot("社区群", area=areas.a1)
    robot("区群", area=areas.d)

    assert robots_for(wr.a1) == [own]


def test_else_the_nearest_area_up_the_tree(wr, areas):
    subdistrict = robot("街道群", area=areas.a)
    robot("区群", area=areas.d)
    robot("另一个工作室的群", workroom=wr.a)

    assert robots_for(wr.a1) == [subdistrict]
    assert [r.name for r in robots_for(wr.b)] == ["区群"]
    assert [r.name for r in robots_for(areas.b)] == ["区群"]


def test_switched_off_robots_and_other_districts_are_left_out(wr, areas, foreign_workroom):
    robot("关掉的群", workroom=wr.a, is_active=False)
    robot("外区群", area=foreign_workroom.area)

    assert robots_for(wr.a) == []
    assert robots_for(None) == []


def test_a_robot_belongs_to_a_workroom_or_an_area_not_both(wr, areas):
    from django.core.exceptions import ValidationError

    both = RobotWebhook(name="x", kind=RobotKind.WECOM, url="https://e.cn", workroom=wr.a)
    both.area = areas.a
    with pytest.raises(ValidationError):
        both.full_clean()
    wecom_with_secret = RobotWebhook(
        name="x", kind=RobotKind.WECOM, url="https://e.cn", workroom=wr.a, secret="SEC1"
    )
    with pytest.raises(ValidationError):
        wecom_with_secret.full_clean()


def test_without_saved_choices_e_mail_is_on(tell):
    person = UserFactory()

    tell([person], key="k", place=None)

    assert not NoticePreference.objects.exists()
    assert Delivery.objects.get().recipient == person
