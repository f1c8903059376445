"""Every date a person types stays in a sane window (one kit: ``core.dates``), and a date
picker always receives a value it can show.

An activity dated 9999-12-31, a resolution due on 1900-01-01, a wish fulfilled next year: typing
slips the forms used to accept. Each form that takes a date is listed here with a date far out
of its window; each must refuse it on its date field and offer the window to the picker.
"""

import pytest
from django.utils import timezone

from activities.forms.courses import OrderConfirmForm
from activities.forms.liaison import TalkForm
from activities.forms.log import ActivityForm
from activities.forms.resolutions import ResolutionForm
from activities.forms.study import StudySessionForm
from activities.forms.wishes import FulfilForm
from activities.models import StudyPlan
from representatives.forms import AssignmentEndForm, AssignmentRoleForm
from representatives.models import Representative
from rosters.forms import RotationRuleForm, ShiftForm
from tests.rosters.factories import DutyShiftFactory
from workrooms.forms import ChecklistEntryForm
from workrooms.models import Area, Workroom

FAR_FUTURE = "9999-12-31"
FAR_PAST = "1900-01-01"


def _today():
    return timezone.localdate()


FORMS = {
    "activity": (
        lambda data: ActivityForm(
            data,
            workrooms=Workroom.objects.none(),
            representatives=Representative.objects.none(),
        ),
        "date",
    ),
    "resolution due": (
        lambda data: ResolutionForm(data, representatives=Representative.objects.none()),
        "due_date",
    ),
    "wish fulfilled": (lambda data: FulfilForm(data), "when"),
    "liaison talk": (
        lambda data: TalkForm(
            data, areas=Area.objects.none(), representatives=Representative.objects.none()
        ),
        "date",
    ),
    "study session": (
        lambda data: StudySessionForm(
            data, plans=StudyPlan.objects.none(), representatives=Representative.objects.none()
        ),
        "date",
    ),
    "course delivery": (lambda data: OrderConfirmForm(data), "date"),
    "rotation rule": (lambda data: RotationRuleForm(data), "valid_until"),
    "assignment end": (lambda data: AssignmentEndForm(data), "end_date"),
    "assignment role change": (lambda data: AssignmentRoleForm(data), "on"),
    "standard checked": (lambda data: ChecklistEntryForm(data), "checked_on"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(FORMS))
@pytest.mark.parametrize("typed", [FAR_FUTURE, FAR_PAST])
def test_a_date_far_out_of_its_window_is_refused(name, typed):
    build, field = FORMS[name]
    form = build({field: typed})

    assert not form.is_valid()
    assert form.has_error(field)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(FORMS))
def test_the_picker_offers_only_the_window(name):
    build, field = FORMS[name]
    attrs = build(None).fields[field].widget.attrs

    assert attrs["min"] <= f"{_today():%Y-%m-%d}" <= attrs["max"] or name == "course delivery"
    assert "1900" < attrs["min"] and attrs["max"] < "9999"


@pytest.mark.django_db
def test_a_shift_moved_years_away_is_refused(wr):
    shift = DutyShiftFactory(workroom=wr.a)
    data = {
        "version": shift.version,
        "day": FAR_FUTURE,
        "start_time": "09:00",
        "end_time": "11:00",
    }

    form = ShiftForm(data, shift=shift)

    assert form.has_error("day")


@pytest.mark.django_db
def test_dates_inside_the_windows_are_kept():
    today = f"{_today():%Y-%m-%d}"

    assert FulfilForm({"how": "送去轮椅", "when": today}).is_valid()
    assert (
        "date"
        not in TalkForm(
            {"date": today},
            areas=Area.objects.none(),
            representatives=Representative.objects.none(),
        ).errors
    )
