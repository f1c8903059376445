"""Residents' requests (诉求) and everything recorded about them.

The state machine itself (which step may follow which, and who may take it) lives in
``petitions.moves`` and ``petitions.workflow``; this module only holds the data. The history of a
request is in the one audit log (``core.models.AuditEntry``, ``Petition.history``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scope import NOTHING, ScopedQuerySet, root_paths, scope_q
from core.models import GenuineManager
from core.sql import AnyOf
from workrooms.models import Workroom


class State(models.TextChoices):
    """The last step completed, in the order of the six steps."""

    REGISTERED = "registered", _("Registered")
    RECEIVED = "received", _("Received")
    HANDLED = "handled", _("Handled")
    REPLIED = "replied", _("Replied")
    FEEDBACK = "feedback", _("Feedback received")
    ARCHIVED = "archived", _("Archived")


class Channel(models.TextChoices):
    VISIT = "visit", _("Visit to the workroom")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")
    VIDEO = "video", _("Video call")
    HOUSEHOLD = "household", _("Household visit")
    SUGGESTION_BOX = "box", _("Suggestion box")
    ONLINE = "online", _("Online")
    MEETING = "meeting", _("Meeting or forum")


class Category(models.TextChoices):
    EDUCATION = "education", _("Education")
    MEDICAL = "medical", _("Medical care")
    EMPLOYMENT = "employment", _("Employment")
    ELDERLY = "elderly", _("Elderly care")
    PROPERTY = "property", _("Property management")
    TRAFFIC = "traffic", _("Traffic and parking")
    ENVIRONMENT = "environment", _("Environment")
    SAFETY = "safety", _("Safety")
    POLICY = "policy", _("Policy question")
    OTHER = "other", _("Other")


class Triage(models.TextChoices):
    """Seed 001: 小事当场办、大事请示办、要事限时办."""

    ON_THE_SPOT = "on_the_spot", _("Answered on the spot")
    REFER_UP = "refer_up", _("Referred upward")
    TIME_LIMITED = "time_limited", _("Done within a deadline")


class ReplyMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Resolution(models.TextChoices):
    SOLVED = "solved", _("Solved")
    PARTLY = "partly", _("Partly solved")
    NOT_SOLVED = "not_solved", _("Not solved")


class DeadlinePolicy(models.Model):
    """Working days allowed from reception to reply, per triage; an administrator changes them."""

    triage = models.CharField(_("triage"), max_length=20, choices=Triage.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("working days to reply"))

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["triage"]

    def __str__(self):
        return f"{self.get_triage_display()}: {self.working_days}"


class PetitionQuerySet(ScopedQuerySet):
    """A request is readable where it is now and where it has been (a transferred request stays
    in its sender's history); ``writable_by`` keeps only the current workroom's scope."""

    scope_path_field = "workroom__area__path"

    # Millions of requests: the scope is said as "workroom among these / id among those" (an
    # index condition each, ``core.sql.AnyOf``), not as a join to the areas with an OR EXISTS,
    # which PostgreSQL can only answer by reading the whole table.
    def scope_filter(self, user, *, kinds=None):
        if root_paths(user, kinds) == []:
            return NOTHING
        here = Workroom.objects.filter(scope_q(user, "area__path", kinds=kinds)).values("pk")
        return Q(AnyOf("workroom_id", here))

    def also_visible(self, user, *, kinds=None):
        if root_paths(user, kinds) == []:
            return None
        was_here = Transfer.objects.filter(
            scope_q(user, "from_workroom__area__path", kinds=kinds)
        ).values("petition_id")
        return Q(AnyOf("pk", was_here))

    def writable_by(self, user, *, kinds=None):
        return self.within_scope_of(user, kinds=kinds)


class Petition(models.Model):
    """A resident's request (诉求), carried through 登记→接待→处理→回复→反馈→归档."""

    workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("workroom"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.REGISTERED
    )
    # Bumped by every step: a step is claimed with UPDATE ... WHERE version = seen, so of two
    # clerks acting at once exactly one succeeds.
    version = models.PositiveIntegerField(default=1)

    # 登记 register: who and what. Personal data (name, phone, address): masked in lists.
    resident_name = models.CharField(_("resident's name"), max_length=40)
    resident_phone = models.CharField(_("resident's phone"), max_length=20, blank=True)
    resident_address = models.CharField(_("resident's address"), max_length=200, blank=True)
    resident_is_party_member = models.BooleanField(_("party member"), default=False)
    anonymous_publicly = models.BooleanField(_("not to be named publicly"), default=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    title = models.CharField(_("subject"), max_length=100)
    content = models.TextField(_("what the resident asks"))
    # Where the matter is (a street, a building), as a resident gives it online.
    place = models.CharField(_("where"), max_length=120, blank=True)
    duty_shift = models.ForeignKey(
        "rosters.DutyShift",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("duty shift"),
    )
    # The visit or meeting the request came up at, when registered from an activity's page.
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("activity"),
    )
    # Empty for a request a resident raised online (public/): nobody registered it.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"))

    # 接待 receive and triage.
    receiving_representative = models.ForeignKey(
        "representatives.Representative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received_petitions",
        verbose_name=_("receiving representative"),
    )
    triage = models.CharField(_("triage"), max_length=20, choices=Triage.choices, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_petitions",
        verbose_name=_("responsible handler"),
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    deadline = models.DateField(_("reply deadline"), null=True, blank=True)

    # 处理 handle.
    handling_result = models.TextField(_("handling result"), blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    # 回复 reply.
    reply_content = models.TextField(_("what the resident was told"), blank=True)
    reply_method = models.CharField(
        _("replied by"), max_length=12, choices=ReplyMethod.choices, blank=True
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    # 反馈 feedback (return visit, 回访).
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True
    )
    resolution = models.CharField(
        _("resolution"), max_length=12, choices=Resolution.choices, blank=True
    )
    feedback_at = models.DateTimeField(_("feedback at"), null=True, blank=True)
    # Times the resident was dissatisfied and the request went back to handling.
    returns = models.PositiveSmallIntegerField(_("returned to handling"), default=0)
    # After a second dissatisfaction only the liaison office may take the request further.
    needs_liaison_office = models.BooleanField(_("escalated to the liaison office"), default=False)

    # 归档 archive.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    # Every step, note, transfer and reminder, and every reveal of the resident's data.
    # Marked as spam or abuse by staff (``petitions.spam``): kept, but out of everything else.
    spam_at = models.DateTimeField(_("marked as spam at"), null=True, blank=True)
    spam_reason = models.CharField(_("why it is spam"), max_length=200, blank=True)
    # The resident's name, phone and address removed after the retention period
    # (``petitions.retention``); the request, its steps and the figures stay.
    deidentified_at = models.DateTimeField(_("de-identified at"), null=True, blank=True)

    objects = GenuineManager.from_queryset(PetitionQuerySet)()
    with_spam = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-registered_at", "-pk"]
        indexes = [
            models.Index(fields=["workroom", "state"]),
            models.Index(fields=["state", "deadline"]),
            models.Index(fields=["registered_at"]),
            models.Index(fields=["replied_at"]),
            models.Index(fields=["category"]),
            models.Index(fields=["channel"]),
            models.Index(fields=["triage"]),
            models.Index(fields=["handler", "state"]),
            models.Index(fields=["spam_at"]),
            # The monthly rule counts receptions per workroom and month.
            models.Index(fields=["received_at"]),
            # Work queues look at the few open requests among millions of answered ones.
            models.Index(
                fields=["workroom", "deadline"],
                condition=Q(state__in=[State.REGISTERED, State.RECEIVED, State.HANDLED]),
                name="petition_open_by_deadline",
            ),
            models.Index(
                fields=["workroom", "deadline"],
                condition=Q(needs_liaison_office=True) & ~Q(state=State.ARCHIVED),
                name="petition_supervised",
            ),
            # The monthly rule, the district dashboard and a workroom's month page count
            # receptions, replies and deadlines per workroom and month from these alone (not
            # the province's year of receptions to find one workroom's).
            models.Index(
                fields=["workroom", "received_at"],
                condition=Q(spam_at__isnull=True),
                name="petition_received_by_workroom",
            ),
            models.Index(
                fields=["workroom", "replied_at"],
                condition=Q(spam_at__isnull=True),
                name="petition_replied_by_workroom",
            ),
            models.Index(
                fields=["workroom", "deadline"],
                include=["replied_at"],
                condition=Q(spam_at__isnull=True),
                name="petition_due_by_workroom",
            ),
            # The lists: a district's tens of thousands of requests sorted newest first from
            # the index alone (with the state, for the state filter), never their rows.
            models.Index(
                fields=["workroom", "-registered_at", "-id"],
                include=["state"],
                condition=Q(spam_at__isnull=True),
                name="petition_list_order",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def history(self):
        """The request's entries in the audit log. Not a ``GenericRelation``: that would
        delete the history with the request."""
        from core.models import AuditEntry

        return AuditEntry.objects.for_object(self)

    @property
    def reference(self) -> str:
        """The number offices write on paper: year and a serial, e.g. 2026-000123."""
        # The local year: a request registered on 1 January at 07:00 belongs to the new year.
        return f"{timezone.localtime(self.registered_at):%Y}-{self.pk:06d}"


class EventKind(models.TextChoices):
    """What a request's audit entries record (``core.models.AuditEntry.action``): the history
    page labels them from here."""

    REGISTER = "register", _("Registered")
    RECEIVE = "receive", _("Received")
    NOTE = "note", _("Progress note")
    ATTACHMENT = "attach", _("Attachment added")
    TRANSFER = "transfer", _("Transferred")
    ESCALATE = "escalate", _("Escalated")
    HANDLE = "handle", _("Handled")
    REPLY = "reply", _("Replied")
    FEEDBACK = "feedback", _("Return visit")
    RETURN = "return", _("Sent back to handling")
    ARCHIVE = "archive", _("Archived")
    UNARCHIVE = "unarchive", _("Taken out of the archive")
    REMINDER = "reminder", _("Reminder sent")
    REASSIGN = "reassign", _("Handler changed")
    REVEAL = "reveal", _("Full personal data shown")
    REFER = "refer", _("Referred upward for an answer")
    APPROVE = "approve", _("Referral approved")
    INSTRUCT = "instruct", _("Referral returned with instructions")
    TAKE_OVER = "take_over", _("Taken over by the superior")
    WITHDRAW = "withdraw", _("Referral withdrawn")
    PRINT = "print", _("Printed")
    RESIDENT_FEEDBACK = "resident_feedback", _("Feedback from the resident (online)")
    SPAM = "spam", _("Marked as spam or abuse")
    NOT_SPAM = "not_spam", _("Put back (not spam)")
    DEIDENTIFY = "deidentify", _("Resident's personal data removed")
    READ = "read_personal_data", _("Full personal data read")


class Transfer(models.Model):
    """A move of a request to another workroom: a transfer, or an escalation up the tree."""

    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("request")
    )
    from_workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from workroom"),
    )
    to_workroom = models.ForeignKey(
        "workrooms.Workroom",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to workroom"),
    )
    is_escalation = models.BooleanField(_("escalation"), default=False)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_workroom} → {self.to_workroom}"


class ReferralStatus(models.TextChoices):
    ASKED = "asked", pgettext_lazy("referral status", "Awaiting the answer")
    APPROVED = "approved", pgettext_lazy("referral status", "Approved")
    INSTRUCTED = "instructed", pgettext_lazy("referral status", "Returned with instructions")
    TAKEN_OVER = "taken_over", pgettext_lazy("referral status", "Taken over")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral status", "Withdrawn")


class ReferralQuerySet(ScopedQuerySet):
    scope_path_field = "petition__workroom__area__path"

    def open(self) -> ReferralQuerySet:
        return self.filter(status=ReferralStatus.ASKED)


class Referral(models.Model):
    """请示: the handler asks a named superior (the liaison office, or staff of a workroom
    above) about a big matter; the superior approves, returns it with instructions, or takes it
    over. While it waits, the request cannot record its result; the wait counts in the deadline.
    """

    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("request")
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    superior = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_to_answer",
        verbose_name=_("asked of"),
    )
    question = models.TextField(_("what is asked"))
    asked_at = models.DateTimeField(_("asked at"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.ASKED
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("请示", "referral")
        verbose_name_plural = pgettext_lazy("请示", "referrals")
        ordering = ["asked_at", "pk"]
        indexes = [
            models.Index(fields=["superior", "status"]),
            models.Index(fields=["petition", "status"]),
        ]
        constraints = [
            # One open question at a time per request.
            models.UniqueConstraint(
                fields=["petition"],
                condition=Q(status="asked"),
                name="referral_one_open_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} → {self.superior_id} ({self.status})"


def attachment_upload_to(instance, filename):
    return f"petitions/{instance.petition_id}/{filename}"


class Attachment(models.Model):
    petition = models.ForeignKey(
        Petition, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("request")
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class ReminderKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    DUE_SOON = "due_soon", _("Due in one working day")
    OVERDUE = "overdue", _("Overdue")


class Reminder(models.Model):
    """One notice per request, kind and deadline: the daily job may run any number of times."""

    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("request")
    )
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    deadline = models.DateField(null=True, blank=True)
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "kind", "deadline"], name="reminder_once_per_deadline"
            ),
        ]

    def __str__(self):
        return f"{self.petition_id} {self.kind} {self.deadline}"
