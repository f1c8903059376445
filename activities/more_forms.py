"""Forms of the courses, research, liaison-talk and study pages. They validate input (scoped
choices, dates, files); the services check rights and states and make the changes."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import CourseTopic
from activities.research_services import validate_report_attachment
from workrooms.forms import DateInput


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class RepresentativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rep):
        return rep.name


class CourseForm(forms.Form):
    representative = RepresentativeChoiceField(label=_("Taught by"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=120)
    topic = forms.ChoiceField(label=_("Topic"), choices=CourseTopic.choices)
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=10, max_value=480)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)

    def __init__(self, *args, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = representatives
        self.fields["minutes"].initial = 60


class CourseOrderForm(forms.Form):
    unit = forms.CharField(label=_("Ordering branch or unit"), max_length=120)
    contact_name = forms.CharField(label=_("Contact"), max_length=40)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    preferred_dates = forms.CharField(
        label=_("Preferred dates"),
        max_length=120,
        help_text=_("For example: any Wednesday afternoon in March."),
    )
    expected_attendees = forms.IntegerField(
        label=_("Expected attendees"), min_value=0, max_value=10000, initial=20
    )


class OrderConfirmForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput(), required=False)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later date."))
        return value


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, area):
        return area.name


class ResearchTopicForm(forms.Form):
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


class ResearchReportForm(forms.Form):
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


class TalkForm(forms.Form):
    area = AreaChoiceField(label=_("Liaison office of"), queryset=None)
    representative = RepresentativeChoiceField(label=_("Representative"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    summary = forms.CharField(label=_("What was discussed"), widget=forms.Textarea)
    suggestions = forms.CharField(
        label=_("The representative's suggestions"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, areas, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["representative"].queryset = representatives
        self.fields["date"].initial = timezone.localdate()
        if len(areas) == 1:
            self.fields["area"].initial = areas[0]


class StudyPlanForm(forms.Form):
    area = AreaChoiceField(label=_("Area"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=160)
    content = forms.CharField(label=_("Plan"), widget=forms.Textarea)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["year"].initial = timezone.localdate().year


class StudySessionForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("Study plan"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=160)
    record = forms.CharField(label=_("Record"), widget=forms.Textarea, required=False)
    attended = forms.ModelMultipleChoiceField(
        label=_("Attended"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plans, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["attended"].queryset = representatives
        self.fields["attended"].label_from_instance = lambda rep: rep.name
        self.fields["date"].initial = timezone.localdate()
