"""Forms of micro-wishes: recording a wish, fulfilling it (with an optional photo)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Wish
from core.dates import PAST, date_within
from core.once import OnceMixin
from core.personal_data import clean_phone
from core.uploads import validate_image_upload
from workrooms.forms import DateInput


class WishForm(OnceMixin, forms.ModelForm):
    class Meta:
        model = Wish
        fields = ["workroom", "resident_name", "resident_phone", "content", "place"]

    def __init__(self, *args, workrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workroom"].queryset = workrooms
        self.fields["resident_phone"].widget.input_type = "tel"

    def clean_resident_phone(self):
        return clean_phone(self.cleaned_data.get("resident_phone"))

    def _post_clean(self):
        pass


class FulfilForm(forms.Form):
    how = forms.CharField(label=_("How it was fulfilled"), widget=forms.Textarea(attrs={"rows": 3}))
    when = forms.DateField(label=_("Fulfilled on"), widget=DateInput)
    photo = forms.ImageField(label=_("Photo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["when"].initial = timezone.localdate()
        date_within(self.fields["when"], PAST)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            validate_image_upload(photo)
        return photo
