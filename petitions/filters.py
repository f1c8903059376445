"""The filters of the request list, the ledger and the export (django-filter).

Every choice offered is scoped to the user (workrooms, areas, handlers), and every filter runs on
an indexed column (see ``Petition.Meta.indexes``) except the free-text search.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scope import ancestor_paths, scope_q
from core.filters import DayFilter, ModelChoiceFilter, SearchFilter, text_q
from core.personal_data import PHONE_RE, normalize_phone
from petitions.models import Category, Channel, Petition, State, Triage
from petitions.selectors import DUE_SOON, DUE_TODAY, OVERDUE, due_soon_q, due_today_q, overdue_q
from workrooms.models import Area, Workroom
from workrooms.selectors import areas_visible_to

# "2026-000123", the number printed on paper, or just "123".
REFERENCE_RE = re.compile(r"^(?:\d{4}-)?0*(\d{1,9})$")


def _workrooms(request):
    if request is None:
        return Workroom.objects.none()
    return Workroom.objects.visible_to(request.user).order_by("name", "pk")


def _areas(request):
    return areas_visible_to(request.user) if request else Area.objects.none()


def _handlers(request):
    """Who may be named handler in the user's areas: a role there or above (the rule of
    ``handler_candidates``). Read from the roles, not from millions of requests."""
    if request is None:
        return User.objects.none()
    from petitions.workflow import ACTORS

    user = request.user
    if not user.is_authenticated:
        return User.objects.none()
    reach = scope_q(user, "roles__area__path") | Q(roles__area__path__in=ancestor_paths(user))
    return User.objects.filter(
        pk__in=User.objects.filter(reach, roles__kind__in=ACTORS).values("pk")
    ).order_by("full_name", "username")


def _start_of(day):
    """Midnight of ``day`` in Beijing time: date ranges compare on the indexed datetime column."""
    return timezone.make_aware(datetime.combine(day, time.min))


class DateInput(forms.DateInput):
    input_type = "date"


class PetitionFilter(django_filters.FilterSet):
    q = SearchFilter(label=_("Search"), method="filter_text")
    state = django_filters.ChoiceFilter(label=_("State"), choices=State.choices)
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline"),
        method="filter_deadline",
        choices=[(OVERDUE, _("Overdue")), (DUE_TODAY, _("Due today")), (DUE_SOON, _("Due soon"))],
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    triage = django_filters.ChoiceFilter(label=_("Triage"), choices=Triage.choices)
    workroom = ModelChoiceFilter(label=_("Workroom"), queryset=_workrooms)
    area = ModelChoiceFilter(label=_("Area"), queryset=_areas, method="filter_subtree")
    # A text field, not a choice: a district has thousands of possible handlers, and a list of
    # them all cost more to render than the page's own rows.
    handler = SearchFilter(
        label=_("Responsible handler"),
        method="filter_handler",
        widget=forms.TextInput(attrs={"placeholder": _("Name or user name")}),
    )
    registered_from = DayFilter(
        label=_("Registered from"), method="filter_registered_from", widget=DateInput
    )
    registered_until = DayFilter(
        label=_("Registered until"), method="filter_registered_until", widget=DateInput
    )
    replied_from = DayFilter(
        label=_("Replied from"), method="filter_replied_from", widget=DateInput
    )
    replied_until = DayFilter(
        label=_("Replied until"), method="filter_replied_until", widget=DateInput
    )

    class Meta:
        model = Petition
        fields = []
        form = forms.Form

    @property
    def searched(self) -> bool:
        """A text search is asked for: it reads every request in scope and keeps few."""
        return self.is_valid() and bool(self.form.cleaned_data.get("q", "").strip())

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        text = text_q(value, "title", "content")
        # A phone number finds the resident's requests (a resident asking what is held on them).
        phone = normalize_phone(value)
        if PHONE_RE.match(phone):
            text |= Q(resident_phone=phone)
        reference = REFERENCE_RE.match(value)
        if reference:
            text |= Q(pk=int(reference.group(1)))
        return queryset.filter(text)

    def filter_handler(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        named = _handlers(self.request).filter(
            Q(full_name__icontains=value) | Q(username__iexact=value)
        )
        return queryset.filter(handler__in=named.order_by().values("pk"))

    def filter_deadline(self, queryset, name, value):
        if value == DUE_TODAY:
            return queryset.filter(due_today_q())
        return queryset.filter(overdue_q() if value == OVERDUE else due_soon_q())

    def filter_subtree(self, queryset, name, area):
        return queryset.filter(workroom__area__path__startswith=area.path)

    def filter_registered_from(self, queryset, name, day):
        return queryset.filter(registered_at__gte=_start_of(day))

    def filter_registered_until(self, queryset, name, day):
        return queryset.filter(registered_at__lt=_start_of(day + timedelta(days=1)))

    def filter_replied_from(self, queryset, name, day):
        return queryset.filter(replied_at__gte=_start_of(day))

    def filter_replied_until(self, queryset, name, day):
        return queryset.filter(replied_at__lt=_start_of(day + timedelta(days=1)))


class LedgerFilter(PetitionFilter):
    """The ledger holds archived requests only: the same filters without the state."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("state")
