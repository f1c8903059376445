from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.months import FIRST_MONTH, LAST_MONTH, in_window
from reports.selectors import rollup_areas_visible_to


def parse_month(value: str | None) -> date | None:
    """'2026-01' → date(2026, 1, 1); None when empty or malformed."""
    try:
        year, month = (int(p) for p in (value or "").split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        value = super().to_python(value)
        month = parse_month(value)
        if value and month is None:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."))
        return month


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
