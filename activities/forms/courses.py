"""Forms of the menu courses: publishing a course, ordering one, confirming an order."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.forms import RepresentativeChoiceField, TimeInput
from activities.models import CourseTopic
from core.dates import UPCOMING, date_within
from core.once import OnceMixin
from core.personal_data import clean_phone
from workrooms.forms import DateInput


class CourseForm(OnceMixin, forms.Form):
    representative = RepresentativeChoiceField(label=_("Taught by"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=120)
    topic = forms.ChoiceField(label=pgettext_lazy("course", "Topic"), choices=CourseTopic.choices)
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=10, max_value=480)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = representatives
        self.fields["minutes"].initial = 60


class CourseOrderForm(OnceMixin, forms.Form):
    unit = forms.CharField(label=_("Ordering branch or unit"), max_length=120)
    contact_name = forms.CharField(label=_("Contact"), max_length=40)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    preferred_dates = forms.CharField(
        label=_("Preferred dates"),
        max_length=120,
        help_text=_("For example: any Wednesday afternoon in March."),
    )
    expected_attendees = forms.IntegerField(
        label=_("Expected attendees"), min_value=0, max_value=10000, initial=20
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_phone"].widget.input_type = "tel"

    def clean_contact_phone(self):
        return clean_phone(self.cleaned_data.get("contact_phone"))


class OrderConfirmForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput(), required=False)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_within(self.fields["date"], UPCOMING)

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return value
