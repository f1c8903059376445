"""The residents' forms: a request and a micro-wish, each with the personal-information notice
and its consent. Bot checks and rate limits are the views' (``public.limits``); the photos'
content checks and metadata stripping are ``core.uploads``'."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.botcheck import BotCheckMixin
from core.personal_data import MOBILE_RE, clean_phone
from petitions.models import Category, Resolution, Satisfaction

MAX_PHOTOS = 3
# The notice's version, recorded with every consent: change it when the notice text changes.
NOTICE_VERSION = "2026-12"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ``MAX_PHOTOS`` photos in one input (Django's documented multiple-upload pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(count)d photos.") % {"count": MAX_PHOTOS}, code="too_many"
            )
        return [super(PhotosField, self).clean(f, initial) for f in files]


def _mobile(value: str) -> str:
    phone = clean_phone(value)
    if not MOBILE_RE.match(phone):
        raise ValidationError(
            _("Enter your mobile number (11 digits): the workroom calls you back on it."),
            code="bad_phone",
        )
    return phone


class ConsentMixin(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read the notice above and agree that my information is used for it."),
        error_messages={"required": _("Without your consent we cannot take your submission.")},
    )


class RequestForm(BotCheckMixin, ConsentMixin, forms.Form):
    """What a resident tells the workroom (诉求): short, on a phone."""

    content = forms.CharField(
        label=_("What happened, and what you ask for"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Choose one")), *Category.choices]
    )
    place = forms.CharField(
        label=_("Where (street, compound, building)"), max_length=120, required=False
    )
    resident_name = forms.CharField(label=_("Your name"), max_length=40)
    resident_phone = forms.CharField(
        label=_("Your mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    show_name = forms.BooleanField(
        label=_("My name may be shown when the workroom reports on the matter"), required=False
    )
    photos = PhotosField(label=_("Photos (at most 3, optional)"), required=False)
    send_sms = forms.BooleanField(label=_("Send me the tracking code by SMS"), required=False)

    field_order = [
        "content",
        "category",
        "place",
        "photos",
        "resident_name",
        "resident_phone",
        "show_name",
        "send_sms",
        "consent",
    ]

    def clean_resident_phone(self):
        return _mobile(self.cleaned_data["resident_phone"])

    def clean_resident_name(self):
        return self.cleaned_data["resident_name"].strip()

    def title(self) -> str:
        """The subject staff see in lists: the first line of what the resident wrote."""
        first = self.cleaned_data["content"].strip().splitlines()[0].strip()
        return first if len(first) <= 30 else f"{first[:29]}…"


class WishForm(BotCheckMixin, ConsentMixin, forms.Form):
    """A micro-wish (微心愿): a small need a representative can take on."""

    content = forms.CharField(
        label=_("The wish"),
        min_length=4,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resident_name = forms.CharField(label=_("Whose wish (shown masked, e.g. 王*)"), max_length=40)
    place = forms.CharField(label=_("Where"), max_length=120, required=False)
    resident_phone = forms.CharField(
        label=_("Your mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    send_sms = forms.BooleanField(label=_("Send me the tracking code by SMS"), required=False)

    field_order = ["content", "resident_name", "place", "resident_phone", "send_sms", "consent"]

    def clean_resident_phone(self):
        return _mobile(self.cleaned_data["resident_phone"])


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class FeedbackForm(forms.Form):
    """反馈 from the resident: the same three answers as the return visit."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=30)
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    resolution = forms.ChoiceField(
        label=_("Was the matter solved?"), choices=Resolution.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything to add (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
