"""登记: the form that registers a request (who came, how, about what, where)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.personal_data import normalize_phone
from petitions import workflow
from petitions.models import Petition
from petitions.selectors import recent_shifts
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


class RegisterForm(forms.ModelForm):
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

    def __init__(self, *args, workrooms, **kwargs):
        super().__init__(*args, **kwargs)
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
        return cleaned

    def _post_clean(self):
        # The request is created by workflow.register, not by this form: skip model validation
        # of fields the form does not own (registered_by, registered_at).
        pass

    def register(self, actor) -> Petition:
        """Register the request (``workflow.register``) with the form's data."""
        fields = dict(self.cleaned_data)
        workroom = fields.pop("workroom")
        activity = fields.pop("activity", None)
        return workflow.register(workroom=workroom, actor=actor, activity=activity, **fields)
