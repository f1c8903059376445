"""Forms of the activity and micro-wish pages. They validate input with scoped choices; the
rights and states are checked by ``activities.services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityType, ResolutionStatus, Wish
from core.uploads import validate_image_upload
from representatives.models import Representative


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class RepresentativeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, rep):
        return rep.name


class ActivityForm(forms.ModelForm):
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
        return dict(self.cleaned_data)


class PhotoForm(forms.Form):
    image = forms.ImageField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        validate_image_upload(image)
        return image


class ResolutionForm(forms.Form):
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
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class WishForm(forms.ModelForm):
    class Meta:
        model = Wish
        fields = ["workroom", "resident_name", "resident_phone", "content", "place"]

    def __init__(self, *args, workrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workroom"].queryset = workrooms
        self.fields["resident_phone"].widget.input_type = "tel"

    def _post_clean(self):
        pass


class FulfilForm(forms.Form):
    how = forms.CharField(label=_("How it was fulfilled"), widget=forms.Textarea(attrs={"rows": 3}))
    when = forms.DateField(label=_("Fulfilled on"), widget=DateInput)
    photo = forms.ImageField(label=_("Photo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when"].initial = timezone.localdate()

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_image_upload(photo)
        return photo
