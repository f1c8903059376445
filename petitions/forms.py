"""Forms of the request pages: registering a request and one form per workflow move.

Forms only validate input (scoped choices, required text, dates); the moves themselves are
checked and made by ``petitions.workflow``. Every step form carries the version of the request
the user saw, so a change made meanwhile by someone else is noticed instead of overwritten.
"""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from petitions.models import (
    Petition,
    ReplyMethod,
    Resolution,
    Satisfaction,
    Triage,
)
from petitions.selectors import current_representatives, handler_candidates, recent_shifts
from representatives.phones import normalize_phone
from workrooms.models import Workroom

# Mobile numbers (11 digits from 13–19), landlines with area code (0731 58581234) or without.
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11}|\d{7,8})$")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ShiftChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, shift):
        return (
            f"{shift.date:%Y-%m-%d} {shift.start_time:%H:%M}–{shift.end_time:%H:%M} "
            f"{shift.workroom.name}"
        )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.display_name


class RegisterForm(forms.ModelForm):
    """登记: who came, how, about what, at which workroom (and on which duty shift)."""

    workroom = forms.ModelChoiceField(label=_("Workroom"), queryset=Workroom.objects.none())
    duty_shift = ShiftChoiceField(
        label=_("Duty shift"),
        queryset=None,
        required=False,
        help_text=_("The reception duty the resident came to, if any."),
    )
    # Set when registering from an activity's page (a visit or a meeting): ?activity=<pk>.
    activity = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    class Meta:
        model = Petition
        fields = [
            "workroom",
            "channel",
            "category",
            "resident_name",
            "resident_phone",
            "resident_address",
            "resident_is_party_member",
            "anonymous_publicly",
            "title",
            "content",
            "duty_shift",
        ]
        widgets = {"content": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "anonymous_publicly": _(
                "The resident's name never appears on public pages or in reports."
            ),
        }

    def __init__(self, *args, workrooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workroom"].queryset = workrooms
        self.fields["duty_shift"].queryset = recent_shifts(workrooms)
        self.fields["activity"].queryset = Activity.objects.filter(
            workroom__in=workrooms, type__produces_requests=True
        )
        self.fields["resident_phone"].widget.input_type = "tel"

    def clean_resident_phone(self):
        phone = normalize_phone(self.cleaned_data.get("resident_phone", ""))
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError(
                _("Enter a mobile number (11 digits) or a landline number."), code="bad_phone"
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        shift, workroom = cleaned.get("duty_shift"), cleaned.get("workroom")
        if shift and workroom and shift.workroom_id != workroom.pk:
            self.add_error("duty_shift", _("This duty shift belongs to another workroom."))
        activity = cleaned.get("activity")
        if activity and workroom and activity.workroom_id != workroom.pk:
            self.add_error("workroom", _("The activity took place at another workroom."))
        return cleaned

    def _post_clean(self):
        # The request is created by workflow.register, not by this form: skip model validation
        # of fields the form does not own (registered_by, registered_at).
        pass

    def register_fields(self) -> dict:
        """The keyword arguments for ``workflow.register`` (besides workroom and actor)."""
        fields = dict(self.cleaned_data)
        fields.pop("workroom")
        fields.pop("activity", None)
        return fields


# --- step forms ---------------------------------------------------------------------------------


class StepForm(forms.Form):
    """Base of the step forms: knows the request and the user, carries the version seen."""

    move = ""  # the workflow move (``MOVES`` key) the form is for
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, petition: Petition, user, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("version", petition.version)
        # Many step forms share the detail page: keep their element ids apart.
        kwargs.setdefault("auto_id", f"id_{self.move}_%s")
        self.petition = petition
        self.user = user
        super().__init__(*args, **kwargs)


def _text(label, *, required=True, rows=3, max_length=4000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ReceiveForm(StepForm):
    """接待: triage (请示办 or 限时办; 当场办 has its own form) and the responsible handler."""

    move = "receive"

    triage = forms.ChoiceField(
        label=_("Triage"),
        choices=[
            (Triage.TIME_LIMITED, Triage.TIME_LIMITED.label),
            (Triage.REFER_UP, Triage.REFER_UP.label),
        ],
        widget=forms.RadioSelect,
    )
    handler = UserChoiceField(label=_("Responsible handler"), queryset=None)
    receiving_representative = forms.ModelChoiceField(
        label=_("Receiving representative"), queryset=None, required=False
    )
    note = _text(_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workroom = self.petition.workroom
        self.fields["handler"].queryset = handler_candidates(workroom)
        self.fields["receiving_representative"].queryset = current_representatives(workroom)
        # "谁走访谁负责": whoever receives the resident is the default handler.
        self.fields["handler"].initial = self.user.pk
        self.fields["receiving_representative"].initial = _own_representative_id(self.user)


def _own_representative_id(user):
    representative = getattr(user, "representative", None)
    return representative.pk if representative is not None else None


class OnTheSpotForm(StepForm):
    """小事当场办: what was done and what the resident was told, in one sitting."""

    move = "on_the_spot"

    handling_result = _text(_("What was done"))
    reply_content = _text(_("What the resident was told"))
    reply_method = forms.ChoiceField(
        label=_("Replied by"), choices=ReplyMethod.choices, initial=ReplyMethod.IN_PERSON
    )
    receiving_representative = forms.ModelChoiceField(
        label=_("Receiving representative"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_representative"].queryset = current_representatives(
            self.petition.workroom
        )
        self.fields["receiving_representative"].initial = _own_representative_id(self.user)


class NoteForm(StepForm):
    move = "note"
    note = _text(_("Progress note"))


class AttachForm(StepForm):
    move = "attach"
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A photo (JPEG, PNG, WebP), a PDF, or a Word or Excel document; 10 MB at most."
        ),
    )

    def clean_file(self):
        from petitions.attachments import validate_attachment

        upload = self.cleaned_data["file"]
        validate_attachment(upload)
        return upload


class TransferForm(StepForm):
    move = "transfer"
    to_workroom = forms.ModelChoiceField(label=_("To workroom"), queryset=None)
    reason = _text(_("Reason"))

    def __init__(self, *args, **kwargs):
        from petitions.workflow import transfer_targets

        super().__init__(*args, **kwargs)
        self.fields["to_workroom"].queryset = transfer_targets(
            self.petition, escalation=False
        ).order_by("area__path", "name")


class EscalateForm(StepForm):
    """Up the tree: "小事不出小区、大事不出社区、难事不出街道". The target is the nearest
    workroom above, so only the reason is asked for."""

    move = "escalate"

    reason = _text(_("Reason"))

    def __init__(self, *args, **kwargs):
        from petitions.workflow import transfer_targets

        super().__init__(*args, **kwargs)
        self.target = transfer_targets(self.petition, escalation=True).first()

    def clean(self):
        cleaned = super().clean()
        if self.target is None:
            raise forms.ValidationError(
                _("There is no workroom above this one to escalate to."), code="no_target"
            )
        return cleaned


class ReassignForm(StepForm):
    move = "reassign"
    handler = UserChoiceField(label=_("New responsible handler"), queryset=None)
    note = _text(_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_candidates(self.petition.workroom).exclude(
            pk=self.petition.handler_id
        )


class HandleForm(StepForm):
    move = "handle"
    result = _text(_("What was done"), rows=4)


class ReplyForm(StepForm):
    move = "reply"
    content = _text(_("What the resident was told"), rows=4)
    method = forms.ChoiceField(label=_("Replied by"), choices=ReplyMethod.choices)
    replied_at = forms.DateTimeField(
        label=_("Replied at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave empty for now."),
    )

    def clean_replied_at(self):
        replied_at = self.cleaned_data.get("replied_at")
        if replied_at is None:
            return None
        if replied_at > timezone.now():
            raise forms.ValidationError(_("The reply cannot be in the future."), code="future")
        received_at = self.petition.received_at
        if received_at and replied_at < received_at.replace(second=0, microsecond=0):
            raise forms.ValidationError(
                _("The reply cannot be before the request was received."), code="too_early"
            )
        if received_at and replied_at < received_at:
            # Same minute as the reception: the form has no seconds, keep the order right.
            replied_at = received_at
        return replied_at


class FeedbackForm(StepForm):
    """回访: satisfaction and resolution. Dissatisfied or not solved sends it back."""

    move = "feedback"

    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    resolution = forms.ChoiceField(
        label=_("Resolution"), choices=Resolution.choices, widget=forms.RadioSelect
    )
    note = _text(_("Note"), required=False)


class ArchiveForm(StepForm):
    move = "archive"
    note = _text(_("Note"), required=False, rows=2)


class UnarchiveForm(StepForm):
    move = "unarchive"
    reason = _text(_("Reason"))


STEP_FORMS: dict[str, type[StepForm]] = {
    form.move: form
    for form in (
        ReceiveForm,
        OnTheSpotForm,
        NoteForm,
        AttachForm,
        TransferForm,
        EscalateForm,
        ReassignForm,
        HandleForm,
        ReplyForm,
        FeedbackForm,
        ArchiveForm,
        UnarchiveForm,
    )
}
