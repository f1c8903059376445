from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.months import MonthField
from reports.selectors import rollup_areas_visible_to


class GenerateForm(forms.Form):
    """Ask for a district's reports of one month: its roll-up and every workroom's report."""

    area = forms.ModelChoiceField(label=_("District"), queryset=None)
    month = MonthField(label=_("Month"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = rollup_areas_visible_to(user)
        self.fields["area"].queryset = areas
        # A liaison office of one district has nothing to choose: it is chosen already.
        if not self.is_bound and "area" not in self.initial:
            only = list(areas[:2])
            if len(only) == 1:
                self.initial["area"] = only[0].pk
        self.fields["month"].widget.attrs["max"] = f"{timezone.localdate():%Y-%m}"

    def clean_month(self):
        month = self.cleaned_data["month"]
        # Months outside the years served are refused by MonthField itself (core.months).
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
