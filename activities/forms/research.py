"""Forms of the research topics: a topic, a report (its attachment checked by content), the
liaison office's forward and reply."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.forms import AreaChoiceField, RepresentativeChoiceField
from activities.services.research import validate_report_attachment
from core.once import OnceMixin


class ResearchTopicForm(OnceMixin, forms.Form):
    area = AreaChoiceField(label=_("Area"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Half year"),
        coerce=int,
        choices=[(1, _("first half")), (2, _("second half"))],
    )
    title = forms.CharField(label=_("Topic"), max_length=160)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["half"].initial = 1 if today.month <= 6 else 2


class ResearchReportForm(OnceMixin, forms.Form):
    representative = RepresentativeChoiceField(label=_("Representative"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=160)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea)
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("PDF or Word (.docx), up to 10 MB."),
    )

    def __init__(self, *args, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = representatives
        if representatives.count() == 1:
            self.fields["representative"].initial = representatives.first()

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_report_attachment(upload)
        return upload


class ForwardForm(forms.Form):
    forwarded_to = forms.CharField(
        label=_("Forward to"),
        max_length=120,
        help_text=_("The subdistrict or department that must reply."),
    )
    workdays = forms.IntegerField(
        label=_("Reply within (working days)"), min_value=1, max_value=60, initial=15
    )


class ReplyForm(forms.Form):
    reply_text = forms.CharField(label=_("Written reply"), widget=forms.Textarea)
