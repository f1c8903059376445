"""Calendar feeds (iCalendar): a representative's own duties and a workroom's schedule.

Calendar apps cannot sign in, so a secret token in the address is the only credential: it can be
reset, and the old address then answers 404. Times are written with TZID=Asia/Shanghai and the
matching VTIMEZONE, so a phone abroad still shows the duty at the right moment.

Nothing personal beyond names goes into a feed: no phone numbers, no free-text notes (a note
typed by hand may carry a number).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from rosters.models import CalendarFeed, Duty, DutyShift

PRODID = "-//Party Representative Workrooms//Duty rosters//ZH"
# Calendar apps poll; an hour keeps swaps visible the same day without hammering the server.
REFRESH = timedelta(hours=1)
# UIDs must not change when the site moves to another host name, or every event would double.
UID_DOMAIN = "party-workrooms"


def personal_feed(user) -> CalendarFeed:
    """The user's own feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def workroom_feed(workroom) -> CalendarFeed:
    """The workroom's feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(workroom=workroom)
    return feed


@transaction.atomic
def feed_reset(*, user=None, workroom=None) -> CalendarFeed:
    """Give the user's (or the workroom's) feed a new secret address; the old one stops working.

    The caller has checked the right to do so (the user themself; staff of the workroom's area).
    """
    if (user is None) == (workroom is None):
        raise ValueError("feed_reset needs exactly one of user or workroom")
    feed = personal_feed(user) if user is not None else workroom_feed(workroom)
    feed.reset()
    return feed


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")  # Outlook's name for the same
    return cal


def _finish(cal: Calendar) -> bytes:
    # Only the rules in force since 2000 (Shanghai has had no summer time since 1991): a short
    # VTIMEZONE that every calendar app reads.
    cal.add_missing_timezones(first_date=date(2000, 1, 1), last_date=date(2100, 1, 1))
    return cal.to_ical()


def _event(shift: DutyShift, *, uid: str, summary: str, description: str, url: str | None):
    tz = _tz()
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", datetime.combine(shift.date, shift.start_time, tzinfo=tz))
    event.add("dtend", datetime.combine(shift.date, shift.end_time, tzinfo=tz))
    # The shift's last change, not "now": an unchanged feed stays byte-for-byte the same.
    stamp = shift.updated_at or timezone.now()
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    # Hand edits and swaps bump the shift's version; calendar apps then take the new copy.
    event.add("sequence", max(shift.version - 1, 0))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    location = shift.workroom.address or shift.workroom.name
    event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def _names(duties: Iterable[Duty], *, with_level: bool) -> str:
    if with_level:
        return "、".join(
            f"{d.representative.name}（{d.representative.level_label}）" for d in duties
        )
    return "、".join(d.representative.name for d in duties)


def _liaison_line(shift: DutyShift) -> str | None:
    if shift.liaison_officer is None:
        return None
    return _("Liaison officer on duty: %(name)s") % {"name": shift.liaison_officer.display_name}


def personal_calendar(*, user, duties: Iterable[Duty], page_url: str | None = None) -> bytes:
    """The iCalendar document of ``user``'s duties (``duties`` from
    ``rosters.schedule.personal_feed_duties``), in the user's language."""
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        cal = _calendar(_("My reception duties"))
        for duty in duties:
            shift = duty.shift
            others = [
                d for d in shift.duties.all() if d.representative_id != duty.representative_id
            ]
            lines = []
            if others:
                lines.append(
                    _("On duty with: %(names)s") % {"names": _names(others, with_level=False)}
                )
            liaison = _liaison_line(shift)
            if liaison:
                lines.append(liaison)
            cal.add_component(
                _event(
                    shift,
                    uid=f"duty-{duty.pk}@{UID_DOMAIN}",
                    summary=_("Reception duty · %(workroom)s") % {"workroom": shift.workroom.name},
                    description="\n".join(lines),
                    url=page_url,
                )
            )
        return _finish(cal)


def workroom_calendar(
    *, workroom, shifts: Iterable[DutyShift], page_url: str | None = None
) -> bytes:
    """The iCalendar document of a workroom's shifts (``shifts`` from
    ``rosters.schedule.workroom_feed_shifts``), one event per shift."""
    cal = _calendar(_("%(workroom)s duty schedule") % {"workroom": workroom.name})
    for shift in shifts:
        duties = list(shift.duties.all())
        summary = _("Reception duty · %(workroom)s") % {"workroom": workroom.name}
        if duties:
            summary = _("Reception duty: %(names)s") % {"names": _names(duties, with_level=False)}
        lines = []
        if duties:
            lines.append(
                _("Representatives on duty: %(names)s") % {"names": _names(duties, with_level=True)}
            )
        liaison = _liaison_line(shift)
        if liaison:
            lines.append(liaison)
        cal.add_component(
            _event(
                shift,
                uid=f"shift-{shift.pk}@{UID_DOMAIN}",
                summary=summary,
                description="\n".join(lines),
                url=page_url,
            )
        )
    return _finish(cal)
