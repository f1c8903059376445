from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleKind, User
from core.choices import BoundedModelMultipleChoiceField
from core.dates import PAST, TERM, date_within
from core.dates import DateInput as DateInput  # re-exported: apps above import it from here
from core.uploads import validate_image_upload
from workrooms.models import ChecklistEntry, Workroom


class WorkroomForm(forms.ModelForm):
    class Meta:
        model = Workroom
        fields = [
            "name",
            "address",
            "reception_hours",
            "service_theme",
            "phone",
            "liaison_officers",
            "standard",
            "opened_on",
            "is_active",
        ]
        widgets = {
            "opened_on": DateInput(),
            "liaison_officers": forms.CheckboxSelectMultiple,
        }
        field_classes = {"liaison_officers": BoundedModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Liaison officers are staff whose clerk role covers this workroom's area.
        area = self.instance.area
        current = self.instance.liaison_officers.all() if self.instance.pk else User.objects.none()
        self.fields["liaison_officers"].queryset = User.objects.filter(
            Q(pk__in=_clerks_reaching(area)) | Q(pk__in=current.values("pk"))
        ).order_by("full_name", "username")
        date_within(self.fields["opened_on"], TERM)


def _clerks_reaching(area):
    """Users with a clerk role on the area itself or one of its ancestors."""
    paths = [area.path[:n] for n in range(area.steplen, len(area.path) + 1, area.steplen)]
    return User.objects.filter(
        roles__kind=RoleKind.CLERK, roles__area__path__in=paths, is_active=True
    ).values("pk")


class ChecklistEntryForm(forms.ModelForm):
    class Meta:
        model = ChecklistEntry
        fields = ["status", "note", "photo", "checked_on"]
        widgets = {
            "checked_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        if not self.instance.pk:
            self.initial.setdefault("checked_on", timezone.localdate())
        date_within(self.fields["checked_on"], PAST)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            validate_image_upload(photo)
        return photo

    def clean_checked_on(self):
        checked_on = self.cleaned_data["checked_on"]
        if checked_on > timezone.localdate():
            raise forms.ValidationError(_("The date checked cannot be in the future."))
        return checked_on

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        has_evidence = cleaned.get("note") or cleaned.get("photo")
        if status and status != "not_met" and not has_evidence:
            raise forms.ValidationError(
                _("Give the evidence: a note, a photo or both."), code="no_evidence"
            )
        return cleaned
