"""The one door to scoped data: a role reaches its area's subtree and nothing else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import RoleKind
from accounts.scope import get_visible_or_404, has_role, has_role_on, root_paths, scope_q
from tests.factories import ChecklistEntryFactory, RoleFactory, UserFactory
from workrooms.models import Area, ChecklistEntry, Workroom

pytestmark = pytest.mark.django_db


def visible_workrooms(user, **kwargs):
    return set(Workroom.objects.visible_to(user, **kwargs))


def test_clerk_reaches_own_subdistrict_and_its_communities(clerk_a, wr):
    assert visible_workrooms(clerk_a) == {wr.a, wr.a1}


def test_clerk_scope_leaves_out_the_sibling_subdistrict(clerk_a, wr):
    assert wr.b not in visible_workrooms(clerk_a)


def test_clerk_scope_leaves_out_the_parent_district(clerk_a, wr):
    assert wr.d not in visible_workrooms(clerk_a)


def test_district_role_reaches_every_workroom_in_the_district(liaison, wr, foreign_workroom):
    assert visible_workrooms(liaison) == {wr.d, wr.a, wr.a1, wr.b}


def test_areas_are_scoped_by_their_own_path(clerk_a, areas):
    assert set(Area.objects.visible_to(clerk_a)) == {areas.a, areas.a1}


def test_checklist_entries_are_scoped_through_their_workroom(clerk_a, wr):
    mine = ChecklistEntryFactory(workroom=wr.a1)
    ChecklistEntryFactory(workroom=wr.b)
    assert list(ChecklistEntry.objects.visible_to(clerk_a)) == [mine]


def test_scope_q_filters_any_queryset_by_the_named_path_field(clerk_b, wr):
    rows = Workroom.objects.filter(scope_q(clerk_b, "area__path"))
    assert list(rows) == [wr.b]


def test_nested_roles_collapse_into_the_outer_subtree(areas, wr):
    user = UserFactory()
    RoleFactory(user=user, kind=RoleKind.CLERK, area=areas.a1)
    RoleFactory(user=user, kind=RoleKind.CLERK, area=areas.d)
    RoleFactory(user=user, kind=RoleKind.CLERK, area=areas.a)

    assert root_paths(user) == [areas.d.path]
    # One row per workroom: overlapping roles do not repeat rows.
    assert Workroom.objects.visible_to(user).count() == 4


def test_roles_on_two_siblings_reach_both_and_not_the_parent(areas, wr):
    user = UserFactory()
    RoleFactory(user=user, kind=RoleKind.CLERK, area=areas.a1)
    RoleFactory(user=user, kind=RoleKind.CLERK, area=areas.b)

    assert visible_workrooms(user) == {wr.a1, wr.b}


def test_kinds_filter_keeps_only_the_subtrees_of_those_roles(areas, wr):
    user = UserFactory()
    RoleFactory(user=user, kind=RoleKind.CLERK, area=areas.a)
    RoleFactory(user=user, kind=RoleKind.REPRESENTATIVE, area=areas.b)

    assert visible_workrooms(user) == {wr.a, wr.a1, wr.b}
    assert visible_workrooms(user, kinds=[RoleKind.CLERK]) == {wr.a, wr.a1}
    assert visible_workrooms(user, kinds=[RoleKind.REPRESENTATIVE]) == {wr.b}
    assert visible_workrooms(user, kinds=[RoleKind.ADMIN]) == set()


def test_user_with_no_role_sees_nothing(wr):
    user = UserFactory()
    assert visible_workrooms(user) == set()
    assert not Area.objects.visible_to(user).exists()


def test_anonymous_sees_nothing(wr):
    assert visible_workrooms(AnonymousUser()) == set()


def test_superuser_sees_everything(wr, foreign_workroom):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert visible_workrooms(superuser) == {wr.d, wr.a, wr.a1, wr.b, foreign_workroom}
    assert Area.objects.visible_to(superuser).count() == Area.objects.count()


def test_has_role_on_reaches_the_subtree_only(clerk_a, areas):
    assert has_role_on(clerk_a, areas.a)
    assert has_role_on(clerk_a, areas.a1)
    assert not has_role_on(clerk_a, areas.b)
    assert not has_role_on(clerk_a, areas.d)


def test_has_role_on_checks_the_kind(representative, areas):
    assert has_role_on(representative, areas.a1, RoleKind.REPRESENTATIVE)
    assert not has_role_on(representative, areas.a1, RoleKind.CLERK, RoleKind.ADMIN)


def test_has_role_on_is_false_for_anonymous_and_true_for_superuser(areas):
    assert not has_role_on(AnonymousUser(), areas.a)
    superuser = UserFactory(is_superuser=True)
    assert has_role_on(superuser, areas.a, RoleKind.CLERK)


def test_has_role_looks_at_every_role_the_user_holds(clerk_a):
    assert has_role(clerk_a)
    assert has_role(clerk_a, RoleKind.CLERK)
    assert not has_role(clerk_a, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
    assert not has_role(UserFactory())


def test_roles_are_read_once_and_kept_on_the_user(clerk_a, areas, django_assert_num_queries):
    has_role_on(clerk_a, areas.a)
    with django_assert_num_queries(0):
        has_role_on(clerk_a, areas.b)
        scope_q(clerk_a, "area__path")


def test_get_visible_or_404_returns_an_object_in_scope(clerk_a, wr):
    assert get_visible_or_404(Workroom.objects.all(), clerk_a, pk=wr.a1.pk) == wr.a1


@pytest.mark.parametrize("pk", ["out_of_scope", "missing", "not-a-number"])
def test_get_visible_or_404_does_not_tell_out_of_scope_from_missing(clerk_a, wr, pk):
    lookup = {"out_of_scope": wr.b.pk, "missing": 999_999, "not-a-number": "abc"}[pk]
    with pytest.raises(Http404):
        get_visible_or_404(Workroom.objects.all(), clerk_a, pk=lookup)
