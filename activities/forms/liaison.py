"""The form of a liaison talk (个别谈话)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.forms import AreaChoiceField, RepresentativeChoiceField
from core.dates import PAST, date_within
from core.once import OnceMixin
from workrooms.forms import DateInput


class TalkForm(OnceMixin, forms.Form):
    area = AreaChoiceField(label=_("Liaison office of"), queryset=None)
    representative = RepresentativeChoiceField(label=_("Representative"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    summary = forms.CharField(label=_("What was discussed"), widget=forms.Textarea)
    suggestions = forms.CharField(
        label=_("The representative's suggestions"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, areas, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["representative"].queryset = representatives
        self.fields["date"].initial = timezone.localdate()
        date_within(self.fields["date"], PAST)
        if len(areas) == 1:
            self.fields["area"].initial = areas[0]
