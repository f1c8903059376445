"""QuickSelect gives the page the same <select> as Django's own widget, only faster."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from core.widgets import QuickSelect
from tests.factories import AreaFactory
from workrooms.models import Area


def _pair(field_kwargs, data=None):
    class Slow(forms.Form):
        choice = forms.ModelChoiceField(**field_kwargs)

    class Quick(forms.Form):
        choice = forms.ModelChoiceField(widget=QuickSelect, **field_kwargs)

    return str(Slow(data)["choice"]), str(Quick(data)["choice"])


@pytest.mark.django_db
def test_same_html_as_djangos_select_with_the_chosen_option_selected():
    AreaFactory(name='东区 "甲" <街道>')
    chosen = AreaFactory(name="西区 & 乙")

    slow, quick = _pair(
        {"queryset": Area.objects.order_by("pk"), "required": False}, {"choice": str(chosen.pk)}
    )

    assert parse_html(quick) == parse_html(slow)
    assert f'<option value="{chosen.pk}" selected>西区 &amp; 乙</option>' in quick
    assert "&lt;街道&gt;" in quick  # names are escaped, never markup


def test_same_html_for_grouped_plain_choices():
    choices = [("", "—"), ("北方", [("1", "北京"), ("2", "天津")]), ("3", "上海")]

    class Slow(forms.Form):
        city = forms.ChoiceField(choices=choices)

    class Quick(forms.Form):
        city = forms.ChoiceField(choices=choices, widget=QuickSelect)

    slow, quick = str(Slow({"city": "2"})["city"]), str(Quick({"city": "2"})["city"])

    assert parse_html(quick) == parse_html(slow)
    assert '<optgroup label="北方">' in quick
