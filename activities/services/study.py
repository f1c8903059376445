"""Study (研学): plans and sessions, recorded by the liaison office of an area like its talks
(the same check, the same error)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import StudyPlan, StudySession
from activities.services.liaison import check_office
from core.errors import DomainError


def plan_create(*, actor, area, year: int, title: str, content: str) -> StudyPlan:
    check_office(actor, area)
    return StudyPlan.objects.create(area=area, year=year, title=title, content=content)


def session_create(
    *,
    actor,
    area,
    plan: StudyPlan | None,
    on: date,
    title: str,
    record: str = "",
    attended=(),
) -> StudySession:
    """Record a study session and who attended, in one transaction."""
    check_office(actor, area)
    if plan is not None and plan.area_id != area.pk:
        raise DomainError(_("The study plan belongs to another area."))
    with transaction.atomic():
        session = StudySession.objects.create(
            area=area, plan=plan, date=on, title=title, record=record
        )
        session.attended.set(attended)
    return session
