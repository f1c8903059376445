"""A resident asks what is held on them, to correct it or to delete it (PIPL): an administrator
finds everything holding their phone number in the administrator's areas — requests (spam
included) and micro-wishes —, exports it for the resident, and de-identifies it on demand.
Every step is in the audit log (the search and the export as reads of personal data, the
de-identification per record, with the reason)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import RoleKind, User
from accounts.scope import is_unrestricted, scope_q
from activities.models import Wish
from activities.services.wishes import wishes_deidentify
from core import audit
from core.models import AuditEntry
from core.personal_data import PHONE_RE, normalize_phone
from core.xlsx import Column, Sheet
from petitions.models import Petition
from petitions.retention import deidentify

# Who answers residents' requests about their data: administrators (and superusers).
ANSWERERS = (RoleKind.ADMIN,)


@dataclass
class HeldData:
    phone: str
    petitions: list[Petition]
    wishes: list[Wish]

    @property
    def empty(self) -> bool:
        return not self.petitions and not self.wishes


def clean_phone_query(value: str) -> str | None:
    phone = normalize_phone(value)
    return phone if PHONE_RE.match(phone) else None


def held_on(user, phone: str) -> HeldData:
    """What the administrator's areas hold on the resident with ``phone``."""
    petitions = list(
        Petition.with_spam.visible_to(user, kinds=ANSWERERS)
        .filter(resident_phone=phone)
        .select_related("workroom")
        .order_by("-registered_at")
    )
    wishes = list(
        Wish.with_spam.visible_to(user, kinds=ANSWERERS)
        .filter(resident_phone=phone)
        .select_related("workroom")
        .order_by("-recorded_at")
    )
    return HeldData(phone, petitions, wishes)


def log_seen(user, held: HeldData, *, where: str) -> None:
    audit.log_read(Petition, [p.pk for p in held.petitions], actor=user, where=where)
    audit.log_read(Wish, [w.pk for w in held.wishes], actor=user, where=where)


@transaction.atomic
def correct_on_request(user, held: HeldData, *, name: str, address: str, reason: str) -> int:
    """Correct the resident's name and/or address on every record found (blank: unchanged).
    The audit entry says which fields changed and why, not the values (the log must not
    become a second copy of the data)."""
    changes = {k: v for k, v in (("resident_name", name), ("resident_address", address)) if v}
    if not changes:
        return 0
    note = f"resident's request: {reason}".strip()
    ids = [p.pk for p in held.petitions if not p.deidentified_at]
    Petition.with_spam.filter(pk__in=ids).update(**changes)
    wish_ids = [w.pk for w in held.wishes if not w.deidentified_at]
    if name:
        Wish.with_spam.filter(pk__in=wish_ids).update(resident_name=name)
    entries = [
        audit.unsaved(
            Petition(pk=pk), "correct", actor=user, note=note, data={"fields": sorted(changes)}
        )
        for pk in ids
    ] + [
        audit.unsaved(
            Wish(pk=pk), "correct", actor=user, note=note, data={"fields": ["resident_name"]}
        )
        for pk in (wish_ids if name else [])
    ]
    audit.log_all(entries)
    return len(entries)


@transaction.atomic
def delete_on_request(user, held: HeldData, *, reason: str) -> int:
    """De-identify everything found, as the resident asked; returns how many records."""
    note = f"resident's request: {reason}".strip()
    done = deidentify(
        Petition.with_spam.filter(pk__in=[p.pk for p in held.petitions]), actor=user, reason=note
    )
    done += wishes_deidentify(
        Wish.with_spam.filter(pk__in=[w.pk for w in held.wishes]), actor=user, reason=note
    )
    return done


def sheet(held: HeldData) -> Sheet:
    """What is held, for the resident: one row per request or wish, their data in full."""
    columns = [
        Column(_("Kind"), 10),
        Column(_("Reference"), 14),
        Column(_("Workroom"), 24),
        Column(_("Date"), 12, date_only=True),
        Column(_("Name"), 10),
        Column(_("Phone"), 14, text=True),
        Column(_("Address or place"), 24),
        Column(_("What was asked"), 50),
        Column(_("State"), 12),
    ]
    rows = [
        [
            _("Request"),
            p.reference,
            p.workroom.name,
            p.registered_at,
            p.resident_name,
            p.resident_phone,
            p.resident_address or p.place,
            p.content,
            p.get_state_display(),
        ]
        for p in held.petitions
    ] + [
        [
            _("Micro-wish"),
            "",
            w.workroom.name,
            w.recorded_at,
            w.resident_name,
            w.resident_phone,
            w.place,
            w.content,
            w.get_status_display(),
        ]
        for w in held.wishes
    ]
    return Sheet("个人信息", columns, rows)


# --- reviewing who saw personal data ------------------------------------------------------------

# Who reviews the reads of personal data in their areas.
REVIEWERS = (RoleKind.LIAISON_OFFICE, RoleKind.ADMIN)
ACCESS_ACTIONS = (audit.READ, "reveal", "export", "deidentify", "correct")
ACTION_LABELS = {
    audit.READ: gettext_lazy("Saw in full"),
    "reveal": gettext_lazy("Revealed the full record"),
    "export": gettext_lazy("Exported in full"),
    "deidentify": gettext_lazy("Removed personal data"),
    "correct": gettext_lazy("Corrected personal data"),
}


def accesses_visible_to(user, *, who: str = "") -> QuerySet[AuditEntry]:
    """Entries of personal data being seen, exported, corrected or removed, by people whose
    roles lie in ``user``'s areas (every entry for a superuser), newest first; ``who``: part
    of the person's name or user name."""
    entries = AuditEntry.objects.filter(action__in=ACCESS_ACTIONS).exclude(
        Q(action="export") & ~Q(data__has_key="personal_data_of")
    )
    if not is_unrestricted(user):
        people = User.objects.filter(scope_q(user, "roles__area__path", kinds=REVIEWERS))
        entries = entries.filter(actor__in=people.values("pk"))
    if who.strip():
        entries = entries.filter(
            Q(actor__username__icontains=who.strip()) | Q(actor__full_name__icontains=who.strip())
        )
    return entries.select_related("actor", "content_type").order_by("-at", "-pk")


def records_of(entry: AuditEntry) -> list[int]:
    data = entry.data or {}
    ids = data.get("records") or data.get("personal_data_of") or []
    return ids or ([entry.object_id] if entry.object_id else [])
