from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.personal_data import is_valid_mobile, normalize_phone
from notices.models import Channel
from notices.services import enabled_channels, preference_of


class PreferenceForm(forms.Form):
    """A person's channels besides the inbox: e-mail and SMS (with their mobile number). Only
    the channels the deployment uses are offered."""

    email = forms.BooleanField(label=gettext_lazy("Also by e-mail"), required=False)
    sms = forms.BooleanField(label=gettext_lazy("Also by SMS"), required=False)
    phone = forms.CharField(label=gettext_lazy("Mobile number"), max_length=20, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        channels = enabled_channels()
        if Channel.EMAIL not in channels:
            del self.fields["email"]
        if Channel.SMS not in channels:
            del self.fields["sms"]
            del self.fields["phone"]

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data.get("phone", ""))
        if phone and not is_valid_mobile(phone):
            raise forms.ValidationError(
                _("Enter an 11-digit mobile number, e.g. 13812345678."), code="bad_phone"
            )
        return phone

    def clean(self):
        data = super().clean()
        if data.get("sms") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Give the mobile number the messages go to."))
        return data


def preferences_form(user) -> PreferenceForm:
    """The form as the account page shows it: the user's current choices."""
    choice = preference_of(user)
    return PreferenceForm(
        user=user, initial={"email": choice.email, "sms": choice.sms, "phone": user.phone}
    )
