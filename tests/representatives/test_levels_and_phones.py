"""Levels as a set, counted once under the highest; phone numbers normalised and masked."""

import pytest
from django.utils import translation

from core.personal_data import is_valid_mobile, mask_phone, normalize_phone
from representatives.importing import parse_levels
from representatives.models import Level, levels_to_bits
from representatives.selectors import level_breakdown

N, P, C, D, T = Level.NATIONAL, Level.PROVINCIAL, Level.CITY, Level.DISTRICT, Level.TOWN


def bits(*levels):
    return levels_to_bits(levels)


def test_seed_mix_counts_the_national_and_provincial_person_once():
    people = [bits(N, P)] + [bits(C)] * 7 + [bits(D)] * 20

    breakdown = level_breakdown(people)

    assert breakdown.total == 28
    assert [(g.label, g.count) for g in breakdown.groups] == [("国、省", 1), ("市", 7), ("区", 20)]


def test_a_group_is_labelled_with_the_levels_all_its_members_hold():
    breakdown = level_breakdown([bits(C, D), bits(C), bits(D)])

    assert [(g.label, g.count) for g in breakdown.groups] == [("市", 2), ("区", 1)]
    assert sum(g.count for g in breakdown.groups) == breakdown.total


def test_an_empty_workroom_has_no_groups():
    assert level_breakdown([]).groups == []
    assert level_breakdown([]).total == 0


def test_representative_keeps_its_highest_level(db, areas):
    from tests.representatives.factories import RepresentativeFactory

    rep = RepresentativeFactory(area=areas.a, levels=bits(P, N))

    assert rep.highest_level == N
    assert rep.level_label == "国、省党代表"


def test_in_english_levels_are_named_not_abbreviated_in_chinese(db, areas):
    from tests.representatives.factories import RepresentativeFactory

    rep = RepresentativeFactory(area=areas.a, levels=bits(P, N))
    people = [bits(N, P)] + [bits(C)] * 7

    with translation.override("en"):
        label = rep.level_label
        groups = [(g.label, g.count) for g in level_breakdown(people).groups]

    assert label == "National, Provincial representative"
    assert groups == [("National, Provincial", 1), ("City", 7)]


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("国、省", bits(N, P)),
        ("全国党代表、省党代表", bits(N, P)),
        ("市级", bits(C)),
        ("区（县）", bits(D)),
        ("区县", bits(D)),
        ("市,区", bits(C, D)),
        ("乡镇", bits(T)),
    ],
)
def test_levels_are_read_as_offices_write_them(cell, expected):
    assert parse_levels(cell) == (expected, [])


def test_an_unknown_level_is_reported():
    assert parse_levels("省、村") == (bits(P), ["村"])


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("138 1234 5678", "13812345678"),
        ("+86-138-1234-5678", "13812345678"),
        (13812345678, "13812345678"),
        (13812345678.0, "13812345678"),
        (None, ""),
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert normalize_phone(raw) == expected


def test_only_mainland_mobile_numbers_are_valid():
    assert is_valid_mobile("13812345678")
    assert not is_valid_mobile("12812345678")
    assert not is_valid_mobile("1381234567")
    assert not is_valid_mobile("029-85230001")


def test_phone_numbers_are_masked_the_chinese_way():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
