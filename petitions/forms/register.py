"""登记: the form that registers a request (who came, how, about what, where)."""

from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.once import OnceMixin
from core.personal_data import normalize_phone
from petitions import workflow
from petitions.models import Channel, Petition
from petitions.selectors import likely_duplicates, recent_shifts
from workrooms.models import Workroom

# Mobile numbers (11 digits from 13–19), landlines with area code (0731 58581234) or without.
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11}|\d{7,8})$")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ShiftChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, shift):
        return (
            f"{shift.date:%Y-%m-%d} {shift.start_time:%H:%M}–{shift.end_time:%H:%M} "
            f"{shift.workroom.name}"
        )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.display_name


class RegisterForm(OnceMixin, forms.ModelForm):
    """登记: who came, how, about what, at which workroom (and on which duty shift)."""

    workroom = forms.ModelChoiceField(label=_("Workroom"), queryset=Workroom.objects.none())
    duty_shift = ShiftChoiceField(
        label=_("Duty shift"),
        queryset=None,
        required=False,
        help_text=_("The reception duty the resident came to, if any."),
    )
    # Set when registering from an activity's page (a visit or a meeting): ?activity=<pk>.
    activity = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    visited_at = forms.DateTimeField(
        label=_("Visit time"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("When the resident came: change it to log earlier visits (up to 30 days)."),
    )
    # Shown (as a checkbox) only when the same resident has an open request of this kind.
    confirm_duplicate = forms.BooleanField(
        label=_("It is a different matter: register it anyway"),
        required=False,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Petition
        fields = [
            "workroom",
            "channel",
            "category",
            "resident_name",
            "resident_phone",
            "resident_address",
            "resident_is_party_member",
            "anonymous_publicly",
            "title",
            "content",
            "duty_shift",
        ]
        widgets = {"content": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "anonymous_publicly": _(
                "The resident's name never appears on public pages or in reports."
            ),
        }

    # When and how first: logging a visit starts with it.
    field_order = ["workroom", "channel", "visited_at", "category"]

    def __init__(self, *args, workrooms, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicates: list[Petition] = []
        self.fields["channel"].initial = self.initial.get("channel", Channel.VISIT)
        self.fields["visited_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["workroom"].queryset = workrooms
        self.fields["duty_shift"].queryset = recent_shifts(workrooms)
        # Through the relation: activities sit above requests and are not imported here.
        activities = Petition.activity.field.related_model.objects
        self.fields["activity"].queryset = activities.filter(
            workroom__in=workrooms, type__produces_requests=True
        )
        self.fields["resident_phone"].widget.input_type = "tel"

    def clean_resident_phone(self):
        phone = normalize_phone(self.cleaned_data.get("resident_phone", ""))
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Enter a mobile number (11 digits) or a landline number."), code="bad_phone"
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        shift, workroom = cleaned.get("duty_shift"), cleaned.get("workroom")
        if shift and workroom and shift.workroom_id != workroom.pk:
            self.add_error("duty_shift", _("This duty shift belongs to another workroom."))
        activity = cleaned.get("activity")
        if activity and workroom and activity.workroom_id != workroom.pk:
            self.add_error("workroom", _("The activity took place at another workroom."))
        visited = cleaned.get("visited_at")
        now = timezone.now()
        if visited and visited > now + timedelta(minutes=1):
            self.add_error("visited_at", _("The visit cannot be in the future."))
        elif visited and visited < now - timedelta(days=workflow.BACKDATE_DAYS):
            self.add_error("visited_at", _("A visit can be logged up to 30 days back."))
        self._check_duplicates(cleaned)
        return cleaned

    def _check_duplicates(self, cleaned) -> None:
        if self.user is None or cleaned.get("confirm_duplicate"):
            return
        self.duplicates = likely_duplicates(
            self.user,
            phone=cleaned.get("resident_phone", ""),
            category=cleaned.get("category", ""),
            workroom=cleaned.get("workroom"),
        )
        if self.duplicates:
            self.fields["confirm_duplicate"].widget = forms.CheckboxInput()
            self.add_error(
                None,
                _("This resident already has an open request of this kind: %(refs)s.")
                % {"refs": "、".join(f"{p.reference} {p.title}" for p in self.duplicates)},
            )

    def _post_clean(self):
        # The request is created by workflow.register, not by this form: skip model validation
        # of fields the form does not own (registered_by, registered_at).
        pass

    def register(self, actor) -> Petition:
        """Register the request (``workflow.register``) with the form's data."""
        fields = dict(self.cleaned_data)
        workroom = fields.pop("workroom")
        activity = fields.pop("activity", None)
        visited = fields.pop("visited_at", None)
        fields.pop("confirm_duplicate", None)
        fields.pop("once", None)
        now = timezone.now()
        # Unchanged (the minute the form was opened, or a moment ago): no back-dating to note.
        backdated = visited if visited and now - visited > timedelta(minutes=10) else None
        return workflow.register(
            workroom=workroom, actor=actor, activity=activity, registered_at=backdated, **fields
        )
