"""Printing a workroom's archive of a month (the ledger page's print form)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.months import MonthField
from workrooms.models import Workroom


class ArchiveForm(forms.Form):
    workroom = forms.ModelChoiceField(label=_("Workroom"), queryset=Workroom.objects.none())
    month = MonthField(label=_("Month"))

    def __init__(self, *args, workrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workroom"].queryset = workrooms

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month is not None and month > timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("That month has not begun."), code="future")
        return month
