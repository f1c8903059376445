"""The one free-text search of every list: Chinese by LIKE, letters regardless of case."""

from __future__ import annotations

import pytest

from core.filters import search
from tests.factories import AreaFactory
from workrooms.models import Area


@pytest.mark.django_db
def test_chinese_latin_and_mixed_searches_find_what_they_should():
    shuyuan = AreaFactory(name="书院路街道")
    cbd = AreaFactory(name="CBD 社区")
    AreaFactory(name="曲江街道")
    areas = Area.objects.all()

    assert list(search(areas, " 书院 ", "name")) == [shuyuan]
    assert list(search(areas, "cbd", "name")) == [cbd]
    assert list(search(areas, "Cbd 社", "name")) == [cbd]
    assert list(search(areas, "小寨", "name")) == []
    assert search(areas, "  ", "name").count() == 3


@pytest.mark.django_db
def test_a_search_looks_in_every_field_named():
    by_code = AreaFactory(name="甲", code="XA-610113")
    AreaFactory(name="乙", code="XT-430302")

    assert list(search(Area.objects.all(), "xa-61", "name", "code")) == [by_code]
