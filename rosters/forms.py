from __future__ import annotations

import re
from datetime import date

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.choices import BoundedModelMultipleChoiceField
from core.dates import ROSTER, date_within, show_date
from core.months import MonthField
from core.once import OnceMixin
from representatives.models import Assignment, Representative
from rosters.models import (
    WEEKDAY_CHOICES,
    Attendance,
    Duty,
    HolidayPolicy,
    RotationRule,
    RuleKind,
)
from workrooms.forms import DateInput


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class RotationRuleForm(OnceMixin, forms.ModelForm):
    weekday_set = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Weekly: the days of the week. The n-th weekday of the month: exactly one."),
    )

    class Meta:
        model = RotationRule
        fields = [
            "name",
            "kind",
            "weekday_set",
            "month_days",
            "nth",
            "start_time",
            "end_time",
            "representatives_per_shift",
            "with_liaison",
            "on_holiday",
            "valid_from",
            "valid_until",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "on_holiday": forms.RadioSelect,
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }
        help_texts = {
            "month_days": _("Monthly on given days: e.g. 10,25. A day a month lacks is skipped."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekday_set"].initial = self.instance.weekday_list
        # Radio buttons without the empty "---------" choice a model field without default gets.
        self.fields["kind"].choices = RuleKind.choices
        self.fields["on_holiday"].choices = HolidayPolicy.choices
        if not self.instance.pk:
            self.fields["valid_from"].initial = timezone.localdate()
        date_within(self.fields["valid_from"], ROSTER)
        date_within(self.fields["valid_until"], ROSTER)
        self.fields["representatives_per_shift"].widget.attrs.update(min=1, max=20)

    def clean_month_days(self):
        text = self.cleaned_data["month_days"].replace("，", ",").replace("、", ",")
        if not text.strip():
            return ""
        if not re.fullmatch(r"\s*\d{1,2}\s*(,\s*\d{1,2}\s*)*", text):
            raise forms.ValidationError(_("Write days of the month separated by commas: 10,25."))
        days = sorted({int(d) for d in text.split(",")})
        if any(d < 1 or d > 31 for d in days):
            raise forms.ValidationError(_("Days of the month run from 1 to 31."))
        return ",".join(str(d) for d in days)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        weekdays = sorted(set(data.get("weekday_set") or []))
        if kind == RuleKind.WEEKLY and not weekdays:
            self.add_error("weekday_set", _("Choose at least one weekday."))
        if kind == RuleKind.MONTH_DAYS and not data.get("month_days"):
            self.add_error("month_days", _("Give at least one day of the month."))
        if kind == RuleKind.MONTH_NTH:
            if len(weekdays) != 1:
                self.add_error("weekday_set", _("Choose exactly one weekday."))
            if not data.get("nth"):
                self.add_error("nth", _("Choose which weekday of the month."))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The shift must end after it starts."))
        valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("The rule must end after it starts."))
        # Keep only what the chosen pattern uses, so the rule says one thing.
        self.instance.weekdays = (
            ",".join(str(d) for d in weekdays) if kind != RuleKind.MONTH_DAYS else ""
        )
        if kind != RuleKind.MONTH_DAYS:
            data["month_days"] = ""
        if kind != RuleKind.MONTH_NTH:
            data["nth"] = None
        return data


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"))


def _stationed_at(workroom, on: date):
    return Assignment.objects.current(on=on).filter(workroom=workroom).values("representative")


class ShiftForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    representatives = BoundedModelMultipleChoiceField(
        label=_("Representatives on duty"),
        queryset=Representative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    liaison_officer = forms.ModelChoiceField(
        label=_("Liaison officer on duty"), queryset=None, required=False
    )
    note = forms.CharField(label=_("Remarks"), max_length=200, required=False)

    def __init__(self, *args, shift, **kwargs):
        initial = {
            "version": shift.version,
            "day": shift.date,
            "start_time": shift.start_time,
            "end_time": shift.end_time,
            "representatives": [d.representative_id for d in shift.duties.all()],
            "liaison_officer": shift.liaison_officer_id,
            "note": shift.note,
        }
        super().__init__(*args, initial=initial, **kwargs)
        date_within(self.fields["day"], ROSTER)
        # Those stationed there now or on the shift's day, and whoever is on it already.
        workroom = shift.workroom
        self.fields["representatives"].queryset = Representative.objects.filter(
            Q(pk__in=_stationed_at(workroom, shift.date))
            | Q(pk__in=_stationed_at(workroom, timezone.localdate()))
            | Q(duties__shift=shift)
        ).distinct()
        self.fields["liaison_officer"].queryset = User.objects.filter(
            Q(pk__in=workroom.liaison_officers.values("pk")) | Q(pk=shift.liaison_officer_id)
        ).order_by("full_name", "username")
        self.fields["liaison_officer"].label_from_instance = lambda user: user.display_name

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The shift must end after it starts."))
        return data


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        choices=[
            (Attendance.WORKED, Attendance.WORKED.label),
            (Attendance.MISSED, Attendance.MISSED.label),
        ]
    )


def swap_colleagues(duty: Duty):
    """Who may take ``duty`` over: the others stationed at its workroom today."""
    return (
        Representative.objects.filter(
            is_active=True, pk__in=_stationed_at(duty.shift.workroom, timezone.localdate())
        )
        .exclude(pk=duty.representative_id)
        .order_by("name", "pk")
    )


class ColleagueForm(forms.Form):
    """The first step of asking for a swap (a GET form): whom to ask. Their own duties are then
    offered in exchange, and nobody else's."""

    counterpart = forms.ModelChoiceField(label=_("Swap with"), queryset=None)

    def __init__(self, *args, duty: Duty, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].queryset = swap_colleagues(duty)


class SwapRequestForm(OnceMixin, forms.Form):
    """The request itself, once the colleague is chosen (``counterpart``, or in the data)."""

    counterpart = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    counterpart_duty = forms.ModelChoiceField(
        label=_("Take one of their duties in exchange"),
        queryset=Duty.objects.none(),
        required=False,
        help_text=_("Leave empty when the other representative simply takes over your duty."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, duty: Duty, counterpart: Representative | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = swap_colleagues(duty)
        self.fields["counterpart"].queryset = colleagues
        if counterpart is None and self.is_bound:
            counterpart = colleagues.filter(pk=_as_pk(self.data.get("counterpart"))).first()
        if counterpart is not None:
            self.initial.setdefault("counterpart", counterpart.pk)
        self.chosen = counterpart
        shift = duty.shift
        # Only the chosen colleague's open duties at this workroom: theirs to give in exchange.
        self.fields["counterpart_duty"].queryset = (
            Duty.objects.filter(
                representative=counterpart,
                shift__workroom=shift.workroom,
                shift__date__gte=timezone.localdate(),
                attendance=Attendance.SCHEDULED,
            )
            .exclude(shift=shift)
            .select_related("shift")
            .order_by("shift__date", "shift__start_time", "pk")
            if counterpart is not None
            else Duty.objects.none()
        )
        self.fields["counterpart_duty"].label_from_instance = lambda d: (
            f"{show_date(d.shift.date)} {date_format(d.shift.date, 'D')} "
            f"{d.shift.start_time:%H:%M}–{d.shift.end_time:%H:%M}"
        )

    def clean(self):
        data = super().clean()
        other, person = data.get("counterpart_duty"), data.get("counterpart")
        if other and person and other.representative_id != person.pk:
            self.add_error(
                "counterpart_duty",
                _("Choose one of %(name)s's duties, or none.") % {"name": person.name},
            )
        return data


def _as_pk(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Remarks"), max_length=200, required=False)
