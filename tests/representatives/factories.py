"""Factories for the representatives registry."""

from datetime import date

import factory

from representatives.models import Assignment, AssignmentRole, Level, Representative
from tests.factories import AreaFactory, WorkroomFactory

LONG_AGO = date(2020, 1, 1)


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    name = factory.Sequence(lambda n: f"党代表{n:03d}")
    levels = Level.DISTRICT.bit
    area = factory.SubFactory(AreaFactory)
    phone = factory.Sequence(lambda n: f"137{n:08d}")
    work_unit = "测试单位"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    representative = factory.SubFactory(RepresentativeFactory)
    workroom = factory.SubFactory(WorkroomFactory)
    role = AssignmentRole.MEMBER
    start_date = LONG_AGO


def stationed(workroom, *, area=None, role=AssignmentRole.MEMBER, **fields) -> Representative:
    """A representative registered in ``area`` (default the workroom's) stationed at it."""
    rep = RepresentativeFactory(area=area or workroom.area, **fields)
    AssignmentFactory(representative=rep, workroom=workroom, role=role)
    return rep
