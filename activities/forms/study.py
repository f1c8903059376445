"""Forms of study (研学): a study plan, a session and who attended."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.forms import AreaChoiceField
from core.choices import BoundedModelMultipleChoiceField
from core.dates import HELD, date_within
from core.once import OnceMixin
from workrooms.forms import DateInput


class StudyPlanForm(OnceMixin, forms.Form):
    area = AreaChoiceField(label=_("Area"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=160)
    content = forms.CharField(label=_("Plan"), widget=forms.Textarea)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["year"].initial = timezone.localdate().year


class StudySessionForm(OnceMixin, forms.Form):
    plan = forms.ModelChoiceField(label=_("Study plan"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=160)
    record = forms.CharField(
        label=pgettext_lazy("study session", "Record"), widget=forms.Textarea, required=False
    )
    attended = BoundedModelMultipleChoiceField(
        label=_("Attended"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plans, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["attended"].queryset = representatives
        self.fields["attended"].label_from_instance = lambda rep: rep.name
        self.fields["date"].initial = timezone.localdate()
        date_within(self.fields["date"], HELD)
