"""The request list, the ledger (党代表工作台账) and "my work": scope, filters, deadlines
highlighted, masking, pagination and a query count that does not grow with the rows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.workdays import next_workday
from petitions import workflow
from petitions.models import Category, Channel, State, Triage
from petitions.selectors import DUE_SOON, OVERDUE
from tests.factories import RoleFactory, UserFactory
from tests.helpers import client_for
from tests.petitions.factories import PetitionFactory, advance
from tests.petitions.pages import at, beijing, listed

pytestmark = pytest.mark.django_db

LIST = "/requests/"
LEDGER = "/requests/ledger/"
MINE = "/requests/mine/"


def received_at(moment, *, workroom, actor, handler, **fields):
    """A request registered and received at ``moment`` (so its deadline runs from then)."""
    with at(moment):
        petition = PetitionFactory(workroom=workroom, registered_by=actor, **fields)
        return workflow.receive(petition, actor=actor, triage=Triage.TIME_LIMITED, handler=handler)


def days_ago(days):
    return timezone.now() - timedelta(days=days)


# --- scope ------------------------------------------------------------------------------------


def test_list_shows_only_requests_in_scope(clerk_a_client, petition_in, wr, clerk_b):
    mine = petition_in(State.REGISTERED)
    community = petition_in(State.REGISTERED, workroom=wr.a1)
    PetitionFactory(workroom=wr.b, registered_by=clerk_b)

    response = clerk_a_client.get(LIST)

    assert response.status_code == 200
    assert set(listed(response)) == {mine, community}


def test_the_liaison_office_lists_its_whole_district(liaison_client, petition_in, wr, clerk_b):
    a = petition_in(State.REGISTERED)
    b = PetitionFactory(workroom=wr.b, registered_by=clerk_b)

    assert set(listed(liaison_client.get(LIST))) == {a, b}


def test_a_transferred_request_stays_in_the_senders_list(
    clerk_a_client, clerk_b_client, received, clerk_a, wr
):
    workflow.transfer(received, actor=clerk_a, to_workroom=wr.b, reason="属曲池街道辖区。")

    assert listed(clerk_a_client.get(LIST)) == [received]
    assert listed(clerk_b_client.get(LIST)) == [received]


def test_a_request_moved_within_the_users_area_is_listed_and_counted_once(
    clerk_a_client, petition_in, received, clerk_a, wr
):
    """It is both in the user's workrooms and in their transfers: one row, one count."""
    older = petition_in(State.REGISTERED)
    workflow.transfer(received, actor=clerk_a, to_workroom=wr.a1, reason="属社区工作室。")
    newer = petition_in(State.REGISTERED)

    response = clerk_a_client.get(LIST)

    expected = sorted([older, received, newer], key=lambda p: (p.registered_at, p.pk))
    assert listed(response) == expected[::-1]
    assert "共 3 件诉求" in response.content.decode()


def test_a_user_without_a_role_sees_an_empty_list(petition_in):
    petition_in(State.REGISTERED)

    response = client_for(UserFactory()).get(LIST)

    assert response.status_code == 200
    assert listed(response) == []


def test_newest_first(clerk_a_client, wr, clerk_a):
    with at(beijing(2026, 1, 5, 9, 0)):
        older = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
    with at(beijing(2026, 2, 5, 9, 0)):
        newer = PetitionFactory(workroom=wr.a, registered_by=clerk_a)

    assert listed(clerk_a_client.get(LIST)) == [newer, older]


# --- filters ----------------------------------------------------------------------------------


def test_filter_by_state(clerk_a_client, registered, received):
    assert listed(clerk_a_client.get(LIST, {"state": State.RECEIVED})) == [received]


@pytest.mark.parametrize(
    "field, value, other",
    [
        ("category", Category.ELDERLY, Category.TRAFFIC),
        ("channel", Channel.PHONE, Channel.VISIT),
    ],
)
def test_filter_by_category_and_channel(clerk_a_client, wr, clerk_a, field, value, other):
    wanted = PetitionFactory(workroom=wr.a, registered_by=clerk_a, **{field: value})
    PetitionFactory(workroom=wr.a, registered_by=clerk_a, **{field: other})

    assert listed(clerk_a_client.get(LIST, {field: value})) == [wanted]


def test_filter_by_triage(clerk_a_client, registered, received, clerk_a, handler):
    workflow.receive(registered, actor=clerk_a, triage=Triage.REFER_UP, handler=handler)

    assert listed(clerk_a_client.get(LIST, {"triage": Triage.REFER_UP})) == [registered]


def test_filter_by_workroom_and_by_area_subtree(liaison_client, petition_in, wr, clerk_b):
    a = petition_in(State.REGISTERED)
    a1 = petition_in(State.REGISTERED, workroom=wr.a1)
    PetitionFactory(workroom=wr.b, registered_by=clerk_b)

    assert listed(liaison_client.get(LIST, {"workroom": wr.a1.pk})) == [a1]
    assert set(listed(liaison_client.get(LIST, {"area": wr.a.area.pk}))) == {a, a1}


def test_workroom_and_area_choices_are_scoped(clerk_a_client, wr):
    response = clerk_a_client.get(LIST, {"workroom": wr.b.pk})

    form = response.context["filter"].form
    assert set(form.fields["workroom"].queryset) == {wr.a, wr.a1}
    assert set(form.fields["area"].queryset) == {wr.a.area, wr.a1.area}
    assert "workroom" in form.errors


def test_filter_by_handler(clerk_a_client, petition_in, clerk_a, handler):
    theirs = petition_in(State.RECEIVED)
    mine = petition_in(State.RECEIVED, handler=clerk_a)

    # The handler is typed, not picked from a list of every person in the district.
    assert listed(clerk_a_client.get(LIST, {"handler": handler.full_name[1:]})) == [theirs]
    assert listed(clerk_a_client.get(LIST, {"handler": "CLERK_A"})) == [mine]
    assert listed(clerk_a_client.get(LIST, {"handler": "无此人"})) == []


def test_handler_filter_does_not_reach_outside_the_users_areas(
    clerk_a_client, petition_in, wr, clerk_b
):
    """A handler named like someone in a sibling subdistrict does not widen the list."""
    petition_in(State.RECEIVED)
    theirs = PetitionFactory(workroom=wr.b, registered_by=clerk_b)
    advance(theirs, State.RECEIVED, actor=clerk_b, handler=clerk_b)

    assert listed(clerk_a_client.get(LIST, {"handler": clerk_b.full_name})) == []


def test_handler_filter_is_a_text_field_not_a_list_of_everyone(clerk_a_client):
    html = clerk_a_client.get(LIST).content.decode()

    assert 'name="handler"' in html
    assert '<select name="handler"' not in html


def test_filter_by_registration_dates_in_beijing_time(clerk_a_client, wr, clerk_a):
    with at(beijing(2026, 3, 1, 0, 30)):  # still 28 February in UTC
        first_of_march = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
    with at(beijing(2026, 2, 28, 23, 50)):
        last_of_february = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
    with at(beijing(2026, 3, 31, 23, 59)):
        end_of_march = PetitionFactory(workroom=wr.a, registered_by=clerk_a)

    march = {"registered_from": "2026-03-01", "registered_until": "2026-03-31"}

    assert listed(clerk_a_client.get(LIST, march)) == [end_of_march, first_of_march]
    assert listed(clerk_a_client.get(LIST, {"registered_until": "2026-02-28"})) == [
        last_of_february
    ]


def test_filter_by_reply_dates(clerk_a_client, wr, clerk_a, handler):
    with at(beijing(2026, 3, 2, 9, 0)):
        early = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
        advance(early, State.REPLIED, actor=clerk_a, handler=handler)
    with at(beijing(2026, 4, 7, 9, 0)):
        late = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
        advance(late, State.REPLIED, actor=clerk_a, handler=handler)
    PetitionFactory(workroom=wr.a, registered_by=clerk_a)  # not replied

    april = {"replied_from": "2026-04-01", "replied_until": "2026-04-30"}

    assert listed(clerk_a_client.get(LIST, april)) == [late]
    assert listed(clerk_a_client.get(LIST, {"replied_until": "2026-03-31"})) == [early]


def test_filter_overdue_and_due_soon(clerk_a_client, wr, clerk_a, handler):
    overdue = received_at(days_ago(30), workroom=wr.a, actor=clerk_a, handler=handler)
    answered_late = received_at(days_ago(30), workroom=wr.a, actor=clerk_a, handler=handler)
    advance(answered_late, State.REPLIED, actor=clerk_a)
    fresh = received_at(timezone.now(), workroom=wr.a, actor=clerk_a, handler=handler)
    due_soon = received_at(days_ago(7), workroom=wr.a, actor=clerk_a, handler=handler)
    # Make the "due soon" one due exactly on the next working day, whatever today is.
    due_soon_deadline = next_workday(timezone.localdate() + timedelta(days=1))
    due_soon.__class__.objects.filter(pk=due_soon.pk).update(deadline=due_soon_deadline)

    assert listed(clerk_a_client.get(LIST, {"deadline": OVERDUE})) == [overdue]
    assert listed(clerk_a_client.get(LIST, {"deadline": DUE_SOON})) == [due_soon]
    assert fresh not in listed(clerk_a_client.get(LIST, {"deadline": DUE_SOON}))


def test_rows_highlight_overdue_and_due_soon_deadlines(clerk_a_client, wr, clerk_a, handler):
    overdue = received_at(days_ago(30), workroom=wr.a, actor=clerk_a, handler=handler)

    response = clerk_a_client.get(LIST)

    assert listed(response)[0].deadline_status == OVERDUE
    assert 'class="badge badge-bad"' in response.content.decode()
    assert overdue.deadline.strftime("%Y") in response.content.decode()


@pytest.mark.parametrize(
    "query", ["路灯", "北门", "REF", "000ID"], ids=["title", "content", "reference", "serial"]
)
def test_text_search_finds_title_content_and_reference(clerk_a_client, wr, clerk_a, query):
    wanted = PetitionFactory(
        workroom=wr.a, registered_by=clerk_a, title="小区路灯不亮", content="北门路灯坏了"
    )
    PetitionFactory(workroom=wr.a, registered_by=clerk_a, title="停车难", content="车位少")
    query = query.replace("REF", wanted.reference).replace("000ID", f"{wanted.pk:06d}")

    assert listed(clerk_a_client.get(LIST, {"q": query})) == [wanted]


def test_bad_filter_values_are_ignored_with_an_error(clerk_a_client, registered):
    response = clerk_a_client.get(LIST, {"state": "lost", "registered_from": "yesterday"})

    assert response.status_code == 200
    assert set(response.context["filter"].form.errors) == {"state", "registered_from"}


# --- masking and paging -----------------------------------------------------------------------


def test_list_masks_phones_for_users_not_handling_the_request(
    clerk_a_client, liaison_client, registered
):
    phone = registered.resident_phone

    handling = clerk_a_client.get(LIST).content.decode()
    supervising = liaison_client.get(LIST).content.decode()

    assert phone in handling
    assert phone not in supervising
    assert f"{phone[:3]}****{phone[-4:]}" in supervising
    assert registered.resident_name not in supervising


def test_list_is_paginated(clerk_a_client, wr, clerk_a):
    for _ in range(27):
        PetitionFactory(workroom=wr.a, registered_by=clerk_a)

    first = clerk_a_client.get(LIST, {"category": Category.PROPERTY})
    second = clerk_a_client.get(LIST, {"category": Category.PROPERTY, "page": 2})

    assert len(listed(first)) == 25
    assert len(listed(second)) == 2
    assert "category=property&amp;page=2" in first.content.decode()


def _requests(count, *, wr, clerk_a, handler):
    people = [clerk_a, handler]
    for index in range(count):
        workroom = wr.a if index % 2 else wr.a1
        petition = PetitionFactory(workroom=workroom, registered_by=clerk_a)
        if index % 3:
            workflow.receive(
                petition, actor=clerk_a, triage=Triage.TIME_LIMITED, handler=people[index % 2]
            )
        elif index % 2 == 0:
            advance(petition, State.ARCHIVED, actor=clerk_a, handler=people[index % 4 // 2])


@pytest.mark.parametrize("url", [LIST, LEDGER, MINE, "/requests/export/"])
def test_pages_take_the_same_number_of_queries_for_few_and_many_requests(
    django_assert_max_num_queries, clerk_a_client, wr, clerk_a, handler, url
):
    # Ten to read, and one audit entry: the clerk sees the residents' phones in full (PIPL).
    _requests(5, wr=wr, clerk_a=clerk_a, handler=handler)
    with django_assert_max_num_queries(11):
        assert clerk_a_client.get(url).status_code == 200

    _requests(45, wr=wr, clerk_a=clerk_a, handler=handler)
    with django_assert_max_num_queries(11):
        assert clerk_a_client.get(url).status_code == 200


# --- the ledger -------------------------------------------------------------------------------


def test_ledger_lists_archived_requests_only(clerk_a_client, archived, received):
    response = clerk_a_client.get(LEDGER)

    assert response.status_code == 200
    assert listed(response) == [archived]
    assert "state" not in response.context["filter"].form.fields


def test_ledger_filters_like_the_list(clerk_a_client, petition_in, wr):
    here = petition_in(State.ARCHIVED, category=Category.EDUCATION)
    petition_in(State.ARCHIVED, category=Category.TRAFFIC, workroom=wr.a1)

    response = clerk_a_client.get(LEDGER, {"category": Category.EDUCATION})

    assert listed(response) == [here]
    assert "state=archived&amp;category=education" in response.content.decode()


def test_ledger_is_scoped(clerk_b_client, archived):
    assert listed(clerk_b_client.get(LEDGER)) == []


def test_ledger_masks_phones_for_the_liaison_office(liaison_client, archived):
    body = liaison_client.get(LEDGER).content.decode()

    assert archived.resident_phone not in body


# --- my work ----------------------------------------------------------------------------------


def test_my_work_lists_what_i_handle_open_ones_first(wr, clerk_a, handler):
    done = received_at(days_ago(20), workroom=wr.a, actor=clerk_a, handler=handler)
    advance(done, State.ARCHIVED, actor=clerk_a)
    done_later = received_at(days_ago(10), workroom=wr.a, actor=clerk_a, handler=handler)
    advance(done_later, State.REPLIED, actor=clerk_a)
    later = received_at(days_ago(1), workroom=wr.a, actor=clerk_a, handler=handler)
    overdue = received_at(days_ago(30), workroom=wr.a, actor=clerk_a, handler=handler)
    received_at(days_ago(1), workroom=wr.a, actor=clerk_a, handler=clerk_a)  # someone else's

    response = client_for(handler).get(MINE)

    rows = listed(response)
    assert rows == [overdue, later, done_later, done]
    assert rows[0].deadline_status == OVERDUE
    assert "badge-bad" in response.content.decode()


def test_my_work_is_empty_for_someone_handling_nothing(received):
    other = UserFactory()
    RoleFactory(user=other, area=received.workroom.area)

    response = client_for(other).get(MINE)

    assert response.status_code == 200
    assert listed(response) == []


# --- long lists -------------------------------------------------------------------------------


def test_a_list_longer_than_the_count_cap_says_more_than_and_still_pages(
    clerk_a_client, petition_in, monkeypatch
):
    from core import pagination

    monkeypatch.setattr(pagination, "COUNT_CAP", 2)
    for _n in range(3):
        petition_in(State.REGISTERED)

    response = clerk_a_client.get(LIST)

    assert "诉求超过 2 件，请用筛选条件缩小范围" in response.content.decode()
    assert len(listed(response)) == 2


def test_every_page_shows_its_own_rows_newest_first(clerk_a_client, petition_in, monkeypatch):
    """Pages are read as ids first, then rows: no row is lost or shown twice between pages."""
    from petitions.views import lists

    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    made = [petition_in(State.REGISTERED) for _n in range(5)]
    newest_first = sorted(made, key=lambda p: (p.registered_at, p.pk), reverse=True)

    pages = [listed(clerk_a_client.get(LIST, {"page": n})) for n in (1, 2, 3)]

    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:5]]
    assert "共 5 件诉求" in clerk_a_client.get(LIST, {"page": 3}).content.decode()


def test_a_search_pages_and_counts_its_matches_only(clerk_a_client, petition_in, monkeypatch):
    """A search reads its matches once for the count and the pages."""
    from petitions.views import lists

    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    found = [petition_in(State.REGISTERED, title=f"井盖松动{n}") for n in range(3)]
    petition_in(State.REGISTERED, title="楼道堆放杂物", content="楼道里堆满了纸箱。")
    newest_first = sorted(found, key=lambda p: (p.registered_at, p.pk), reverse=True)

    first = clerk_a_client.get(LIST, {"q": "井盖"})
    second = clerk_a_client.get(LIST, {"q": "井盖", "page": 2})

    assert listed(first) == newest_first[:2]
    assert listed(second) == newest_first[2:]
    assert "共 3 件诉求" in first.content.decode()


def test_a_list_within_the_cap_gives_its_exact_count(clerk_a_client, petition_in):
    for _n in range(3):
        petition_in(State.REGISTERED)

    text = clerk_a_client.get(LIST).content.decode()

    assert "共 3 件诉求" in text
    assert "超过" not in text
