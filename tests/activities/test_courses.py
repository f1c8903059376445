"""Menu courses (菜单课程): publish, order (学员点单), confirm → a 送课 activity, or decline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from activities.models import Activity, Course, CourseOrder, CourseOrderStatus
from activities.services import courses as courses_services
from activities.services.courses import order_confirm, order_decline
from core.errors import DomainError
from tests.activities.factories import CourseFactory, CourseOrderFactory
from tests.helpers import assert_redirects_to_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(wr, me):
    return CourseFactory(workroom=wr.a, representative=me, title="党史中的为民情怀")


@pytest.fixture
def order(course):
    return CourseOrderFactory(course=course, unit="兴善社区第一党支部", expected_attendees=35)


def tomorrow():
    return timezone.localdate() + timedelta(days=1)


# --- services ------------------------------------------------------------------------------


def test_confirming_an_order_schedules_a_course_delivery_by_its_representative(
    order, liaison, me, wr
):
    activity = order_confirm(order, actor=liaison, on=tomorrow(), place="支部活动室")

    order.refresh_from_db()
    assert order.status == CourseOrderStatus.CONFIRMED
    assert order.activity == activity
    assert order.decided_by == liaison
    assert activity.type.code == "course_delivery"
    assert activity.workroom == wr.a
    assert activity.date == tomorrow()
    assert list(activity.representatives.all()) == [me]
    assert activity.attendees == 35


def test_a_decided_order_cannot_be_confirmed_again(order, liaison):
    order_confirm(order, actor=liaison, on=tomorrow())
    stale = CourseOrder.objects.get(pk=order.pk)
    stale.status = CourseOrderStatus.REQUESTED  # what a second officer's page still shows

    with pytest.raises(DomainError):
        order_confirm(stale, actor=liaison, on=tomorrow())
    assert Activity.objects.count() == 1


def test_a_declined_order_cannot_be_confirmed(order, liaison):
    order_decline(order, actor=liaison)

    with pytest.raises(DomainError):
        order_confirm(order, actor=liaison, on=tomorrow())
    order.refresh_from_db()
    assert order.status == CourseOrderStatus.DECLINED
    assert order.activity is None
    assert not Activity.objects.exists()


def test_a_confirmed_order_cannot_be_declined(order, liaison):
    order_confirm(order, actor=liaison, on=tomorrow())
    with pytest.raises(DomainError):
        order_decline(order, actor=liaison)
    order.refresh_from_db()
    assert order.status == CourseOrderStatus.CONFIRMED


def test_confirmation_is_one_transaction(order, liaison, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(courses_services.Activity.objects, "create", broken)
    with pytest.raises(RuntimeError):
        order_confirm(order, actor=liaison, on=tomorrow())
    order.refresh_from_db()
    assert order.status == CourseOrderStatus.REQUESTED
    assert order.decided_by is None


def test_a_representative_cannot_decide_orders(order, representative):
    with pytest.raises(DomainError):
        order_confirm(order, actor=representative, on=tomorrow())


def test_a_course_needs_its_representative_stationed_at_the_workroom(wr, clerk_a, rep_b):
    with pytest.raises(DomainError):
        courses_services.course_create(
            actor=clerk_a,
            workroom=wr.a,
            representative=rep_b,
            title="x",
            topic="theory",
            minutes=60,
        )


# --- pages ---------------------------------------------------------------------------------


def course_data(rep, **extra):
    return {"representative": rep.pk, "title": "红色家风", "topic": "party_history", "minutes": 45}


def test_a_representative_publishes_their_own_course(representative_client, wr, me):
    response = representative_client.post(
        reverse("activities:course_new", args=[wr.a.pk]), course_data(me)
    )
    assert response.status_code == 302
    course = Course.objects.get()
    assert (course.representative, course.workroom, course.minutes) == (me, wr.a, 45)


def test_a_representative_cannot_publish_for_another(representative_client, wr, me, peer):
    response = representative_client.post(
        reverse("activities:course_new", args=[wr.a.pk]), course_data(peer)
    )
    assert response.status_code == 200  # the form only offers themselves
    assert not Course.objects.exists()


def test_a_clerk_publishes_for_any_representative_of_the_workroom(clerk_a_client, wr, peer):
    response = clerk_a_client.post(
        reverse("activities:course_new", args=[wr.a.pk]), course_data(peer)
    )
    assert response.status_code == 302
    assert Course.objects.get().representative == peer


def test_publishing_needs_a_course_role(liaison_client, wr):
    response = liaison_client.get(reverse("activities:course_new", args=[wr.a.pk]))
    assert response.status_code == 403


def test_publishing_elsewhere_is_not_found(clerk_b_client, wr):
    response = clerk_b_client.get(reverse("activities:course_new", args=[wr.a.pk]))
    assert response.status_code == 404


def test_publishing_needs_sign_in(client, wr):
    url = reverse("activities:course_new", args=[wr.a.pk])
    assert_redirects_to_login(client.get(url), url)


def test_the_menu_lists_published_courses(clerk_b_client, course, wr, me):
    CourseFactory(workroom=wr.a, representative=me, title="已下架课程", is_published=False)
    response = clerk_b_client.get(reverse("activities:course_menu", args=[wr.a.pk]))
    assert response.status_code == 200
    assert [c.title for c in response.context["courses"]] == ["党史中的为民情怀"]
    assert me.phone not in response.content.decode()
    assert not response.context["can_order"]


def test_visitors_read_the_menu_on_the_workrooms_public_page(client, course, wr, me):
    # The menu is a section of the public page (tests/public/test_pages.py).
    response = client.get(reverse("activities:course_menu", args=[wr.a.pk]), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/w/{wr.a.pk}/#courses")
    body = response.content.decode()
    assert "党史中的为民情怀" in body and me.phone not in body


def test_a_clerk_records_an_order(clerk_a_client, clerk_a, course):
    response = clerk_a_client.post(
        reverse("activities:course_order", args=[course.pk]),
        {
            "unit": "西安市第八十五中学党支部",
            "contact_name": "李老师",
            "contact_phone": "",
            "preferred_dates": "三月的任一周三下午",
            "expected_attendees": 40,
        },
    )
    order = CourseOrder.objects.get()
    assert response.status_code == 302
    assert (order.unit, order.ordered_by, order.status) == (
        "西安市第八十五中学党支部",
        clerk_a,
        CourseOrderStatus.REQUESTED,
    )


def test_ordering_elsewhere_is_not_found(clerk_b_client, course):
    response = clerk_b_client.get(reverse("activities:course_order", args=[course.pk]))
    assert response.status_code == 404


def test_the_liaison_office_confirms_an_order(liaison_client, order):
    response = liaison_client.post(
        reverse("activities:course_order_confirm", args=[order.pk]),
        {"date": tomorrow().isoformat(), "start_time": "14:30", "place": "党员活动室"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == CourseOrderStatus.CONFIRMED
    assert order.activity.start_time.hour == 14


def test_confirming_a_declined_order_is_refused_with_a_message(liaison_client, liaison, order):
    order_decline(order, actor=liaison)
    response = liaison_client.post(
        reverse("activities:course_order_confirm", args=[order.pk]),
        {"date": tomorrow().isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert len(list(response.context["messages"])) == 1


def test_confirming_needs_a_date(liaison_client, order):
    response = liaison_client.post(reverse("activities:course_order_confirm", args=[order.pk]))
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == CourseOrderStatus.REQUESTED


def test_a_representative_may_not_confirm(representative_client, order):
    response = representative_client.post(
        reverse("activities:course_order_confirm", args=[order.pk]),
        {"date": tomorrow().isoformat()},
    )
    assert response.status_code == 403


def test_confirming_elsewhere_is_not_found(clerk_b_client, order):
    response = clerk_b_client.post(
        reverse("activities:course_order_decline", args=[order.pk]),
    )
    assert response.status_code == 404


def test_deciding_is_post_only(liaison_client, order):
    for name in ("activities:course_order_confirm", "activities:course_order_decline"):
        assert liaison_client.get(reverse(name, args=[order.pk])).status_code == 405


def test_the_liaison_office_declines_an_order(liaison_client, order):
    response = liaison_client.post(reverse("activities:course_order_decline", args=[order.pk]))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == CourseOrderStatus.DECLINED


def test_order_list_is_scoped_and_filterable(clerk_b_client, clerk_a_client, order, course):
    CourseOrderFactory(course=course, unit="另一个单位", status=CourseOrderStatus.DECLINED)
    assert (
        clerk_b_client.get(reverse("activities:course_orders")).context["page"].paginator.count == 0
    )
    response = clerk_a_client.get(reverse("activities:course_orders"), {"status": "requested"})
    assert [o.unit for o in response.context["page"]] == ["兴善社区第一党支部"]


def test_order_list_needs_an_officer_role(representative_client):
    assert representative_client.get(reverse("activities:course_orders")).status_code == 403


@pytest.mark.parametrize("count", [1, 12])
def test_order_list_query_count_is_constant(
    liaison_client, course, count, django_assert_max_num_queries
):
    CourseOrderFactory.create_batch(count, course=course)
    with django_assert_max_num_queries(7):
        response = liaison_client.get(reverse("activities:course_orders"))
    assert response.context["page"].paginator.count == count


def test_orders_export_to_excel(liaison_client, order):
    response = liaison_client.get(reverse("activities:course_orders_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.getvalue()[:2] == b"PK"


def test_the_pages_render_for_their_users(
    clerk_a_client, liaison_client, representative_client, wr, course, order
):
    assert clerk_a_client.get(reverse("activities:course_new", args=[wr.a.pk])).status_code == 200
    assert (
        representative_client.get(reverse("activities:course_new", args=[wr.a.pk])).status_code
        == 200
    )
    assert (
        representative_client.get(reverse("activities:course_order", args=[course.pk])).status_code
        == 200
    )
    response = liaison_client.get(reverse("activities:course_order_detail", args=[order.pk]))
    assert response.status_code == 200 and response.context["can_decide"]
    response = representative_client.get(reverse("activities:course_order_detail", args=[order.pk]))
    assert response.status_code == 200 and not response.context["can_decide"]
    response = representative_client.get(reverse("activities:course_menu", args=[wr.a.pk]))
    assert response.context["can_order"] and response.context["can_publish"]


# --- words -----------------------------------------------------------------------------------


def test_a_waiting_order_is_not_called_by_the_time_it_was_placed(clerk_a_client, order):
    # "Ordered" is both the column of when the order was placed (点单时间) and the status of an
    # order waiting for the liaison officer: two meanings, two messages.
    with translation.override("zh-hans"):
        status, column = str(CourseOrderStatus.REQUESTED.label), gettext("Ordered")
    body = clerk_a_client.get(reverse("activities:course_order_detail", args=[order.pk]))

    assert status != column
    assert f">{column}<" in body.content.decode()


def _order_data(**changes):
    return {
        "unit": "兴善社区第一党支部",
        "contact_name": "李老师",
        "contact_phone": "0731-58581234",
        "preferred_dates": "三月任一周三下午",
        "expected_attendees": 30,
        **changes,
    }


def test_an_order_with_a_phone_that_is_no_number_is_refused(clerk_a_client, course):
    response = clerk_a_client.post(
        reverse("activities:course_order", args=[course.pk]), _order_data(contact_phone="abc")
    )

    assert response.status_code == 200
    assert response.context["form"].has_error("contact_phone")
    assert not CourseOrder.objects.exists()


def test_an_order_keeps_a_landline_as_digits(clerk_a_client, course):
    clerk_a_client.post(reverse("activities:course_order", args=[course.pk]), _order_data())

    assert CourseOrder.objects.get().contact_phone == "073158581234"
