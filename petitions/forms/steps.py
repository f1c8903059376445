"""One form per workflow move. Forms validate input (scoped choices, required text, dates) and
``perform`` the move through ``petitions.workflow``, which checks and makes it. Every step form
carries the version of the request the user saw, so a change made meanwhile by someone else is
noticed instead of overwritten.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.uploads import validate_attachment
from petitions import referrals, workflow
from petitions.attachments import attachment_add
from petitions.forms.register import DateTimeInput, UserChoiceField
from petitions.models import Petition, ReplyMethod, Resolution, Satisfaction, State, Triage
from petitions.selectors import current_representatives, handler_candidates


class StepForm(forms.Form):
    """Base of the step forms: knows the request and the user, carries the version seen."""

    move = ""  # the workflow move (``MOVES`` key) the form is for
    success = ""  # shown once the move is made
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, petition: Petition, user, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("version", petition.version)
        # Many step forms share the detail page: keep their element ids apart.
        kwargs.setdefault("auto_id", f"id_{self.move}_%s")
        self.petition = petition
        self.user = user
        super().__init__(*args, **kwargs)

    def perform(self, petition: Petition, actor: User) -> str | None:
        """Make the move with the form's data; a text returned is shown as a warning."""
        raise NotImplementedError

    @property
    def seen(self) -> int:
        """The version of the request the user saw."""
        return self.cleaned_data["version"]


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
    superior = UserChoiceField(
        label=_("Ask (请示)"),
        queryset=None,
        required=False,
        help_text=_("For 请示办: the liaison office or staff of a workroom above."),
    )
    question = _text(_("What is asked"), required=False)
    note = _text(_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workroom = self.petition.workroom
        self.fields["handler"].queryset = handler_candidates(workroom)
        self.fields["receiving_representative"].queryset = current_representatives(workroom)
        self.fields["superior"].queryset = referrals.superiors_for(self.petition)
        # "谁走访谁负责": whoever receives the resident is the default handler.
        self.fields["handler"].initial = self.user.pk
        self.fields["receiving_representative"].initial = _own_representative_id(self.user)

    success = _("The request has been received.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("triage") == Triage.REFER_UP:
            # 请示办 is a step of its own: the question goes to a named superior at once.
            if not cleaned.get("superior"):
                self.add_error("superior", _("Name who is asked."))
            if not (cleaned.get("question") or "").strip():
                self.add_error("question", _("Write what you ask."))
        return cleaned

    def perform(self, petition, actor):
        data = self.cleaned_data
        with transaction.atomic():
            workflow.receive(
                petition,
                actor=actor,
                version=self.seen,
                triage=data["triage"],
                handler=data["handler"],
                receiving_representative=data["receiving_representative"],
                note=data["note"],
            )
            if data["triage"] == Triage.REFER_UP:
                referrals.refer(
                    petition, actor=actor, superior=data["superior"], question=data["question"]
                )


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
    # The resident is there: their satisfaction closes the matter in the same sitting.
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    resolution = forms.ChoiceField(
        label=_("Resolution"), choices=Resolution.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_representative"].queryset = current_representatives(
            self.petition.workroom
        )
        self.fields["receiving_representative"].initial = _own_representative_id(self.user)

    success = _("The request has been answered on the spot.")

    def perform(self, petition, actor):
        data = self.cleaned_data
        workflow.answer_on_the_spot(
            petition,
            actor=actor,
            version=self.seen,
            handling_result=data["handling_result"],
            reply_content=data["reply_content"],
            reply_method=data["reply_method"],
            receiving_representative=data["receiving_representative"],
            satisfaction=data["satisfaction"],
            resolution=data["resolution"],
        )
        if petition.state == State.ARCHIVED:
            return gettext("The resident is satisfied: the request is closed and archived.")
        if petition.state == State.RECEIVED:
            return gettext("The resident is not satisfied: the request goes back to handling.")
        return None


class ReferForm(StepForm):
    """请示: ask a named superior about the request; the result waits for the answer."""

    move = "refer"
    superior = UserChoiceField(label=_("Ask (请示)"), queryset=None)
    question = _text(_("What is asked"))

    success = _("The question has been sent.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["superior"].queryset = referrals.superiors_for(self.petition)

    def perform(self, petition, actor):
        referrals.refer(
            petition,
            actor=actor,
            superior=self.cleaned_data["superior"],
            question=self.cleaned_data["question"],
            version=self.seen,
        )


class ReferralAnswerForm(forms.Form):
    """The superior's answer to a 请示."""

    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[(name, referrals.MACHINE[name].label) for name in referrals.ANSWERS],
        widget=forms.RadioSelect,
        initial="approve",
    )
    text = _text(_("Instructions or comment"), required=False)


class NoteForm(StepForm):
    move = "note"
    note = _text(_("Progress note"))

    success = _("The note has been added.")

    def perform(self, petition, actor):
        workflow.add_note(petition, actor=actor, note=self.cleaned_data["note"], version=self.seen)


class AttachForm(StepForm):
    move = "attach"
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A photo (JPEG, PNG, WebP), a PDF, or a Word or Excel document; 10 MB at most."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_attachment(upload)
        return upload

    success = _("The file has been attached.")

    def perform(self, petition, actor):
        attachment_add(petition, actor=actor, upload=self.cleaned_data["file"], version=self.seen)


class TransferForm(StepForm):
    move = "transfer"
    to_workroom = forms.ModelChoiceField(label=_("To workroom"), queryset=None)
    reason = _text(_("Reason"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_workroom"].queryset = workflow.transfer_targets(
            self.petition, escalation=False
        ).order_by("area__path", "name")

    success = _("The request has been transferred.")

    def perform(self, petition, actor):
        workflow.transfer(
            petition,
            actor=actor,
            to_workroom=self.cleaned_data["to_workroom"],
            reason=self.cleaned_data["reason"],
            version=self.seen,
        )


class EscalateForm(StepForm):
    """Up the tree: "小事不出小区、大事不出社区、难事不出街道". The target is the nearest
    workroom above, so only the reason is asked for."""

    move = "escalate"

    reason = _text(_("Reason"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = workflow.transfer_targets(self.petition, escalation=True).first()

    def clean(self):
        cleaned = super().clean()
        if self.target is None:
            raise forms.ValidationError(
                _("There is no workroom above this one to escalate to."), code="no_target"
            )
        return cleaned

    success = _("The request has been escalated.")

    def perform(self, petition, actor):
        workflow.escalate(
            petition, actor=actor, reason=self.cleaned_data["reason"], version=self.seen
        )


class ReassignForm(StepForm):
    move = "reassign"
    handler = UserChoiceField(label=_("New responsible handler"), queryset=None)
    note = _text(_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handler_candidates(self.petition.workroom).exclude(
            pk=self.petition.handler_id
        )

    success = _("The handler has been changed.")

    def perform(self, petition, actor):
        workflow.reassign(
            petition,
            actor=actor,
            handler=self.cleaned_data["handler"],
            note=self.cleaned_data["note"],
            version=self.seen,
        )


class HandleForm(StepForm):
    move = "handle"
    result = _text(_("What was done"), rows=4)

    success = _("The result has been recorded.")

    def perform(self, petition, actor):
        workflow.handle(
            petition, actor=actor, result=self.cleaned_data["result"], version=self.seen
        )


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

    success = _("The reply has been recorded.")

    def perform(self, petition, actor):
        workflow.reply(
            petition,
            actor=actor,
            version=self.seen,
            content=self.cleaned_data["content"],
            method=self.cleaned_data["method"],
            replied_at=self.cleaned_data["replied_at"],
        )


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

    success = _("The return visit has been recorded.")

    def perform(self, petition, actor):
        workflow.feedback(
            petition,
            actor=actor,
            satisfaction=self.cleaned_data["satisfaction"],
            resolution=self.cleaned_data["resolution"],
            note=self.cleaned_data["note"],
            version=self.seen,
        )
        if petition.state == State.RECEIVED:
            return gettext("The resident is not satisfied: the request goes back to handling.")
        return None


class ArchiveForm(StepForm):
    move = "archive"
    note = _text(_("Note"), required=False, rows=2)

    success = _("The request has been archived.")

    def perform(self, petition, actor):
        workflow.archive(petition, actor=actor, note=self.cleaned_data["note"], version=self.seen)


class UnarchiveForm(StepForm):
    move = "unarchive"
    reason = _text(_("Reason"))

    success = _("The request has been taken out of the archive.")

    def perform(self, petition, actor):
        workflow.unarchive(
            petition, actor=actor, reason=self.cleaned_data["reason"], version=self.seen
        )


class SpamForm(StepForm):
    """Spam or abuse raised online: out of the queue and the counts, kept for the record."""

    move = "spam"
    reason = forms.CharField(label=_("Why it is spam or abuse"), max_length=200)

    success = _("Marked as spam: the request has left the queue and the counts.")

    def perform(self, petition, actor):
        workflow.mark_spam(
            petition, actor=actor, reason=self.cleaned_data["reason"], version=self.seen
        )


class NotSpamForm(StepForm):
    move = "not_spam"

    success = _("The request is back in the queue.")

    def perform(self, petition, actor):
        workflow.not_spam(petition, actor=actor, version=self.seen)


STEP_FORMS: dict[str, type[StepForm]] = {
    form.move: form
    for form in (
        ReceiveForm,
        OnTheSpotForm,
        NoteForm,
        ReferForm,
        AttachForm,
        TransferForm,
        EscalateForm,
        ReassignForm,
        HandleForm,
        ReplyForm,
        FeedbackForm,
        ArchiveForm,
        UnarchiveForm,
        SpamForm,
        NotSpamForm,
    )
}
