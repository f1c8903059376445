"""Forms of micro-deliberation resolutions: a matter agreed, its follow-up."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import ResolutionStatus
from core.dates import DUE, date_within
from core.once import OnceMixin
from representatives.models import Representative
from workrooms.forms import DateInput


class ResolutionForm(OnceMixin, forms.Form):
    text = forms.CharField(label=_("Matter agreed"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Representative.objects.none(), required=False
    )
    owner_note = forms.CharField(
        label=_("Owner (other)"),
        max_length=100,
        required=False,
        help_text=_("A department, property company or person who is not a representative."),
    )
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput)

    def __init__(self, *args, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = representatives
        self.fields["owner"].label_from_instance = lambda rep: rep.name
        date_within(self.fields["due_date"], DUE)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("owner") and not cleaned.get("owner_note", "").strip():
            raise forms.ValidationError(_("Name who is responsible for this resolution."))
        return cleaned


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ResolutionStatus.IN_PROGRESS, ResolutionStatus.IN_PROGRESS.label),
            (ResolutionStatus.DONE, ResolutionStatus.DONE.label),
        ],
    )
    note = forms.CharField(
        label=pgettext_lazy("follow-up of a resolution", "Progress"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
