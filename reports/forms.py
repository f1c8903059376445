from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.months import FIRST_MONTH, LAST_MONTH, MonthField, in_window
from reports.selectors import rollup_areas_visible_to


class GenerateForm(forms.Form):
    """Ask for a district's reports of one month: its roll-up and every workroom's report."""

    area = forms.ModelChoiceField(label=_("District"), queryset=None)
    month = MonthField(label=_("Month"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = rollup_areas_visible_to(user)
        self.fields["month"].widget.attrs["max"] = f"{timezone.localdate():%Y-%m}"

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month is not None and not in_window(month):
            raise forms.ValidationError(
                _("Enter a month between %(first)s and %(last)s.")
                % {"first": f"{FIRST_MONTH:%Y-%m}", "last": f"{LAST_MONTH:%Y-%m}"},
                code="month_out_of_window",
            )
        if month is not None and month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(
                _(
                    "%(month)s has not begun: reports are made for months that have ended, "
                    "and the current month can be previewed."
                )
                % {"month": f"{month:%Y-%m}"},
                code="future_month",
            )
        return month
