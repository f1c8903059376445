"""A month of work at wr.a (January 2026) for the PDF and page tests: requests of several
categories and channels, worked and missed duties, activities and a fulfilled micro-wish."""

from datetime import date

from petitions.models import Category, Channel, Satisfaction, State
from rosters.models import Attendance
from tests.reports.factories import (
    ActivityFactory,
    bj,
    dated_petition,
    fulfilled_wish,
    worked_shift,
)
from tests.rosters.factories import RepresentativeFactory


def january_at(workroom, clerk):
    rep = RepresentativeFactory(name="王建华", area=workroom.area)
    worked_shift(workroom, date(2026, 1, 6), representative=rep)
    worked_shift(workroom, date(2026, 1, 13), representative=rep, attendance=Attendance.MISSED)
    for i, (category, channel) in enumerate(
        [
            (Category.PROPERTY, Channel.VISIT),
            (Category.ELDERLY, Channel.PHONE),
            (Category.TRAFFIC, Channel.WECHAT),
        ]
    ):
        p = dated_petition(
            workroom,
            registered_by=clerk,
            received_at=bj(2026, 1, 5 + i),
            replied_at=bj(2026, 1, 8 + i),
            deadline=date(2026, 1, 20),
            feedback_at=bj(2026, 1, 12 + i),
            satisfaction=Satisfaction.SATISFIED,
            state=State.FEEDBACK,
        )
        p.__class__.objects.filter(pk=p.pk).update(category=category, channel=channel)
    ActivityFactory(workroom=workroom, date=date(2026, 1, 15))
    fulfilled_wish(workroom, recorded_by=clerk, at=bj(2026, 1, 18))
    return rep
