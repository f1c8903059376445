"""Forms of the activity log: an activity, a photo."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.forms import RepresentativeChoices, TimeInput
from activities.models import Activity, ActivityType
from core.dates import HELD, date_within
from core.once import OnceMixin
from core.uploads import validate_image_upload
from workrooms.forms import DateInput


class ActivityForm(OnceMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "workroom",
            "type",
            "deliberation_kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "representatives",
            "other_participants",
            "attendees",
            "summary",
        ]
        widgets = {
            "date": DateInput,
            "start_time": TimeInput,
            "end_time": TimeInput,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "representatives": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "deliberation_kind": _("Micro-deliberation meetings (微议事) only."),
        }

    def __init__(self, *args, workrooms, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workroom"].queryset = workrooms
        self.fields["type"].queryset = ActivityType.objects.filter(is_active=True)
        self.fields["representatives"] = RepresentativeChoices(
            label=_("participating representatives"),
            queryset=representatives,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        date_within(self.fields["date"], HELD)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", _("The end is before the start."))
        kind = cleaned.get("type")
        if kind and kind.code == "deliberation" and not cleaned.get("deliberation_kind"):
            self.add_error("deliberation_kind", _("Choose the kind of deliberation meeting."))
        return cleaned

    def _post_clean(self):
        # The activity is saved by activities.services, not by this form.
        pass

    def service_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields.pop("once", None)
        return fields


class PhotoForm(OnceMixin, forms.Form):
    image = forms.ImageField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        validate_image_upload(image)
        return image
